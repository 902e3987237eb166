// network.ipFamily: ipv6 under the mock runtime: a dual-stack VPC, the IPv6 cluster, the node roles'
// IPv6 CNI policy, and what a running IPv4 cluster refuses.
import * as assert from "assert";
import { ConfigValidationError } from "../config/problems";
import { expandIpv6, ipv6SubnetCidr } from "../components/ipv6Subnets";
import { deployedClusterOf } from "../offline/deployedBase";
import { qualifiedConfig } from "./support/configFixtures";
import { ofType, runProgram, single } from "./support/mockProgram";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    route: "aws:ec2/route:Route",
    eigw: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
    igw: "aws:ec2/internetGateway:InternetGateway",
    cluster: "aws:eks/cluster:Cluster",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    role: "aws:iam/role:Role",
};
/** The mocked VPC's Amazon-provided block (offline/mockRun.ts). */
const VPC_BLOCK = "2600:1f18:6a4b:1200::/56";

describe("IPv6 subnet blocks", () => {
    it("numbers the /64s of a /56 by its last eight bits", () => {
        assert.strictEqual(ipv6SubnetCidr(VPC_BLOCK, 0), "2600:1f18:6a4b:1200::/64");
        assert.strictEqual(ipv6SubnetCidr(VPC_BLOCK, 6), "2600:1f18:6a4b:1206::/64");
        assert.strictEqual(ipv6SubnetCidr(VPC_BLOCK, 255), "2600:1f18:6a4b:12ff::/64");
        assert.strictEqual(ipv6SubnetCidr("2a05:d018:f:ab00::/56", 17), "2a05:d018:f:ab11::/64");
    });

    it("refuses what is not a /56 or a slot outside it", () => {
        assert.throws(() => ipv6SubnetCidr("2600:1f18:6a4b:1200::/64", 0), /expected an Amazon-provided \/56/);
        assert.throws(() => ipv6SubnetCidr(VPC_BLOCK, 256), /slot 0-255/);
        assert.throws(() => ipv6SubnetCidr(VPC_BLOCK, -1), /slot 0-255/);
        assert.throws(() => ipv6SubnetCidr("10.0.0.0/56", 1), /expected/);
    });

    it("expands '::' and refuses malformed addresses", () => {
        assert.deepStrictEqual(expandIpv6("2600:1f18::"), [0x2600, 0x1f18, 0, 0, 0, 0, 0, 0]);
        assert.deepStrictEqual(expandIpv6("::1"), [0, 0, 0, 0, 0, 0, 0, 1]);
        assert.deepStrictEqual(expandIpv6("1:2:3:4:5:6:7:8"), [1, 2, 3, 4, 5, 6, 7, 8]);
        for (const bad of ["1::2::3", "1:2:3", "1:2:3:4:5:6:7:8::", "12345::", "g::", "1:2:3:4:5:6:7:8:9"]) {
            assert.strictEqual(expandIpv6(bad), undefined, bad);
        }
    });
});

