// The cluster as the base of a comparison left it: `--compare` plans the change as a second
// `pulumi up` on what the base declared, so what a running cluster keeps (its creation zones, its
// authentication mode, Auto Mode's settings, its version, its add-ons' versions, its IP family and
// control-plane settings) is kept in the plan too.
import { SECRETS_ENCRYPTION_TAG } from "../components/awsContext";
import { MOCK_AUTO_MODE_NODE_ROLE_ARN, MockDeployedCluster, TEST_REGION_ZONES, UNKNOWN } from "./mockRun";

interface BaseResource {
    urn: string;
    type: string;
    inputs?: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
}

const CLUSTER = "aws:eks/cluster:Cluster";
const SUBNET = "aws:ec2/subnet:Subnet";
const ADDON = "aws:eks/addon:Addon";

const known = (value: unknown): value is string => typeof value === "string" && value !== "" && value !== UNKNOWN;

/** The base's cluster as the mocked account runs it, or undefined when the base declared none. */
export function deployedClusterOf(base: readonly BaseResource[]): MockDeployedCluster | undefined {
    const cluster = base.find((r) => r.type === CLUSTER && r.inputs);
    if (!cluster) {
        return undefined;
    }
    const inputs = cluster.inputs!;
    const access = inputs.accessConfig as { authenticationMode?: unknown } | undefined;
    const compute = inputs.computeConfig as { enabled?: unknown; nodeRoleArn?: unknown } | undefined;
    const tags = (inputs.tags ?? {}) as Record<string, unknown>;
    const ipFamily = (inputs.kubernetesNetworkConfig as { ipFamily?: unknown } | undefined)?.ipFamily;
    const tier = (inputs.controlPlaneScalingConfig as { tier?: unknown } | undefined)?.tier;
    const egressMode = (inputs.vpcConfig as { controlPlaneEgressMode?: unknown } | undefined)?.controlPlaneEgressMode;
    const encryption = tags[SECRETS_ENCRYPTION_TAG];
    return {
        authenticationMode: known(access?.authenticationMode) ? access!.authenticationMode : "API",
        ...(known(encryption) ? { tags: { [SECRETS_ENCRYPTION_TAG]: encryption } } : {}),
        ...(compute ? { autoMode: compute.enabled === true, autoModeNodeRoleArn: known(compute.nodeRoleArn) ? compute.nodeRoleArn : MOCK_AUTO_MODE_NODE_ROLE_ARN } : {}),
        ...(known(inputs.version) ? { version: inputs.version } : {}),
        // Unset is ipv4, as DescribeCluster answers for a cluster created without it.
        ...(known(ipFamily) ? { ipFamily } : {}),
        ...((inputs.zonalShiftConfig as { enabled?: unknown } | undefined)?.enabled === true ? { zonalShift: true } : {}),
        ...(known(tier) ? { controlPlaneTier: tier } : {}),
        ...(known(egressMode) ? { controlPlaneEgressMode: egressMode } : {}),
        ...zonesOf(cluster, base),
        ...addonVersionsOf(base),
    };
}

/** The versions the base's add-ons were declared at: what they run when the head is planned. */
function addonVersionsOf(base: readonly BaseResource[]): { addonVersions?: Record<string, string> } {
    const versions = Object.fromEntries(
        base.filter((r) => r.type === ADDON && known(r.inputs?.addonName) && known(r.inputs?.addonVersion)).map((r) => [r.inputs!.addonName as string, r.inputs!.addonVersion as string]),
    );
    return Object.keys(versions).length > 0 ? { addonVersions: versions } : {};
}

/** The zone IDs of the subnets the base placed its control plane in, when the base says. */
function zonesOf(cluster: BaseResource, base: readonly BaseResource[]): { zoneIds?: string[] } {
    const sources = new Set(cluster.propertyDependencies?.vpcConfig ?? []);
    const zoneNames = base.filter((r) => r.type === SUBNET && sources.has(r.urn)).map((r) => r.inputs?.availabilityZone);
    const ids = zoneNames.map((name) => TEST_REGION_ZONES.find((z) => z.name === name)?.id);
    // A network from elsewhere (no subnets of this stack), or a zone the mock does not know: the
    // comparison cannot tell the creation zones, and plans the cluster on every zone, as before.
    return ids.length > 0 && ids.every((id): id is string => id !== undefined) ? { zoneIds: [...new Set(ids)] } : {};
}
