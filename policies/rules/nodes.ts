// Rules on worker nodes: SSH access, instance metadata, instance type mix, scaling.
import { forType } from "../lib/typedValidation";
import { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { MAX_NODES_PER_NODE_GROUP } from "../lib/eksLimits";
import { findInstanceType } from "../lib/instanceTypes";
import { nodeGroupInputs } from "../lib/nodeGroupInputs";
import { effective, isChosen, isPresent, listOf, PropertyBag } from "../lib/props";
import { AWS, isChildOf, PULUMI_EKS } from "../lib/resourceTypes";
import { CLOUDFORMATION_STACK, groupsOfTemplate } from "../lib/cloudFormationNodes";
import { AUTOSCALING_GROUP, isNodeAutoScalingGroup, LAUNCH_CONFIGURATION } from "../lib/selfManagedNodes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { notApplicable } from "../lib/notApplicable";

// Source: EKS API RemoteAccessConfig: "If you specify ec2SshKey but don't specify
// sourceSecurityGroups, port 22 on the worker nodes is opened to the internet (0.0.0.0/0)."
export const nodeGroupRemoteAccess: ResourceValidationPolicy = {
    name: "eks-nodegroup-remote-access",
    description: "A node group that allows SSH with remoteAccess.ec2SshKey also restricts it with sourceSecurityGroupIds.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: forType(AWS.nodeGroup, (args, reportViolation) => {
        const group = nodeGroupInputs(args);
        const remote = group.props.remoteAccess as PropertyBag | undefined;
        if (!isPresent(remote, "ec2SshKey")) {
            notApplicable(args, "no SSH key is set");
        }
        if (listOf(remote, "sourceSecurityGroupIds").length === 0) {
            reportViolation(
                `${group.label} allows SSH with key "${remote!.ec2SshKey}" but no remoteAccess.sourceSecurityGroupIds, so EKS opens port 22 to 0.0.0.0/0. List the bastion's security groups.`,
            );
        }
    }),
};

interface ImdsSettings {
    maxHopLimit: number;
}
const imdsDefaults: ImdsSettings = { maxHopLimit: 1 };

// Sources: EKS Best Practices (Security, "Restrict access to the instance profile assigned to the
// worker node"): require IMDSv2 with a hop limit of 1, so only pods on the host network reach IMDS;
// at 2 every pod can take the node role's credentials. What an instance gets when the template sets
// nothing depends on its AMI (EC2 API, Image.ImdsSupport): an AMI with ImdsSupport v2.0 (Amazon
// Linux 2023's: "AL2023 requires IMDSv2 by default", EKS User Guide, al2023.adoc) launches with
// httpTokens required and a hop limit of 2; any other (Amazon Linux 2, most custom AMIs) with
// IMDSv1 allowed and a hop limit of 1. A template names its AMI by id only, so the rule cannot tell
// which, and says so. Software that needs instance metadata from a pod gets a per-group exception
// (maxHopLimit 2) or, better, its own role through EKS Pod Identity.
export const nodesImdsv2: ResourceValidationPolicy = {
    name: "eks-nodes-imdsv2",
    description: "Launch templates and launch configurations require IMDSv2 (httpTokens: required) with a hop limit no higher than the configured maximum, both set explicitly (left unset, they are the AMI's defaults).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults({ properties: { maxHopLimit: { type: "integer", minimum: 1, maximum: 64 } } }, { ...imdsDefaults }),
    validateResource: (args, reportViolation) => {
        if (args.type !== AWS.launchTemplate && args.type !== LAUNCH_CONFIGURATION) {
            notApplicable(args, `applies to ${AWS.launchTemplate} and ${LAUNCH_CONFIGURATION}`);
        }
        const { maxHopLimit } = settingsOf(args, imdsDefaults);
        const options = args.props.metadataOptions as PropertyBag | undefined;
        if (effective<string>(options, "httpEndpoint", "enabled") === "disabled") {
            return;
        }
        const label = args.type === AWS.launchTemplate ? `Launch template "${args.name}"` : `Launch configuration "${args.name}"`;
        const tokens = isChosen(options, "httpTokens") ? String(options!.httpTokens) : undefined;
        const hopLimit = isChosen(options, "httpPutResponseHopLimit") ? Number(options!.httpPutResponseHopLimit) : undefined;
        const fix = `Set metadataOptions.httpTokens: "required" and httpPutResponseHopLimit: ${maxHopLimit}, and give add-ons that need AWS access their own role with EKS Pod Identity.`;
        if (tokens === undefined && hopLimit === undefined && maxHopLimit < 2) {
            reportViolation(
                `${label} sets no metadata options, so its nodes get their AMI's: with an AMI that requires IMDSv2 (ImdsSupport v2.0, as Amazon Linux 2023's) a hop limit of 2, which lets every pod read the node role's credentials; with any other (Amazon Linux 2, most custom AMIs) IMDSv1, open to SSRF. The template names its AMI by id, so which one is not known here. ${fix}`,
            );
            return;
        }
        if (tokens !== "required") {
            reportViolation(
                tokens === undefined
                    ? `${label} leaves metadataOptions.httpTokens unset, so IMDSv1 stays allowed unless its AMI requires IMDSv2 (ImdsSupport v2.0, as Amazon Linux 2023's; Amazon Linux 2 and most custom AMIs do not), which the template's AMI id does not say. Set metadataOptions.httpTokens: "required".`
                    : `${label} allows IMDSv1 (metadataOptions.httpTokens is "${tokens}"), so any SSRF in a pod can read the node role's credentials. Set metadataOptions.httpTokens: "required".`,
            );
        }
        if (hopLimit === undefined) {
            if (maxHopLimit < 2) {
                reportViolation(
                    `${label} leaves metadataOptions.httpPutResponseHopLimit unset, so it is 2 when its AMI requires IMDSv2 (ImdsSupport v2.0, as Amazon Linux 2023's), letting pods reach the node's metadata and role, and 1 otherwise; the template's AMI id does not say which. Set it to ${maxHopLimit}, and give add-ons that need AWS access their own role with EKS Pod Identity.`,
                );
            }
        } else if (hopLimit > maxHopLimit) {
            reportViolation(`${label} sets metadataOptions.httpPutResponseHopLimit to ${hopLimit}, above ${maxHopLimit}, so pods can reach the node's metadata and role. Set it to ${maxHopLimit} or less, and give add-ons that need AWS access their own role with EKS Pod Identity.`);
        }
    },
};

