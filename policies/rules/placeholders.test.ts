import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { placeholderReason } from "../lib/placeholders";
import { UNKNOWN, validate } from "../testing/validate";
import { placeholderValues } from "./placeholders";

describe("eks-placeholder-values", () => {
    it("reports each documentation value with its path, nested or in a list", async () => {
        const cluster = {
            type: AWS.cluster,
            name: "prod",
            props: { roleArn: "arn:aws:iam::111122223333:role/eks", vpcConfig: { publicAccessCidrs: ["203.0.113.0/24", UNKNOWN], __defaults: [] } },
        };
        const messages = (await validate(placeholderValues, cluster)).violations.map((v) => v.message);
        assert.deepStrictEqual(messages, [
            'Cluster "prod" has roleArn = "arn:aws:iam::111122223333:role/eks", an AWS documentation account ID: a placeholder; replace it before deploying.',
            'Cluster "prod" has vpcConfig.publicAccessCidrs[0] = "203.0.113.0/24", an RFC 5737 documentation address range: a placeholder; replace it before deploying.',
        ]);
    });

    it("looks inside JSON documents held as text, such as IAM policies", async () => {
        const policy = { type: AWS.policy, name: "external-dns", props: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Resource: ["arn:aws:route53:::hostedzone/Z0123456789EXAMPLE"] }] }) } };
        const { violations } = await validate(placeholderValues, policy);
        assert.deepStrictEqual(violations.map((v) => v.message), [
            'Policy "external-dns" has policy.Statement[0].Resource[0] = "arn:aws:route53:::hostedzone/Z0123456789EXAMPLE", an AWS documentation example identifier: a placeholder; replace it before deploying.',
        ]);
    });

    it("passes real values, and values still unknown in a preview", async () => {
        const group = { type: AWS.nodeGroup, name: "general", props: { nodeRoleArn: "arn:aws:iam::210987654321:role/node", subnetIds: [UNKNOWN], labels: { cidr: "10.0.0.0/16" } } };
        assert.deepStrictEqual((await validate(placeholderValues, group)).violations, []);
    });

    it("knows the three RFC 5737 ranges and no neighbour of them", () => {
        for (const value of ["192.0.2.10", "198.51.100.0/24", "203.0.113.128/25"]) {
            assert.strictEqual(placeholderReason(value), "an RFC 5737 documentation address range", value);
        }
        for (const value of ["192.0.3.0/24", "198.51.101.1", "203.0.112.0/23", "198.18.0.0/15"]) {
            assert.strictEqual(placeholderReason(value), undefined, value);
        }
    });

    it("knows AWS example identifiers, and not real ones that merely contain their digits", () => {
        for (const value of ["arn:aws:route53:::hostedzone/Z0123456789EXAMPLE", "sg-0123456789abcdef0", "tgw-0123456789abcdef0", "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab", "123456789012"]) {
            assert.ok(placeholderReason(value), value);
        }
        for (const value of ["sg-0123456789abcdef1", "arn:aws:iam::2111122223333:role/x", "EXAMPLES-team"]) {
            assert.strictEqual(placeholderReason(value), undefined, value);
        }
    });
});
