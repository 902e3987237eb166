import * as assert from "assert";
import { nodesPrivateSubnets } from "../rules/subnets";
import { AWS } from "./resourceTypes";
import { eksStack } from "../testing/stackFixture";
import { validateStack } from "../testing/validateStack";
import { externalNetworkOf, NETWORK_ORIGIN_TAG, networkOriginTagValue } from "./networkOrigin";

/** A cluster stack whose subnets (and so route tables) another stack declares. */
function clusterStackOnly(origin?: string) {
    const fixture = eksStack({ knownIds: true });
    for (const resource of fixture.resources.filter((r) => r.type !== AWS.cluster && r.type !== AWS.nodeGroup && r.type !== AWS.role && r.type !== AWS.rolePolicyAttachment)) {
        fixture.remove(resource.name);
    }
    // A reference to another stack's resource is a plain id here, with no dependency.
    for (const resource of fixture.resources) {
        for (const key of Object.keys(resource.deps ?? {})) {
            resource.deps![key] = resource.deps![key].filter((name) => fixture.resources.some((r) => r.name === name));
        }
    }
    if (origin) {
        fixture.get("cluster").props.tags = { [NETWORK_ORIGIN_TAG]: origin };
    }
    return fixture.resources;
}

describe("a network declared in another stack", () => {
    it("makes the network rules say where it is judged, and not apply here", async () => {
        const outcome = await validateStack(nodesPrivateSubnets, clusterStackOnly("organization/eks-platform/network-shared"));
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.unknown, undefined);
        assert.match(outcome.notApplicable!, /^the network is declared in stack organization\/eks-platform\/network-shared, not in this stack \(NodeGroup "general" subnetIds refers to private-us-east-1a-id, which this stack does not declare\): judge it in that stack/);
    });

    it("says outside Pulumi for network.existing", async () => {
        const outcome = await validateStack(nodesPrivateSubnets, clusterStackOnly("existing"));
        assert.match(outcome.notApplicable!, /^the network is declared outside Pulumi \(network\.existing\)/);
    });

    it("stays 'not known yet' for a cluster whose network origin is not recorded", async () => {
        const outcome = await validateStack(nodesPrivateSubnets, clusterStackOnly());
        assert.strictEqual(outcome.notApplicable, undefined);
        assert.match(outcome.unknown!, /which this stack does not declare/);
    });
});

describe("the network origin tag", () => {
    it("is eks-platform:network, valued with the stack reference or existing", () => {
        assert.strictEqual(NETWORK_ORIGIN_TAG, "eks-platform:network");
        assert.strictEqual(networkOriginTagValue({ kind: "stack", stack: "organization/eks-platform/network-shared" }), "organization/eks-platform/network-shared");
        assert.strictEqual(networkOriginTagValue({ kind: "existing" }), "existing");
    });

    it("is read from the first cluster that has a non-empty one", () => {
        const cluster = (tags?: Record<string, string>) => ({ props: tags ? { tags } : {} }) as never;
        assert.strictEqual(externalNetworkOf([cluster(), cluster({ [NETWORK_ORIGIN_TAG]: "" }), cluster({ [NETWORK_ORIGIN_TAG]: "org/p/s" })]), "in stack org/p/s");
        assert.strictEqual(externalNetworkOf([cluster({ [NETWORK_ORIGIN_TAG]: "" })]), undefined);
        assert.strictEqual(externalNetworkOf([]), undefined);
    });
});
