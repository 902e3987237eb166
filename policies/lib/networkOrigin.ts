// Where a cluster's network is declared, when not in its own stack: eks-platform tags the cluster
// with it (components/environment.ts), so rules that follow the cluster's subnets to their route
// tables can say where to judge them instead of "not known yet". Tags reach the pack in every form:
// checked inputs, outputs and state exports.
import { PolicyResource } from "@pulumi/policy";
import { ifKnown, PropertyBag } from "./props";

export const NETWORK_ORIGIN_TAG = "eks-platform:network";

/** The tag's value: the stack reference name of the network stack, or "existing" (not a Pulumi stack of ours). */
export function networkOriginTagValue(origin: { kind: "existing" } | { kind: "stack"; stack: string }): string {
    return origin.kind === "stack" ? origin.stack : "existing";
}

/** How a rule names where the network of the clusters is declared, if elsewhere. */
export function externalNetworkOf(clusters: readonly PolicyResource[]): string | undefined {
    for (const cluster of clusters) {
        const origin = ifKnown(() => ((cluster.props.tags ?? {}) as PropertyBag)[NETWORK_ORIGIN_TAG]) as string | undefined;
        if (typeof origin === "string" && origin.length > 0) {
            return origin === "existing" ? "outside Pulumi (network.existing)" : `in stack ${origin}`;
        }
    }
    return undefined;
}
