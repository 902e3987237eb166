// Composes the components of one environment from its validated config.
import * as pulumi from "@pulumi/pulumi";
import { coreDnsOnFargate } from "../config/addonConfiguration";
import { mergeMaps } from "../config/mergeMaps";
import { EnvironmentConfig, NetworkConfig, NetworkStackConfig } from "../config/environment";
import { NETWORK_ORIGIN_TAG, networkOriginTagValue } from "../policies/lib/networkOrigin";
import { ExternalNetwork } from "./externalNetwork";
import { names } from "../config/resourceNames";
import { AccessHost, portForwardCommand } from "./accessHost";
import { Addons, addonsAfterCompute, addonsBeforeCompute } from "./addons";
import { AddonRoles } from "./addonRoles";
import { Cluster } from "./cluster";
import { FargateProfile } from "./fargateProfile";
import { Capabilities } from "./capabilities";
import { HybridNodes } from "./hybridNodes";
import { Karpenter } from "./karpenter";
import { helmInstallCommand, nodeClassManifest } from "./karpenterInstall";
import { Network } from "./network";
import { NodeGroup } from "./nodeGroup";
import { AwsContext } from "./policyDocuments";
import { Roles } from "./roles";
import { Team } from "./teams";

/**
 * What a network stack exports for the cluster stacks on it (network.fromStack reads it), in the
 * shape of network.existing. Zones are zone IDs: the same physical zone in every account, where
 * zone names are shuffled per account (a VPC shared with another account through AWS RAM).
 */
export interface NetworkExport {
    vpcId: pulumi.Output<string>;
    vpcCidr: string;
    privateSubnets: { id: pulumi.Output<string>; zone: string }[];
    publicSubnets: { id: pulumi.Output<string>; zone: string }[];
    natGatewayPublicIps: pulumi.Output<string>[];
    privateRouteTableIds: pulumi.Output<string>[];
}

export interface EnvironmentOutputs {
    /** The network in the shape network.fromStack reads: another cluster stack can run on it. */
    network: NetworkExport;
    clusterName: pulumi.Output<string>;
    clusterEndpoint: pulumi.Output<string>;
    kubeconfig: pulumi.Output<string>;
    vpcId: pulumi.Output<string>;
    publicSubnetIds: pulumi.Output<string>[];
    privateSubnetIds: pulumi.Output<string>[];
    natGatewayPublicIps: pulumi.Output<string>[];
    /** The zones in use, by name and ID: copy them into network.zones to pin them. */
    availabilityZones: { name: string; id: string }[];
    /** For the stack that routes the private access networks (network.acknowledgeExternalRouting). */
    privateRouteTableIds: pulumi.Output<string>[];
    /** Node role ARN per node group (each group has its own role). */
    nodeRoleArns: Record<string, pulumi.Output<string>>;
    /** IAM role ARN per add-on, bound with EKS Pod Identity. */
    addonRoleArns: Record<string, pulumi.Output<string>>;
    fargatePodExecutionRoleArn?: pulumi.Output<string>;
    /** The role EKS Auto Mode gives its nodes (cluster.compute autoMode). */
    autoModeNodeRoleArn?: pulumi.Output<string>;
    /** What Karpenter's chart and first EC2NodeClass need (cluster.compute karpenter). */
    karpenter?: KarpenterOutputs;
    accessHostInstanceId?: pulumi.Output<string>;
    /** The Session Manager command that forwards localhost:8443 to the private endpoint. */
    accessHostPortForwardCommand?: pulumi.Output<string>;
}

export interface KarpenterOutputs {
    controllerRoleArn: pulumi.Output<string>;
    nodeRoleName: pulumi.Output<string>;
    interruptionQueueName: pulumi.Output<string>;
    namespace: string;
    serviceAccount: string;
    /** `helm upgrade --install` with the cluster's values (karpenterInstall.ts). */
    helmInstallCommand: pulumi.Output<string>;
    /** A first EC2NodeClass and NodePool, for `kubectl apply -f -`. */
    nodeClassManifest: pulumi.Output<string>;
}

export function baseTags(env: Pick<EnvironmentConfig, "tags" | "environment">, project: string): Record<string, string> {
    return { ...env.tags, "eks-platform:environment": env.environment, "eks-platform:project": project, ManagedBy: "pulumi" };
}

/**
 * Every add-on's configuration values (JSON), the project's settings with the user's laid on them
 * (config/addonConfiguration.ts refused what contradicts them). Without user values the project's
 * JSON is exactly what it always was, so running add-ons see no change.
 */
