// One view of a managed node group as a rule judges it: always the aws.eks.NodeGroup that is
// deployed, also when a @pulumi/eks ManagedNodeGroup (or a Cluster's default node group options)
// created it; the component is not judged (see clusterInputs.ts; the rules are marked
// forType(AWS.nodeGroup)), so one problem gives one finding.
import { ResourceValidationArgs } from "@pulumi/policy";
import { PropertyBag } from "./props";
import { AWS, isChildOf, PULUMI_EKS } from "./resourceTypes";
import { notApplicable } from "./notApplicable";

export interface NodeGroupInputs {
    label: string;
    props: PropertyBag;
}

export function nodeGroupInputs(args: ResourceValidationArgs): NodeGroupInputs {
    if (args.type !== AWS.nodeGroup) {
        return notApplicable(args, `applies to ${AWS.nodeGroup}`);
    }
    const viaComponent = isChildOf(args.urn, PULUMI_EKS.managedNodeGroup) || isChildOf(args.urn, PULUMI_EKS.cluster);
    return { label: `EKS node group "${args.name}"${viaComponent ? " (created by @pulumi/eks; set it in its node group arguments)" : ""}`, props: args.props };
}
