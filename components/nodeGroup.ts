// One managed node group with its own launch template: IMDSv2 only (hop limit 1 by default, so only
// pods on the host network reach the node role), an encrypted gp3 root volume, and SSH only from
// listed sources.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NodeGroupConfig, NodeGroupUpdate } from "../config/environment";
import { cidrSlug, withName } from "./naming";
import { RoleWithPolicies } from "./roles";

export interface NodeGroupArgs {
    clusterName: pulumi.Input<string>;
    /** The control plane's version output: nodes upgrade after the control plane does. */
    clusterVersion: pulumi.Input<string>;
    config: NodeGroupConfig;
    subnetIds: pulumi.Input<string>[];
    nodeRole: RoleWithPolicies;
    vpcId: pulumi.Input<string>;
    /** Needed when the launch template sets security groups (SSH): EKS then no longer adds it itself. */
    clusterSecurityGroupId: pulumi.Input<string>;
    /** The cluster autoscaler owns the group's desired size (EKS tags managed groups for its discovery). */
    autoscaled: boolean;
    /** With the autoscaler or a schedule, the size the running group has now (read before declaring); none for a new group. */
    liveDesiredSize?: number;
    tags: Record<string, string>;
    /**
     * What its cloud resources wait for. A component's own dependsOn does not hold its children
     * back: each child is registered, and ordered by the engine, with its own dependencies only.
     */
    after?: pulumi.Resource[];
}

export class NodeGroup extends pulumi.ComponentResource {
    readonly nodeGroup: aws.eks.NodeGroup;
    /** The group's scheduled actions (config.schedule); empty without one. */
    readonly schedules: aws.autoscaling.Schedule[] = [];
    readonly launchTemplate: aws.ec2.LaunchTemplate;
    readonly sshSecurityGroup?: aws.ec2.SecurityGroup;

    constructor(name: string, args: NodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:eks:NodeGroup", name, {}, opts);
        const { config, tags } = args;
        const child = { parent: this };

        if (config.ssh) {
            this.sshSecurityGroup = new aws.ec2.SecurityGroup(
                `${name}-ssh`,
                { vpcId: args.vpcId, description: `SSH to node group ${config.name} from listed sources only`, tags: withName(tags, `${name}-ssh`) },
                child,
            );
            for (const cidr of config.ssh.sourceCidrs) {
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-ssh-${cidrSlug(cidr)}`,
                    { securityGroupId: this.sshSecurityGroup.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: cidr, description: "SSH from an allowed network", tags },
                    child,
                );
            }
            for (const source of config.ssh.sourceSecurityGroupIds) {
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-ssh-${source}`,
                    { securityGroupId: this.sshSecurityGroup.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, referencedSecurityGroupId: source, description: "SSH from an allowed security group", tags },
                    child,
                );
            }
        }

        // Bottlerocket keeps its OS on /dev/xvda and containers on the data volume /dev/xvdb.
        const deviceName = config.amiType.startsWith("BOTTLEROCKET") ? "/dev/xvdb" : "/dev/xvda";
        this.launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-nodes`,
            {
                description: `Nodes of EKS node group ${config.name}`,
                updateDefaultVersion: true,
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: config.imdsHopLimit,
                },
                blockDeviceMappings: [
                    {
                        deviceName,
                        ebs: { volumeSize: config.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                    },
                    // Bottlerocket's OS volume too, at the AMI's own size: a mapping that leaves it out
                    // leaves its encryption to the account's EBS default.
                    ...(deviceName === "/dev/xvdb" ? [{ deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }] : []),
                ],
                // Managed node groups reject remoteAccess together with a launch template, so SSH
                // goes here; setting security groups means the cluster's must be listed too.
                ...(config.ssh
                    ? { keyName: config.ssh.keyName, vpcSecurityGroupIds: [args.clusterSecurityGroupId, this.sshSecurityGroup!.id] }
                    : {}),
                tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags: withName(tags, name) })),
                tags,
            },
            child,
        );

        // The autoscaler or the group's schedule owns the desired size once the group runs.
        const sizeOwned = args.autoscaled || config.schedule !== undefined;
        const live = sizeOwned ? args.liveDesiredSize : undefined;
        const desiredSize = live === undefined ? config.desiredSize : Math.min(Math.max(live, config.minSize), config.maxSize);
        this.nodeGroup = new aws.eks.NodeGroup(
            `${name}`,
            {
                clusterName: args.clusterName,
                nodeRoleArn: args.nodeRole.role.arn,
                subnetIds: args.subnetIds,
                instanceTypes: config.instanceTypes,
                capacityType: config.capacityType,
                amiType: config.amiType,
                // Without a version the group keeps the one it was created with; following the
                // cluster's output upgrades nodes when, and after, the control plane is upgraded.
                version: config.version ?? args.clusterVersion,
                ...(config.releaseVersion ? { releaseVersion: config.releaseVersion } : {}),
                scalingConfig: { minSize: config.minSize, desiredSize, maxSize: config.maxSize },
                updateConfig: updateConfigOf(config.update),
                // Always explicit, also when off: both blocks are Optional+Computed in the provider,
                // so leaving one out after turning it on would send nothing and keep it on.
                nodeRepairConfig: { enabled: config.autoRepair },
                launchTemplate: { id: this.launchTemplate.id, version: this.launchTemplate.latestVersion.apply(String) },
                labels: config.labels,
                taints: config.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
                tags,
            },
            {
                ...child,
                // Nodes cannot join until their role carries the worker policies (and the CNI runs).
                dependsOn: [...args.nodeRole.policies, ...(args.after ?? [])],
                // The cluster autoscaler owns the desired size once it runs; do not reset it on every
                // `up`. Ignored, Pulumi sends the size the stack last set (the old inputs), and EKS
                // refuses a minSize above the desired size (NodegroupScalingConfig: desiredSize must be
                // at least minSize): when the running size is known it is declared, within the bounds.
                ignoreChanges: sizeOwned && live === undefined ? ["scalingConfig.desiredSize"] : [],
            },
        );

        if (config.schedule) {
            // Auto Scaling scheduled actions on the Auto Scaling group EKS made for the group; they set
            // the desired size only (-1 leaves minSize and maxSize to the group's config), which EKS
            // reads back into the group's scaling config.
            const asgName = this.nodeGroup.resources.apply((resources) => resources?.[0]?.autoscalingGroups?.[0]?.name ?? "");
            const timeZone = config.schedule.timeZone;
            this.schedules = config.schedule.actions.map(
                (action) =>
                    new aws.autoscaling.Schedule(
                        `${name}-${action.name}`,
                        { autoscalingGroupName: asgName, scheduledActionName: action.name, recurrence: action.cron, timeZone, desiredCapacity: action.desiredSize, minSize: -1, maxSize: -1 },
                        child,
                    ),
            );
        }

        this.registerOutputs({ nodeGroupName: this.nodeGroup.nodeGroupName, launchTemplateId: this.launchTemplate.id });
    }
}

/**
 * The group's rollout as EKS takes it (NodegroupUpdateConfig): a count or a percentage, and the
 * strategy, DEFAULT (EKS's own) when not chosen, so going back from MINIMAL is a change EKS is sent.
 */
export function updateConfigOf(update: NodeGroupUpdate): aws.types.input.eks.NodeGroupUpdateConfig {
    const limit = "maxUnavailable" in update ? { maxUnavailable: update.maxUnavailable } : { maxUnavailablePercentage: update.maxUnavailablePercentage };
    return { ...limit, updateStrategy: update.strategy ?? "DEFAULT" };
}