export function addonConfigurationValues(env: EnvironmentConfig, region: string, podSubnets: readonly { zone: string; subnet: { id: pulumi.Output<string> } }[] = []): Record<string, pulumi.Input<string>> {
    const project: Record<string, pulumi.Input<Record<string, unknown>>> = {};
    const vpcCni = vpcCniConfiguration(env, region, podSubnets);
    if (vpcCni) {
        project["vpc-cni"] = vpcCni;
    }
    if (coreDnsOnFargate(env.fargateProfiles)) {
        project.coredns = { computeType: "Fargate" };
    }
    const values: Record<string, pulumi.Input<string>> = {};
    for (const addon of env.cluster.addons) {
        const own = project[addon.name];
        const user = addon.configurationValues;
        if (own && user) {
            values[addon.name] = pulumi.output(own).apply((o) => JSON.stringify(mergeMaps(o as Record<string, unknown>, user)));
        } else if (own) {
            values[addon.name] = pulumi.output(own).apply((o) => JSON.stringify(o));
        } else if (user) {
            values[addon.name] = JSON.stringify(user);
        }
    }
    return values;
}

/**
 * The vpc-cni add-on's configuration for the project's settings: prefix delegation with one warm
 * /28 prefix per node (EKS User Guide, cni-increase-ip-addresses-procedure.adoc; the add-on takes
 * the daemon's environment under `env`, eks-networking-add-ons.adoc). Managed node groups created
 * after it get their max pods from it (the node groups depend on this add-on).
 */
