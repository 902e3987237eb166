// The names of the resources whose AWS name has a length limit, in one place: the components name
// their resources with these functions, and config validation checks every name a config will
// produce, so no allowed config fails in AWS on its first `pulumi up`.
//
// Pulumi auto-names these resources: the logical name plus "-" and 7 random hex characters (seen in
// the real stack exports of ../shared, e.g. "example-cluster-3-launchTemplate-836e22e").
import { AddonRoleName, EnvironmentConfig } from "./environment";

export const AUTONAME_SUFFIX_LENGTH = 8;
/** IAM: role names are at most 64 characters (IAM User Guide, "IAM and AWS STS quotas"). */
export const IAM_ROLE_NAME_LIMIT = 64;
/** EKS CreateNodegroup: nodegroupName is 1-63 characters. */
export const NODE_GROUP_NAME_LIMIT = 63;
/** EKS CreateFargateProfile: fargateProfileName is 1-100 characters (as config/fargateProfiles.ts). */
export const FARGATE_PROFILE_NAME_LIMIT = 100;

export const ADDON_ROLE_SLUGS: Readonly<Record<AddonRoleName, string>> = {
    ebsCsi: "ebs-csi",
    externalDns: "external-dns",
    clusterAutoscaler: "cluster-autoscaler",
    loadBalancerController: "load-balancer-controller",
};

export const names = {
    clusterRole: (cluster: string) => `${cluster}-cluster`,
    nodeRole: (cluster: string, group: string) => `${cluster}-${group}-node`,
    /** Ends in "-nodes", which no node group's role (`-node`) can produce. */
    autoModeNodeRole: (cluster: string) => `${cluster}-auto-mode-nodes`,
    fargatePodExecutionRole: (cluster: string) => `${cluster}-fargate-pod-execution`,
    /** Karpenter's component, and its interruption queue (auto-named from this). */
    karpenter: (cluster: string) => `${cluster}-karpenter`,
    karpenterControllerRole: (cluster: string) => `${cluster}-karpenter-controller`,
    /** Ends in "-nodes", which no node group's role (`-node`) can produce. */
    karpenterNodeRole: (cluster: string) => `${cluster}-karpenter-nodes`,
    /** Ends in "-nodes", which no node group's role (`-node`) can produce. */
    hybridNodesRole: (cluster: string) => `${cluster}-hybrid-nodes`,
    /** One role per capability type: `<cluster>-argocd-capability`, `-ack-capability`, `-kro-capability`. */
    capabilityRole: (cluster: string, type: string) => `${cluster}-${type.toLowerCase()}-capability`,
    /**
     * A team workload's role, by the service account it is for (a namespace is one team's): ends in
     * "-pod", which no other role name does.
     */
    teamWorkloadRole: (cluster: string, namespace: string, serviceAccount: string) => `${cluster}-${namespace}-${serviceAccount}-pod`,
    /** A team's component. */
    team: (cluster: string, team: string) => `${cluster}-team-${team}`,
    addonRoles: (cluster: string) => `${cluster}-addons`,
    addonRole: (cluster: string, addon: AddonRoleName) => `${names.addonRoles(cluster)}-${ADDON_ROLE_SLUGS[addon]}`,
    accessHost: (cluster: string) => `${cluster}-access-host`,
    nodeGroup: (cluster: string, group: string) => `${cluster}-${group}`,
    /** The component of a Fargate profile. */
    fargateProfile: (cluster: string, profile: string) => `${cluster}-${profile}`,
    /**
     * The profile itself, auto-named from this, so a changed profile is created before the old one
     * goes. Not prefixed with the cluster's name: EKS reserves the "eks-" prefix for profile names.
     */
    fargateProfileResource: (profile: string) => profile,
};

export interface LimitedName {
    /** The config key that makes the name long. */
    key: string;
    /** That key's value. */
    value: string;
    name: string;
    limit: number;
    what: string;
}

/** Every length-limited name the environment's resources get, with the key that drives it. */
export function limitedNames(env: Pick<EnvironmentConfig, "cluster" | "nodeGroups" | "fargateProfiles" | "addonRoles"> & Partial<Pick<EnvironmentConfig, "teams">>): LimitedName[] {
    const cluster = env.cluster.name;
    const role = (name: string, key = "cluster.name", value = cluster): LimitedName => ({ key, value, name, limit: IAM_ROLE_NAME_LIMIT, what: "IAM role" });
    return [
        role(names.clusterRole(cluster)),
        ...(env.cluster.compute.kind === "autoMode" ? [role(names.autoModeNodeRole(cluster))] : []),
        ...(env.fargateProfiles.length > 0 ? [role(names.fargatePodExecutionRole(cluster))] : []),
        ...(env.cluster.compute.kind === "karpenter"
            ? // The queue's auto-name (`<cluster>-karpenter-xxxxxxx`, at most 80 for SQS) is always shorter than the controller role's.
              [role(names.karpenterControllerRole(cluster)), role(names.karpenterNodeRole(cluster))]
            : []),
        ...(env.cluster.hybridNodes ? [role(names.hybridNodesRole(cluster))] : []),
        ...env.cluster.capabilities.map((capability) => role(names.capabilityRole(cluster, capability.type))),
        ...(Object.keys(env.addonRoles) as AddonRoleName[]).map((addon) => role(names.addonRole(cluster, addon))),
        ...(env.cluster.endpoint.accessHost ? [role(names.accessHost(cluster))] : []),
        ...env.nodeGroups.flatMap((group, i) => [
            role(names.nodeRole(cluster, group.name), `nodeGroups[${i}].name`, group.name),
            { key: `nodeGroups[${i}].name`, value: group.name, name: names.nodeGroup(cluster, group.name), limit: NODE_GROUP_NAME_LIMIT, what: "EKS node group" },
        ]),
        ...(env.teams ?? []).flatMap((team, i) =>
            team.workloads.map((w, j) => role(names.teamWorkloadRole(cluster, w.namespace, w.serviceAccount), `teams[${i}].workloads[${j}].serviceAccount`, w.serviceAccount)),
        ),
        ...env.fargateProfiles.map((profile, i) => ({ key: `fargateProfiles[${i}].name`, value: profile.name, name: names.fargateProfileResource(profile.name), limit: FARGATE_PROFILE_NAME_LIMIT, what: "EKS Fargate profile" })),
    ];
}
