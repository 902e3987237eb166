// Reads `network.podCidr`: a secondary IPv4 CIDR of the VPC for pod addresses (VPC CNI custom
// networking), split into one pod subnet per zone in fixed slots, as the private subnets are.
//
// Sources: EKS User Guide, cni-custom-network-tutorial.adoc (associate a CIDR block that does not
// overlap the VPC's; pod subnets in it, in the nodes' zones); Amazon VPC User Guide,
// vpc-cidr-blocks.md (a secondary block is /16 to /28, must not overlap, and must not be the same
// as or larger than a route's destination; 100.64.0.0/10 is permitted whatever the primary block,
// where the other private ranges are restricted by it — that table is the archived 2023 text, so
// only RFC 6598 space is accepted here, which every row permits); EKS Best Practices, custom
// networking (CG-NAT space, 100.64.0.0/10, "less likely to be used in a corporate setting").
import { canonicalIpv4Cidr, cidrContains, cidrsOverlap, formatIpv4Cidr, hasHostBitsSet, Ipv4Cidr, parseIpv4Cidr } from "../policies/lib/cidr";
import { TransitGatewayConfig } from "./environment";
import { ConfigProblems } from "./problems";
import { MAX_PREFIX, MIN_PREFIX, ZONE_SLOTS } from "./subnetPlan";
import { RawValue } from "./values";

const SHARED_ADDRESS_SPACE = parseIpv4Cidr("100.64.0.0/10")!;

export interface PodNetwork {
    podCidr: string;
    /** One per zone, in zone order, each an eighth of the pod CIDR (its fixed slot). */
    podSubnetCidrs: string[];
}

/** Pod subnets are an eighth of the pod CIDR, like the private ones of the VPC. */
const POD_SLOT_BITS = 3;

export function readPodCidr(
    problems: ConfigProblems,
    text: RawValue,
    context: { vpc: Ipv4Cidr; zoneCount: number; privateSubnets: boolean; transitGateway?: TransitGatewayConfig },
): PodNetwork | undefined {
    const key = "network.podCidr";
    const pod = typeof text === "string" ? parseIpv4Cidr(text) : undefined;
    if (!pod) {
        problems.add(key, text, "expected an IPv4 CIDR such as 100.64.0.0/16");
        return undefined;
    }
    const before = problems.count;
    if (hasHostBitsSet(pod)) {
        problems.add(key, text, `host bits are set; did you mean ${canonicalIpv4Cidr(pod)}?`);
    }
    if (pod.prefixLength < MIN_PREFIX || pod.prefixLength > MAX_PREFIX - POD_SLOT_BITS) {
        problems.add(key, text, `must be /${MIN_PREFIX} to /${MAX_PREFIX - POD_SLOT_BITS}: a VPC CIDR block is /16 to /28, and each zone's pod subnet is an eighth of it`);
    }
    if (!cidrContains(SHARED_ADDRESS_SPACE, pod)) {
        problems.add(key, text, "must be within 100.64.0.0/10 (RFC 6598 shared address space), which a VPC accepts as a secondary block whatever its primary block");
    } else if (cidrsOverlap(pod, context.vpc)) {
        problems.add(key, text, `overlaps network.vpcCidr (${formatIpv4Cidr(context.vpc)}); a secondary block must not overlap the VPC's`);
    }
    context.transitGateway?.routes.forEach((route, i) => {
        const destination = parseIpv4Cidr(route);
        if (destination && cidrContains(pod, destination)) {
            problems.add(`network.transitGateway.routes[${i}]`, route, `lies within network.podCidr (${text}); AWS refuses a secondary VPC block that is "the same or larger than a destination CIDR range in a route" of the VPC's route tables`);
        }
    });
    if (!context.privateSubnets) {
        problems.add(key, text, "pod subnets route like the private subnets of their zone, and network.privateSubnets is false");
    }
    if (problems.count > before) {
        return undefined;
    }
    const prefixLength = pod.prefixLength + POD_SLOT_BITS;
    const size = 2 ** (32 - prefixLength);
    const slots = Array.from({ length: Math.min(context.zoneCount, ZONE_SLOTS) }, (_, i) => formatIpv4Cidr({ base: pod.base + i * size, prefixLength }));
    return { podCidr: formatIpv4Cidr(pod), podSubnetCidrs: slots };
}
