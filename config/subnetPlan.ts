// Plans the public and private subnet CIDRs of the VPC: each zone has a fixed slot that does not
// depend on how many zones exist, so adding a zone only adds subnets and never moves (replaces) the
// existing ones; explicit CIDRs replace the derived ones. Checked for fit, containment and overlap.
//
// Layout of a VPC of size V (defaults): private slots of V/8 at 0..5 (six zones at most), public
// slots of V/32 after them (from 6V/8). A /16 gives /19 private and /21 public subnets.
import {
    blockSize,
    canonicalIpv4Cidr,
    cidrContains,
    cidrsOverlap,
    formatIpv4Cidr,
    hasHostBitsSet,
    Ipv4Cidr,
    parseIpv4Cidr,
} from "../policies/lib/cidr";
import { ConfigProblems } from "./problems";

/** AWS accepts subnet (and VPC) prefix lengths from /16 to /28. */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;

export interface SubnetPlanInput {
    vpc: Ipv4Cidr;
    zoneCount: number;
    privateSubnets: boolean;
    publicPrefixLength?: number;
    privatePrefixLength?: number;
    publicCidrs?: string[];
    privateCidrs?: string[];
}

export interface SubnetPlan {
    publicSubnetCidrs: string[];
    privateSubnetCidrs: string[];
}

/** Zones a VPC is laid out for, whatever the current count (the MAX_ZONES of config/network.ts). */
export const ZONE_SLOTS = 6;

/** Private slots are an eighth of the VPC: six of them leave a quarter for the public slots. */
export function defaultPrivatePrefixLength(vpcPrefix: number): number {
    return vpcPrefix + 3;
}

/** Public subnets hold load balancers and NAT gateways: a quarter of a private slot. */
export function defaultPublicPrefixLength(privatePrefix: number): number {
    return Math.min(privatePrefix + 2, MAX_PREFIX);
}

/** The fixed slot of zone `index` for each side; undefined when it does not fit in the VPC. */
export function zoneSlot(vpc: Ipv4Cidr, privatePrefix: number, publicPrefix: number, index: number): { privateBlock?: Ipv4Cidr; publicBlock?: Ipv4Cidr } {
    const vpcEnd = vpc.base + blockSize(vpc.prefixLength);
    const privateSize = blockSize(privatePrefix);
    const publicSize = blockSize(publicPrefix);
    const publicStart = vpc.base + Math.ceil((ZONE_SLOTS * privateSize) / publicSize) * publicSize;
    const privateBase = vpc.base + index * privateSize;
    const publicBase = publicStart + index * publicSize;
    return {
        ...(privateBase + privateSize <= vpcEnd ? { privateBlock: { base: privateBase, prefixLength: privatePrefix } } : {}),
        ...(publicBase + publicSize <= vpcEnd ? { publicBlock: { base: publicBase, prefixLength: publicPrefix } } : {}),
    };
}

/** Checks an explicit CIDR list; returns the parsed blocks or undefined after recording problems. */
function readExplicitCidrs(problems: ConfigProblems, key: string, cidrs: string[], input: SubnetPlanInput): Ipv4Cidr[] | undefined {
    let ok = true;
    if (cidrs.length !== input.zoneCount) {
        problems.add(key, cidrs, `must list exactly one CIDR per zone (${input.zoneCount}), in zone order`);
        ok = false;
    }
    const blocks: Ipv4Cidr[] = [];
    cidrs.forEach((text, i) => {
        const block = parseIpv4Cidr(text);
        if (!block) {
            problems.add(`${key}[${i}]`, text, "expected an IPv4 CIDR such as 10.0.0.0/19");
            ok = false;
        } else if (hasHostBitsSet(block)) {
            problems.add(`${key}[${i}]`, text, `host bits are set; did you mean ${canonicalIpv4Cidr(block)}?`);
            ok = false;
        } else if (block.prefixLength < MIN_PREFIX || block.prefixLength > MAX_PREFIX) {
            problems.add(`${key}[${i}]`, text, `subnet prefix length must be /${MIN_PREFIX} to /${MAX_PREFIX} (AWS limits)`);
            ok = false;
        } else if (!cidrContains(input.vpc, block)) {
            problems.add(`${key}[${i}]`, text, `must lie inside the VPC CIDR ${formatIpv4Cidr(input.vpc)}`);
            ok = false;
        } else {
            blocks.push(block);
        }
    });
    return ok ? blocks : undefined;
}