// Source: Cluster Autoscaler AWS FAQ ("Using Mixed Instances Policies and Spot Instances"): the
// instance types of a group should have the same vCPU and memory, or scaling decisions are wrong.
export const nodeGroupInstanceTypes: ResourceValidationPolicy = {
    name: "eks-nodegroup-instance-types",
    description: "All instance types of one node group have the same vCPU count and memory.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: forType(AWS.nodeGroup, (args, reportViolation) => {
        const group = nodeGroupInputs(args);
        const types = listOf<string>(group.props, "instanceTypes");
        if (types.length < 2) {
            notApplicable(args, "fewer than two instance types");
        }
        const unknown = types.filter((t) => !findInstanceType(t));
        if (unknown.length > 0) {
            reportViolation(
                `${group.label} uses ${unknown.join(", ")}, which eks-guard has no specs for, so it cannot confirm the types match. Add the type to policies/data/instance-types.json or use listed types.`,
            );
            return;
        }
        const shapes = types.map((t) => findInstanceType(t)!);
        const first = shapes[0];
        const different = shapes.filter((s) => s.vcpu !== first.vcpu || s.memoryMiB !== first.memoryMiB);
        if (different.length > 0) {
            const describe = (s: { name: string; vcpu: number; memoryMiB: number }) => `${s.name} (${s.vcpu} vCPU, ${s.memoryMiB / 1024} GiB)`;
            reportViolation(
                `${group.label} mixes instance sizes: ${shapes.map(describe).join(", ")}; the cluster autoscaler assumes every node is like the first. Use types with equal vCPU and memory.`,
            );
        }
    }),
};


interface ScalingSettings {
    minSizeFloor: number;
}
const scalingDefaults: ScalingSettings = { minSizeFloor: 0 };

// Source: EKS API NodegroupScalingConfig (minSize <= desiredSize <= maxSize) and Amazon EKS service
// quotas (450 nodes per managed node group).
export const nodeGroupScaling: ResourceValidationPolicy = {
    name: "eks-nodegroup-scaling",
    description: "Node group sizes satisfy minSize <= desiredSize <= maxSize (<= 450 for managed node groups), with minSize at least the configured floor; self-managed groups (Auto Scaling groups of EKS nodes) too.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: schemaWithDefaults({ properties: { minSizeFloor: { type: "integer", minimum: 0, maximum: MAX_NODES_PER_NODE_GROUP } } }, { ...scalingDefaults }),
    validateResource: (args, reportViolation) => {
        const { minSizeFloor } = settingsOf(args, scalingDefaults);
        if (args.type === AUTOSCALING_GROUP) {
            selfManagedScaling(args, minSizeFloor, reportViolation);
            return;
        }
        if (args.type === CLOUDFORMATION_STACK) {
            // @pulumi/eks 1.x/2.x: the node group's Auto Scaling group is in the stack's template.
            const groups = groupsOfTemplate(args as unknown as PolicyResource, String(args.props.templateBody ?? ""));
            if (groups.length === 0) {
                notApplicable(args, "a CloudFormation stack without an Auto Scaling group");
            }
            for (const group of groups) {
                selfManagedScaling({ ...args, name: group.name, props: group.props } as ResourceValidationArgs, minSizeFloor, reportViolation);
            }
            return;
        }
        if (args.type !== AWS.nodeGroup) {
            notApplicable(args, `applies to ${AWS.nodeGroup}, and to Auto Scaling groups of EKS nodes (also inside CloudFormation stacks)`);
        }
        const group = nodeGroupInputs(args);
        const scaling = group.props.scalingConfig as PropertyBag | undefined;
        if (!scaling) {
            reportViolation(`${group.label} has no scalingConfig. Set minSize, desiredSize and maxSize.`);
            return;
        }
        const { minSize, desiredSize, maxSize } = scaling as { minSize: number; desiredSize: number; maxSize: number };
        if (!(minSize <= desiredSize && desiredSize <= maxSize)) {
            reportViolation(`${group.label} has minSize ${minSize}, desiredSize ${desiredSize}, maxSize ${maxSize}; EKS requires minSize <= desiredSize <= maxSize.`);
        }
        if (maxSize > MAX_NODES_PER_NODE_GROUP) {
            reportViolation(`${group.label} has maxSize ${maxSize}, above the EKS quota of ${MAX_NODES_PER_NODE_GROUP} nodes per managed node group. Split it into several groups.`);
        }
        if (minSize < minSizeFloor) {
            reportViolation(`${group.label} has minSize ${minSize}, below this environment's floor of ${minSizeFloor} (enough nodes to survive losing one). Raise scalingConfig.minSize.`);
        }
    },
};

