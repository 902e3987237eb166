// Plans the public and private subnet CIDRs of the VPC: derived from the VPC CIDR and the number of
// zones, or given explicitly, and checked for fit, containment and overlap.
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

export function defaultPrivatePrefixLength(vpcPrefix: number, zoneCount: number): number {
    return vpcPrefix + Math.ceil(Math.log2(zoneCount)) + 1;
}

export function defaultPublicPrefixLength(privatePrefix: number): number {
    return Math.min(privatePrefix + 2, MAX_PREFIX);
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

/**
 * Carves `count` blocks of one size out of the VPC in address order, each aligned to its size,
 * skipping the blocks the other side fixed explicitly. Undefined when they do not fit.
 */
function allocateAround(vpc: Ipv4Cidr, prefixLength: number, count: number, taken: readonly Ipv4Cidr[]): Ipv4Cidr[] | undefined {
    const size = blockSize(prefixLength);
    const vpcEnd = vpc.base + blockSize(vpc.prefixLength);
    const result: Ipv4Cidr[] = [];
    let cursor = vpc.base;
    while (result.length < count) {
        const candidate: Ipv4Cidr = { base: Math.ceil(cursor / size) * size, prefixLength };
        if (candidate.base + size > vpcEnd) {
            return undefined;
        }
        const clash = taken.find((t) => cidrsOverlap(t, candidate));
        if (clash) {
            cursor = clash.base + blockSize(clash.prefixLength);
        } else {
            result.push(candidate);
            cursor = candidate.base + size;
        }
    }
    return result;
}

export function planSubnets(problems: ConfigProblems, input: SubnetPlanInput): SubnetPlan | undefined {
    const before = problems.count;
    const privatePrefix = input.privatePrefixLength ?? defaultPrivatePrefixLength(input.vpc.prefixLength, input.zoneCount);
    const publicPrefix = input.publicPrefixLength ?? defaultPublicPrefixLength(privatePrefix);
    const privateCount = input.privateSubnets ? input.zoneCount : 0;

    if (input.privatePrefixLength === undefined && privatePrefix > MAX_PREFIX) {
        problems.add("network.vpcCidr", formatIpv4Cidr(input.vpc), `too small to split into ${input.zoneCount} zones of subnets no smaller than /${MAX_PREFIX}; use a larger VPC CIDR`);
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

    let privateBlocks = explicitPrivate;
    let publicBlocks = explicitPublic;
    if (!privateBlocks) {
        privateBlocks = allocateAround(input.vpc, privatePrefix, privateCount, publicBlocks ?? []);
    }
    if (privateBlocks && !publicBlocks) {
        publicBlocks = allocateAround(input.vpc, publicPrefix, input.zoneCount, privateBlocks);
    }
    if (!privateBlocks || !publicBlocks) {
        problems.add(
            "network.vpcCidr",
            formatIpv4Cidr(input.vpc),
            `too small for ${input.zoneCount} public /${publicPrefix}` +
                (privateCount ? ` and ${privateCount} private /${privatePrefix}` : "") +
                " subnets; use a larger VPC CIDR or smaller subnets (network.*SubnetPrefixLength)",
        );
        return undefined;
    }

    const all = [
        ...publicBlocks.map((b, i) => ({ block: b, key: `network.publicSubnetCidrs[${i}]` })),
        ...privateBlocks.map((b, i) => ({ block: b, key: `network.privateSubnetCidrs[${i}]` })),
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
    return { publicSubnetCidrs: publicBlocks.map(formatIpv4Cidr), privateSubnetCidrs: privateBlocks.map(formatIpv4Cidr) };
}
