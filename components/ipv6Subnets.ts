// The /64 subnets of a VPC's Amazon-provided IPv6 block. AWS gives a VPC a /56 and a subnet takes a
// /64 of it (Amazon VPC User Guide, "IPv6 VPC CIDR blocks" and "Subnet CIDR blocks": a subnet's IPv6
// block is fixed at /64), so a VPC holds 256 of them, numbered by the block's last eight bits.

/** The /64 numbered `slot` (0-255) of a /56 such as 2600:1f18:6a4b:1200::/56. */
export function ipv6SubnetCidr(vpcBlock: string, slot: number): string {
    const match = /^([0-9a-fA-F:]+)\/56$/.exec(vpcBlock);
    const groups = match ? expandIpv6(match[1]) : undefined;
    if (!groups || !Number.isInteger(slot) || slot < 0 || slot > 255) {
        throw new Error(`expected an Amazon-provided /56 IPv6 block and a slot 0-255, got ${vpcBlock} and ${slot}`);
    }
    groups[3] = (groups[3] & 0xff00) | slot;
    return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, "::" expanded; undefined when it is not one. */
export function expandIpv6(address: string): number[] | undefined {
    const halves = address.split("::");
    if (halves.length > 2) {
        return undefined;
    }
    const parse = (part: string) => (part === "" ? [] : part.split(":"));
    const head = parse(halves[0]);
    const tail = halves.length === 2 ? parse(halves[1]) : [];
    const missing = 8 - head.length - tail.length;
    if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) {
        return undefined;
    }
    const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
        return undefined;
    }
    return groups.map((g) => parseInt(g, 16));
}
