// One view of a managed node group's inputs: aws.eks.NodeGroup or the @pulumi/eks
// ManagedNodeGroup component (same input names, plus @pulumi/eks's own defaults).
import { ResourceValidationArgs } from "@pulumi/policy";
import { PropertyBag } from "./props";
import { AWS, isChildOf, PULUMI_EKS } from "./resourceTypes";

export interface NodeGroupInputs {
    label: string;
    props: PropertyBag;
    /** Scaling when the program sets none: AWS requires it; @pulumi/eks defaults to 2/1/2. */
    defaultScaling?: { desiredSize: number; minSize: number; maxSize: number };
}

export function nodeGroupInputs(args: ResourceValidationArgs): NodeGroupInputs {
    if (args.type === AWS.nodeGroup) {
        if (isChildOf(args.urn, PULUMI_EKS.managedNodeGroup)) {
            args.notApplicable("checked on the @pulumi/eks ManagedNodeGroup component that declares this node group");
        }
        return { label: `EKS node group "${args.name}"`, props: args.props };
    }
    if (args.type === PULUMI_EKS.managedNodeGroup) {
        return { label: `@pulumi/eks managed node group "${args.name}"`, props: args.props, defaultScaling: { desiredSize: 2, minSize: 1, maxSize: 2 } };
    }
    return args.notApplicable(`applies to ${AWS.nodeGroup} and ${PULUMI_EKS.managedNodeGroup}`);
}
