import * as assert from "assert";
import * as fs from "fs";
import { ConfigValidationError } from "../config/problems";
import { nodeGroup, qualifiedConfig } from "./support/configFixtures";
import { ofType, ProgramRun, runProgram, single, valueOf } from "./support/mockProgram";
import { MOCK_AUTO_MODE_NODE_ROLE_ARN, TEST_REGION_ZONES } from "../offline/mockRun";
import { replacementOrder } from "../offline/replacementOrder";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    route: "aws:ec2/route:Route",
    routeTable: "aws:ec2/routeTable:RouteTable",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    cluster: "aws:eks/cluster:Cluster",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    fargate: "aws:eks/fargateProfile:FargateProfile",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    addon: "aws:eks/addon:Addon",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    kmsKey: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    tgwAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    instance: "aws:ec2/instance:Instance",
    instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
    policy: "aws:iam/policy:Policy",
    podIdentity: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
};

// Runs of the same config are shared: a run is only read, and each takes most of a second.
const runs = new Map<string, Promise<ProgramRun>>();
const run = (overrides: Record<string, unknown> = {}): Promise<ProgramRun> => {
    const key = JSON.stringify(overrides);
    if (!runs.has(key)) {
        runs.set(key, runProgram(qualifiedConfig(overrides)));
    }
    return runs.get(key)!;
};
const prefix = "eks-platform-test";

