import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { eksStack } from "../testing/stackFixture";
import { awsCluster } from "../testing/fixtures";
import { UNKNOWN, validate } from "../testing/validate";
import { stackUrn, validateStack } from "../testing/validateStack";
import { controlPlaneEgressMode, zonalShift } from "./controlPlane";

describe("eks-zonal-shift", () => {
    it("flags a cluster whose nodes span three zones without zonal shift, and passes it with zonal shift on", async () => {
        const fixture = eksStack({ knownIds: true });
        const { violations } = await validateStack(zonalShift, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.cluster, "cluster")]);
        assert.match(violations[0].message, /^Cluster "cluster" runs nodes in 3 zones \(us-east-1a, us-east-1b, us-east-1c\) without ARC zonal shift/);
        fixture.get("cluster").props.zonalShiftConfig = { enabled: true };
        assert.deepStrictEqual(await validateStack(zonalShift, fixture.resources), { violations: [] });
    });

    it("counts the node groups' zones, not the control plane's, and takes minZones from config", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("general").props.subnetIds = ["private-us-east-1a-id", "private-us-east-1b-id"];
        fixture.get("general").deps!.subnetIds = ["private-us-east-1a", "private-us-east-1b"];
        assert.deepStrictEqual((await validateStack(zonalShift, fixture.resources)).violations, [], "nodes in two zones");
        const { violations } = await validateStack(zonalShift, fixture.resources, { minZones: 2 });
        assert.match(violations[0].message, /runs nodes in 2 zones \(us-east-1a, us-east-1b\)/);
    });

    it("judges a cluster without node groups by its own subnets, leaves Auto Mode alone, and notes unknown zones", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("general");
        assert.strictEqual((await validateStack(zonalShift, fixture.resources)).violations.length, 1);
        fixture.get("cluster").props.computeConfig = { enabled: true, nodePools: ["general-purpose"] };
        fixture.get("cluster").props.storageConfig = { blockStorage: { enabled: true } };
        fixture.get("cluster").props.kubernetesNetworkConfig = { elasticLoadBalancing: { enabled: true } };
        assert.deepStrictEqual((await validateStack(zonalShift, fixture.resources)).violations, [], "EKS Auto Mode");
        const unknownZone = eksStack({ knownIds: true });
        unknownZone.get("private-us-east-1a").props.availabilityZone = UNKNOWN;
        const outcome = await validateStack(zonalShift, unknownZone.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the zones of Cluster "cluster"'s nodes/);
    });
});

describe("eks-control-plane-egress-mode", () => {
    const cluster = (controlPlaneEgressMode?: string) => awsCluster({ vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true, ...(controlPlaneEgressMode ? { controlPlaneEgressMode } : {}) } });

    it("passes AWS-managed egress, set or not", async () => {
        for (const mode of [undefined, "AWS_MANAGED"]) {
            assert.deepStrictEqual(await validate(controlPlaneEgressMode, cluster(mode)), { violations: [] });
        }
    });

    it("flags CUSTOMER_ROUTED as irreversible until the cluster is acknowledged", async () => {
        const { violations } = await validate(controlPlaneEgressMode, cluster("CUSTOMER_ROUTED"));
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /routes its control plane's egress through its subnets \(controlPlaneEgressMode: CUSTOMER_ROUTED\), which EKS cannot undo on this cluster.*add "prod" to this policy's acknowledgedClusters/);
        assert.deepStrictEqual(await validate(controlPlaneEgressMode, cluster("CUSTOMER_ROUTED"), { acknowledgedClusters: ["prod"] }), { violations: [] });
        assert.strictEqual((await validate(controlPlaneEgressMode, cluster("CUSTOMER_ROUTED"), { acknowledgedClusters: ["staging"] })).violations.length, 1, "another cluster's acknowledgement");
    });
});
