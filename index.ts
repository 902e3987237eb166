// eks-platform: one EKS environment per stack, from validated stack config; or, with
// `stackRole: network`, only its network, for cluster stacks on it.
import * as pulumi from "@pulumi/pulumi";
import { evaluationDate } from "./config/evaluationDate";
import { CLUSTER_NAME } from "./config/cluster";
import { loadStackConfig, projectConfig } from "./config/load";
import { ReferencedNetwork } from "./config/networkSource";
import { STACK_REFERENCE_NAME } from "./config/externalNetwork";
import { lookupAddonVersions, lookupAwsContext, lookupDeployedCluster, lookupLiveDesiredSizes, lookupRegionFacts } from "./components/awsContext";
import { names } from "./config/resourceNames";
import { declareEnvironment, declareNetworkStack } from "./components/environment";

/**
 * The `network` output of the network stack, read before validation so its ids and zones are
 * checked like network.existing and every problem is reported in one message. A stack reference
 * is a read of another stack's outputs, not a resource of this stack.
 */
async function readReferencedNetwork(name: string | undefined): Promise<ReferencedNetwork | undefined> {
    if (!name || !STACK_REFERENCE_NAME.test(name)) {
        return undefined;
    }
    const reference = new pulumi.StackReference(name);
    const details = await reference.getOutputDetails("network");
    return { stack: name, value: details.value ?? details.secretValue };
}

export = async () => {
    // Read the region first (data sources, not resources) so validation can check zones and ARNs
    // against it and report every problem in one message; a bad config fails here, before any
    // resource is declared.
    const today = evaluationDate(process.env);
    const awsContext = await lookupAwsContext();
    const region = await lookupRegionFacts(awsContext.region);
    const raw = projectConfig(pulumi.runtime.allConfig());
    const clusterName = raw["cluster.name"] ?? `${pulumi.getProject()}-${pulumi.getStack()}`;
    const networkStack = raw["stackRole"] === "network" ? undefined : raw["network.fromStack"];
    // Only a name EKS accepts can be looked up; a bad one is reported by validation below.
    const deployed = raw["stackRole"] !== "network" && CLUSTER_NAME.test(clusterName) ? await lookupDeployedCluster(clusterName) : undefined;
    const referencedNetwork = await readReferencedNetwork(networkStack);
    const loaded = loadStackConfig(raw, {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        today,
        region,
        deploying: !pulumi.runtime.isDryRun(),
        deployer: awsContext.callerArn,
        ...(deployed ? { deployed } : {}),
        ...(referencedNetwork ? { referencedNetwork } : {}),
    });
    if (loaded.role === "network") {
        return declareNetworkStack(loaded.network, pulumi.getProject());
    }
    // With the Cluster Autoscaler or a schedule, a running group's size is theirs: read it, so a
    // raised minSize never meets an older desired size (EKS refuses min > desired).
    const env = loaded.env;
    // Unpinned add-ons stay on the versions they run while the Kubernetes version stays.
    const unpinned = env.cluster.addons.filter((a) => !a.version).map((a) => a.name);
    const [liveDesiredSizes, runningAddonVersions] = await Promise.all([
        deployed && (env.addonRoles.clusterAutoscaler || env.nodeGroups.some((g) => g.schedule))
            ? lookupLiveDesiredSizes(env.cluster.name, env.nodeGroups.filter((g) => env.addonRoles.clusterAutoscaler || g.schedule).map((g) => names.nodeGroup(env.cluster.name, g.name)))
            : {},
        deployed && deployed.version === env.cluster.version && unpinned.length > 0 ? lookupAddonVersions(env.cluster.name, unpinned) : {},
    ]);
    return declareEnvironment(env, awsContext, pulumi.getProject(), { liveDesiredSizes, runningAddonVersions });
};
