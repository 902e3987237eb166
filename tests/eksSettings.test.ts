// The EKS settings of 2025-26 under the mock runtime: node group rollouts and auto repair, ARC zonal
// shift, the provisioned control-plane tier and the control plane's egress mode; what each declares,
// and what a running cluster keeps.
import * as assert from "assert";
import { ConfigValidationError } from "../config/problems";
import { comparePlans, PlannedResource } from "../offline/planChanges";
import { nodeGroup, qualifiedConfig } from "./support/configFixtures";
import { DeclaredResource, ofType, runProgram, single } from "./support/mockProgram";

const CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

describe("node group rollouts and auto repair (nodeGroups[].update, autoRepair)", function () {
    this.timeout(60_000);

    it("declares one node at a time with EKS's default strategy, and auto repair explicitly off, by default", async () => {
        const group = single(await runProgram(qualifiedConfig({})), NODE_GROUP);
        assert.deepStrictEqual(group.inputs.updateConfig, { maxUnavailable: 1, updateStrategy: "DEFAULT" });
        assert.deepStrictEqual(group.inputs.nodeRepairConfig, { enabled: false });
    });

    it("declares a count or a percentage with the strategy chosen, and auto repair on", async () => {
        const run = await runProgram(
            qualifiedConfig({
                nodeGroups: [
                    ...nodeGroup({ name: "general", maxSize: 6, update: { maxUnavailable: 2 }, autoRepair: true }),
                    ...nodeGroup({ name: "gpu", update: { maxUnavailablePercentage: 50, strategy: "MINIMAL" } }),
                ],
            }),
        );
        const [general, gpu] = ["general", "gpu"].map((name) => ofType(run, NODE_GROUP).find((g) => g.name.endsWith(`-${name}`))!);
        assert.deepStrictEqual([general.inputs.updateConfig, general.inputs.nodeRepairConfig], [{ maxUnavailable: 2, updateStrategy: "DEFAULT" }, { enabled: true }]);
        assert.deepStrictEqual([gpu.inputs.updateConfig, gpu.inputs.nodeRepairConfig], [{ maxUnavailablePercentage: 50, updateStrategy: "MINIMAL" }, { enabled: false }]);
    });
});

describe("control-plane settings (cluster.zonalShift, controlPlaneTier, controlPlaneEgressMode)", function () {
    this.timeout(60_000);
    const cluster = async (overrides: Record<string, unknown>, deployedCluster?: Record<string, unknown>) =>
        single(await runProgram(qualifiedConfig(overrides), "test", deployedCluster ? { deployedCluster: { authenticationMode: "API", ...deployedCluster } } : {}), CLUSTER).inputs;

    it("leaves every one out at its default, so a cluster that never used them keeps its inputs", async () => {
        const inputs = await cluster({});
        assert.deepStrictEqual([inputs.zonalShiftConfig, inputs.controlPlaneScalingConfig, inputs.vpcConfig.controlPlaneEgressMode], [undefined, undefined, undefined]);
        const running = await cluster({}, { zonalShift: false, controlPlaneTier: "standard", controlPlaneEgressMode: "AWS_MANAGED" });
        assert.deepStrictEqual([running.zonalShiftConfig, running.controlPlaneScalingConfig, running.vpcConfig.controlPlaneEgressMode], [undefined, undefined, undefined]);
    });

    it("declares each when chosen", async () => {
        const inputs = await cluster({ "cluster.zonalShift": "true", "cluster.controlPlaneTier": "tier-xl", "cluster.controlPlaneEgressMode": "CUSTOMER_ROUTED" });
        assert.deepStrictEqual(inputs.zonalShiftConfig, { enabled: true });
        assert.deepStrictEqual(inputs.controlPlaneScalingConfig, { tier: "tier-xl" });
        assert.strictEqual(inputs.vpcConfig.controlPlaneEgressMode, "CUSTOMER_ROUTED");
    });

    it("declares the default where the running cluster has another value, so going back reaches EKS", async () => {
        const inputs = await cluster({}, { zonalShift: true, controlPlaneTier: "tier-2xl" });
        assert.deepStrictEqual(inputs.zonalShiftConfig, { enabled: false });
        assert.deepStrictEqual(inputs.controlPlaneScalingConfig, { tier: "standard" });
    });

    it("refuses to take a running cluster's egress back to AWS_MANAGED, and keeps CUSTOMER_ROUTED declared", async () => {
        await assert.rejects(
            cluster({}, { controlPlaneEgressMode: "CUSTOMER_ROUTED" }),
            (error: unknown) => error instanceof ConfigValidationError && /cluster\.controlPlaneEgressMode = "AWS_MANAGED": the cluster routes its control plane's egress through the VPC \(CUSTOMER_ROUTED\), which EKS cannot undo/.test(error.message),
        );
        const kept = await cluster({ "cluster.controlPlaneEgressMode": "CUSTOMER_ROUTED" }, { controlPlaneEgressMode: "CUSTOMER_ROUTED" });
        assert.strictEqual(kept.vpcConfig.controlPlaneEgressMode, "CUSTOMER_ROUTED");
    });
});

