// What the program asks AWS before validating and declaring anything: partition, account, region
// and the region's zones. These are data-source reads, not resources.
import * as aws from "@pulumi/aws";
import { DeployedCluster } from "../config/transitions";
import { RegionFacts } from "../config/zones";
import { AwsContext } from "./policyDocuments";

/** The stack's partition, account and region, and who runs the program (the creator of a new cluster). */
export async function lookupAwsContext(): Promise<AwsContext & { callerArn: string }> {
    const [partition, identity, region] = await Promise.all([aws.getPartition(), aws.getCallerIdentity(), aws.getRegion()]);
    return { partition: partition.partition, accountId: identity.accountId, region: region.region, callerArn: identity.arn };
}

/**
 * The region's standard zones with their IDs, in name order. No `state` filter: a zone that is
 * impaired during a later `pulumi up` must not drop out of the derived choice (config/zones.ts).
 * `opt-in-not-required` leaves out Local and Wavelength Zones, where EKS places no control plane.
 */
export async function lookupRegionFacts(region: string): Promise<RegionFacts> {
    const zones = await aws.getAvailabilityZones({ filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] });
    const listed = zones.names.map((name, i) => ({ name, id: zones.zoneIds[i] }));
    return { region, zones: listed.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** The tag the program puts on its cluster to remember how secrets are encrypted (getCluster does not say). */
export const SECRETS_ENCRYPTION_TAG = "eks-platform:secrets-encryption";

/**
 * The cluster as deployed, when it exists: what later config must not undo. EKS refuses to remove
 * secrets encryption or to go back from access entries, so config checks transitions against it.
 */
export async function lookupDeployedCluster(name: string): Promise<DeployedCluster | undefined> {
    try {
        const cluster = await aws.eks.getCluster({ name });
        const encryption = cluster.tags?.[SECRETS_ENCRYPTION_TAG];
        const autoModeNodeRoleArn = cluster.computeConfigs?.[0]?.nodeRoleArn;
        const ipFamily = cluster.kubernetesNetworkConfigs?.[0]?.ipFamily;
        const tier = cluster.controlPlaneScalingConfigs?.[0]?.tier;
        const egressMode = cluster.vpcConfig?.controlPlaneEgressMode;
        return {
            authenticationMode: cluster.accessConfigs?.[0]?.authenticationMode,
            autoMode: cluster.computeConfigs?.[0]?.enabled === true,
            ...(autoModeNodeRoleArn ? { autoModeNodeRoleArn } : {}),
            ...(cluster.version ? { version: cluster.version } : {}),
            zoneIds: await subnetZoneIds(cluster.vpcConfig?.subnetIds ?? []),
            ...(encryption ? { secretsEncryption: encryption } : {}),
            ...(ipFamily ? { ipFamily } : {}),
            zonalShift: cluster.zonalShiftConfigs?.[0]?.enabled === true,
            ...(tier ? { controlPlaneTier: tier } : {}),
            ...(egressMode ? { controlPlaneEgressMode: egressMode } : {}),
        };
    } catch (error) {
        // The first `pulumi up`: the cluster does not exist yet (ResourceNotFoundException).
        if (isNotFound(error)) {
            return undefined;
        }
        throw error;
    }
}

/** A data-source read of something that does not exist, as the provider reports it. */
function isNotFound(error: unknown): boolean {
    return /couldn't find resource|not found|ResourceNotFoundException/i.test(String((error as Error).message ?? error));
}

/** The zone IDs of subnets, in first-seen order: where the control plane was created. */
async function subnetZoneIds(subnetIds: readonly string[]): Promise<string[]> {
    const subnets = await Promise.all(subnetIds.map((id) => aws.ec2.getSubnet({ id })));
    return [...new Set(subnets.map((s) => s.availabilityZoneId))];
}

/**
 * The desired sizes the node groups run at now, by the name this program gives each group's
 * resource: Pulumi names the EKS group `<resource name>-<7 hex characters>`. With the Cluster
 * Autoscaler the live size is the autoscaler's, not the one the stack last set (components/nodeGroup.ts).
 */
export async function lookupLiveDesiredSizes(clusterName: string, resourceNames: readonly string[]): Promise<Record<string, number>> {
    const { names } = await aws.eks.getNodeGroups({ clusterName });
    const found = await Promise.all(
        resourceNames.map(async (resourceName) => {
            const pattern = new RegExp(`^${resourceName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9a-f]{7}$`);
            const live = names.find((n) => pattern.test(n));
            const desired = live ? (await aws.eks.getNodeGroup({ clusterName, nodeGroupName: live })).scalingConfigs?.[0]?.desiredSize : undefined;
            return typeof desired === "number" ? ([resourceName, desired] as const) : undefined;
        }),
    );
    return Object.fromEntries(found.filter((entry): entry is readonly [string, number] => entry !== undefined));
}

/**
 * The versions the cluster's add-ons run, by add-on name; one that is not installed is left out.
 * An add-on without a pinned version stays on its version until the Kubernetes version moves: EKS's
 * default for a Kubernetes version changes when AWS publishes a new build, and following it would
 * roll the add-on on any `pulumi up`.
 */
export async function lookupAddonVersions(clusterName: string, addonNames: readonly string[]): Promise<Record<string, string>> {
    const found = await Promise.all(
        addonNames.map(async (addonName) => {
            try {
                return [addonName, (await aws.eks.getAddon({ clusterName, addonName })).addonVersion] as const;
            } catch (error) {
                if (isNotFound(error)) {
                    return undefined;
                }
                throw error;
            }
        }),
    );
    return Object.fromEntries(found.filter((entry): entry is readonly [string, string] => entry !== undefined));
}