export function vpcCniConfiguration(env: EnvironmentConfig, region: string, podSubnets: readonly { zone: string; subnet: { id: pulumi.Output<string> } }[] = []): pulumi.Input<Record<string, unknown>> | undefined {
    const daemon: Record<string, string> = env.cluster.vpcCni.prefixDelegation ? { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" } : {};
    if (podSubnets.length === 0) {
        return Object.keys(daemon).length > 0 ? { env: daemon } : undefined;
    }
    // Custom networking: pods get ENIs in the pod subnet of their node's zone, through an ENIConfig
    // per zone that the add-on creates (its configuration schema's eniConfig: create, region, and
    // subnets by zone; without securityGroups the node's primary ENI's are used), selected by the
    // nodes' zone label (aws/amazon-vpc-cni-k8s README: AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG,
    // ENI_CONFIG_LABEL_DEF; EKS User Guide, cni-custom-network-tutorial.adoc).
    return pulumi.all(podSubnets.map((p) => p.subnet.id)).apply((ids) => ({
        env: { ...daemon, AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" },
        eniConfig: { create: true, region, subnets: Object.fromEntries(podSubnets.map((p, i) => [p.zone, { id: ids[i] }])) },
    }));
}

/** The network's ids, from the Network it declares or the one declared elsewhere. */
interface EnvironmentNetwork {
    vpcId: pulumi.Output<string>;
    publicSubnetIds: pulumi.Output<string>[];
    privateSubnetIds: pulumi.Output<string>[];
    natGatewayPublicIps: pulumi.Output<string>[];
    privateRouteTableIds: pulumi.Output<string>[];
}

function networkExport(config: NetworkConfig, network: EnvironmentNetwork): NetworkExport {
    const external = config.external;
    const zoneIds = config.zones.map((z) => z.id);
    return {
        vpcId: network.vpcId,
        vpcCidr: config.vpcCidr,
        privateSubnets: external ? external.privateSubnets.map((s) => ({ id: pulumi.output(s.id), zone: s.zone.id })) : network.privateSubnetIds.map((id, i) => ({ id, zone: zoneIds[i] })),
        publicSubnets: external ? external.publicSubnets.map((s) => ({ id: pulumi.output(s.id), zone: s.zone.id })) : network.publicSubnetIds.map((id, i) => ({ id, zone: zoneIds[i] })),
        natGatewayPublicIps: network.natGatewayPublicIps,
        privateRouteTableIds: network.privateRouteTableIds,
    };
}

/**
 * The subnets the control plane is placed in: the private ones when there are any, in the zones it
 * keeps (a running cluster stays in its creation zones; config/transitions.ts).
 */
export function controlPlaneSubnetIds(config: NetworkConfig, network: EnvironmentNetwork): pulumi.Output<string>[] {
    const { privateSubnets, publicSubnets } = networkExport(config, network);
    return (privateSubnets.length > 0 ? privateSubnets : publicSubnets).filter((s) => config.controlPlaneZoneIds.includes(s.zone)).map((s) => s.id);
}

/** A network-only stack (stackRole: network): the VPC, exported as `network` for cluster stacks on it. */
export function declareNetworkStack(config: NetworkStackConfig, project: string): { network: NetworkExport; vpcId: pulumi.Output<string> } {
    const tags = baseTags(config, project);
    const network = new Network(config.name, { clusterName: config.name, config: config.network, tags, protect: config.protect, ownershipTag: false });
    return { network: networkExport(config.network, network), vpcId: network.vpcId };
}

/** What the program read from the running cluster before declaring it. */
export interface RunningState {
    /** The running groups' desired sizes by resource name, when the autoscaler owns them. */
    liveDesiredSizes?: Readonly<Record<string, number>>;
    /** The versions unpinned add-ons run, while the Kubernetes version does not move. */
    runningAddonVersions?: Readonly<Record<string, string>>;
}

export function declareEnvironment(env: EnvironmentConfig, awsContext: AwsContext, project: string, running: RunningState = {}): EnvironmentOutputs {
    const liveDesiredSizes = running.liveDesiredSizes ?? {};
    const runningAddonVersions = running.runningAddonVersions ?? {};
    const clusterName = env.cluster.name;
    const tags = baseTags(env, project);

    const external = env.network.external;
    const network: EnvironmentNetwork = external
        ? new ExternalNetwork(clusterName, { clusterName, config: external })
        : new Network(clusterName, { clusterName, config: env.network, tags, protect: env.protect, karpenterDiscovery: env.cluster.compute.kind === "karpenter" });
    const roles = new Roles(clusterName, {
        clusterName,
        aws: awsContext,
        nodeGroups: env.nodeGroups,
        fargate: env.fargateProfiles.length > 0,
        autoMode: env.cluster.compute.kind === "autoMode",
        ipFamily: env.network.ipFamily,
        tags,
    });
    const controlPlaneSubnets = controlPlaneSubnetIds(env.network, network);
    const accessHostConfig = env.cluster.endpoint.accessHost;
    const accessHost = accessHostConfig
        ? new AccessHost(clusterName, { clusterName, config: accessHostConfig, aws: awsContext, vpcId: network.vpcId, subnetId: network.privateSubnetIds[0], tags })
        : undefined;
    const cluster = new Cluster(clusterName, {
        config: env.cluster,
        aws: awsContext,
        vpcId: network.vpcId,
        subnetIds: controlPlaneSubnets,
        ipFamily: env.network.ipFamily,
        clusterRole: roles.clusterRole,
        ...(roles.autoModeNodeRole ? { autoModeNodeRole: roles.autoModeNodeRole } : {}),
        natGatewayPublicIps: network.natGatewayPublicIps,
        ...(accessHost ? { accessHostSecurityGroupId: accessHost.securityGroup.id } : {}),
        // Where the network is judged, for the pack (policies/lib/networkOrigin.ts).
        tags: external ? { ...tags, [NETWORK_ORIGIN_TAG]: networkOriginTagValue(external.origin) } : tags,
        protect: env.protect,
    });
    const addonRoles =
        Object.keys(env.addonRoles).length > 0
            ? new AddonRoles(names.addonRoles(clusterName), { clusterName, cluster: cluster.name, aws: awsContext, roles: env.addonRoles, tags })
            : undefined;

    const addonConfiguration = addonConfigurationValues(env, awsContext.region, network instanceof Network ? network.podSubnets : []);
    const networkingAddons = new Addons(
        `${clusterName}-networking-addons`,
        {
            clusterName: cluster.name,
            kubernetesVersion: cluster.version,
            resourcePrefix: clusterName,
            addons: addonsBeforeCompute(env.cluster.addons),
            runningVersions: runningAddonVersions,
            configurationValues: addonConfiguration,
            tags,
        },
    );

    const nodeGroups = env.nodeGroups.map(
        (group) =>
            new NodeGroup(
                names.nodeGroup(clusterName, group.name),
                {
                    clusterName: cluster.name,
                    clusterVersion: cluster.version,
                    config: group,
                    subnetIds: group.subnets === "private" ? network.privateSubnetIds : network.publicSubnetIds,
                    nodeRole: roles.nodeRoles.get(group.name)!,
                    vpcId: network.vpcId,
                    clusterSecurityGroupId: cluster.clusterSecurityGroupId,
                    autoscaled: env.addonRoles.clusterAutoscaler !== undefined,
                    liveDesiredSize: liveDesiredSizes[names.nodeGroup(clusterName, group.name)],
                    tags,
                    after: [networkingAddons],
                },
                { dependsOn: [networkingAddons] },
            ),
    );

    const compute = env.cluster.compute;
    const karpenter =
        compute.kind === "karpenter"
            ? new Karpenter(names.karpenter(clusterName), {
                  clusterName,
                  cluster: cluster.name,
                  clusterSecurityGroupId: cluster.clusterSecurityGroupId,
                  aws: awsContext,
                  namespace: compute.namespace,
                  serviceAccount: compute.serviceAccount,
                  ipFamily: env.network.ipFamily,
                  tags,
              })
            : undefined;

    for (const team of env.teams) {
        new Team(names.team(clusterName, team.name), { clusterName, cluster: cluster.name, team, aws: awsContext, tags });
    }
    if (env.cluster.capabilities.length > 0) {
        new Capabilities(`${clusterName}-capabilities`, { clusterName, cluster: cluster.name, capabilities: env.cluster.capabilities, tags });
    }
    if (env.cluster.hybridNodes) {
        new HybridNodes(names.hybridNodesRole(clusterName), { clusterName, cluster: cluster.name, config: env.cluster.hybridNodes, aws: awsContext, tags });
    }

    // EKS creates or deletes one Fargate profile of a cluster at a time, so they are chained.
    const fargateProfiles: FargateProfile[] = [];
    for (const profile of env.fargateProfiles) {
        const previous = fargateProfiles[fargateProfiles.length - 1];
        fargateProfiles.push(
            new FargateProfile(
                names.fargateProfile(clusterName, profile.name),
                {
                    clusterName: cluster.name,
                    config: profile,
                    privateSubnetIds: network.privateSubnetIds,
                    podExecutionRole: roles.fargatePodExecutionRole!,
                    tags,
                    after: previous ? [networkingAddons, previous] : [networkingAddons],
                },
                { dependsOn: previous ? [networkingAddons, previous] : [networkingAddons] },
            ),
        );
    }

    new Addons(
        `${clusterName}-workload-addons`,
        {
            clusterName: cluster.name,
            kubernetesVersion: cluster.version,
            resourcePrefix: clusterName,
            addons: addonsAfterCompute(env.cluster.addons),
            runningVersions: runningAddonVersions,
            configurationValues: addonConfiguration,
            tags,
            // Pod Identity credentials are injected when a pod starts: the associations come first.
            after: [...nodeGroups, ...fargateProfiles, ...(addonRoles?.associations ?? [])],
        },
        { dependsOn: [...nodeGroups, ...fargateProfiles, ...(addonRoles?.associations ?? [])] },
    );

    return {
        network: networkExport(env.network, network),
        clusterName: cluster.name,
        clusterEndpoint: cluster.endpoint,
        kubeconfig: cluster.kubeconfig,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        privateSubnetIds: network.privateSubnetIds,
        natGatewayPublicIps: network.natGatewayPublicIps,
        availabilityZones: env.network.zones.map((z) => ({ name: z.name, id: z.id })),
        privateRouteTableIds: network.privateRouteTableIds,
        nodeRoleArns: Object.fromEntries([...roles.nodeRoles].map(([group, r]) => [group, r.role.arn])),
        addonRoleArns: Object.fromEntries([...(addonRoles?.roles ?? [])].map(([addon, role]) => [addon, role.arn])),
        fargatePodExecutionRoleArn: roles.fargatePodExecutionRole?.role.arn,
        ...(roles.autoModeNodeRole ? { autoModeNodeRoleArn: roles.autoModeNodeRole.role.arn } : {}),
        ...(karpenter && compute.kind === "karpenter" ? { karpenter: karpenterOutputs(karpenter, compute, clusterName, external ? external.privateSubnets.map((s) => s.id) : undefined) } : {}),
        ...(accessHost
            ? {
                  accessHostInstanceId: accessHost.instance.id,
                  accessHostPortForwardCommand: pulumi
                      .all([accessHost.instance.id, cluster.endpoint])
                      .apply(([id, endpoint]) => portForwardCommand(id, endpoint, awsContext.region)),
              }
            : {}),
    };
}

function karpenterOutputs(karpenter: Karpenter, binding: { namespace: string; serviceAccount: string }, clusterName: string, subnetIds: string[] | undefined): KarpenterOutputs {
    const values = pulumi.all([karpenter.interruptionQueue.name, karpenter.nodeRole.role.name]).apply(([interruptionQueueName, nodeRoleName]) => ({
        clusterName,
        interruptionQueueName,
        nodeRoleName,
        ...binding,
        ...(subnetIds ? { subnetIds } : {}),
    }));
    return {
        controllerRoleArn: karpenter.controllerRole.role.arn,
        nodeRoleName: karpenter.nodeRole.role.name,
        interruptionQueueName: karpenter.interruptionQueue.name,
        ...binding,
        helmInstallCommand: values.apply(helmInstallCommand),
        nodeClassManifest: values.apply(nodeClassManifest),
    };
}
