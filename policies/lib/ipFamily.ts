// The IP family of an EKS cluster as the pack reads it: kubernetesNetworkConfig.ipFamily, which EKS
// fixes at creation. Unset is IPv4, the API's default; outputs and state always carry it.
import { PolicyResource } from "@pulumi/policy";
import { knownOr, PropertyBag } from "./props";

export type IpFamily = "ipv4" | "ipv6";

const UNKNOWN = Symbol("unknown");

/** "ipv6" or "ipv4"; undefined while the value is unknown (a preview of a computed input). */
export function ipFamilyOf(cluster: PolicyResource): IpFamily | undefined {
    const family = knownOr((): unknown => ((cluster.props.kubernetesNetworkConfig ?? {}) as PropertyBag).ipFamily, UNKNOWN);
    if (family === UNKNOWN) {
        return undefined;
    }
    return String(family ?? "ipv4").toLowerCase() === "ipv6" ? "ipv6" : "ipv4";
}
