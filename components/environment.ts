// Composes the components of one environment from its validated config.
import * as pulumi from "@pulumi/pulumi";
import { EnvironmentConfig } from "../config/environment";
import { names } from "../config/resourceNames";
import { AccessHost, portForwardCommand } from "./accessHost";
import { Addons, addonsAfterCompute, addonsBeforeCompute } from "./addons";
import { AddonRoles } from "./addonRoles";
import { Cluster } from "./cluster";
import { FargateProfile } from "./fargateProfile";
import { Network } from "./network";
import { NodeGroup } from "./nodeGroup";
import { AwsContext } from "./policyDocuments";
import { Roles } from "./roles";

export interface EnvironmentOutputs {
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
    accessHostInstanceId?: pulumi.Output<string>;
    /** The Session Manager command that forwards localhost:8443 to the private endpoint. */
    accessHostPortForwardCommand?: pulumi.Output<string>;
}

export function baseTags(env: EnvironmentConfig, project: string): Record<string, string> {
    return { ...env.tags, "eks-platform:environment": env.environment, "eks-platform:project": project, ManagedBy: "pulumi" };
}

/** The labels the CoreDNS add-on puts on its pods. */
const COREDNS_POD_LABELS: Record<string, string> = { "k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns" };

/** CoreDNS must be told to run on Fargate when a profile selects its pods. */
export function coreDnsOnFargate(env: EnvironmentConfig): boolean {
    return env.fargateProfiles.some((p) =>
        p.selectors.some((s) => s.namespace === "kube-system" && Object.entries(s.labels).every(([k, v]) => COREDNS_POD_LABELS[k] === v)),
    );
}

export function declareEnvironment(env: EnvironmentConfig, awsContext: AwsContext, project: string): EnvironmentOutputs {
    const clusterName = env.cluster.name;
    const tags = baseTags(env, project);

    const network = new Network(clusterName, { clusterName, config: env.network, tags, protect: env.protect });
    const roles = new Roles(clusterName, {
        clusterName,
        aws: awsContext,
        nodeGroups: env.nodeGroups,
        fargate: env.fargateProfiles.length > 0,
        autoMode: env.cluster.compute.kind === "autoMode",
        tags,
    });
    const controlPlaneSubnets = network.privateSubnetIds.length > 0 ? network.privateSubnetIds : network.publicSubnetIds;
    const accessHostConfig = env.cluster.endpoint.accessHost;
    const accessHost = accessHostConfig
        ? new AccessHost(clusterName, { clusterName, config: accessHostConfig, aws: awsContext, vpcId: network.vpcId, subnetId: network.privateSubnetIds[0], tags })
        : undefined;
    const cluster = new Cluster(clusterName, {
        config: env.cluster,
        aws: awsContext,
        vpcId: network.vpcId,
        subnetIds: controlPlaneSubnets,
        clusterRole: roles.clusterRole,
        ...(roles.autoModeNodeRole ? { autoModeNodeRole: roles.autoModeNodeRole } : {}),
        natGatewayPublicIps: network.natGatewayPublicIps,
        ...(accessHost ? { accessHostSecurityGroupId: accessHost.securityGroup.id } : {}),
        tags,
        protect: env.protect,
    });
    const addonRoles =
        Object.keys(env.addonRoles).length > 0
            ? new AddonRoles(names.addonRoles(clusterName), { clusterName, cluster: cluster.name, aws: awsContext, roles: env.addonRoles, tags })
            : undefined;

    const networkingAddons = new Addons(
        `${clusterName}-networking-addons`,
        { clusterName: cluster.name, kubernetesVersion: cluster.version, resourcePrefix: clusterName, addons: addonsBeforeCompute(env.cluster.addons), tags },
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
                    tags,
                },
                { dependsOn: [networkingAddons] },
            ),
    );

    // EKS creates or deletes one Fargate profile of a cluster at a time, so they are chained.
    const fargateProfiles: FargateProfile[] = [];
    for (const profile of env.fargateProfiles) {
        const previous = fargateProfiles[fargateProfiles.length - 1];
        fargateProfiles.push(
            new FargateProfile(
                `${clusterName}-${profile.name}`,
                {
                    clusterName: cluster.name,
                    config: profile,
                    privateSubnetIds: network.privateSubnetIds,
                    podExecutionRole: roles.fargatePodExecutionRole!,
                    tags,
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
            configurationValues: coreDnsOnFargate(env) ? { coredns: JSON.stringify({ computeType: "Fargate" }) } : {},
            tags,
        },
        // Pod Identity credentials are injected when a pod starts: the associations come first.
        { dependsOn: [...nodeGroups, ...fargateProfiles, ...(addonRoles?.associations ?? [])] },
    );

    return {
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
