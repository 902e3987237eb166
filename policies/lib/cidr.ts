// IPv4 CIDR arithmetic for subnet planning and validation. Addresses are held as unsigned 32-bit
// numbers; nothing here touches the network.

export interface Ipv4Cidr {
    /** First address of the block, as an unsigned 32-bit number. */
    readonly base: number;
    readonly prefixLength: number;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined when it is not a well-formed IPv4 CIDR. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
    const match = IPV4_CIDR.exec(text);
    if (!match) {
        return undefined;
    }
    const octets = match.slice(1, 5).map(Number);
    const prefixLength = Number(match[5]);
    if (octets.some((o) => o > 255) || prefixLength > 32) {
        return undefined;
    }
    const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    return { base, prefixLength };
}

/** The canonical form of a block whose host bits are zero; used to suggest a fix. */
export function canonicalIpv4Cidr(cidr: Ipv4Cidr): string {
    return formatIpv4Cidr({ base: networkAddress(cidr), prefixLength: cidr.prefixLength });
}

/** AWS rejects a VPC or subnet CIDR whose host bits are set, so callers check this. */
export function hasHostBitsSet(cidr: Ipv4Cidr): boolean {
    return networkAddress(cidr) !== cidr.base;
}

export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
    const b = cidr.base;
    return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${cidr.prefixLength}`;
}

export function blockSize(prefixLength: number): number {
    return 2 ** (32 - prefixLength);
}

function networkAddress(cidr: Ipv4Cidr): number {
    const size = blockSize(cidr.prefixLength);
    return Math.floor(cidr.base / size) * size;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
    const outerEnd = outer.base + blockSize(outer.prefixLength);
    const innerEnd = inner.base + blockSize(inner.prefixLength);
    return inner.base >= outer.base && innerEnd <= outerEnd;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
    const aEnd = a.base + blockSize(a.prefixLength);
    const bEnd = b.base + blockSize(b.prefixLength);
    return a.base < bEnd && b.base < aEnd;
}

/** The private IPv4 ranges of RFC 1918. */
const RFC_1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseIpv4Cidr(c)!);

/** True when the block lies within one RFC 1918 range. */
export function isRfc1918(block: Ipv4Cidr): boolean {
    return RFC_1918.some((range) => cidrContains(range, block));
}

const IPV6_CIDR = /^[0-9a-fA-F:]+\/(\d{1,3})$/;

/**
 * Loose IPv6 CIDR check, enough to accept `::/0` or `2001:db8::/32` in endpoint allow-lists and
 * reject typos; EKS itself validates the address.
 */
export function isIpv6Cidr(text: string): boolean {
    const match = IPV6_CIDR.exec(text);
    return !!match && Number(match[1]) <= 128 && text.includes(":");
}