function checkPrefixOverride(problems: ConfigProblems, key: string, prefix: number, vpc: Ipv4Cidr): boolean {
    if (prefix < vpc.prefixLength || prefix > MAX_PREFIX) {
        problems.add(key, prefix, `must be from /${vpc.prefixLength} (the VPC's) to /${MAX_PREFIX}`);
        return false;
    }
    return true;
}

export function planSubnets(problems: ConfigProblems, input: SubnetPlanInput): SubnetPlan | undefined {
    const before = problems.count;
    const privatePrefix = input.privatePrefixLength ?? defaultPrivatePrefixLength(input.vpc.prefixLength);
    const publicPrefix = input.publicPrefixLength ?? defaultPublicPrefixLength(privatePrefix);
    const privateCount = input.privateSubnets ? input.zoneCount : 0;

    if (input.privatePrefixLength === undefined && privatePrefix > MAX_PREFIX) {
        problems.add("network.vpcCidr", formatIpv4Cidr(input.vpc), `too small to lay out ${ZONE_SLOTS} zone slots of subnets no smaller than /${MAX_PREFIX}; use a /${MAX_PREFIX - 3} VPC or larger, or set network.*SubnetPrefixLength`);
        return undefined;
    }
    if (input.privatePrefixLength !== undefined) {
        checkPrefixOverride(problems, "network.privateSubnetPrefixLength", input.privatePrefixLength, input.vpc);
    }
    if (input.publicPrefixLength !== undefined) {
        checkPrefixOverride(problems, "network.publicSubnetPrefixLength", input.publicPrefixLength, input.vpc);
    }
    if (!input.privateSubnets && input.privateCidrs && input.privateCidrs.length > 0) {
        problems.add("network.privateSubnetCidrs", input.privateCidrs, "must be empty when network.privateSubnets is false");
    }
    const explicitPrivate =
        input.privateSubnets && input.privateCidrs ? readExplicitCidrs(problems, "network.privateSubnetCidrs", input.privateCidrs, input) : undefined;
    const explicitPublic = input.publicCidrs ? readExplicitCidrs(problems, "network.publicSubnetCidrs", input.publicCidrs, input) : undefined;
    if (problems.count > before) {
        return undefined;
    }

    const slots = Array.from({ length: input.zoneCount }, (_, i) => zoneSlot(input.vpc, privatePrefix, publicPrefix, i));
    const privateBlocks = explicitPrivate ?? (input.privateSubnets ? slots.map((s) => s.privateBlock) : []);
    const publicBlocks = explicitPublic ?? slots.map((s) => s.publicBlock);
    if (privateBlocks.some((b) => !b) || publicBlocks.some((b) => !b)) {
        const fitting = Array.from({ length: ZONE_SLOTS }, (_, i) => zoneSlot(input.vpc, privatePrefix, publicPrefix, i)).filter((s) => s.publicBlock && (s.privateBlock || !privateCount)).length;
        problems.add(
            "network.vpcCidr",
            formatIpv4Cidr(input.vpc),
            `too small for ${input.zoneCount} zones of public /${publicPrefix}` +
                (privateCount ? ` and private /${privatePrefix}` : "") +
                ` subnets in fixed zone slots (${fitting} fit); use a larger VPC CIDR or smaller subnets (network.*SubnetPrefixLength)`,
        );
        return undefined;
    }
    const all = [
        ...(publicBlocks as Ipv4Cidr[]).map((b, i) => ({ block: b, key: `network.publicSubnetCidrs[${i}]` })),
        ...(privateBlocks as Ipv4Cidr[]).map((b, i) => ({ block: b, key: `network.privateSubnetCidrs[${i}]` })),
    ];
    for (let i = 0; i < all.length; i++) {
        for (let j = i + 1; j < all.length; j++) {
            if (cidrsOverlap(all[i].block, all[j].block)) {
                problems.add(all[j].key, formatIpv4Cidr(all[j].block), `overlaps ${all[i].key} (${formatIpv4Cidr(all[i].block)}); subnets must not overlap`);
            }
        }
    }
    if (problems.count > before) {
        return undefined;
    }
    return { publicSubnetCidrs: (publicBlocks as Ipv4Cidr[]).map(formatIpv4Cidr), privateSubnetCidrs: (privateBlocks as Ipv4Cidr[]).map(formatIpv4Cidr) };
}
