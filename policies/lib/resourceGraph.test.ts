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

describe("resource graph: identities, order and unresolved references", () => {
    const graphOfEntries = (entries: { type: string; name: string; props: Record<string, unknown>; deps?: Record<string, string[]> }[]) => new ResourceGraph(toPolicyResources(entries));

    it("finds a resource by id, ARN, name or a VPC's default route table id, never by an empty value, and one resource once", () => {
        const graph = graphOfEntries([
            { type: AWS.vpc, name: "vpc", props: { id: "vpc-1", arn: "arn:vpc", name: "", defaultRouteTableId: "rtb-main" } },
            { type: AWS.role, name: "role", props: { id: "same", arn: "arn:role", name: "same" } },
        ]);
        assert.strictEqual(graph.byIdentifier("vpc-1", [AWS.vpc])?.name, "vpc");
        assert.strictEqual(graph.byIdentifier("arn:vpc", [AWS.vpc])?.name, "vpc");
        assert.strictEqual(graph.byIdentifier("rtb-main", [AWS.vpc])?.name, "vpc");
        assert.strictEqual(graph.byIdentifier("", [AWS.vpc]), undefined);
        assert.strictEqual(graph.byIdentifier("vpc-1", [AWS.role]), undefined, "only of the types asked for");
        assert.strictEqual(graph.byIdentifier("same", [AWS.role])?.name, "role");
        assert.strictEqual(graph.byIdentifier("nothing", [AWS.role]), undefined);
    });

    it("lists resources of several types in stack order, and of one type in its own order", () => {
        const graph = graphOfEntries([
            { type: AWS.subnet, name: "s1", props: {} },
            { type: AWS.vpc, name: "v1", props: {} },
            { type: AWS.subnet, name: "s2", props: {} },
            { type: AWS.vpc, name: "v2", props: {} },
        ]);
        assert.deepStrictEqual(graph.ofType(AWS.vpc, AWS.subnet).map((r) => r.name), ["s1", "v1", "s2", "v2"]);
        assert.deepStrictEqual(graph.ofType(AWS.vpc).map((r) => r.name), ["v1", "v2"]);
        assert.deepStrictEqual(graph.ofType(AWS.vpc, AWS.vpc).map((r) => r.name), ["v1", "v2"], "a type named twice counts once");
    });

    it("follows a nested path, refers to nothing through an absent parent, and to the dependencies through an unknown one", () => {
        const graph = graphOfEntries([
            { type: AWS.subnet, name: "a", props: { id: "subnet-a" } },
            { type: AWS.subnet, name: "b", props: { id: "subnet-b" } },
            { type: AWS.cluster, name: "known", props: { vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] } } },
            { type: AWS.cluster, name: "absent", props: {} },
            { type: AWS.cluster, name: "unknown", props: { vpcConfig: UNKNOWN }, deps: { vpcConfig: ["a", "b"] } },
            { type: AWS.cluster, name: "partly", props: { vpcConfig: { subnetIds: ["subnet-a", UNKNOWN] } }, deps: { vpcConfig: ["a"] } },
        ]);
        const cluster = (name: string) => graph.resources.find((r) => r.name === name)!;
        const path = ["vpcConfig", "subnetIds"];
        assert.deepStrictEqual(graph.references(cluster("known"), path, [AWS.subnet], true), { resolved: true, targets: [cluster("a"), cluster("b")] });
        assert.deepStrictEqual(graph.references(cluster("absent"), path, [AWS.subnet], true), { resolved: true, targets: [] });
        assert.deepStrictEqual(graph.references(cluster("unknown"), path, [AWS.subnet], true), {
            resolved: false,
            reason: 'Cluster "unknown" vpcConfig.subnetIds has an unknown number of values and 2 matching dependencies, which do not identify them',
        });
        assert.deepStrictEqual(graph.references(cluster("partly"), path, [AWS.subnet], true), {
            resolved: false,
            reason: 'Cluster "partly" vpcConfig.subnetIds has 2 unknown values and 1 matching dependencies, which do not identify them',
        });
    });

    it("resolves a single unknown reference through one matching dependency, and says so when there is none", () => {
        const graph = graphOfEntries([
            { type: AWS.role, name: "role", props: {} },
            { type: AWS.nodeGroup, name: "one", props: { nodeRoleArn: UNKNOWN }, deps: { nodeRoleArn: ["role"] } },
            { type: AWS.nodeGroup, name: "none", props: { nodeRoleArn: UNKNOWN } },
        ]);
        const of = (name: string) => graph.resources.find((r) => r.name === name)!;
        assert.deepStrictEqual(graph.references(of("one"), ["nodeRoleArn"], [AWS.role]), { resolved: true, targets: [of("role")] });
        assert.deepStrictEqual(graph.references(of("none"), ["nodeRoleArn"], [AWS.role]), {
            resolved: false,
            reason: 'NodeGroup "none" nodeRoleArn has 1 unknown value and 0 matching dependencies, which do not identify them',
        });
    });

    it("records a reference to a network declared elsewhere apart, only for network types", () => {
        const graph = graphOfEntries([{ type: AWS.nodeGroup, name: "ng", props: { subnetIds: ["subnet-x"], nodeRoleArn: "arn:role/elsewhere" } }]);
        graph.externalNetwork = "in stack org/p/network";
        const ng = graph.resources[0];
        assert.strictEqual(graph.targetsOrNote(graph.references(ng, ["subnetIds"], [AWS.subnet], true)), undefined);
        assert.strictEqual(graph.targetsOrNote(graph.references(ng, ["nodeRoleArn"], [AWS.role])), undefined);
        assert.deepStrictEqual(graph.elsewhere, ['NodeGroup "ng" subnetIds refers to subnet-x, which this stack does not declare']);
        assert.deepStrictEqual(graph.unresolved, ['NodeGroup "ng" nodeRoleArn refers to arn:role/elsewhere, which this stack does not declare']);
    });

    it("orders the referrers of several targets as the stack does", () => {
        const graph = graphOfEntries([
            { type: AWS.role, name: "r1", props: { arn: "arn:r1" } },
            { type: AWS.role, name: "r2", props: { arn: "arn:r2" } },
            { type: AWS.rolePolicyAttachment, name: "a-r2", props: { role: "arn:r2" } },
            { type: AWS.rolePolicyAttachment, name: "b-r1", props: { role: "arn:r1" } },
            { type: AWS.rolePolicyAttachment, name: "c-r2", props: { role: "arn:r2" } },
        ]);
        const [r1, r2] = graph.resources;
        const index = graph.referrers("attachments", () => graph.ofType(AWS.rolePolicyAttachment), ["role"], [AWS.role]);
        assert.deepStrictEqual(index.of(r2.urn, r1.urn).map((r) => r.name), ["a-r2", "b-r1", "c-r2"]);
        assert.deepStrictEqual(index.of(r2.urn).map((r) => r.name), ["a-r2", "c-r2"]);
        assert.strictEqual(index.someUnresolved, false);
    });
});