describe("scheduled sizes (nodeGroups[].schedule)", function () {
    this.timeout(60_000);
    const SCHEDULE = "aws:autoscaling/schedule:Schedule";
    const scheduled = (deployedCluster?: Record<string, unknown>) =>
        runProgram(
            qualifiedConfig({
                nodeGroups: nodeGroup({
                    minSize: 0,
                    desiredSize: 2,
                    maxSize: 3,
                    schedule: { timeZone: "America/New_York", actions: [{ name: "weekday-start", cron: "0 7 * * MON-FRI", desiredSize: 2 }, { name: "weekday-end", cron: "0 19 * * MON-FRI", desiredSize: 0 }] },
                }),
            }),
            "test",
            deployedCluster ? { deployedCluster: { authenticationMode: "API", ...deployedCluster } } : {},
        );

    it("puts a scheduled action on the group's Auto Scaling group per action, setting the desired size only", async () => {
        const run = await scheduled();
        const group = single(run, NODE_GROUP);
        const asgName = group.outputs.resources[0].autoscalingGroups[0].name;
        const actions = ofType(run, SCHEDULE).map((s) => s.inputs);
        assert.deepStrictEqual(actions, [
            { autoscalingGroupName: asgName, scheduledActionName: "weekday-start", recurrence: "0 7 * * MON-FRI", timeZone: "America/New_York", desiredCapacity: 2, minSize: -1, maxSize: -1 },
            { autoscalingGroupName: asgName, scheduledActionName: "weekday-end", recurrence: "0 19 * * MON-FRI", timeZone: "America/New_York", desiredCapacity: 0, minSize: -1, maxSize: -1 },
        ]);
        assert.ok(ofType(run, SCHEDULE).every((s) => s.dependsOnUrns.includes(group.urn)), "after the group (its Auto Scaling group name)");
    });

    it("leaves the desired size to the schedule: ignored on a new group, the live size on a running one", async () => {
        assert.deepStrictEqual(single(await scheduled(), NODE_GROUP).ignoreChanges, ["scalingConfig.desiredSize"]);
        const groupName = single(await scheduled(), NODE_GROUP).name;
        const running = single(await scheduled({ nodeGroupDesiredSizes: { [groupName]: 0 } }), NODE_GROUP);
        assert.strictEqual(running.inputs.scalingConfig.desiredSize, 0, "night: the schedule's 0, not config's 2");
        assert.deepStrictEqual(running.ignoreChanges ?? [], []);
    });

    it("declares no scheduled action, and keeps owning the desired size, without a schedule", async () => {
        const run = await runProgram(qualifiedConfig({}));
        assert.deepStrictEqual([ofType(run, SCHEDULE).length, single(run, NODE_GROUP).ignoreChanges ?? []], [0, []]);
    });
});

describe("add-on configuration values (cluster.addons[].configurationValues)", function () {
    this.timeout(60_000);
    const ADDON = "aws:eks/addon:Addon";
    const valuesOf = async (overrides: Record<string, unknown>) =>
        Object.fromEntries(ofType(await runProgram(qualifiedConfig(overrides)), ADDON).map((a) => [a.inputs.addonName, a.inputs.configurationValues === undefined ? undefined : JSON.parse(a.inputs.configurationValues)]));

    it("sends a map as the add-on's JSON, and the string form keeps working beside it", async () => {
        const values = await valuesOf({ "cluster.addons": ["vpc-cni", "kube-proxy@v1.35.0-eksbuild.2", { name: "coredns", version: "v1.12.1-eksbuild.1", configurationValues: { replicaCount: 3, resources: { limits: { memory: "256Mi" } } } }, "eks-pod-identity-agent"] });
        assert.deepStrictEqual(values, { "vpc-cni": undefined, "kube-proxy": undefined, coredns: { replicaCount: 3, resources: { limits: { memory: "256Mi" } } }, "eks-pod-identity-agent": undefined });
    });

    it("merges the user's values with the project's: its defaults give way, what an option needs stays", async () => {
        const values = await valuesOf({
            "cluster.vpcCni.prefixDelegation": "true",
            "cluster.addons": [{ name: "vpc-cni", configurationValues: { env: { WARM_PREFIX_TARGET: "2", ENABLE_PREFIX_DELEGATION: "true" }, enableNetworkPolicy: "true" } }, "kube-proxy", "coredns", "eks-pod-identity-agent"],
            fargateProfiles: [{ name: "coredns", selectors: [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }] }],
        });
        assert.strictEqual(JSON.stringify(values["vpc-cni"]), JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "2" }, enableNetworkPolicy: "true" }), "the project's keys first, in their order");
        assert.deepStrictEqual(values.coredns, { computeType: "Fargate" }, "the project's own, without user values");
    });

    it("keeps the project's JSON byte for byte without user values, so running add-ons see no change", async () => {
        const run = await runProgram(qualifiedConfig({ "cluster.vpcCni.prefixDelegation": "true" }));
        const vpcCni = ofType(run, ADDON).find((a) => a.inputs.addonName === "vpc-cni")!;
        assert.strictEqual(vpcCni.inputs.configurationValues, '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1"}}');
    });
});

