import * as assert from "assert";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { eksStack } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { stackUrn, validateStack } from "../testing/validateStack";
import { hybridNodesNetworks } from "./hybridNodes";

/** eksStack with remote networks on its cluster, and (unless routed: false) their routes to the transit gateway. */
function withHybridNodes(nodes: string[], pods: string[] = [], routed = true) {
    const fixture = eksStack({ knownIds: true, vpnRoute: false });
    fixture.get("cluster").props.remoteNetworkConfig = { remoteNodeNetworks: { cidrs: nodes }, ...(pods.length > 0 ? { remotePodNetworks: { cidrs: pods } } : {}) };
    if (routed) {
        for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
            fixture.add(NETWORK.route, `route-private-${zone}-onprem`, { destinationCidrBlock: "192.168.0.0/16", transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { routeTableId: `rt-private-${zone}` });
        }
    }
    return fixture;
}

describe("eks-hybrid-nodes-networks", () => {
    it("passes RFC 1918 networks apart from the VPC and each other, routed to the on-premises gateway; and clusters without hybrid nodes", async () => {
        assert.deepStrictEqual(await validateStack(hybridNodesNetworks, withHybridNodes(["192.168.0.0/18"], ["192.168.64.0/18"]).resources), { violations: [] });
        assert.deepStrictEqual(await validateStack(hybridNodesNetworks, eksStack({ knownIds: true }).resources), { violations: [] });
    });

    it("flags a public block, one overlapping the VPC, and node and pod networks overlapping", async () => {
        const { violations } = await validateStack(hybridNodesNetworks, withHybridNodes(["203.0.113.0/24", "10.0.128.0/20", "192.168.0.0/16"], ["192.168.64.0/18"]).resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), Array(3).fill(stackUrn(AWS.cluster, "cluster")));
        assert.match(violations[0].message, /remoteNetworkConfig\.remoteNodeNetworks\.cidrs\[0\] is 203\.0\.113\.0\/24, outside the RFC 1918 ranges/);
        assert.match(violations[1].message, /remoteNetworkConfig\.remoteNodeNetworks\.cidrs\[1\] \(10\.0\.128\.0\/20\) overlaps its VPC's 10\.0\.0\.0\/16/);
        assert.match(violations[2].message, /remoteNodeNetworks\.cidrs\[2\] \(192\.168\.0\.0\/16\) overlaps remoteNetworkConfig\.remotePodNetworks\.cidrs\[0\] \(192\.168\.64\.0\/18\)/);
    });

    it("flags a node network the cluster's subnets do not route to a gateway, not a pod network", async () => {
        const { violations } = await validateStack(hybridNodesNetworks, withHybridNodes(["192.168.0.0/18"], ["172.16.0.0/18"], false).resources);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /has hybrid nodes in 192\.168\.0\.0\/18, and Subnet "private-us-east-1a", Subnet "private-us-east-1b", Subnet "private-us-east-1c" have no route to it/);
    });

    it("reads a list of one network (outputs and state), and says it cannot check unknown networks", async () => {
        const listed = withHybridNodes([]);
        listed.get("cluster").props.remoteNetworkConfig = { remoteNodeNetworks: [{ cidrs: ["203.0.113.0/24"] }] };
        assert.match((await validateStack(hybridNodesNetworks, listed.resources)).violations[0].message, /remoteNetworkConfig\.remoteNodeNetworks\[0\]\.cidrs\[0\] is 203\.0\.113\.0\/24/);
        const unknown = withHybridNodes([]);
        unknown.get("cluster").props.remoteNetworkConfig = UNKNOWN;
        const outcome = await validateStack(hybridNodesNetworks, unknown.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the remote networks of Cluster "cluster"/);
    });

    it("says it cannot tell the routes of a subnet whose route is not known yet, and judges no overlap against an unknown VPC block", async () => {
        const fixture = withHybridNodes(["192.168.0.0/18"], [], false);
        fixture.add(NETWORK.route, "route-private-us-east-1a-unknown", { destinationCidrBlock: UNKNOWN, transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { routeTableId: "rt-private-us-east-1a" });
        const outcome = await validateStack(hybridNodesNetworks, fixture.resources);
        assert.match(outcome.violations[0].message, /Subnet "private-us-east-1b", Subnet "private-us-east-1c" have no route to it/);
        assert.match(outcome.unknown!, /the routes of Subnet "private-us-east-1a"/);
        const unknownVpc = withHybridNodes(["10.0.128.0/20"]);
        unknownVpc.get("vpc").props.cidrBlock = UNKNOWN;
        const { violations } = await validateStack(hybridNodesNetworks, unknownVpc.resources);
        assert.ok(!violations.some((v) => /overlaps its VPC/.test(v.message)));
    });

    it("checks each pair once: a later network overlapping an earlier one is named on the earlier", async () => {
        const { violations } = await validateStack(hybridNodesNetworks, withHybridNodes(["192.168.0.0/18", "192.168.32.0/19"]).resources);
        assert.deepStrictEqual(violations.map((v) => v.message.replace(/^.*cidrs\[(\d)\].*overlaps remoteNetworkConfig\.remoteNodeNetworks\.cidrs\[(\d)\].*$/, "$1<$2")), ["0<1"]);
    });
});
