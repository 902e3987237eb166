// Reads a `--policy-pack-config` file, validates it against the pack's config schemas with a real
// JSON Schema validator (as the Pulumi CLI does), and resolves each policy's level and settings.
import Ajv from "ajv";
import * as fs from "fs";
import { packConfigSchema, resolvePolicyConfig } from "../policies/lib/packConfig";
import { allPolicies } from "../policies/rules";
import { PolicyPackConfigEntry } from "./policyAnalyzer";

export class PolicyConfigError extends Error {}

export function loadPolicyConfig(file: string): Record<string, PolicyPackConfigEntry> {
    let parsed: Record<string, unknown>;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new PolicyConfigError(`${file}: not readable JSON (${(error as Error).message})`);
    }
    const validate = new Ajv({ allErrors: true, strict: false }).compile(packConfigSchema(allPolicies));
    if (!validate(parsed)) {
        const problems = (validate.errors ?? []).map((e) => `  - ${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
        throw new PolicyConfigError(`${file} does not match the policy config schemas:\n${problems.join("\n")}`);
    }
    return Object.fromEntries(allPolicies.map((policy) => [policy.name, resolvePolicyConfig(policy, parsed)]));
}