describe("IPv6 clusters (network.ipFamily: ipv6)", function () {
    this.timeout(60_000);
    const ipv6 = () => runProgram(qualifiedConfig({ "network.zoneCount": "3", "network.ipFamily": "ipv6" }));

    it("declares a dual-stack VPC: an Amazon-provided block, a /64 per subnet in fixed slots, IPv6 addresses on launch", async () => {
        const run = await ipv6();
        assert.strictEqual(single(run, T.vpc).inputs.assignGeneratedIpv6CidrBlock, true);
        const subnets = ofType(run, T.subnet).map((s) => [s.name.replace(/^.*-(private|public)-/, "$1 "), s.inputs.ipv6CidrBlock, s.inputs.assignIpv6AddressOnCreation]);
        assert.deepStrictEqual(subnets.sort(), [
            ["private us-east-1a", "2600:1f18:6a4b:1200::/64", true],
            ["private us-east-1b", "2600:1f18:6a4b:1201::/64", true],
            ["private us-east-1c", "2600:1f18:6a4b:1202::/64", true],
            ["public us-east-1a", "2600:1f18:6a4b:1206::/64", true],
            ["public us-east-1b", "2600:1f18:6a4b:1207::/64", true],
            ["public us-east-1c", "2600:1f18:6a4b:1208::/64", true],
        ]);
    });

    it("routes ::/0 to the internet gateway from the public subnets and to an egress-only gateway from each private one", async () => {
        const run = await ipv6();
        const eigw = single(run, T.eigw);
        assert.strictEqual(eigw.inputs.vpcId, single(run, T.vpc).outputs.id);
        const ipv6Routes = ofType(run, T.route).filter((r) => r.inputs.destinationIpv6CidrBlock === "::/0");
        const publicRoute = ipv6Routes.filter((r) => r.inputs.gatewayId === single(run, T.igw).outputs.id);
        const privateRoutes = ipv6Routes.filter((r) => r.inputs.egressOnlyGatewayId === eigw.outputs.id);
        assert.strictEqual(publicRoute.length, 1);
        assert.deepStrictEqual(privateRoutes.map((r) => r.name.replace(/^.*-private-/, "")).sort(), ["us-east-1a-ipv6", "us-east-1b-ipv6", "us-east-1c-ipv6"]);
        assert.strictEqual(ipv6Routes.length, 4, "no other IPv6 route");
        // IPv4 still leaves through the NAT gateway: the nodes' own addresses and pods' translated traffic.
        assert.ok(ofType(run, T.route).some((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0" && r.inputs.natGatewayId));
    });

    it("creates the cluster with the IPv6 family, and gives node roles the IPv6 CNI policy instead of AmazonEKS_CNI_Policy", async () => {
        const run = await ipv6();
        assert.deepStrictEqual(single(run, T.cluster).inputs.kubernetesNetworkConfig, { ipFamily: "ipv6" });
        const nodeRole = ofType(run, T.role).find((r) => r.name.endsWith("-general-node"))!;
        const attached = ofType(run, T.attachment).filter((a) => a.inputs.role === nodeRole.outputs.name).map((a) => String(a.inputs.policyArn).split("/").pop());
        assert.deepStrictEqual(attached.sort(), ["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonSSMManagedInstanceCore"]);
        const inline = ofType(run, T.rolePolicy).filter((p) => p.inputs.role === nodeRole.outputs.name);
        assert.deepStrictEqual(inline.map((p) => p.inputs.name), ["vpc-cni-ipv6"]);
        assert.deepStrictEqual(JSON.parse(inline[0].inputs.policy).Statement, [
            { Effect: "Allow", Action: ["ec2:AssignIpv6Addresses", "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes"], Resource: "*" },
            { Effect: "Allow", Action: ["ec2:CreateTags"], Resource: ["arn:aws:ec2:*:*:network-interface/*"] },
        ]);
    });

    it("gives Karpenter's node role the IPv6 CNI policy too", async () => {
        const run = await runProgram(qualifiedConfig({ "network.ipFamily": "ipv6", "cluster.compute": "karpenter" }));
        const nodeRole = ofType(run, T.role).find((r) => r.name.endsWith("-karpenter-nodes"))!;
        assert.ok(nodeRole, "Karpenter's node role");
        assert.deepStrictEqual(ofType(run, T.rolePolicy).filter((p) => p.inputs.role === nodeRole.outputs.name).map((p) => p.inputs.name), ["vpc-cni-ipv6"]);
        assert.ok(!ofType(run, T.attachment).some((a) => a.inputs.role === nodeRole.outputs.name && String(a.inputs.policyArn).endsWith("/AmazonEKS_CNI_Policy")));
    });

    it("keeps an IPv4 stack's inputs as they were: no IPv6 setting anywhere", async () => {
        const run = await runProgram(qualifiedConfig({ "network.zoneCount": "3" }));
        assert.strictEqual(single(run, T.vpc).inputs.assignGeneratedIpv6CidrBlock, undefined);
        assert.strictEqual(single(run, T.cluster).inputs.kubernetesNetworkConfig, undefined);
        assert.ok(ofType(run, T.subnet).every((s) => s.inputs.ipv6CidrBlock === undefined && s.inputs.assignIpv6AddressOnCreation === undefined));
        assert.deepStrictEqual([ofType(run, T.eigw).length, ofType(run, T.rolePolicy).filter((p) => p.inputs.name === "vpc-cni-ipv6").length], [0, 0]);
        assert.ok(ofType(run, T.attachment).some((a) => String(a.inputs.policyArn).endsWith("/AmazonEKS_CNI_Policy")));
    });

    it("keeps Auto Mode's network settings beside the family", async () => {
        const run = await runProgram(qualifiedConfig({ "network.ipFamily": "ipv6", "cluster.compute": "autoMode", nodeGroups: [] }));
        assert.deepStrictEqual(single(run, T.cluster).inputs.kubernetesNetworkConfig, { elasticLoadBalancing: { enabled: true }, ipFamily: "ipv6" });
    });

    it("refuses to change the family of a running cluster, either way", async () => {
        for (const [running, wanted] of [["ipv4", "ipv6"], ["ipv6", "ipv4"]]) {
            await assert.rejects(
                runProgram(qualifiedConfig({ "network.ipFamily": wanted }), "test", { deployedCluster: { authenticationMode: "API", ipFamily: running } }),
                (error: unknown) => error instanceof ConfigValidationError && new RegExp(`network\\.ipFamily = "${wanted}": the cluster runs the ${running} family, which EKS fixes at creation`).test(error.message),
            );
        }
        // A running cluster of the same family goes on; one created without the field reads as ipv4.
        await runProgram(qualifiedConfig({ "network.ipFamily": "ipv6" }), "test", { deployedCluster: { authenticationMode: "API", ipFamily: "ipv6" } });
        await runProgram(qualifiedConfig({}), "test", { deployedCluster: { authenticationMode: "API" } });
    });

    it("--compare plans on the base's family: an IPv6 base plans again, an IPv4 one refuses the move", async () => {
        const base = await ipv6();
        const running = deployedClusterOf(base.resources)!;
        assert.strictEqual(running.ipFamily, "ipv6");
        const again = await runProgram(qualifiedConfig({ "network.zoneCount": "3", "network.ipFamily": "ipv6" }), "test", { deployedCluster: running });
        assert.deepStrictEqual(single(again, T.cluster).inputs.kubernetesNetworkConfig, { ipFamily: "ipv6" });
        const ipv4Base = deployedClusterOf((await runProgram(qualifiedConfig({}))).resources)!;
        assert.strictEqual(ipv4Base.ipFamily, undefined, "unset: the mock answers ipv4, as EKS does");
        await assert.rejects(runProgram(qualifiedConfig({ "network.ipFamily": "ipv6" }), "test", { deployedCluster: ipv4Base }), /the cluster runs the ipv4 family/);
    });
});