describe("EKS Hybrid Nodes (cluster.hybridNodes)", function () {
    this.timeout(60_000);
    const HYBRID = { nodeCidrs: ["192.168.0.0/18"], podCidrs: ["192.168.64.0/18"] };

    it("declares the remote networks, 443 from them, routes through the transit gateway, the role and its HYBRID_LINUX entry", async () => {
        const run = await runProgram(qualifiedConfig({ "network.zoneCount": "2", "cluster.hybridNodes": HYBRID }));
        assert.deepStrictEqual(single(run, CLUSTER).inputs.remoteNetworkConfig, { remoteNodeNetworks: { cidrs: ["192.168.0.0/18"] }, remotePodNetworks: { cidrs: ["192.168.64.0/18"] } });
        const ingress = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => /Hybrid Nodes/.test(r.inputs.description ?? ""));
        assert.deepStrictEqual(ingress.map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort]).sort(), [["192.168.0.0/18", 443], ["192.168.64.0/18", 443]]);
        const tgwRoutes = ofType(run, "aws:ec2/route:Route").filter((r) => r.inputs.transitGatewayId).map((r) => r.inputs.destinationCidrBlock);
        assert.deepStrictEqual(tgwRoutes.filter((d) => d.startsWith("192.168.")).sort(), ["192.168.0.0/18", "192.168.0.0/18", "192.168.64.0/18", "192.168.64.0/18"], "both private route tables, both networks");
        const role = ofType(run, "aws:iam/role:Role").find((r) => r.name.endsWith("-hybrid-nodes"))!;
        const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement;
        assert.deepStrictEqual(trust, [
            {
                Effect: "Allow",
                Principal: { Service: "ssm.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "210987654321" }, ArnEquals: { "aws:SourceArn": "arn:aws:ssm:us-east-1:210987654321:*" } },
            },
        ]);
        const attached = ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.outputs.name).map((a) => String(a.inputs.policyArn).split("/").pop());
        assert.deepStrictEqual(attached.sort(), ["AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"]);
        const inline = JSON.parse(ofType(run, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === role.outputs.name)!.inputs.policy).Statement;
        assert.deepStrictEqual(inline[0], { Effect: "Allow", Action: "eks:DescribeCluster", Resource: "arn:aws:eks:us-east-1:210987654321:cluster/eks-platform-test" });
        const entry = ofType(run, "aws:eks/accessEntry:AccessEntry").find((e) => e.inputs.principalArn === role.outputs.arn)!;
        assert.strictEqual(entry.inputs.type, "HYBRID_LINUX");
    });

    it("trusts IAM Roles Anywhere for the trust anchor only, without the SSM policy", async () => {
        const anchor = "arn:aws:rolesanywhere:us-east-1:210987654321:trust-anchor/4c2e1a7b-9d3f-4e8a-b6c5-0f1e2d3c4b5a";
        const run = await runProgram(qualifiedConfig({ "cluster.hybridNodes": { nodeCidrs: ["192.168.0.0/18"], credentials: "rolesAnywhere", trustAnchorArn: anchor } }));
        const role = ofType(run, "aws:iam/role:Role").find((r) => r.name.endsWith("-hybrid-nodes"))!;
        const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement;
        assert.ok(trust.every((s: { Principal: { Service: string }; Condition: { ArnEquals: Record<string, string> } }) => s.Principal.Service === "rolesanywhere.amazonaws.com" && s.Condition.ArnEquals["aws:SourceArn"] === anchor));
        assert.deepStrictEqual(trust[1].Condition.StringEquals, { "sts:RoleSessionName": "${aws:PrincipalTag/x509Subject/CN}" });
        const attached = ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.outputs.name).map((a) => String(a.inputs.policyArn).split("/").pop());
        assert.deepStrictEqual(attached, ["AmazonEC2ContainerRegistryPullOnly"]);
        assert.strictEqual(single(run, CLUSTER).inputs.remoteNetworkConfig.remotePodNetworks, undefined, "no pod networks given");
    });

    it("declares nothing of it without the setting", async () => {
        const run = await runProgram(qualifiedConfig({}));
        assert.strictEqual(single(run, CLUSTER).inputs.remoteNetworkConfig, undefined);
        assert.ok(!ofType(run, "aws:eks/accessEntry:AccessEntry").some((e) => e.inputs.type === "HYBRID_LINUX"));
    });
});

