import * as assert from "assert";
import { validate } from "../testing/validate";
import { LOG_GROUP, logGroupRetentionKms } from "./logs";

const group = (props: Record<string, unknown>) => ({ type: LOG_GROUP, name: "control-plane", props });

describe("cloudwatch-log-group-retention-kms", () => {
    it("passes a log group with a retention, and without a key where none is required", async () => {
        assert.deepStrictEqual((await validate(logGroupRetentionKms, group({ retentionInDays: 30 }))).violations, []);
        assert.deepStrictEqual((await validate(logGroupRetentionKms, group({ retentionInDays: 365, kmsKeyId: "arn:aws:kms:us-east-1:210987654321:key/1" }), { minRetentionDays: 365, requireKms: true })).violations, []);
    });

    it("flags a log group kept forever, naming the environment's minimum when there is one", async () => {
        assert.deepStrictEqual((await validate(logGroupRetentionKms, group({}))).violations.map((v) => v.message), [
            'Log group "control-plane" sets no retention, so CloudWatch keeps its events forever and bills their storage every month. Set retentionInDays.',
        ]);
        assert.match((await validate(logGroupRetentionKms, group({ retentionInDays: 0 }), { minRetentionDays: 365 })).violations[0].message, /Set retentionInDays to at least 365\.$/);
    });

    it("flags a retention below the environment's minimum, not at it", async () => {
        assert.deepStrictEqual((await validate(logGroupRetentionKms, group({ retentionInDays: 90 }), { minRetentionDays: 365 })).violations.map((v) => v.message), [
            'Log group "control-plane" keeps its events 90 days, less than this environment\'s 365. Raise retentionInDays.',
        ]);
        assert.deepStrictEqual((await validate(logGroupRetentionKms, group({ retentionInDays: 365 }), { minRetentionDays: 365 })).violations, []);
    });

    it("flags a log group without its own KMS key where the environment requires one", async () => {
        const { violations } = await validate(logGroupRetentionKms, group({ retentionInDays: 30 }), { requireKms: true });
        assert.match(violations[0].message, /is encrypted with CloudWatch's own key, and this environment requires a KMS key of its own\. Set kmsKeyId/);
        assert.strictEqual((await validate(logGroupRetentionKms, group({ retentionInDays: 30, kmsKeyId: "" }), { requireKms: true })).violations.length, 1);
    });
});