/**
 * An Auto Scaling group of EKS nodes (lib/selfManagedNodes.ts): the same floor, and Auto Scaling's
 * own order (minSize <= desiredCapacity <= maxSize; the desired capacity may be left to it).
 */
function selfManagedScaling(args: ResourceValidationArgs, minSizeFloor: number, reportViolation: ReportViolation): void {
    const nodes = isNodeAutoScalingGroup({ urn: args.urn, props: args.props } as PolicyResource);
    if (nodes === false) {
        notApplicable(args, "an Auto Scaling group that launches no EKS nodes (no kubernetes.io/cluster/<name> tag, not made by @pulumi/eks)");
    }
    if (nodes === undefined) {
        // Its tags are not known yet: read them, so the framework says it cannot check yet.
        void args.props.tags;
    }
    const label = `Auto Scaling group "${args.name}" (self-managed EKS nodes${isChildOf(args.urn, "eks:index:NodeGroup") || isChildOf(args.urn, "eks:index:NodeGroupV2") || isChildOf(args.urn, PULUMI_EKS.cluster) ? ", created by @pulumi/eks; set it in its node group arguments" : ""})`;
    const minSize = Number(args.props.minSize);
    const maxSize = Number(args.props.maxSize);
    const desired = isPresent(args.props, "desiredCapacity") ? Number(args.props.desiredCapacity) : undefined;
    // A CloudFormation template may compute its sizes (intrinsic functions): nothing to judge then.
    if (!Number.isFinite(minSize) || !Number.isFinite(maxSize)) {
        notApplicable(args, "its sizes are computed by the CloudFormation template");
    }
    if (!(minSize <= maxSize) || (desired !== undefined && !(minSize <= desired && desired <= maxSize))) {
        reportViolation(`${label} has minSize ${minSize}, desiredCapacity ${desired ?? "(unset)"}, maxSize ${maxSize}; Auto Scaling requires minSize <= desiredCapacity <= maxSize.`);
    }
    if (minSize < minSizeFloor) {
        reportViolation(`${label} has minSize ${minSize}, below this environment's floor of ${minSizeFloor} (enough nodes to survive losing one). Raise minSize.`);
    }
}

// Source: EKS API reference, NodegroupUpdateConfig updateStrategy: "The minimal strategy removes the
// guardrails and terminates the old instances before launching the new instances"; maxUnavailable
// "The maximum number of nodes unavailable at once during a version update".
export const nodeGroupRollout: ResourceValidationPolicy = {
    name: "eks-nodegroup-rollout",
    description: "A managed node group that updates with the MINIMAL strategy (old nodes stop before new ones start) keeps at least one node running: maxUnavailable (or its percentage) below the desired size.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forType(AWS.nodeGroup, (args, reportViolation) => {
        const group = nodeGroupInputs(args);
        const update = (group.props.updateConfig ?? {}) as PropertyBag;
        if (update.updateStrategy !== "MINIMAL") {
            return;
        }
        const desired = Number(((group.props.scalingConfig ?? {}) as PropertyBag).desiredSize);
        const count = typeof update.maxUnavailable === "number" ? update.maxUnavailable : undefined;
        const percentage = typeof update.maxUnavailablePercentage === "number" ? update.maxUnavailablePercentage : undefined;
        // EKS's default is one node at a time.
        const atOnce = count ?? (percentage !== undefined ? Math.max(1, Math.floor((percentage * desired) / 100)) : 1);
        if (desired > 0 && atOnce >= desired) {
            reportViolation(
                `${group.label} updates with the MINIMAL strategy and ${count !== undefined ? `maxUnavailable ${count}` : percentage !== undefined ? `maxUnavailablePercentage ${percentage}` : "one node at a time"}: ${desired === 1 ? "its only node stops before its replacement starts" : `all of its ${desired} nodes stop before their replacements start`}, so its pods have nowhere to run during every update. Lower updateConfig.maxUnavailable below ${desired}, or use the DEFAULT strategy (new nodes first).`,
            );
        }
    }),
};

export const nodePolicies = [nodeGroupRemoteAccess, nodesImdsv2, nodeGroupInstanceTypes, nodeGroupScaling, nodeGroupRollout];
