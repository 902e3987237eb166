// The addresses and max pods of a node with VPC CNI prefix delegation, pure arithmetic on the
// instance data, so the program's config can use it without loading the pack's stack machinery.
//
// Sources: EKS User Guide, cni-increase-ip-addresses-procedure.adoc (managed node groups without a
// custom AMI compute max pods themselves and cap it at 110 below 30 vCPUs, 250 otherwise, "whether
// prefix delegation is enabled or not"; a group of several types gets the smallest value) and
// choosing-instance-type.adoc (the same caps); awslabs/amazon-eks-ami max-pods-calculator.sh
// @ 0ab84280 (with prefix delegation: ENIs x ((IPv4 per ENI - 1) x 16) + 2, capped; the "+ 2" is
// the host-network pods, aws-node and kube-proxy, which take no pod address).
import { InstanceType } from "./instanceTypes";

export const ADDRESSES_PER_PREFIX = 16;
const HOST_NETWORK_PODS = 2;

export interface PrefixSettings {
    /** Free /28 prefixes each node keeps (WARM_PREFIX_TARGET, 1 by default). */
    warmPrefixes: number;
}

/** The max pods EKS gives a managed node group's nodes of this type with prefix delegation. */
export function prefixMaxPods(type: InstanceType): number {
    const cap = type.vcpu > 30 ? 250 : 110;
    return Math.min(cap, type.maxEnis * ((type.ipv4PerEni - 1) * ADDRESSES_PER_PREFIX) + HOST_NETWORK_PODS);
}

/**
 * The addresses a node takes at most with prefix delegation: the prefixes its pods fill at the
 * group's max pods (the smallest of its types, as EKS applies it) plus the warm ones, and the
 * primary address of each ENI that holds them; `podEnis`, the ENIs pods may use (all but the
 * primary one with custom networking).
 */
export function prefixAddressesPerNode(type: InstanceType, groupMaxPods: number, settings: PrefixSettings, podEnis = type.maxEnis): number {
    const perEni = type.ipv4PerEni - 1;
    const prefixes = Math.min(Math.ceil((groupMaxPods - HOST_NETWORK_PODS) / ADDRESSES_PER_PREFIX) + settings.warmPrefixes, podEnis * perEni);
    return prefixes * ADDRESSES_PER_PREFIX + Math.ceil(prefixes / perEni);
}