describe("network component", () => {
    let onePerAz: ProgramRun;
    before(async () => {
        onePerAz = await run({ "network.zoneCount": "3", "network.natStrategy": "onePerAz" });
    });

    it("declares a VPC with DNS support and hostnames", () => {
        const vpc = single(onePerAz, T.vpc);
        assert.strictEqual(vpc.inputs.cidrBlock, "10.0.0.0/16");
        assert.strictEqual(vpc.inputs.enableDnsSupport, true);
        assert.strictEqual(vpc.inputs.enableDnsHostnames, true);
    });

    it("puts a public and a private subnet in each zone, tagged for load balancers and the cluster", () => {
        const subnets = ofType(onePerAz, T.subnet);
        assert.strictEqual(subnets.length, 6);
        for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
            const pub = single(onePerAz, T.subnet, `public-${zone}`);
            const priv = single(onePerAz, T.subnet, `private-${zone}`);
            assert.strictEqual(pub.inputs.availabilityZone, zone);
            assert.strictEqual(priv.inputs.availabilityZone, zone);
            assert.strictEqual(pub.inputs.tags["kubernetes.io/role/elb"], "1");
            assert.strictEqual(priv.inputs.tags["kubernetes.io/role/internal-elb"], "1");
            assert.strictEqual(pub.inputs.tags[`kubernetes.io/cluster/${prefix}`], "shared");
            assert.strictEqual(priv.inputs.tags[`kubernetes.io/cluster/${prefix}`], "shared");
            assert.strictEqual(priv.inputs.mapPublicIpOnLaunch, false);
            assert.strictEqual(pub.inputs.mapPublicIpOnLaunch, false, "no node group is public");
        }
    });

    it("routes the public route table to the internet gateway", () => {
        const route = single(onePerAz, T.route, "public-internet");
        assert.strictEqual(route.inputs.destinationCidrBlock, "0.0.0.0/0");
        assert.strictEqual(route.inputs.gatewayId, `${prefix}-igw-id`);
        assert.strictEqual(route.inputs.routeTableId, `${prefix}-public-id`);
        const publicAssociations = ofType(onePerAz, T.association).filter((a) => a.inputs.routeTableId === `${prefix}-public-id`);
        assert.strictEqual(publicAssociations.length, 3);
    });

    it("onePerAz in 3 zones gives 3 NAT gateways, each private route table using its own zone's", () => {
        assert.strictEqual(ofType(onePerAz, T.nat).length, 3);
        assert.strictEqual(ofType(onePerAz, T.eip).length, 3);
        for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
            const nat = single(onePerAz, T.nat, `nat-${zone}`);
            assert.strictEqual(nat.inputs.subnetId, `${prefix}-public-${zone}-id`);
            const route = single(onePerAz, T.route, `private-${zone}-nat`);
            assert.strictEqual(route.inputs.natGatewayId, `${prefix}-nat-${zone}-id`);
            assert.strictEqual(route.inputs.routeTableId, `${prefix}-private-${zone}-id`);
            const association = single(onePerAz, T.association, `private-${zone}`);
            assert.strictEqual(association.inputs.subnetId, `${prefix}-private-${zone}-id`);
        }
    });

    it("single in 3 zones gives one NAT gateway in the first zone that every private route uses", async () => {
        const result = await run({ "network.zoneCount": "3", "network.natStrategy": "single" });
        const nat = single(result, T.nat);
        assert.strictEqual(nat.inputs.subnetId, `${prefix}-public-us-east-1a-id`);
        const natRoutes = ofType(result, T.route).filter((r) => r.inputs.natGatewayId);
        assert.strictEqual(natRoutes.length, 3);
        assert.ok(natRoutes.every((r) => r.inputs.natGatewayId === `${prefix}-nat-us-east-1a-id`));
    });

    it("none gives no NAT gateway, no address and no default route in private route tables", async () => {
        const result = await run({ "network.natStrategy": "none", "network.acknowledgeNoEgress": "true" });
        assert.strictEqual(ofType(result, T.nat).length, 0);
        assert.strictEqual(ofType(result, T.eip).length, 0);
        assert.deepStrictEqual(ofType(result, T.route).filter((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0").map((r) => r.name), [`${prefix}-public-internet`]);
        assert.strictEqual(ofType(result, T.routeTable).length, 4, "one public and one private per zone");
    });

    it("without private subnets, declares only public subnets and places nodes there with public IPs", async () => {
        const result = await run({
            "network.privateSubnets": "false",
            "network.natStrategy": "none",
            "network.transitGateway": undefined,
            "network.acknowledgeExternalRouting": "true",
            nodeGroups: nodeGroup({ subnets: "public" }),
        });
        const subnets = ofType(result, T.subnet);
        assert.deepStrictEqual(subnets.map((s) => s.name).sort(), [`${prefix}-public-us-east-1a`, `${prefix}-public-us-east-1b`, `${prefix}-public-us-east-1c`]);
        assert.ok(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === true));
        assert.deepStrictEqual(single(result, T.nodeGroup).inputs.subnetIds, subnets.map((s) => `${s.name}-id`));
        assert.deepStrictEqual(single(result, T.cluster).inputs.vpcConfig.subnetIds, subnets.map((s) => `${s.name}-id`));
    });

    it("uses the explicit zones instead of the region's, given by name or ID, named by zone name", async () => {
        const result = await run({ "network.zones": ["us-east-1d", "use1-az5"] });
        assert.deepStrictEqual(ofType(result, T.subnet).map((s) => s.inputs.availabilityZone).sort(), ["us-east-1d", "us-east-1d", "us-east-1f", "us-east-1f"]);
        assert.ok(single(result, T.subnet, "private-us-east-1f"));
        assert.deepStrictEqual(result.outputs.availabilityZones, [{ name: "us-east-1d", id: "use1-az4" }, { name: "us-east-1f", id: "use1-az5" }]);
    });

    it("never places subnets in a zone ID EKS refuses, whatever its name in the account", async () => {
        const zones = [
            { name: "us-east-1a", id: "use1-az4" },
            { name: "us-east-1b", id: "use1-az3" },
            { name: "us-east-1c", id: "use1-az1" },
            { name: "us-east-1d", id: "use1-az2" },
        ];
        const result = await runProgram(qualifiedConfig({ "network.zoneCount": "3" }), "test", { regionZones: zones });
        assert.deepStrictEqual([...new Set(ofType(result, T.subnet).map((s) => s.inputs.availabilityZone))].sort(), ["us-east-1a", "us-east-1c", "us-east-1d"]);
        await assert.rejects(
            runProgram(qualifiedConfig({ "network.zones": ["us-east-1a", "us-east-1b"] }), "test", { regionZones: zones }),
            (error: unknown) => error instanceof ConfigValidationError && /network\.zones\[1\] = "us-east-1b": is zone ID use1-az3/.test(error.message),
        );
    });

    it("attaches the private subnets to the transit gateway and routes each access network from every private route table", async () => {
        const result = await run();
        const attachment = single(result, T.tgwAttachment);
        assert.strictEqual(attachment.inputs.transitGatewayId, "tgw-0a1b2c3d4e5f67890");
        assert.deepStrictEqual(attachment.inputs.subnetIds, ["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => `${prefix}-private-${z}-id`));
        const routes = ofType(result, T.route).filter((r) => r.inputs.transitGatewayId);
        assert.deepStrictEqual(routes.map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock]).sort(), ["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => [`${prefix}-private-${z}-id`, "10.100.0.0/16"]));
        assert.ok(routes.every((r) => r.dependsOnUrns.includes(attachment.urn)), "a route to a transit gateway needs the attachment");
        const tableIds = await Promise.all(result.outputs.privateRouteTableIds.map((id: any) => valueOf(id)));
        assert.deepStrictEqual(tableIds, ["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => `${prefix}-private-${z}-id`));
        const without = await run({ "network.transitGateway": undefined, "network.acknowledgeExternalRouting": "true" });
        assert.strictEqual(ofType(without, T.tgwAttachment).length, 0);
        assert.strictEqual(ofType(without, T.route).filter((r) => r.inputs.transitGatewayId).length, 0);
    });
});

describe("access host", () => {
    let result: ProgramRun;
    before(async () => {
        result = await run({ "network.transitGateway": undefined, "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.accessHost": "true" });
    });

    it("runs in a private subnet with IMDSv2, an encrypted volume, no public address and the Amazon Linux 2023 AMI", () => {
        const host = single(result, T.instance);
        assert.strictEqual(host.inputs.subnetId, `${prefix}-private-us-east-1a-id`);
        assert.strictEqual(host.inputs.instanceType, "t4g.nano");
        assert.strictEqual(host.inputs.ami, "ami-0a1b2c3d4e5f67890");
        assert.strictEqual(host.inputs.associatePublicIpAddress, false);
        assert.deepStrictEqual(host.inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
        assert.strictEqual(host.inputs.rootBlockDevice.encrypted, true);
        assert.deepStrictEqual(host.ignoreChanges, ["ami"], "a newer AMI does not replace the host");
    });

    it("has no inbound rule, only HTTPS out, and an instance profile with only Session Manager's policy", () => {
        const group = single(result, T.securityGroup, "access-host");
        assert.strictEqual(ofType(result, T.ingress).filter((r) => r.inputs.securityGroupId === `${group.name}-id`).length, 0);
        const egress = single(result, T.egress);
        assert.deepStrictEqual([egress.inputs.securityGroupId, egress.inputs.ipProtocol, egress.inputs.fromPort, egress.inputs.toPort], [`${group.name}-id`, "tcp", 443, 443]);
        const profile = single(result, T.instanceProfile);
        assert.strictEqual(single(result, T.instance).inputs.iamInstanceProfile, profile.name);
        const attachments = ofType(result, T.attachment).filter((a) => a.inputs.role === profile.inputs.role);
        assert.deepStrictEqual(attachments.map((a) => a.inputs.policyArn), ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
    });

    it("is admitted to the private endpoint on 443, and its port-forwarding command is exported", async () => {
        const group = single(result, T.securityGroup, "access-host");
        const rule = single(result, T.ingress, "api-access-host");
        assert.deepStrictEqual([rule.inputs.referencedSecurityGroupId, rule.inputs.fromPort, rule.inputs.toPort], [`${group.name}-id`, 443, 443]);
        assert.strictEqual(rule.inputs.securityGroupId, `${single(result, T.securityGroup, "api-access").name}-id`);
        const command = await valueOf<string>(result.outputs.accessHostPortForwardCommand);
        assert.strictEqual(
            command,
            `aws ssm start-session --region us-east-1 --target ${prefix}-access-host-id --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters '{"host":["${prefix}-cluster.gr7.us-east-1.eks.amazonaws.com"],"portNumber":["443"],"localPortNumber":["8443"]}'`,
        );
    });

    it("is not declared unless asked for", async () => {
        assert.strictEqual(ofType(await run(), T.instance).length, 0);
    });
});

describe("cluster component", () => {
    const modes = {
        public: { "network.zoneCount": "2", "cluster.endpoint.mode": "public", "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.publicAccessCidrs": ["203.0.113.0/24"] },
        publicAndPrivate: { "cluster.endpoint.mode": "publicAndPrivate", "cluster.endpoint.publicAccessCidrs": ["203.0.113.0/24"] },
        private: { "cluster.endpoint.mode": "private", "cluster.endpoint.privateAccessSecurityGroupIds": ["sg-0123456789abcdef0"] },
    };

    it("public: public access on, private off, and the NAT addresses allowed so nodes can join", async () => {
        const result = await run(modes.public);
        const vpcConfig = single(result, T.cluster).inputs.vpcConfig;
        assert.strictEqual(vpcConfig.endpointPublicAccess, true);
        assert.strictEqual(vpcConfig.endpointPrivateAccess, false);
        const natIps = await Promise.all(result.outputs.natGatewayPublicIps.map((ip: any) => valueOf(ip)));
        assert.strictEqual(natIps.length, 2, "onePerAz in 2 zones");
        assert.deepStrictEqual(vpcConfig.publicAccessCidrs, ["203.0.113.0/24", ...natIps.map((ip) => `${ip}/32`)]);
        assert.strictEqual(ofType(result, T.ingress).length, 0, "no private access path without a private endpoint");
    });

    it("publicAndPrivate: both on, only the listed public CIDRs, and a 443 rule for the VPN", async () => {
        const result = await run(modes.publicAndPrivate);
        const vpcConfig = single(result, T.cluster).inputs.vpcConfig;
        assert.strictEqual(vpcConfig.endpointPublicAccess, true);
        assert.strictEqual(vpcConfig.endpointPrivateAccess, true);
        assert.deepStrictEqual(vpcConfig.publicAccessCidrs, ["203.0.113.0/24"]);
        const rule = single(result, T.ingress);
        assert.strictEqual(rule.inputs.cidrIpv4, "10.100.0.0/16");
    });

    it("private: public access off, private on, and a 443 ingress rule on the cluster's security group", async () => {
        const result = await run(modes.private);
        const cluster = single(result, T.cluster);
        assert.strictEqual(cluster.inputs.vpcConfig.endpointPublicAccess, false);
        assert.strictEqual(cluster.inputs.vpcConfig.endpointPrivateAccess, true);
        assert.strictEqual(cluster.inputs.vpcConfig.publicAccessCidrs, undefined);
        const accessGroup = single(result, T.securityGroup, "api-access");
        assert.deepStrictEqual(cluster.inputs.vpcConfig.securityGroupIds, [`${accessGroup.name}-id`]);
        const rules = ofType(result, T.ingress);
        assert.strictEqual(rules.length, 2);
        for (const rule of rules) {
            assert.strictEqual(rule.inputs.securityGroupId, `${accessGroup.name}-id`);
            assert.deepStrictEqual([rule.inputs.ipProtocol, rule.inputs.fromPort, rule.inputs.toPort], ["tcp", 443, 443]);
        }
        assert.deepStrictEqual(rules.map((r) => r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId).sort(), ["10.100.0.0/16", "sg-0123456789abcdef0"]);
    });

    it("sets version, logs, upgrade policy, API authentication without creator admin, and private subnets", async () => {
        const result = await run({ "cluster.logTypes": ["audit", "api"] });
        const inputs = single(result, T.cluster).inputs;
        assert.strictEqual(inputs.name, prefix);
        assert.strictEqual(inputs.version, "1.35");
        assert.deepStrictEqual(inputs.enabledClusterLogTypes, ["audit", "api"]);
        assert.deepStrictEqual(inputs.upgradePolicy, { supportType: "STANDARD" });
        assert.deepStrictEqual(inputs.accessConfig, { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        assert.ok(inputs.vpcConfig.subnetIds.every((id: string) => id.includes("-private-")));
        const logGroup = single(result, T.logGroup);
        assert.strictEqual(logGroup.inputs.name, `/aws/eks/${prefix}/cluster`);
        assert.strictEqual(logGroup.inputs.retentionInDays, 90);
    });

    it("creates a rotating KMS key for secrets and lets the cluster role use it", async () => {
        const result = await run();
        const key = single(result, T.kmsKey);
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        const inputs = single(result, T.cluster).inputs;
        assert.deepStrictEqual(inputs.encryptionConfig.resources, ["secrets"]);
        assert.match(inputs.encryptionConfig.provider.keyArn, /^arn:aws:kms:.*:key\//);
        const policy = JSON.parse(single(result, T.rolePolicy, "secrets-encryption").inputs.policy);
        assert.strictEqual(policy.Statement[0].Resource, inputs.encryptionConfig.provider.keyArn);
    });

    it("uses a given KMS key without creating one, and can leave secrets unencrypted", async () => {
        const arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const given = await run({ "cluster.secretsEncryption": arn });
        assert.strictEqual(ofType(given, T.kmsKey).length, 0);
        assert.strictEqual(single(given, T.cluster).inputs.encryptionConfig.provider.keyArn, arn);
        const none = await run({ "cluster.secretsEncryption": "none" });
        assert.strictEqual(single(none, T.cluster).inputs.encryptionConfig, undefined);
    });

    it("gives each admin principal an access entry with the cluster admin policy", async () => {
        const admins = ["arn:aws:iam::111122223333:role/platform-admin", "arn:aws:iam::111122223333:user/break-glass"];
        const result = await run({ "cluster.adminPrincipalArns": admins });
        assert.deepStrictEqual(ofType(result, T.accessEntry).map((e) => e.inputs.principalArn), admins);
        const associations = ofType(result, T.accessPolicy);
        assert.deepStrictEqual(associations.map((a) => a.inputs.principalArn), admins);
        for (const association of associations) {
            assert.strictEqual(association.inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
            assert.deepStrictEqual(association.inputs.accessScope, { type: "cluster" });
        }
    });

    it("gives teams access entries with their access policy, cluster-wide or in their namespaces", async () => {
        const admin = "arn:aws:iam::210987654321:role/platform-admin";
        const result = await run({
            "cluster.adminPrincipalArns": [admin],
            "cluster.accessEntries": [
                { principalArn: "arn:aws:iam::210987654321:role/app-team", policy: "AmazonEKSEditPolicy", namespaces: ["payments", "checkout"] },
                { principalArn: "arn:aws:iam::210987654321:role/auditors", policy: "AmazonEKSViewPolicy" },
            ],
        });
        const entries = ofType(result, T.accessEntry);
        assert.deepStrictEqual(entries.map((e) => e.inputs.principalArn), [admin, "arn:aws:iam::210987654321:role/app-team", "arn:aws:iam::210987654321:role/auditors"]);
        const byPrincipal = new Map(ofType(result, T.accessPolicy).map((a) => [a.inputs.principalArn, a]));
        const team = byPrincipal.get("arn:aws:iam::210987654321:role/app-team")!;
        assert.strictEqual(team.inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy");
        assert.deepStrictEqual(team.inputs.accessScope, { type: "namespace", namespaces: ["payments", "checkout"] });
        const auditors = byPrincipal.get("arn:aws:iam::210987654321:role/auditors")!;
        assert.strictEqual(auditors.inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
        assert.deepStrictEqual(auditors.inputs.accessScope, { type: "cluster" });
        // The admin's entry keeps its name: adding team entries renames nothing already deployed.
        assert.ok(entries[0].name.includes("-admin-"), entries[0].name);
        assert.ok(entries.slice(1).every((e) => e.name.includes("-access-")));
        assert.ok(team.dependsOnUrns.some((urn) => urn.endsWith(`::${entries[1].name}`)), "the association waits for its entry");
        // EKS has one entry per principal: a principal moved between the lists keeps it (each name
        // aliases the other list's), where a new entry created first would fail (ResourceInUseException).
        assert.deepStrictEqual(entries[0].aliases, [entries[0].name.replace("-admin-", "-access-")]);
        assert.deepStrictEqual(entries[1].aliases, [entries[1].name.replace("-access-", "-admin-")]);
        // A changed scope or policy replaces the association (force-new). Created first, it would be
        // the same association as the old one (AssociateAccessPolicy updates it), which the old one's
        // delete then removes: deleted first, the principal is without access for seconds, not for good.
        for (const association of ofType(result, T.accessPolicy)) {
            assert.strictEqual(association.deleteBeforeReplace, true, association.name);
            assert.strictEqual(replacementOrder(association).first, "delete");
        }
    });

    it("creates the OIDC provider only when asked", async () => {
        assert.strictEqual(ofType(await run(), "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
        const result = await run({ "cluster.oidcProvider": "true" });
        const provider = single(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assert.deepStrictEqual(provider.inputs.clientIdLists, ["sts.amazonaws.com"]);
        assert.match(provider.inputs.url, /^https:\/\/oidc\.eks\./);
    });

    it("installs the default add-ons, networking before nodes and CoreDNS after them", async () => {
        const result = await run();
        const addons = ofType(result, T.addon);
        assert.deepStrictEqual(addons.map((a) => a.inputs.addonName).sort(), ["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
        const parentOf = (addon: string) => addons.find((a) => a.inputs.addonName === addon)!.parentUrn;
        assert.match(parentOf("vpc-cni"), /networking-addons$/);
        assert.match(parentOf("coredns"), /workload-addons$/);
        // The engine orders each registration by its own dependencies, so the cloud resources hold
        // them, not only their components (a component's dependsOn does not hold its children back).
        const nodeGroup = single(result, T.nodeGroup);
        for (const daemon of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) {
            assert.ok(nodeGroup.dependsOnUrns.some((u) => u.endsWith(`::${prefix}-${daemon}`)), `the node group waits for ${daemon}: ${nodeGroup.dependsOnUrns.join()}`);
        }
        const coredns = addons.find((a) => a.inputs.addonName === "coredns")!;
        assert.ok(coredns.dependsOnUrns.includes(nodeGroup.urn), "CoreDNS waits for the node group itself");
        assert.ok(!addons.find((a) => a.inputs.addonName === "vpc-cni")!.dependsOnUrns.includes(nodeGroup.urn), "the CNI does not wait for nodes");
    });

    it("tells CoreDNS to run on Fargate when a profile selects its pods", async () => {
        const result = await run({ fargateProfiles: [{ name: "dns", selectors: [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }] }] });
        const coredns = ofType(result, T.addon).find((a) => a.inputs.addonName === "coredns")!;
        assert.deepStrictEqual(JSON.parse(coredns.inputs.configurationValues), { computeType: "Fargate" });
        const other = await run({ fargateProfiles: [{ name: "apps", selectors: [{ namespace: "kube-system", labels: { app: "other" } }] }] });
        assert.strictEqual(ofType(other, T.addon).find((a) => a.inputs.addonName === "coredns")!.inputs.configurationValues, undefined);
    });

    it("exports a secret kubeconfig that authenticates with aws eks get-token", async () => {
        const result = await run();
        assert.ok(await result.outputs.kubeconfig.isSecret);
        const kubeconfig = JSON.parse(await valueOf<string>(result.outputs.kubeconfig));
        assert.deepStrictEqual(kubeconfig.users[0].user.exec.args, ["eks", "get-token", "--cluster-name", prefix, "--region", "us-east-1", "--output", "json"]);
        assert.match(kubeconfig.clusters[0].cluster.server, /^https:\/\//);
    });

    it("protects the VPC, the cluster and the KMS key, with EKS deletion protection, only when asked", async () => {
        const stateful = [T.vpc, T.cluster, T.kmsKey];
        const unprotected = await run();
        assert.ok(stateful.every((type) => !single(unprotected, type).protect));
        const protectedRun = await run({ protect: "true" });
        assert.ok(stateful.every((type) => single(protectedRun, type).protect));
        assert.strictEqual(single(protectedRun, T.cluster).inputs.deletionProtection, true);
        assert.ok(!single(protectedRun, T.subnet, "private-us-east-1a").protect);
    });
});

describe("node group component", () => {
    it("uses a launch template requiring IMDSv2 with hop limit 1 and an encrypted gp3 root volume", async () => {
        const result = await run({ nodeGroups: nodeGroup({ diskSizeGiB: 80 }) });
        const template = single(result, T.launchTemplate);
        assert.deepStrictEqual(template.inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
        assert.deepStrictEqual(template.inputs.blockDeviceMappings, [
            { deviceName: "/dev/xvda", ebs: { volumeSize: 80, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
        ]);
        assert.strictEqual(template.inputs.keyName, undefined);
        const group = single(result, T.nodeGroup);
        assert.deepStrictEqual(group.inputs.launchTemplate, { id: `${template.name}-id`, version: "1" });
        assert.deepStrictEqual(group.inputs.scalingConfig, { minSize: 2, desiredSize: 3, maxSize: 6 });
        assert.strictEqual(group.inputs.remoteAccess, undefined);
        assert.ok(group.inputs.subnetIds.every((id: string) => id.includes("-private-")));
    });

    it("raises the hop limit only for the group that asks", async () => {
        const result = await run({ nodeGroups: [...nodeGroup({ imdsHopLimit: 2 }), ...nodeGroup({ name: "batch" })] });
        const limits = ofType(result, T.launchTemplate).map((t) => [t.name, t.inputs.metadataOptions.httpPutResponseHopLimit]);
        assert.deepStrictEqual(limits.sort(), [[`${prefix}-batch-nodes`, 1], [`${prefix}-general-nodes`, 2]]);
    });

    it("encrypts both Bottlerocket volumes: the data volume at the configured size, the OS volume at the AMI's", async () => {
        const result = await run({ nodeGroups: nodeGroup({ amiType: "BOTTLEROCKET_x86_64", diskSizeGiB: 60 }) });
        const mappings = single(result, T.launchTemplate).inputs.blockDeviceMappings;
        assert.deepStrictEqual(
            mappings.map((m: any) => [m.deviceName, m.ebs.encrypted, m.ebs.volumeSize]),
            [["/dev/xvdb", "true", 60], ["/dev/xvda", "true", undefined]],
        );
        const al2023 = single(await run(), T.launchTemplate).inputs.blockDeviceMappings;
        assert.deepStrictEqual(al2023.map((m: any) => [m.deviceName, m.ebs.encrypted]), [["/dev/xvda", "true"]]);
    });

    it("opens SSH only from the listed sources, keeping the cluster security group", async () => {
        const result = await run({
            nodeGroups: nodeGroup({ ssh: { keyName: "ops", sourceCidrs: ["10.100.0.0/16"], sourceSecurityGroupIds: ["sg-0123456789abcdef0"] } }),
        });
        const template = single(result, T.launchTemplate);
        assert.strictEqual(template.inputs.keyName, "ops");
        const sshGroup = single(result, T.securityGroup, "-ssh");
        assert.deepStrictEqual(template.inputs.vpcSecurityGroupIds, ["sg-0cluster000000000", `${sshGroup.name}-id`]);
        const rules = ofType(result, T.ingress).filter((r) => r.inputs.securityGroupId === `${sshGroup.name}-id`);
        assert.deepStrictEqual(rules.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId]).sort(), [
            [22, 22, "10.100.0.0/16"],
            [22, 22, "sg-0123456789abcdef0"],
        ]);
    });

    it("passes labels, taints, capacity type and AMI type", async () => {
        const result = await run({
            nodeGroups: nodeGroup({ instanceTypes: ["m7g.large"], capacityType: "SPOT", labels: { tier: "web" }, taints: [{ key: "dedicated", value: "web", effect: "NO_SCHEDULE" }] }),
        });
        const inputs = single(result, T.nodeGroup).inputs;
        assert.strictEqual(inputs.capacityType, "SPOT");
        assert.strictEqual(inputs.amiType, "AL2023_ARM_64_STANDARD");
        assert.deepStrictEqual(inputs.labels, { tier: "web" });
        assert.deepStrictEqual(inputs.taints, [{ key: "dedicated", value: "web", effect: "NO_SCHEDULE" }]);
    });
});

describe("upgrades", () => {
    it("node groups follow the control plane's version output, so they upgrade after it", async () => {
        for (const version of ["1.35", "1.36"]) {
            const result = await run({ "cluster.version": version });
            const group = single(result, T.nodeGroup);
            assert.strictEqual(group.inputs.version, version);
            const cluster = single(result, T.cluster);
            assert.ok(group.propertyDependencies.version.includes(cluster.urn), "the version comes from the cluster resource");
        }
    });

    it("add-on versions are explicit: EKS's default for the cluster's version, or the pinned one", async () => {
        const versions = async (clusterVersion: string) => {
            const result = await run({ "cluster.version": clusterVersion, "cluster.addons": ["vpc-cni@v1.19.2-eksbuild.1", "kube-proxy", "coredns", "eks-pod-identity-agent"] });
            return Object.fromEntries(ofType(result, T.addon).map((a) => [a.inputs.addonName, a.inputs.addonVersion]));
        };
        assert.deepStrictEqual(await versions("1.35"), { "vpc-cni": "v1.19.2-eksbuild.1", "kube-proxy": "v1.35.0-eksbuild.1", coredns: "v1.35.0-eksbuild.1", "eks-pod-identity-agent": "v1.35.0-eksbuild.1" });
        assert.deepStrictEqual(await versions("1.36"), { "vpc-cni": "v1.19.2-eksbuild.1", "kube-proxy": "v1.36.0-eksbuild.1", coredns: "v1.36.0-eksbuild.1", "eks-pod-identity-agent": "v1.36.0-eksbuild.1" });
    });

    it("a node group can stay behind for a staged upgrade, on a pinned AMI release", async () => {
        const result = await run({ "cluster.version": "1.36", nodeGroups: nodeGroup({ version: "1.35", releaseVersion: "1.35.0-20260115" }) });
        const group = single(result, T.nodeGroup);
        assert.deepStrictEqual([group.inputs.version, group.inputs.releaseVersion], ["1.35", "1.35.0-20260115"]);
    });
});

describe("changes that would replace or destroy", () => {
    it("ignores later changes to creator admin (force-new, meaningful only at creation), and keeps a created key on destroy only when protected", async () => {
        const result = await run({ protect: "false" });
        assert.deepStrictEqual(single(result, T.cluster).ignoreChanges, ["accessConfig.bootstrapClusterCreatorAdminPermissions"]);
        assert.strictEqual(single(result, T.kmsKey).retainOnDelete, undefined, "destroyed with the stack: its deletion is scheduled");
        const kept = single(await run({ protect: "true" }), T.kmsKey);
        assert.deepStrictEqual([kept.protect, kept.retainOnDelete], [true, true]);
        assert.strictEqual(single(result, T.cluster).inputs.tags["eks-platform:secrets-encryption"], "createKey");
    });

    const deployed = { authenticationMode: "API", tags: { "eks-platform:secrets-encryption": "createKey" } };
    const second = (overrides: Record<string, unknown>) => runProgram(qualifiedConfig(overrides), "test", { deployedCluster: deployed });

    it("refuses, on a second up, to move authentication away from access entries", async () => {
        await assert.rejects(
            second({ "cluster.authenticationMode": "API_AND_CONFIG_MAP" }),
            (error: unknown) => error instanceof ConfigValidationError && /cluster\.authenticationMode = "API_AND_CONFIG_MAP": the cluster runs API; EKS only moves authentication towards access entries/.test(error.message),
        );
    });

    it("refuses to remove secrets encryption from a cluster that has it", async () => {
        await assert.rejects(
            second({ "cluster.secretsEncryption": "none" }),
            (error: unknown) => error instanceof ConfigValidationError && /cluster\.secretsEncryption = "none": the cluster encrypts its secrets, and EKS cannot turn that off/.test(error.message),
        );
    });

    it("refuses to move an encrypted cluster's secrets to another key", async () => {
        const arn = "arn:aws:kms:us-east-1:210987654321:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        await assert.rejects(
            second({ "cluster.secretsEncryption": arn }),
            (error: unknown) => error instanceof ConfigValidationError && /cluster\.secretsEncryption = ".*key\/0f1e2d3c.*": the cluster's secrets are encrypted with the key this stack created; EKS associates one key/.test(error.message),
        );
        const given = await runProgram(qualifiedConfig({ "cluster.secretsEncryption": arn }), "test", { deployedCluster: { authenticationMode: "API", tags: { "eks-platform:secrets-encryption": arn } } });
        assert.strictEqual(single(given, T.cluster).inputs.tags["eks-platform:secrets-encryption"], arn);
    });

    it("keeps a running control plane on its creation zones when a zone is added, and refuses removing one", async () => {
        const [a, b, c, d] = TEST_REGION_ZONES;
        const created = { ...deployed, zoneIds: [a.id, b.id] };
        const grown = await runProgram(qualifiedConfig({ "network.zoneCount": "3" }), "test", { deployedCluster: created });
        const subnetsOf = (result: ProgramRun) => single(result, T.cluster).inputs.vpcConfig.subnetIds as string[];
        assert.deepStrictEqual(subnetsOf(grown), [`${prefix}-private-${a.name}-id`, `${prefix}-private-${b.name}-id`]);
        // Node groups and Fargate profiles take every zone.
        assert.strictEqual(ofType(grown, T.nodeGroup)[0].inputs.subnetIds.length, 3);
        // A new cluster takes every zone.
        assert.strictEqual(subnetsOf(await run({ "network.zoneCount": "3" })).length, 3);
        await assert.rejects(
            runProgram(qualifiedConfig({ "network.zones": JSON.stringify([a.name, c.name, d.name]) }), "test", { deployedCluster: created }),
            (error: unknown) =>
                error instanceof ConfigValidationError &&
                new RegExp(`network\\.zones = .*: the cluster's control plane runs in zones ${a.id}, ${b.id}, the ones it was created in, and EKS cannot move it: zone ${b.id} must stay`).test(error.message),
        );
    });

    it("refuses a Kubernetes downgrade and a jump of more than one minor version, and takes the next one", async () => {
        const on = (version: string, running = "1.34") => runProgram(qualifiedConfig({ "cluster.version": version }), "test", { deployedCluster: { ...deployed, version: running } });
        await assert.rejects(on("1.34", "1.35"), (error: unknown) => error instanceof ConfigValidationError && /cluster\.version = "1\.34": the cluster runs Kubernetes 1\.35, and EKS cannot downgrade a cluster; keep 1\.35 or move to 1\.36/.test(error.message));
        await assert.rejects(on("1.36"), (error: unknown) => error instanceof ConfigValidationError && /cluster\.version = "1\.36": the cluster runs Kubernetes 1\.34, and EKS upgrades one minor version at a time; set 1\.35/.test(error.message));
        assert.strictEqual(single(await on("1.35"), T.cluster).inputs.version, "1.35");
        assert.strictEqual(single(await on("1.34"), T.cluster).inputs.version, "1.34");
    });

    it("keeps unpinned add-ons on the versions they run until the Kubernetes version moves, and a pinned one where it is pinned", async () => {
        const running = { ...deployed, version: "1.35", addonVersions: { coredns: "v1.11.4-eksbuild.2", "vpc-cni": "v1.19.0-eksbuild.1" } };
        const versionsOf = (result: ProgramRun) => Object.fromEntries(ofType(result, T.addon).map((a) => [a.inputs.addonName, a.inputs.addonVersion]));
        const same = versionsOf(await runProgram(qualifiedConfig({ "cluster.version": "1.35" }), "test", { deployedCluster: running }));
        assert.strictEqual(same.coredns, "v1.11.4-eksbuild.2");
        assert.strictEqual(same["vpc-cni"], "v1.19.0-eksbuild.1");
        assert.strictEqual(same["kube-proxy"], "v1.35.0-eksbuild.1", "not installed yet: EKS's default");
        const upgraded = versionsOf(await runProgram(qualifiedConfig({ "cluster.version": "1.36" }), "test", { deployedCluster: running }));
        assert.strictEqual(upgraded.coredns, "v1.36.0-eksbuild.1", "the Kubernetes version moves: EKS's default for it");
        const pinned = versionsOf(await runProgram(qualifiedConfig({ "cluster.version": "1.35", "cluster.addons": ["vpc-cni", "kube-proxy", "coredns@v1.12.0-eksbuild.1", "eks-pod-identity-agent"] }), "test", { deployedCluster: running }));
        assert.strictEqual(pinned.coredns, "v1.12.0-eksbuild.1");
    });

    it("accepts the same settings on a second up, and anything on the first", async () => {
        assert.ok(single(await second({}), T.cluster));
        const legacy = await runProgram(qualifiedConfig({ "cluster.authenticationMode": "CONFIG_MAP", "cluster.adminPrincipalArns": [], "cluster.bootstrapCreatorAdmin": "true", "cluster.secretsEncryption": "none" }));
        assert.strictEqual(single(legacy, T.cluster).inputs.accessConfig.authenticationMode, "CONFIG_MAP");
        const towardsApi = await runProgram(qualifiedConfig({}), "test", { deployedCluster: { authenticationMode: "API_AND_CONFIG_MAP" } });
        assert.strictEqual(single(towardsApi, T.cluster).inputs.accessConfig.authenticationMode, "API");
    });
});

describe("roles component", () => {

    it("gives the cluster role the cluster policy and each node role the four worker policies", async () => {
        const result = await run({ nodeGroups: [...nodeGroup({}), ...nodeGroup({ name: "batch" })] });
        const attachments = ofType(result, T.attachment);
        const policiesOf = (role: string) => attachments.filter((a) => a.inputs.role === role).map((a) => a.inputs.policyArn).sort();
        assert.deepStrictEqual(policiesOf(`${prefix}-cluster`), ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]);
        for (const group of ["general", "batch"]) {
            assert.deepStrictEqual(policiesOf(`${prefix}-${group}-node`), [
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            ]);
        }
        const trust = JSON.parse(single(result, T.role, `${prefix}-cluster`).inputs.assumeRolePolicy);
        assert.strictEqual(trust.Statement[0].Principal.Service, "eks.amazonaws.com");
    });

    it("limits the Fargate pod execution role to this cluster's profiles", async () => {
        const result = await run({ fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps" }] }] });
        const trust = JSON.parse(single(result, T.role, "fargate-pod-execution").inputs.assumeRolePolicy);
        assert.strictEqual(trust.Statement[0].Principal.Service, "eks-fargate-pods.amazonaws.com");
        assert.deepStrictEqual(trust.Statement[0].Condition, { ArnLike: { "aws:SourceArn": `arn:aws:eks:us-east-1:210987654321:fargateprofile/${prefix}/*` } });
        assert.ok(ofType(result, T.attachment).some((a) => a.inputs.policyArn === "arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"));
    });
});

describe("add-on roles through EKS Pod Identity", () => {
    const zone = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
    let result: ProgramRun;
    before(async () => {
        result = await run({
            "cluster.addons": ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent", "aws-ebs-csi-driver"],
            addonRoles: { ebsCsi: true, externalDns: { hostedZoneArns: [zone] }, clusterAutoscaler: true, loadBalancerController: { namespace: "ingress" } },
        });
    });
    const roleOf = (slug: string) => single(result, T.role, `${prefix}-addons-${slug}`);

    it("gives each add-on a role only EKS Pod Identity can assume, for its own service account of this cluster", () => {
        const bindings = { "ebs-csi": ["kube-system", "ebs-csi-controller-sa"], "external-dns": ["external-dns", "external-dns"], "cluster-autoscaler": ["kube-system", "cluster-autoscaler"], "load-balancer-controller": ["ingress", "aws-load-balancer-controller"] };
        for (const [slug, [namespace, serviceAccount]] of Object.entries(bindings)) {
            const trust = JSON.parse(roleOf(slug).inputs.assumeRolePolicy);
            assert.deepStrictEqual(trust.Statement, [
                {
                    Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:us-east-1:210987654321:cluster/${prefix}`,
                            "aws:RequestTag/eks-cluster-name": prefix,
                            "aws:RequestTag/kubernetes-namespace": namespace,
                            "aws:RequestTag/kubernetes-service-account": serviceAccount,
                        },
                    },
                },
            ]);
            const association = single(result, T.podIdentity, `addons-${slug}`);
            assert.deepStrictEqual([association.inputs.clusterName, association.inputs.namespace, association.inputs.serviceAccount, association.inputs.roleArn], [prefix, namespace, serviceAccount, `arn:aws:iam::210987654321:role/${prefix}-addons-${slug}`]);
        }
    });

    it("grants each role only its add-on's permissions", () => {
        const attachmentsOf = (slug: string) => ofType(result, T.attachment).filter((a) => a.inputs.role === roleOf(slug).name).map((a) => a.inputs.policyArn);
        assert.deepStrictEqual(attachmentsOf("ebs-csi"), ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"]);
        const documentOf = (slug: string) => JSON.parse(single(result, T.policy, `addons-${slug}`).inputs.policy);
        const change = documentOf("external-dns").Statement.find((s: any) => s.Action.includes("route53:ChangeResourceRecordSets"));
        assert.deepStrictEqual(change.Resource, [zone]);
        assert.deepStrictEqual(documentOf("cluster-autoscaler").Statement[0].Condition, { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${prefix}`]: "owned" } });
        const controller = documentOf("load-balancer-controller").Statement;
        assert.strictEqual(controller.length, 16, "the controller's published policy, whole");
        assert.ok(controller.some((s: any) => [s.Action].flat().includes("elasticloadbalancing:CreateLoadBalancer")));
        assert.deepStrictEqual(attachmentsOf("load-balancer-controller"), [`arn:aws:iam::210987654321:policy/${prefix}-addons-load-balancer-controller`]);
    });

    it("leaves node roles with only what nodes need", () => {
        const nodeRole = single(result, T.role, "general-node");
        const policies = ofType(result, T.attachment).filter((a) => a.inputs.role === nodeRole.name).map((a) => a.inputs.policyArn.split("/").pop()).sort();
        assert.deepStrictEqual(policies, ["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore"]);
        assert.strictEqual(ofType(result, T.rolePolicy).filter((p) => p.inputs.role === nodeRole.name).length, 0);
    });

    it("binds the roles before the add-ons' pods start, and lets the autoscaler own node group sizes", () => {
        const workload = result.resources.find((r) => r.type === "eks-platform:eks:Addons" && r.name.endsWith("workload-addons"))!;
        const workloadAddons = ofType(result, T.addon).filter((a) => a.parentUrn === workload.urn);
        assert.ok(workloadAddons.length > 0);
        for (const association of ofType(result, T.podIdentity)) {
            assert.ok(workload.dependsOnUrns.includes(association.urn), association.name);
            for (const addon of workloadAddons) {
                assert.ok(addon.dependsOnUrns.includes(association.urn), `${addon.name} waits for ${association.name}`);
            }
        }
        assert.deepStrictEqual(single(result, T.nodeGroup).ignoreChanges, ["scalingConfig.desiredSize"]);
    });

    it("on a running cluster, declares the autoscaler's live size within the new bounds, so a raised minSize is never above it", async () => {
        const deployed = { authenticationMode: "API", tags: { "eks-platform:secrets-encryption": "createKey" }, nodeGroupDesiredSizes: { [`${prefix}-general`]: 2 } };
        const raised = await runProgram(qualifiedConfig({ addonRoles: { clusterAutoscaler: true }, nodeGroups: nodeGroup({ minSize: 4, desiredSize: 4 }) }), "test", { deployedCluster: deployed });
        const group = single(raised, T.nodeGroup);
        assert.deepStrictEqual(group.inputs.scalingConfig, { minSize: 4, desiredSize: 4, maxSize: 6 });
        assert.deepStrictEqual(group.ignoreChanges, [], "declared, so Pulumi sends it instead of the old inputs' size");
        // Scaled out by the autoscaler to 5: kept at 5, not reset to the configured 3.
        const scaled = await runProgram(qualifiedConfig({ addonRoles: { clusterAutoscaler: true } }), "test", { deployedCluster: { ...deployed, nodeGroupDesiredSizes: { [`${prefix}-general`]: 5 } } });
        assert.strictEqual(single(scaled, T.nodeGroup).inputs.scalingConfig.desiredSize, 5);
        // A group not running yet: the configured size, owned by the autoscaler from then on.
        const added = await runProgram(qualifiedConfig({ addonRoles: { clusterAutoscaler: true } }), "test", { deployedCluster: { ...deployed, nodeGroupDesiredSizes: {} } });
        assert.deepStrictEqual([single(added, T.nodeGroup).inputs.scalingConfig.desiredSize, single(added, T.nodeGroup).ignoreChanges], [3, ["scalingConfig.desiredSize"]]);
    });

    it("declares no add-on role unless asked, and then node groups keep their configured size", async () => {
        const plain = await run();
        assert.strictEqual(ofType(plain, T.podIdentity).length, 0);
        assert.deepStrictEqual(single(plain, T.nodeGroup).ignoreChanges, []);
    });
});

describe("Fargate profile component", () => {
    it("always uses the private subnets and the pod execution role, one profile after another", async () => {
        const result = await run({
            fargateProfiles: [
                { name: "apps", selectors: [{ namespace: "apps", labels: { tier: "web" } }] },
                { name: "jobs", selectors: [{ namespace: "jobs" }] },
            ],
        });
        const profiles = ofType(result, T.fargate);
        // Named by Pulumi (resource name, "-", 7 characters): a changed profile gets a new name, so
        // Pulumi creates it before deleting the old one (a set name would delete first).
        assert.deepStrictEqual(profiles.map((p) => [p.name, "fargateProfileName" in p.inputs, p.aliases]), [["apps", false, [`${prefix}-apps`]], ["jobs", false, [`${prefix}-jobs`]]]);
        assert.deepStrictEqual(profiles.map((p) => replacementOrder(p).first), ["create", "create"]);
        for (const profile of profiles) {
            assert.strictEqual(profile.inputs.subnetIds.length, 3);
            assert.ok(profile.inputs.subnetIds.every((id: string) => id.includes("-private-")));
            assert.match(profile.inputs.podExecutionRoleArn, /fargate-pod-execution$/);
        }
        assert.deepStrictEqual(profiles[0].inputs.selectors, [{ namespace: "apps", labels: { tier: "web" } }]);
        // EKS changes one profile of a cluster at a time: the second profile itself waits for the first.
        assert.ok(profiles[1].dependsOnUrns.includes(profiles[0].urn), profiles[1].dependsOnUrns.join());
        assert.ok(!profiles[0].dependsOnUrns.includes(profiles[1].urn));
        assert.ok(profiles[0].dependsOnUrns.some((u) => u.endsWith(`::${prefix}-vpc-cni`)));
    });
});

describe("the program", () => {
    it("declares nothing when the config is invalid", async () => {
        const attempt = runProgram(qualifiedConfig({ "network.zoneCount": "1" }));
        await assert.rejects(attempt, (error: unknown) => error instanceof ConfigValidationError && /network\.zoneCount/.test(error.message));
    });

    it("rejects more zones than the region has, before declaring anything", async () => {
        const zones = [{ name: "us-east-1a", id: "use1-az1" }, { name: "us-east-1c", id: "use1-az2" }];
        const attempt = runProgram(qualifiedConfig({ "network.zoneCount": "3" }), "test", { regionZones: zones });
        await assert.rejects(attempt, (error: unknown) => error instanceof ConfigValidationError && /network\.zoneCount = 3: the region us-east-1 has only 2 zones EKS accepts/.test(error.message));
    });

    it("refuses documentation placeholders when deploying, before declaring anything", async () => {
        await assert.rejects(
            runProgram(qualifiedConfig(), "test", { deploy: true }),
            (error: unknown) =>
                error instanceof ConfigValidationError &&
                /cluster\.adminPrincipalArns\[0\] = "arn:aws:iam::111122223333:role\/platform-admin": is an AWS documentation account ID, a placeholder/.test(error.message),
        );
        const real = await runProgram(qualifiedConfig({ "cluster.adminPrincipalArns": ["arn:aws:iam::210987654321:role/platform-admin"] }), "test", { deploy: true });
        assert.ok(single(real, T.cluster));
    });
});

describe("EKS Auto Mode", () => {
    const autoMode = (overrides: Record<string, unknown> = {}) => run({ "cluster.compute": "autoMode", nodeGroups: [], ...overrides });
    const policiesOf = (result: ProgramRun, role: string) =>
        ofType(result, T.attachment)
            .filter((a) => a.inputs.role === role)
            .map((a) => a.inputs.policyArn.split("/").pop())
            .sort();

    it("turns on compute, block storage and load balancing together, with the node role and both pools", async () => {
        const result = await autoMode();
        const inputs = single(result, T.cluster).inputs;
        const nodeRole = single(result, T.role, `${prefix}-auto-mode-nodes`);
        assert.deepStrictEqual(inputs.computeConfig, { enabled: true, nodePools: ["general-purpose", "system"], nodeRoleArn: nodeRole.outputs.arn });
        assert.deepStrictEqual(inputs.storageConfig, { blockStorage: { enabled: true } });
        assert.deepStrictEqual(inputs.kubernetesNetworkConfig, { elasticLoadBalancing: { enabled: true } });
        assert.strictEqual(inputs.bootstrapSelfManagedAddons, false);
        assert.deepStrictEqual(ofType(result, T.nodeGroup), []);
        assert.deepStrictEqual(ofType(result, T.addon), [], "Auto Mode runs networking, DNS and the Pod Identity agent itself");
        assert.strictEqual(await valueOf(result.outputs.autoModeNodeRoleArn), nodeRole.outputs.arn);
    });

    it("gives the cluster role Auto Mode's four policies and its nodes a role of their own", async () => {
        const result = await autoMode();
        assert.deepStrictEqual(policiesOf(result, `${prefix}-cluster`), ["AmazonEKSBlockStoragePolicy", "AmazonEKSClusterPolicy", "AmazonEKSComputePolicy", "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingPolicy"]);
        assert.deepStrictEqual(policiesOf(result, `${prefix}-auto-mode-nodes`), ["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodeMinimalPolicy"]);
        const clusterTrust = JSON.parse(single(result, T.role, `${prefix}-cluster`).inputs.assumeRolePolicy);
        assert.deepStrictEqual(clusterTrust.Statement[0].Action, ["sts:AssumeRole", "sts:TagSession"]);
        const nodeTrust = JSON.parse(single(result, T.role, `${prefix}-auto-mode-nodes`).inputs.assumeRolePolicy);
        assert.strictEqual(nodeTrust.Statement[0].Principal.Service, "ec2.amazonaws.com");
        // The cluster is updated only after its role has what Auto Mode needs.
        const cluster = single(result, T.cluster);
        for (const attachment of ofType(result, T.attachment).filter((a) => /cluster-AmazonEKS|auto-mode-nodes-/.test(a.name))) {
            assert.ok(cluster.dependsOnUrns.includes(attachment.urn), attachment.name);
        }
        // EKS creates the nodes' access entry itself (automode/create-node-class.adoc).
        assert.ok(ofType(result, T.accessEntry).every((e) => e.inputs.principalArn !== single(result, T.role, `${prefix}-auto-mode-nodes`).outputs.arn));
    });

    it("sets nothing of Auto Mode on a node-group cluster, so deployed clusters see no change", async () => {
        const inputs = single(await run(), T.cluster).inputs;
        for (const key of ["computeConfig", "storageConfig", "kubernetesNetworkConfig"]) {
            assert.ok(!(key in inputs), key);
        }
    });

    it("runs the built-in pools chosen, alongside node groups during a migration", async () => {
        const result = await run({ "cluster.compute": "autoMode", "cluster.autoMode.nodePools": ["system"] });
        assert.deepStrictEqual(single(result, T.cluster).inputs.computeConfig.nodePools, ["system"]);
        assert.strictEqual(ofType(result, T.nodeGroup).length, 1);
        assert.deepStrictEqual(ofType(result, T.addon).map((a) => a.inputs.addonName).sort(), ["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    });

    it("turns all three off in the explicit step, with no pools and the same node role (a changed role replaces the cluster)", async () => {
        const result = await run({ "cluster.compute": "autoMode", "cluster.autoMode.enabled": "false" });
        const inputs = single(result, T.cluster).inputs;
        const nodeRole = single(result, T.role, `${prefix}-auto-mode-nodes`);
        assert.deepStrictEqual(inputs.computeConfig, { enabled: false, nodePools: [], nodeRoleArn: nodeRole.outputs.arn });
        assert.deepStrictEqual(inputs.storageConfig, { blockStorage: { enabled: false } });
        assert.deepStrictEqual(inputs.kubernetesNetworkConfig, { elasticLoadBalancing: { enabled: false } });
    });

    it("refuses to drop Auto Mode's settings from a cluster that runs it, and accepts the explicit step", async () => {
        const deployed = { authenticationMode: "API", tags: { "eks-platform:secrets-encryption": "createKey" }, autoMode: true };
        await assert.rejects(
            runProgram(qualifiedConfig({}), "test", { deployedCluster: deployed }),
            (error: unknown) => error instanceof ConfigValidationError && /cluster\.compute = "nodeGroups": the cluster runs EKS Auto Mode, and leaving its settings out does not turn it off\. First keep cluster\.compute: autoMode and set cluster\.autoMode\.enabled: false/.test(error.message),
        );
        const step = await runProgram(qualifiedConfig({ "cluster.compute": "autoMode", "cluster.autoMode.enabled": "false" }), "test", { deployedCluster: deployed });
        assert.strictEqual(single(step, T.cluster).inputs.computeConfig.enabled, false);
        // The last step: config says nodeGroups, and the cluster that ran Auto Mode keeps its three
        // settings declared, off, with the node role, exactly as the step left them: no update.
        const stepInputs = single(step, T.cluster).inputs;
        const after = await runProgram(qualifiedConfig({}), "test", { deployedCluster: { ...deployed, autoMode: false, autoModeNodeRoleArn: MOCK_AUTO_MODE_NODE_ROLE_ARN } });
        const afterInputs = single(after, T.cluster).inputs;
        for (const key of ["computeConfig", "storageConfig", "kubernetesNetworkConfig"]) {
            assert.deepStrictEqual(afterInputs[key], stepInputs[key], key);
        }
        assert.strictEqual(afterInputs.computeConfig.enabled, false);
        assert.strictEqual(single(after, T.role, `${prefix}-auto-mode-nodes`).urn, single(step, T.role, `${prefix}-auto-mode-nodes`).urn);
        // A cluster that never ran Auto Mode: nodeGroups declares none of it, and the off step is refused.
        const never = { authenticationMode: "API", tags: { "eks-platform:secrets-encryption": "createKey" } };
        assert.ok(!("computeConfig" in single(await runProgram(qualifiedConfig({}), "test", { deployedCluster: never }), T.cluster).inputs));
        await assert.rejects(
            runProgram(qualifiedConfig({ "cluster.compute": "autoMode", "cluster.autoMode.enabled": "false" }), "test", { deployedCluster: never }),
            (error: unknown) => error instanceof ConfigValidationError && /cluster\.autoMode\.enabled = false: the cluster has never run EKS Auto Mode/.test(error.message),
        );
    });

    it("keeps every other resource's name when a stack moves to Auto Mode", async () => {
        const before = new Set((await run({ nodeGroups: [] })).resources.map((r) => r.urn));
        const after = new Set((await autoMode()).resources.map((r) => r.urn));
        const removed = [...before].filter((urn) => !after.has(urn));
        assert.deepStrictEqual(removed.filter((urn) => !/aws:eks\/addon:Addon/.test(urn)), [], "only the add-ons Auto Mode runs itself go");
    });
});

describe("tags", () => {
    /** Whether the AWS provider's arguments of a resource type take `tags` (read from @pulumi/aws's declarations). */
    function taggable(type: string): boolean {
        const [, module, resource] = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(type)!;
        const declarations = fs.readFileSync(require.resolve(`@pulumi/aws/${module}/${resource}.d.ts`), "utf8");
        const args = new RegExp(`export interface ${type.split(":").pop()}Args \\{([\\s\\S]*?)\\n\\}`).exec(declarations)![1];
        return /^\s+tags\?:/m.test(args);
    }

    it("reach every resource whose AWS arguments take tags, security group rules included", async () => {
        const run = await runProgram(
            qualifiedConfig({
                tags: JSON.stringify({ team: "platform" }),
                "cluster.endpoint.accessHost": "true",
                "cluster.compute": "karpenter",
                nodeGroups: nodeGroup({ ssh: { keyName: "ops", sourceCidrs: ["10.100.0.0/24"] } }),
            }),
        );
        const resources = run.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        const tagged = resources.filter((r) => taggable(r.type));
        assert.ok(tagged.some((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") && tagged.some((r) => r.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"), "fixture: rules of both kinds");
        assert.ok(!taggable("aws:ec2/routeTableAssociation:RouteTableAssociation"), "a type without tags is told apart");
        assert.ok(tagged.some((r) => r.type === "aws:sqs/queue:Queue") && tagged.some((r) => r.type === "aws:cloudwatch/eventRule:EventRule"), "fixture: Karpenter's queue and rules");
        const missing = tagged.filter((r) => r.inputs.tags?.team !== "platform" || r.inputs.tags?.ManagedBy !== "pulumi").map((r) => `${r.type} ${r.name}`);
        assert.deepStrictEqual(missing, []);
    });
});
