import * as assert from "assert";
import { NETWORK } from "../lib/resourceTypes";
import { validate } from "../testing/validate";
import { kmsKeyRotation } from "./kms";

const key = (props: Record<string, unknown>) => ({ type: NETWORK.kmsKey, name: "secrets", props });

describe("kms-key-rotation", () => {
    it("passes a symmetric key that rotates", async () => {
        assert.deepStrictEqual((await validate(kmsKeyRotation, key({ enableKeyRotation: true }))).violations, []);
        assert.deepStrictEqual((await validate(kmsKeyRotation, key({ enableKeyRotation: true, rotationPeriodInDays: 90 }))).violations, []);
    });

    it("flags a symmetric key that does not rotate, AWS's default", async () => {
        for (const props of [{}, { enableKeyRotation: false }, { enableKeyRotation: "false" }]) {
            const { violations } = await validate(kmsKeyRotation, key(props));
            assert.deepStrictEqual(violations.map((v) => v.message), [
                'KMS key "secrets" does not rotate its key material (enableKeyRotation is not true; AWS\'s default is off), so one key encrypts everything it ever protected. Set enableKeyRotation: true (yearly, or rotationPeriodInDays).',
            ], JSON.stringify(props));
        }
    });

    it("does not apply to keys KMS cannot rotate: asymmetric, HMAC, custom key store", async () => {
        assert.ok((await validate(kmsKeyRotation, key({ customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }))).notApplicable);
        assert.ok((await validate(kmsKeyRotation, key({ customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }))).notApplicable);
        assert.ok((await validate(kmsKeyRotation, key({ customKeyStoreId: "cks-1234567890abcdef0" }))).notApplicable);
        assert.ok((await validate(kmsKeyRotation, { type: "aws:s3/bucket:Bucket", props: {} })).notApplicable);
    });
});
