import * as assert from "assert";
import { findPlaceholders, parsePlaceholderMessage, placeholderMessage, placeholderReason } from "./placeholders";

describe("documentation placeholders", () => {
    it("recognises RFC 5737 addresses and blocks inside the ranges, and nothing around them", () => {
        for (const value of ["192.0.2.1", "198.51.100.0/24", "203.0.113.128/25", "203.0.113.255"]) {
            assert.strictEqual(placeholderReason(value), "an RFC 5737 documentation address range", value);
        }
        for (const value of ["203.0.112.0/23", "203.0.114.1", "10.0.0.0/8", "x203.0.113.1", "203.0.113.1x", "203.0.113.0/24/1"]) {
            assert.strictEqual(placeholderReason(value), undefined, value);
        }
    });

    it("recognises the documentation accounts as a whole ARN field or value only", () => {
        for (const value of ["111122223333", "arn:aws:iam::123456789012:role/x", "444455556666:root"]) {
            assert.strictEqual(placeholderReason(value), "an AWS documentation account ID", value);
        }
        for (const value of ["1111222233334", "arn:aws:iam::2111122223333:role/x", "role/111122223333x"]) {
            assert.strictEqual(placeholderReason(value), undefined, value);
        }
    });

    it("recognises example identifiers at the end of a value only", () => {
        for (const value of ["Z0123456789EXAMPLE", "tgw-0123456789abcdef0", "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab"]) {
            assert.strictEqual(placeholderReason(value), "an AWS documentation example identifier", value);
        }
        for (const value of ["EXAMPLEZ", "tgw-0123456789abcdef01", "tgw0123456789abcdef0"]) {
            assert.strictEqual(placeholderReason(value), undefined, value);
        }
    });

    it("finds placeholders by path in objects, arrays and embedded JSON documents, skipping engine keys", () => {
        const hits = findPlaceholders({
            vpcConfig: { publicAccessCidrs: ["10.0.0.0/8", "203.0.113.0/24"] },
            policy: JSON.stringify({ Statement: [{ Principal: { AWS: "arn:aws:iam::111122223333:root" } }] }),
            notJson: "{ not json 203.0.113.5",
            __defaults: ["203.0.113.9"],
            plain: ' ["203.0.113.1"]',
        });
        assert.deepStrictEqual(hits.map((h) => [h.path, h.value]), [
            ["vpcConfig.publicAccessCidrs[1]", "203.0.113.0/24"],
            ["policy.Statement[0].Principal.AWS", "arn:aws:iam::111122223333:root"],
            ["plain[0]", "203.0.113.1"],
        ]);
        assert.deepStrictEqual(findPlaceholders(null), []);
        assert.deepStrictEqual(findPlaceholders(42), []);
        assert.deepStrictEqual(findPlaceholders("203.0.113.7", "x"), [{ path: "x", value: "203.0.113.7", why: "an RFC 5737 documentation address range" }]);
    });
});

describe("placeholder messages", () => {
    it("read back the hit they report, quotes and all; other text is not one", () => {
        const hit = { path: "policy.Statement[0].Resource[0]", value: 'arn:aws:route53:::hostedzone/Z0123456789EXAMPLE"x', why: "an AWS documentation example identifier" };
        const message = placeholderMessage("Policy", "external-dns", hit);
        assert.strictEqual(message, 'Policy "external-dns" has policy.Statement[0].Resource[0] = "arn:aws:route53:::hostedzone/Z0123456789EXAMPLE\\"x", an AWS documentation example identifier: a placeholder; replace it before deploying.');
        assert.deepStrictEqual(parsePlaceholderMessage(message), { kind: "Policy", name: "external-dns", ...hit });
        assert.deepStrictEqual(parsePlaceholderMessage(placeholderMessage("Route", "a b", { path: "", value: "203.0.113.1", why: "an RFC 5737 documentation address range" })), { kind: "Route", name: "a b", path: "", value: "203.0.113.1", why: "an RFC 5737 documentation address range" });
        for (const other of ["", "Cluster \"x\" has y = \"z\", an id", `${message} And more.`, message.replace("a placeholder", "no placeholder")]) {
            assert.strictEqual(parsePlaceholderMessage(other), undefined, other);
        }
    });
});
