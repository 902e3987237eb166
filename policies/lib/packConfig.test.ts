import * as assert from "assert";
import Ajv from "ajv";
import { Policy } from "@pulumi/policy";
import { ENFORCEMENT_LEVELS, packConfigSchema, policySettingsSchema, resolvePolicyConfig } from "./packConfig";

const policy = (extra: Partial<Policy> = {}) => ({ name: "p", description: "d", enforcementLevel: "mandatory", validateResource: () => undefined, ...extra }) as Policy;

describe("policy pack config", () => {
    it("accepts the four enforcement levels and nothing else", () => {
        assert.deepStrictEqual(ENFORCEMENT_LEVELS, ["advisory", "mandatory", "remediate", "disabled"]);
        const validate = new Ajv({ strict: false }).compile(packConfigSchema([policy()]));
        for (const level of ENFORCEMENT_LEVELS) {
            assert.ok(validate({ all: level, p: level }), level);
        }
        assert.strictEqual(validate({ p: "warn" }), false);
        assert.strictEqual(validate({ q: "advisory" }), false, "no unknown policies");
        assert.strictEqual(validate({ p: { enforcementLevel: "mandatory", other: 1 } }), false, "no settings the policy does not declare");
    });

    it("carries a policy's settings and required ones, and gives a policy without settings only a level", () => {
        const withSettings = policy({ configSchema: { properties: { max: { type: "integer" } }, required: ["max"] } });
        assert.deepStrictEqual(policySettingsSchema(withSettings), {
            type: "object",
            properties: { enforcementLevel: { type: "string", enum: ENFORCEMENT_LEVELS }, max: { type: "integer" } },
            required: ["max"],
            additionalProperties: false,
        });
        assert.deepStrictEqual(policySettingsSchema(policy()), { type: "object", properties: { enforcementLevel: { type: "string", enum: ENFORCEMENT_LEVELS } }, additionalProperties: false });
        const validate = new Ajv({ strict: false }).compile(packConfigSchema([withSettings]));
        assert.strictEqual(validate({ p: { enforcementLevel: "advisory" } }), false, "max is required");
        assert.ok(validate({ p: { max: 2 } }));
        assert.strictEqual((packConfigSchema([]) as { $schema: string }).$schema, "http://json-schema.org/draft-07/schema#");
    });

    it("resolves a policy's own entry over all over its default level, and advisory without any", () => {
        assert.deepStrictEqual(resolvePolicyConfig(policy(), {}), { enforcementLevel: "mandatory", settings: {} });
        assert.deepStrictEqual(resolvePolicyConfig(policy({ enforcementLevel: undefined }), {}), { enforcementLevel: "advisory", settings: {} });
        assert.deepStrictEqual(resolvePolicyConfig(policy(), { all: "advisory" }), { enforcementLevel: "advisory", settings: {} });
        assert.deepStrictEqual(resolvePolicyConfig(policy(), { all: "advisory", p: "disabled" }), { enforcementLevel: "disabled", settings: {} });
        assert.deepStrictEqual(resolvePolicyConfig(policy(), { all: "advisory", p: { max: 3 } }), { enforcementLevel: "advisory", settings: { max: 3 } });
        assert.deepStrictEqual(resolvePolicyConfig(policy(), { p: { enforcementLevel: "remediate", max: 3 } }), { enforcementLevel: "remediate", settings: { max: 3 } });
        assert.deepStrictEqual(resolvePolicyConfig(policy(), { p: null }), { enforcementLevel: "mandatory", settings: {} });
    });
});
