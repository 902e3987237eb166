// The `--policy-pack-config` file: its JSON Schema (built from each policy's configSchema, as the
// Pulumi CLI validates it) and how it resolves to an enforcement level and settings per policy.
import { EnforcementLevel, Policy, PolicyConfigSchema } from "@pulumi/policy";

export const ENFORCEMENT_LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

type PolicyWithSchema = Pick<Policy, "name" | "configSchema">;

const LEVEL_SCHEMA = { type: "string", enum: ENFORCEMENT_LEVELS };

/** JSON Schema of a policy's entry when it is an object: its level and its own settings, nothing else. */
export function policySettingsSchema(policy: PolicyWithSchema): object {
    const schema: PolicyConfigSchema = policy.configSchema ?? { properties: {} };
    return {
        type: "object",
        properties: { enforcementLevel: LEVEL_SCHEMA, ...schema.properties },
        ...(schema.required ? { required: schema.required } : {}),
        additionalProperties: false,
    };
}

/** JSON Schema (draft-07) of a whole config file for the given policies. */
export function packConfigSchema(policies: readonly PolicyWithSchema[]): object {
    const properties: Record<string, object> = { all: LEVEL_SCHEMA };
    for (const policy of policies) {
        properties[policy.name] = { oneOf: [LEVEL_SCHEMA, policySettingsSchema(policy)] };
    }
    return { $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties, additionalProperties: false };
}

export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    settings: Record<string, unknown>;
}

/**
 * The level and settings a policy runs with: its own entry over `all` over its default level
 * (the precedence the Pulumi docs give for policy pack configuration).
 */
export function resolvePolicyConfig(policy: Policy, config: Record<string, unknown>): ResolvedPolicyConfig {
    const entry = config[policy.name];
    const all = config.all as EnforcementLevel | undefined;
    const fallback = all ?? policy.enforcementLevel ?? "advisory";
    if (typeof entry === "string") {
        return { enforcementLevel: entry as EnforcementLevel, settings: {} };
    }
    if (entry && typeof entry === "object") {
        const { enforcementLevel, ...settings } = entry as Record<string, unknown>;
        return { enforcementLevel: (enforcementLevel as EnforcementLevel | undefined) ?? fallback, settings };
    }
    return { enforcementLevel: fallback, settings: {} };
}
