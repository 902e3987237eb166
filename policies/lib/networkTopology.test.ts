import * as assert from "assert";
import { eksStack, StackFixture } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { toPolicyResources } from "../testing/validateStack";
import { NetworkTopology } from "./networkTopology";
import { ResourceGraph } from "./resourceGraph";
import { NETWORK } from "./resourceTypes";

/** The facts of one subnet, and what the graph could not resolve. */
function factsOf(fixture: StackFixture, subnet: string) {
    const graph = new ResourceGraph(toPolicyResources(fixture.resources));
    const topology = new NetworkTopology(graph);
    return { facts: topology.subnet(graph.resources.find((r) => r.name === subnet)!), unresolved: graph.unresolved, topology, graph };
}

describe("network topology: route tables and routes", () => {
    it("knows a private subnet's routes, its zone's NAT and that it maps no public IPs", () => {
        const { facts } = factsOf(eksStack({ knownIds: true }), "private-us-east-1b");
        assert.strictEqual(facts.internetRoute, false);
        assert.deepStrictEqual(facts.defaultRouteNats!.map((n) => n.name), ["nat-us-east-1b"]);
        assert.strictEqual(facts.zone, "us-east-1b");
        assert.strictEqual(facts.mapsPublicIp, false);
        assert.deepStrictEqual(facts.routes!.map((r) => [r.destination, r.target.kind]), [["0.0.0.0/0", "nat"], ["10.100.0.0/16", "other"]]);
    });

    it("reads the zone from availabilityZoneId when the name is not set, and public IPs off by default", () => {
        const fixture = eksStack({ knownIds: true });
        const subnet = fixture.get("private-us-east-1a").props;
        delete subnet.availabilityZone;
        delete subnet.mapPublicIpOnLaunch;
        subnet.availabilityZoneId = "use1-az6";
        const { facts } = factsOf(fixture, "private-us-east-1a");
        assert.strictEqual(facts.zone, "use1-az6");
        assert.strictEqual(facts.mapsPublicIp, false);
    });

    it("takes a VPC's main table from a main route table association, else from its default route table", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("assoc-private-us-east-1a");
        fixture.add(NETWORK.defaultRouteTable, "default-rt", { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-id" }] }, { defaultRouteTableId: "vpc" });
        assert.strictEqual(factsOf(fixture, "private-us-east-1a").facts.internetRoute, true, "the default route table is the main one");
        fixture.add(NETWORK.mainRouteTableAssociation, "main", {}, { vpcId: "vpc", routeTableId: "rt-private-us-east-1b" });
        const { facts } = factsOf(fixture, "private-us-east-1a");
        assert.strictEqual(facts.internetRoute, false, "an explicit main association wins over the default table");
        assert.deepStrictEqual(facts.defaultRouteNats!.map((n) => n.name), ["nat-us-east-1b"]);
    });

    it("does not guess a subnet's table while some association is unresolved", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("assoc-private-us-east-1a");
        fixture.get("assoc-private-us-east-1b").props.routeTableId = "rtb-elsewhere";
        fixture.get("assoc-private-us-east-1b").deps!.routeTableId = [];
        const { facts, unresolved } = factsOf(fixture, "private-us-east-1a");
        assert.strictEqual(facts.routes, undefined);
        assert.strictEqual(facts.internetRoute, undefined);
        assert.ok(unresolved.some((u) => /the route table of Subnet "private-us-east-1a" \(some route table associations are unresolved\)/.test(u)), unresolved.join("\n"));
    });

    it("ignores gateway associations (no subnetId)", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(NETWORK.routeTableAssociation, "assoc-gateway", { gatewayId: "vgw-0123" }, { routeTableId: "rt-public" });
        assert.strictEqual(factsOf(fixture, "private-us-east-1a").facts.internetRoute, false);
    });

    it("classifies route targets declared elsewhere by id: igw- is the internet, vgw- and others are not", () => {
        for (const [gatewayId, kind] of [["igw-0abc", "igw"], ["vgw-0abc", "other"], ["local", "other"]] as const) {
            const fixture = eksStack({ knownIds: true });
            fixture.get("rt-private-us-east-1a").props.routes = [{ cidrBlock: "198.51.100.0/24", gatewayId }];
            const { facts } = factsOf(fixture, "private-us-east-1a");
            assert.strictEqual(facts.routes!.find((r) => r.destination === "198.51.100.0/24")!.target.kind, kind, gatewayId);
            assert.strictEqual(facts.internetRoute, kind === "igw");
        }
    });

    it("resolves an inline route's unknown NAT through the table's single NAT dependency, and not from several", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("route-private-us-east-1a");
        fixture.get("rt-private-us-east-1a").props.routes = [{ cidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN }];
        fixture.get("rt-private-us-east-1a").deps!.routes = ["nat-us-east-1a"];
        assert.deepStrictEqual(factsOf(fixture, "private-us-east-1a").facts.defaultRouteNats!.map((n) => n.name), ["nat-us-east-1a"]);
        fixture.get("rt-private-us-east-1a").deps!.routes = ["nat-us-east-1a", "nat-us-east-1b"];
        const { facts, unresolved } = factsOf(fixture, "private-us-east-1a");
        assert.strictEqual(facts.routes!.find((r) => r.destination === "0.0.0.0/0")!.target.kind, "unknown");
        assert.strictEqual(facts.internetRoute, undefined, "an unknown target could be the internet");
        assert.ok(unresolved.some((u) => /has an inline route whose natGatewayId is unknown/.test(u)));
    });

    it("names an inline route to a NAT or gateway id the stack does not declare", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("rt-private-us-east-1a").props.routes = [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-0elsewhere" }];
        const { facts, unresolved } = factsOf(fixture, "private-us-east-1a");
        assert.ok(facts.routes!.some((r) => r.target.kind === "unknown"));
        assert.ok(unresolved.some((u) => /RouteTable "rt-private-us-east-1a" routes to nat-0elsewhere, which this stack does not declare/.test(u)), unresolved.join("\n"));
    });

    it("treats empty gateway and NAT ids as unset, and an unknown default route's target as unknown", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("rt-private-us-east-1a").props.routes = [{ cidrBlock: "192.0.2.0/24", gatewayId: "", natGatewayId: null }];
        assert.strictEqual(factsOf(fixture, "private-us-east-1a").facts.routes!.find((r) => r.destination === "192.0.2.0/24")!.target.kind, "other");
        const pending = eksStack({ knownIds: true });
        pending.remove("route-private-us-east-1a");
        pending.add(NETWORK.route, "route-pending", { destinationCidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN }, { routeTableId: "rt-private-us-east-1a" });
        pending.get("route-pending").deps!.natGatewayId = ["nat-us-east-1a", "nat-us-east-1b"];
        const { facts } = factsOf(pending, "private-us-east-1a");
        assert.strictEqual(facts.internetRoute, undefined, "the rules wait for an unknown default route's target");
        assert.deepStrictEqual(facts.defaultRouteNats, [], "none of its default routes is known to go through a NAT gateway");
    });

    it("reads IPv6 destinations of routes and inline routes", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("rt-private-us-east-1a").props.routes = [{ ipv6CidrBlock: "::/0", gatewayId: "igw-id" }];
        fixture.add(NETWORK.route, "route-v6", { destinationIpv6CidrBlock: "2001:db8::/32", gatewayId: "vgw-0abc" }, { routeTableId: "rt-private-us-east-1b" });
        assert.ok(factsOf(fixture, "private-us-east-1a").facts.routes!.some((r) => r.destination === "::/0" && r.target.kind === "igw"));
        assert.ok(factsOf(fixture, "private-us-east-1b").facts.routes!.some((r) => r.destination === "2001:db8::/32" && r.target.kind === "other"));
    });

    it("gives a NAT gateway the zone of its subnet", () => {
        const { topology, graph } = factsOf(eksStack({ knownIds: true }), "public-us-east-1c");
        assert.strictEqual(topology.natZone(graph.resources.find((r) => r.name === "nat-us-east-1c")!), "us-east-1c");
    });
});
