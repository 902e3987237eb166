import * as assert from "assert";
import { eksStack } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { toPolicyResources } from "../testing/validateStack";
import { NetworkTopology } from "./networkTopology";
import { ResourceGraph } from "./resourceGraph";
import { AWS, NETWORK } from "./resourceTypes";

function graphOf(fixture: ReturnType<typeof eksStack>): ResourceGraph {
    return new ResourceGraph(toPolicyResources(fixture.resources));
}

const byName = (graph: ResourceGraph, name: string) => graph.resources.find((r) => r.name === name)!;

describe("resource graph", () => {
    it("indexes what refers to a resource once, in stack order, and says when some reference is unresolved", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(AWS.rolePolicyAttachment, "cluster-role-AmazonEKSClusterPolicy", { policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" }, { role: "cluster-role.name" });
        const graph = graphOf(fixture);
        const select = () => graph.ofType(AWS.rolePolicyAttachment);
        const attachments = graph.referrers("attachments by role", select, ["role"], [AWS.role]);
        const urn = (name: string) => byName(graph, name).urn;
        assert.deepStrictEqual(attachments.of(urn("node-role")).map((a) => a.name), ["node-role-AmazonEKSWorkerNodePolicy", "node-role-AmazonEKS_CNI_Policy", "node-role-AmazonEC2ContainerRegistryPullOnly", "node-role-AmazonSSMManagedInstanceCore"]);
        assert.deepStrictEqual(attachments.of(urn("cluster-role"), urn("node-role")).map((a) => a.name)[0], "node-role-AmazonEKSWorkerNodePolicy", "several targets: stack order, not target order");
        assert.deepStrictEqual(attachments.of(urn("fargate-role")), []);
        assert.strictEqual(attachments.someUnresolved, false);
        assert.strictEqual(graph.referrers("attachments by role", () => assert.fail("built twice"), ["role"], [AWS.role]), attachments);

        fixture.add(AWS.rolePolicyAttachment, "elsewhere", { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", role: "a-role-of-another-stack" });
        const withForeign = graphOf(fixture);
        assert.strictEqual(withForeign.referrers("attachments by role", () => withForeign.ofType(AWS.rolePolicyAttachment), ["role"], [AWS.role]).someUnresolved, true);
    });

    it("resolves references through known ids (an existing stack)", () => {
        const graph = graphOf(eksStack({ knownIds: true }));
        const resolution = graph.references(byName(graph, "apps"), ["subnetIds"], [AWS.subnet], true);
        assert.ok(resolution.resolved);
        assert.deepStrictEqual(resolution.targets.map((t) => t.name), ["private-us-east-1a", "private-us-east-1b", "private-us-east-1c"]);
        const role = graph.references(byName(graph, "general"), ["nodeRoleArn"], [AWS.role]);
        assert.ok(role.resolved && role.targets[0].name === "node-role");
    });

    it("resolves unknown references through propertyDependencies when they identify the targets (a new stack)", () => {
        const graph = graphOf(eksStack({ knownIds: false }));
        const subnets = graph.references(byName(graph, "cluster"), ["vpcConfig", "subnetIds"], [AWS.subnet], true);
        assert.ok(subnets.resolved);
        assert.strictEqual(subnets.targets.length, 3, "the security group dependency of vpcConfig is filtered out by type");
        const nat = graph.references(byName(graph, "route-private-us-east-1b"), ["natGatewayId"], [NETWORK.natGateway]);
        assert.ok(nat.resolved && nat.targets[0].name === "nat-us-east-1b");
    });

    it("does not guess when dependencies are coarser than the value (the real @pulumi/eks Fargate case)", () => {
        const fixture = eksStack({ knownIds: false });
        const apps = fixture.get("apps");
        apps.props.subnetIds = [UNKNOWN, UNKNOWN, UNKNOWN];
        apps.deps!.subnetIds = fixture.resources.filter((r) => r.type === AWS.subnet).map((r) => r.name);
        const graph = graphOf(fixture);
        const resolution = graph.references(byName(graph, "apps"), ["subnetIds"], [AWS.subnet], true);
        assert.deepStrictEqual(resolution, { resolved: false, reason: 'FargateProfile "apps" subnetIds has 3 unknown values and 6 matching dependencies, which do not identify them' });
    });

    it("uses known values even when dependencies are coarse", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("apps").deps!.subnetIds = fixture.resources.filter((r) => r.type === AWS.subnet).map((r) => r.name);
        const graph = graphOf(fixture);
        const resolution = graph.references(byName(graph, "apps"), ["subnetIds"], [AWS.subnet], true);
        assert.ok(resolution.resolved && resolution.targets.length === 3);
    });

    it("says a known id the stack does not declare is unresolved", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("apps").props.subnetIds = ["subnet-0external"];
        const graph = graphOf(fixture);
        const resolution = graph.references(byName(graph, "apps"), ["subnetIds"], [AWS.subnet], true);
        assert.deepStrictEqual(resolution, { resolved: false, reason: 'FargateProfile "apps" subnetIds refers to subnet-0external, which this stack does not declare' });
    });

    it("treats an absent property as referring to nothing", () => {
        const graph = graphOf(eksStack({ knownIds: true }));
        assert.deepStrictEqual(graph.references(byName(graph, "cluster"), ["vpcConfig", "vpcId"], [AWS.vpc]), { resolved: true, targets: [] });
    });
});

describe("network topology", () => {
    for (const knownIds of [true, false]) {
        it(`classifies public and private subnets and finds each zone's NAT (${knownIds ? "known ids" : "unknown ids"})`, () => {
            const graph = graphOf(eksStack({ knownIds }));
            const network = new NetworkTopology(graph);
            const pub = network.subnet(byName(graph, "public-us-east-1b"));
            const priv = network.subnet(byName(graph, "private-us-east-1b"));
            assert.strictEqual(pub.internetRoute, true);
            assert.strictEqual(priv.internetRoute, false);
            assert.deepStrictEqual(priv.defaultRouteNats!.map((n) => n.name), ["nat-us-east-1b"]);
            assert.strictEqual(network.natZone(priv.defaultRouteNats![0]), "us-east-1b");
            assert.strictEqual(priv.vpc!.name, "vpc");
        });
    }

    it("falls back to the VPC's main route table for a subnet without association", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("assoc-private-us-east-1a");
        const graph = graphOf(fixture);
        assert.strictEqual(new NetworkTopology(graph).subnet(byName(graph, "private-us-east-1a")).internetRoute, false, "AWS's own main table has only local routes");
        fixture.add(NETWORK.mainRouteTableAssociation, "main", {}, { vpcId: "vpc", routeTableId: "rt-public" });
        const withMain = graphOf(fixture);
        assert.strictEqual(new NetworkTopology(withMain).subnet(byName(withMain, "private-us-east-1a")).internetRoute, true);
    });

    it("reads inline routes on a route table", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("rt-private-us-east-1a").props.routes = [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-id" }];
        const graph = graphOf(fixture);
        assert.strictEqual(new NetworkTopology(graph).subnet(byName(graph, "private-us-east-1a")).internetRoute, true);
    });
});
