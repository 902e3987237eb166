import * as assert from "assert";
import { EnvironmentConfig } from "../config/environment";
import { loadEnvironmentConfig, projectConfig } from "../config/load";
import { readStackConfig } from "../offline/stackConfig";
import { TEST_REGION_FACTS, TODAY } from "./support/configFixtures";
import { ofType, PROJECT_DIR, ProgramRun, runStack, single, valueOf } from "./support/mockProgram";

function loadStack(stack: string): EnvironmentConfig {
    const { config } = readStackConfig(PROJECT_DIR, stack);
    return loadEnvironmentConfig(projectConfig(config), { project: "eks-platform", stack, today: TODAY, region: TEST_REGION_FACTS, deploying: false });
}

function countByType(run: ProgramRun): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of run.resources) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}

describe("stack files", () => {
    it("dev: 2 zones, single NAT, public endpoint limited to a documentation CIDR, one small Spot group, audit and authenticator logs", () => {
        const env = loadStack("dev");
        assert.strictEqual(env.network.zoneCount, 2);
        assert.strictEqual(env.network.natStrategy, "single");
        assert.strictEqual(env.cluster.endpoint.mode, "public");
        assert.deepStrictEqual(env.cluster.endpoint.publicAccessCidrs, ["203.0.113.0/24"]);
        assert.deepStrictEqual(env.cluster.logTypes, ["audit", "authenticator"]);
        assert.strictEqual(env.nodeGroups.length, 1);
        assert.strictEqual(env.nodeGroups[0].capacityType, "SPOT");
        assert.ok(env.nodeGroups[0].maxSize <= 3);
        assert.strictEqual(env.protect, false);
        assert.strictEqual(env.cluster.name, "eks-platform-dev");
    });

    it("staging: 3 zones, NAT per zone, public and private endpoint, on-demand nodes", () => {
        const env = loadStack("staging");
        assert.strictEqual(env.network.zoneCount, 3);
        assert.strictEqual(env.network.natStrategy, "onePerAz");
        assert.strictEqual(env.cluster.endpoint.mode, "publicAndPrivate");
        assert.ok(env.nodeGroups.every((g) => g.capacityType === "ON_DEMAND"));
        assert.strictEqual(env.protect, false);
    });

    it("prod: private endpoint with an access path, all logs, KMS, two private node groups, Fargate profiles for CoreDNS and an app namespace, protected", () => {
        const env = loadStack("prod");
        assert.strictEqual(env.network.zoneCount, 3);
        assert.strictEqual(env.network.natStrategy, "onePerAz");
        assert.strictEqual(env.cluster.endpoint.mode, "private");
        assert.ok(env.cluster.endpoint.privateAccessCidrs.length + env.cluster.endpoint.privateAccessSecurityGroupIds.length > 0);
        assert.deepStrictEqual([...env.cluster.logTypes].sort(), ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        assert.deepStrictEqual(env.cluster.secretsEncryption, { kind: "createKey" });
        assert.strictEqual(env.nodeGroups.length, 2);
        assert.ok(env.nodeGroups.every((g) => g.subnets === "private"));
        // CoreDNS in a profile of its own: a change to the app's profile never replaces CoreDNS's.
        assert.deepStrictEqual(env.fargateProfiles.map((p) => [p.name, p.selectors.map((s) => s.namespace)]), [["coredns", ["kube-system"]], ["payments", ["payments"]]]);
        assert.strictEqual(env.protect, true);
    });

    it("use distinct VPC ranges, so environments can be peered", () => {
        const cidrs = ["dev", "staging", "prod"].map((s) => loadStack(s).network.vpcCidr);
        assert.strictEqual(new Set(cidrs).size, 3);
    });
});

describe("stack programs under mocks", () => {
    it("dev declares one NAT gateway and four subnets, and lets the NAT address reach the public endpoint", async () => {
        const run = await runStack("dev");
        const counts = countByType(run);
        assert.strictEqual(counts["aws:ec2/natGateway:NatGateway"], 1);
        assert.strictEqual(counts["aws:ec2/subnet:Subnet"], 4);
        assert.strictEqual(counts["aws:eks/nodeGroup:NodeGroup"], 1);
        assert.strictEqual(counts["aws:eks/fargateProfile:FargateProfile"], undefined);
        const cidrs: string[] = single(run, "aws:eks/cluster:Cluster").inputs.vpcConfig.publicAccessCidrs;
        assert.strictEqual(cidrs.length, 2);
        assert.strictEqual(cidrs[0], "203.0.113.0/24");
        assert.match(cidrs[1], /^\d+\.\d+\.\d+\.\d+\/32$/);
    });

    it("staging declares three NAT gateways and six subnets", async () => {
        const counts = countByType(await runStack("staging"));
        assert.strictEqual(counts["aws:ec2/natGateway:NatGateway"], 3);
        assert.strictEqual(counts["aws:ec2/subnet:Subnet"], 6);
    });

    it("prod declares a private cluster reached through the transit gateway and the access host, two node groups, add-on roles, two Fargate profiles and protected stateful resources", async () => {
        const run = await runStack("prod");
        const counts = countByType(run);
        assert.strictEqual(counts["aws:ec2/natGateway:NatGateway"], 3);
        assert.strictEqual(counts["aws:eks/nodeGroup:NodeGroup"], 2);
        assert.strictEqual(counts["aws:eks/fargateProfile:FargateProfile"], 2);
        const cluster = single(run, "aws:eks/cluster:Cluster");
        assert.strictEqual(cluster.inputs.vpcConfig.endpointPublicAccess, false);
        assert.strictEqual(cluster.inputs.vpcConfig.endpointPrivateAccess, true);
        const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assert.deepStrictEqual(rules.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4 ?? "access host"]).sort(), [[443, "10.100.0.0/16"], [443, "access host"]]);
        const tgwRoutes = ofType(run, "aws:ec2/route:Route").filter((r) => r.inputs.transitGatewayId);
        assert.strictEqual(tgwRoutes.length, 3, "one route back to the VPN from each private route table");
        assert.strictEqual(ofType(run, "aws:ec2/instance:Instance").length, 1);
        assert.deepStrictEqual(
            ofType(run, "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((a) => a.inputs.serviceAccount).sort(),
            ["aws-load-balancer-controller", "cluster-autoscaler", "ebs-csi-controller-sa", "external-dns"],
        );
        for (const type of ["aws:ec2/vpc:Vpc", "aws:eks/cluster:Cluster", "aws:kms/key:Key"]) {
            assert.ok(single(run, type).protect, `${type} is protected`);
        }
        assert.strictEqual(ofType(run, "aws:eks/addon:Addon").length, 6, "with the node monitoring agent, for node auto repair");
    });

    it("export the cluster, network and role outputs", async () => {
        const run = await runStack("dev");
        assert.deepStrictEqual(Object.keys(run.outputs).sort(), [
            "addonRoleArns",
            "availabilityZones",
            "clusterEndpoint",
            "clusterName",
            "fargatePodExecutionRoleArn",
            "kubeconfig",
            "natGatewayPublicIps",
            "network",
            "nodeRoleArns",
            "privateRouteTableIds",
            "privateSubnetIds",
            "publicSubnetIds",
            "vpcId",
        ]);
        assert.deepStrictEqual(Object.keys(run.outputs.nodeRoleArns), ["general"]);
        assert.deepStrictEqual(run.outputs.availabilityZones, [{ name: "us-east-1a", id: "use1-az6" }, { name: "us-east-1b", id: "use1-az1" }]);
        const prod = await runStack("prod");
        assert.deepStrictEqual(Object.keys(prod.outputs.addonRoleArns).sort(), ["clusterAutoscaler", "ebsCsi", "externalDns", "loadBalancerController"]);
        assert.match(await valueOf<string>(prod.outputs.accessHostPortForwardCommand), /^aws ssm start-session .* --document-name AWS-StartPortForwardingSessionToRemoteHost /);
    });
});
