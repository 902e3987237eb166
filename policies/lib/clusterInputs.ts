// One view of an EKS cluster's inputs as a rule judges them: always the aws.eks.Cluster that is
// deployed, also when a @pulumi/eks Cluster component created it (its URN's type chain says so, and
// the fix is then phrased in the component's terms, whose inputs sit at the top level).
//
// The component itself is not judged: whether the engine sees a component's inputs depends on the
// Node.js SDK inside the component provider (none before pulumi/pulumi#20357), a state file keeps
// none, and every setting it has reaches the child cluster, which the engine analyses too. Judging
// the child alone gives one finding per problem, with or without component inputs. The rules are
// marked forType(AWS.cluster) (typedValidation.ts): the framework answers the component, like every
// other type, "not applicable" before a rule runs.
import { ResourceValidationArgs } from "@pulumi/policy";
import { effective, PropertyBag } from "./props";
import { AWS, isChildOf, PULUMI_EKS } from "./resourceTypes";
import { notApplicable } from "./notApplicable";

export interface ClusterInputs {
    /** "pulumi-eks": the aws cluster was created by a @pulumi/eks Cluster component. */
    kind: "aws" | "pulumi-eks";
    /** How messages name the resource, e.g. `EKS cluster "prod"`. */
    label: string;
    props: PropertyBag;
    /** The object that holds endpointPublicAccess, endpointPrivateAccess and publicAccessCidrs. */
    endpoint: PropertyBag;
    /** Where the user sets a field: `vpcConfig.endpointPublicAccess`, or the component's `endpointPublicAccess`. */
    path(field: string): string;
}

export function clusterInputs(args: ResourceValidationArgs): ClusterInputs {
    if (args.type !== AWS.cluster) {
        return notApplicable(args, `applies to ${AWS.cluster}`);
    }
    const endpointPaths = ["endpointPublicAccess", "endpointPrivateAccess", "publicAccessCidrs"];
    const endpoint = (args.props.vpcConfig ?? {}) as PropertyBag;
    if (isChildOf(args.urn, PULUMI_EKS.cluster)) {
        return { kind: "pulumi-eks", label: `EKS cluster "${args.name}" (created by a @pulumi/eks Cluster)`, props: args.props, endpoint, path: (field) => `the @pulumi/eks Cluster's ${field}` };
    }
    return { kind: "aws", label: `EKS cluster "${args.name}"`, props: args.props, endpoint, path: (field) => (endpointPaths.includes(field) ? `vpcConfig.${field}` : field) };
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