describe("EKS Capabilities (cluster.capabilities)", function () {
    this.timeout(60_000);

    it("declares each capability with a role trusted by capabilities.eks.amazonaws.com and only the policies given", async () => {
        const run = await runProgram(
            qualifiedConfig({
                "cluster.capabilities": [
                    { type: "ARGOCD", argoCd: { idcInstanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef", rbacRoleMappings: [{ role: "ADMIN", identities: [{ id: "a1b2c3d4-platform", type: "SSO_GROUP" }] }] } },
                    { type: "ACK", policyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] },
                    { type: "KRO" },
                ],
            }),
        );
        const order = ["ARGOCD", "ACK", "KRO"];
        const capabilities = ofType(run, "aws:eks/capability:Capability").sort((a, b) => order.indexOf(a.inputs.type) - order.indexOf(b.inputs.type));
        assert.deepStrictEqual(capabilities.map((c) => [c.inputs.capabilityName, c.inputs.type, c.inputs.deletePropagationPolicy]), [["argocd", "ARGOCD", "RETAIN"], ["ack", "ACK", "RETAIN"], ["kro", "KRO", "RETAIN"]]);
        assert.deepStrictEqual(capabilities[0].inputs.configuration, {
            argoCd: { awsIdc: { idcInstanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef" }, rbacRoleMappings: [{ role: "ADMIN", identities: [{ id: "a1b2c3d4-platform", type: "SSO_GROUP" }] }] },
        });
        const roles = order.map((type) => ofType(run, "aws:iam/role:Role").find((r) => r.name.endsWith(`-${type.toLowerCase()}-capability`))!);
        assert.deepStrictEqual(roles.map((r) => r.name.replace(/^.*-test-/, "")), ["argocd-capability", "ack-capability", "kro-capability"]);
        for (const role of roles) {
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [{ Effect: "Allow", Principal: { Service: "capabilities.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }]);
        }
        const attached = (role: DeclaredResource) => ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.outputs.name).map((a) => a.inputs.policyArn);
        assert.deepStrictEqual(roles.map(attached), [[], ["arn:aws:iam::aws:policy/AmazonS3FullAccess"], []]);
        assert.deepStrictEqual(capabilities.map((c) => c.inputs.roleArn), roles.map((r) => r.outputs.arn));
    });
});

describe("the 2025-26 settings in --compare", () => {
    const cluster = (inputs: Record<string, unknown>): PlannedResource => ({
        urn: "urn:pulumi:p::x::eks-platform:eks:Cluster$aws:eks/cluster:Cluster::c-cluster",
        type: CLUSTER,
        name: "c-cluster",
        protect: false,
        custom: true,
        inputs: { name: "c", vpcConfig: { endpointPrivateAccess: true }, ...inputs },
    });

    it("updates zonal shift, the control-plane tier and the remote networks in place", () => {
        const changes = comparePlans(
            [cluster({})],
            [cluster({ zonalShiftConfig: { enabled: true }, controlPlaneScalingConfig: { tier: "tier-xl" }, remoteNetworkConfig: { remoteNodeNetworks: { cidrs: ["192.168.0.0/18"] } } })],
            "base",
        );
        assert.deepStrictEqual([changes.replaced.length, changes.updated.map((u) => u.properties)], [0, [["controlPlaneScalingConfig", "remoteNetworkConfig", "zonalShiftConfig"]]]);
        assert.deepStrictEqual(changes.findings, []);
    });

    it("says moving the egress to CUSTOMER_ROUTED is in place and irreversible, and replaces the cluster on the way back", () => {
        const routed = cluster({ vpcConfig: { endpointPrivateAccess: true, controlPlaneEgressMode: "CUSTOMER_ROUTED" } });
        const there = comparePlans([cluster({})], [routed], "base");
        assert.deepStrictEqual([there.replaced.length, there.updated.length], [0, 1]);
        assert.deepStrictEqual(there.findings.map((f) => f.level), ["advisory"]);
        assert.match(there.findings[0].message, /controlPlaneEgressMode CUSTOMER_ROUTED\), in place and irreversible/);
        const back = comparePlans([routed], [cluster({ vpcConfig: { endpointPrivateAccess: true, controlPlaneEgressMode: "AWS_MANAGED" } })], "base");
        assert.deepStrictEqual(back.replaced.map((r) => r.properties), [["vpcConfig.controlPlaneEgressMode"]]);
        assert.match(back.findings[0].message, /is replaced because vpcConfig\.controlPlaneEgressMode changes/);
    });
});
