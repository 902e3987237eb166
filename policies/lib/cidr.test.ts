import * as assert from "assert";
import { blockSize, canonicalIpv4Cidr, cidrContains, cidrsOverlap, formatIpv4Cidr, hasHostBitsSet, isIpv6Cidr, parseIpv4Cidr } from "./cidr";

const cidr = (text: string) => {
    const parsed = parseIpv4Cidr(text);
    assert.ok(parsed, text);
    return parsed;
};

describe("IPv4 CIDRs", () => {
    it("parses a well-formed block to its first address and prefix, at the edges of what is allowed", () => {
        assert.deepStrictEqual(parseIpv4Cidr("10.1.2.3/16"), { base: ((10 << 24) | (1 << 16) | (2 << 8) | 3) >>> 0, prefixLength: 16 });
        assert.deepStrictEqual(parseIpv4Cidr("255.255.255.255/32"), { base: 0xffffffff, prefixLength: 32 });
        assert.deepStrictEqual(parseIpv4Cidr("0.0.0.0/0"), { base: 0, prefixLength: 0 });
    });

    it("refuses text that is not exactly a.b.c.d/n, an octet over 255 and a prefix over 32", () => {
        for (const text of ["10.0.0.0", "x10.0.0.0/16", "10.0.0.0/16 ", "10.0.0/16", "256.0.0.0/8", "10.0.0.256/32", "10.0.0.0/33", "10.0.0.0/123", ""]) {
            assert.strictEqual(parseIpv4Cidr(text), undefined, text);
        }
    });

    it("formats, finds host bits and suggests the canonical block", () => {
        assert.strictEqual(formatIpv4Cidr(cidr("192.168.10.7/24")), "192.168.10.7/24");
        assert.strictEqual(hasHostBitsSet(cidr("10.0.0.1/16")), true);
        assert.strictEqual(hasHostBitsSet(cidr("10.0.0.0/16")), false);
        assert.strictEqual(canonicalIpv4Cidr(cidr("10.0.200.1/17")), "10.0.128.0/17");
        assert.strictEqual(blockSize(24), 256);
    });

    it("says a block contains another only when it lies entirely inside, edges included", () => {
        assert.strictEqual(cidrContains(cidr("10.0.0.0/16"), cidr("10.0.255.0/24")), true);
        assert.strictEqual(cidrContains(cidr("10.0.0.0/16"), cidr("10.0.0.0/16")), true);
        assert.strictEqual(cidrContains(cidr("10.0.0.0/16"), cidr("10.1.0.0/24")), false);
        assert.strictEqual(cidrContains(cidr("10.0.0.0/16"), cidr("10.0.0.0/15")), false);
        assert.strictEqual(cidrContains(cidr("10.0.1.0/24"), cidr("10.0.0.0/24")), false);
    });

    it("says two blocks overlap when they share an address, and not when they only touch", () => {
        assert.strictEqual(cidrsOverlap(cidr("10.0.0.0/24"), cidr("10.0.0.128/25")), true);
        assert.strictEqual(cidrsOverlap(cidr("10.0.0.128/25"), cidr("10.0.0.0/24")), true);
        assert.strictEqual(cidrsOverlap(cidr("10.0.0.0/24"), cidr("10.0.1.0/24")), false);
        assert.strictEqual(cidrsOverlap(cidr("10.0.1.0/24"), cidr("10.0.0.0/24")), false);
        assert.strictEqual(cidrsOverlap(cidr("10.0.0.0/8"), cidr("10.255.255.255/32")), true);
    });
});

describe("IPv6 CIDRs (the loose check of endpoint allow-lists)", () => {
    it("accepts ::/0, a documentation block and a /128", () => {
        for (const text of ["::/0", "2001:db8::/32", "2001:DB8::1/128"]) {
            assert.strictEqual(isIpv6Cidr(text), true, text);
        }
    });

    it("refuses IPv4, a prefix over 128, a missing or non-numeric prefix, and stray characters", () => {
        for (const text of ["10.0.0.0/8", "0/0", "2001:db8::/129", "2001:db8::/1000", "2001:db8::", "2001:db8::/", "2001:db8::/x", "g::/32", " ::/0", "::/0 "]) {
            assert.strictEqual(isIpv6Cidr(text), false, text);
        }
    });
});
