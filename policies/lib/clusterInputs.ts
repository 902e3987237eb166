// One view of an EKS cluster's inputs, whether declared as aws.eks.Cluster or through the
// @pulumi/eks Cluster component (whose inputs sit at the top level under the same names).
import { ResourceValidationArgs } from "@pulumi/policy";
import { effective, PropertyBag } from "./props";
import { AWS, isChildOf, PULUMI_EKS } from "./resourceTypes";

export interface ClusterInputs {
    kind: "aws" | "pulumi-eks";
    /** How messages name the resource, e.g. `EKS cluster "prod"`. */
    label: string;
    props: PropertyBag;
    /** The object that holds endpointPublicAccess, endpointPrivateAccess and publicAccessCidrs. */
    endpoint: PropertyBag;
    /** Where a field lives, for messages: `vpcConfig.endpointPublicAccess` or `endpointPublicAccess`. */
    path(field: string): string;
}

/**
 * The cluster inputs of the resource under validation; not applicable for other types, and for an
 * aws.eks.Cluster created by a @pulumi/eks component when the rule checks the component instead.
 */
export function clusterInputs(args: ResourceValidationArgs, options: { checkedOnComponent: boolean } = { checkedOnComponent: true }): ClusterInputs {
    if (args.type === AWS.cluster) {
        if (options.checkedOnComponent && isChildOf(args.urn, PULUMI_EKS.cluster)) {
            args.notApplicable("checked on the @pulumi/eks Cluster component that declares this cluster");
        }
        const endpointPaths = ["endpointPublicAccess", "endpointPrivateAccess", "publicAccessCidrs"];
        return {
            kind: "aws",
            label: `EKS cluster "${args.name}"`,
            props: args.props,
            endpoint: (args.props.vpcConfig ?? {}) as PropertyBag,
            path: (field) => (endpointPaths.includes(field) ? `vpcConfig.${field}` : field),
        };
    }
    if (args.type === PULUMI_EKS.cluster) {
        return { kind: "pulumi-eks", label: `@pulumi/eks cluster "${args.name}"`, props: args.props, endpoint: args.props, path: (field) => field };
    }
    return args.notApplicable(`applies to ${AWS.cluster} and ${PULUMI_EKS.cluster}`);
}

export type EndpointMode = "public" | "publicAndPrivate" | "private" | "none";

/** The endpoint mode in effect, with the AWS defaults (public on, private off) for unset flags. */
export function endpointMode(cluster: ClusterInputs): EndpointMode {
    const isPublic = effective(cluster.endpoint, "endpointPublicAccess", true);
    const isPrivate = effective(cluster.endpoint, "endpointPrivateAccess", false);
    if (isPublic && isPrivate) {
        return "publicAndPrivate";
    }
    return isPublic ? "public" : isPrivate ? "private" : "none";
}
