// Self-managed EKS nodes: Auto Scaling groups that launch nodes of a cluster from a launch template
// or a launch configuration (as @pulumi/eks NodeGroup and many hand-written stacks make them).
// EKS requires their instances to carry the tag `kubernetes.io/cluster/<cluster>` = owned (EKS User
// Guide, "Create self-managed Amazon Linux nodes"), which is how they are recognised here, beside
// Auto Scaling groups created inside a @pulumi/eks component.
import { PolicyResource } from "@pulumi/policy";
import { ifKnown, listOf, PropertyBag } from "./props";
import { ResourceGraph } from "./resourceGraph";
import { AWS, isChildOf, PULUMI_EKS } from "./resourceTypes";

export const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";

const CLUSTER_TAG = /^kubernetes\.io\/cluster\//;

function tagKeys(group: PolicyResource): string[] | undefined {
    return ifKnown(() => [...listOf<PropertyBag>(group.props, "tags"), ...listOf<PropertyBag>(group.props, "tag")].map((t) => String(t.key)));
}

/** Whether an Auto Scaling group launches EKS nodes; undefined when its tags are unknown yet. */
export function isNodeAutoScalingGroup(group: PolicyResource): boolean | undefined {
    if (isChildOf(group.urn, PULUMI_EKS.cluster) || isChildOf(group.urn, "eks:index:NodeGroup") || isChildOf(group.urn, "eks:index:NodeGroupV2")) {
        return true;
    }
    const keys = tagKeys(group);
    return keys === undefined ? undefined : keys.some((k) => CLUSTER_TAG.test(k));
}

export interface SelfManagedNodes {
    group: PolicyResource;
    /** The launch template or launch configuration; undefined when not resolvable. */
    launchSpec?: PolicyResource;
    instanceTypes: string[] | undefined;
    desiredSize: number | undefined;
    maxSize: number | undefined;
    /** Nodes get public IPs (associatePublicIpAddress); undefined when unknown. */
    publicIp: boolean | undefined;
    /** Root volume size in GiB, when the launch spec says. */
    rootVolumeGiB: number | undefined;
}

function truthy(value: unknown): boolean | undefined {
    return value === undefined ? undefined : value === true || value === "true";
}

/** How a launch template or configuration shapes the nodes. */
function launchFacts(spec: PolicyResource | undefined): Pick<SelfManagedNodes, "publicIp" | "rootVolumeGiB"> & { instanceType?: string } {
    if (!spec) {
        return { publicIp: undefined, rootVolumeGiB: undefined };
    }
    if (spec.type === LAUNCH_CONFIGURATION) {
        const root = ifKnown(() => spec.props.rootBlockDevice as PropertyBag | undefined);
        return {
            instanceType: ifKnown(() => spec.props.instanceType) as string | undefined,
            // A launch configuration without it follows the subnet's mapPublicIpOnLaunch.
            publicIp: truthy(ifKnown(() => spec.props.associatePublicIpAddress)),
            rootVolumeGiB: root ? (ifKnown(() => root.volumeSize) as number | undefined) : undefined,
        };
    }
    const nic = ifKnown(() => listOf<PropertyBag>(spec.props, "networkInterfaces")[0]);
    const mapping = ifKnown(() => listOf<PropertyBag>(spec.props, "blockDeviceMappings")[0]);
    return {
        instanceType: ifKnown(() => spec.props.instanceType) as string | undefined,
        publicIp: nic ? truthy(ifKnown(() => nic.associatePublicIpAddress)) : undefined,
        rootVolumeGiB: mapping ? (ifKnown(() => (mapping.ebs as PropertyBag | undefined)?.volumeSize) as number | undefined) : undefined,
    };
}

export function selfManagedNodes(graph: ResourceGraph, group: PolicyResource): SelfManagedNodes {
    const resolved =
        ifKnown(() => group.props.launchConfiguration) !== undefined && group.props.launchConfiguration
            ? graph.targetsOrNote(graph.references(group, ["launchConfiguration"], [LAUNCH_CONFIGURATION]))
            : ifKnown(() => group.props.launchTemplate) !== undefined && group.props.launchTemplate
              ? graph.targetsOrNote(graph.references(group, ["launchTemplate", ifKnown(() => (group.props.launchTemplate as PropertyBag).id) ? "id" : "name"], [AWS.launchTemplate]))
              : [];
    const launchSpec = resolved?.[0];
    const facts = launchFacts(launchSpec);
    const overrides = ifKnown(() =>
        listOf<PropertyBag>(((group.props.mixedInstancesPolicy as PropertyBag | undefined)?.launchTemplate as PropertyBag | undefined) ?? {}, "overrides").map((o) => String(o.instanceType)),
    );
    const instanceTypes = overrides && overrides.length > 0 ? overrides : facts.instanceType ? [facts.instanceType] : undefined;
    return {
        group,
        launchSpec,
        instanceTypes,
        desiredSize: (ifKnown(() => group.props.desiredCapacity) as number | undefined) ?? (ifKnown(() => group.props.minSize) as number | undefined),
        maxSize: ifKnown(() => group.props.maxSize) as number | undefined,
        publicIp: facts.publicIp,
        rootVolumeGiB: facts.rootVolumeGiB,
    };
}
