// Reads a `--policy-pack-config` file, validates it against the pack's config schemas with a real
// JSON Schema validator (as the Pulumi CLI does), and resolves each policy's level and settings.
// Problems are listed one per line with the policy and setting they are about, and a "did you mean"
// for a misspelt policy or setting name: Ajv's own output for the file schema (a `oneOf` per policy)
// names neither.
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import * as fs from "fs";
import { DAY, pinnedDay } from "../policies/lib/evaluationDate";
import { Exemption, EXEMPTIONS_POLICY } from "../policies/lib/exemptions";
import { ENFORCEMENT_LEVELS, packConfigSchema, policySettingsSchema, resolvePolicyConfig } from "../policies/lib/packConfig";
import { allPolicies } from "../policies/rules";
import { closest } from "../config/suggest";
import { PolicyPackConfigEntry } from "./policyAnalyzer";

export class PolicyConfigError extends Error {}

const levels = ENFORCEMENT_LEVELS.map((l) => `"${l}"`).join(", ");

function didYouMean(name: string, known: Iterable<string>): string {
    const near = closest(name, known);
    return near ? ` (did you mean "${near}"?)` : "";
}

function settingProblem(policy: string, error: ErrorObject, known: string[]): string {
    const where = policy + error.instancePath.replace(/\/(\d+)(?=\/|$)/g, "[$1]").replace(/\//g, ".");
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
        case "additionalProperties": {
            const name = String(params.additionalProperty);
            return `${where}.${name}: not a setting of this policy${didYouMean(name, known)}; its settings: ${["enforcementLevel", ...known].join(", ")}`;
        }
        case "enum":
            return `${where} = ${JSON.stringify(error.data)}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
        default:
            return `${where} = ${JSON.stringify(error.data)}: ${error.message}`;
    }
}

// The schemas' validators, compiled once per process: compiling them is most of a config check's time.
let ajv: Ajv | undefined;
const settingsValidators = new Map<string, ValidateFunction>();
let fileValidator: ValidateFunction | undefined;
const compiler = () => (ajv ??= new Ajv({ allErrors: true, strict: false, verbose: true }));

function settingsValidator(policy: (typeof allPolicies)[number]): ValidateFunction {
    if (!settingsValidators.has(policy.name)) {
        settingsValidators.set(policy.name, compiler().compile(policySettingsSchema(policy)));
    }
    return settingsValidators.get(policy.name)!;
}

/** Every problem of a parsed config file, one line each. */
export function policyConfigProblems(parsed: unknown): string[] {
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        return [`the file must hold a JSON object of policy name -> enforcement level or settings, not ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}`];
    }
    const byName = new Map(allPolicies.map((p) => [p.name, p]));
    const problems: string[] = [];
    for (const [name, entry] of Object.entries(parsed as Record<string, unknown>)) {
        const policy = byName.get(name);
        if (name !== "all" && !policy) {
            problems.push(`${name}: no such policy in eks-guard${didYouMean(name, ["all", ...byName.keys()])}`);
            continue;
        }
        if (typeof entry === "string" || name === "all") {
            if (!(ENFORCEMENT_LEVELS as unknown[]).includes(entry)) {
                problems.push(`${name} = ${JSON.stringify(entry)}: an enforcement level must be one of ${levels}`);
            }
            continue;
        }
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push(`${name} = ${JSON.stringify(entry)}: must be an enforcement level (${levels}) or an object of settings`);
            continue;
        }
        const known = Object.keys(policy!.configSchema?.properties ?? {});
        const validate = settingsValidator(policy!);
        if (!validate(entry)) {
            problems.push(...(validate.errors ?? []).map((e) => settingProblem(name, e, known)));
        }
        // The schema's pattern admits 2026-02-30; the rules would then fail on every resource.
        const day = (entry as Record<string, unknown>).evaluationDate;
        if (typeof day === "string" && DAY.test(day) && !pinnedDay(day)) {
            problems.push(`${name}.evaluationDate = "${day}": not a day of the calendar`);
        }
        const exemptions = (entry as Record<string, unknown>).exemptions;
        (Array.isArray(exemptions) ? exemptions : []).forEach((e, i) => {
            const expires = (e as Partial<Exemption> | null)?.expires;
            if (typeof expires === "string" && DAY.test(expires) && !pinnedDay(expires)) {
                problems.push(`${name}.exemptions[${i}].expires = "${expires}": not a day of the calendar`);
            }
        });
    }
    // `all` reaches eks-exemptions too: listing waived findings at mandatory would fail every run
    // that waives one, which is what a waiver is there to avoid. (A config without exemptions is
    // left alone: eks-exemptions then reports nothing, at any level.)
    const report = resolvePolicyConfig(byName.get(EXEMPTIONS_POLICY)!, parsed as Record<string, unknown>).enforcementLevel;
    const waives = Object.values(parsed as Record<string, unknown>).some((entry) => Array.isArray((entry as { exemptions?: unknown } | null)?.exemptions));
    if (problems.length === 0 && waives && (report === "mandatory" || report === "remediate")) {
        problems.push(`${EXEMPTIONS_POLICY} resolves to "${report}"${typeof (parsed as Record<string, unknown>)[EXEMPTIONS_POLICY] === "undefined" ? ' (from "all")' : ""}: it lists waived findings, so it must be "advisory" (or "disabled"); add "${EXEMPTIONS_POLICY}": "advisory"`);
    }
    if (problems.length === 0) {
        // The file schema the Pulumi CLI applies; agrees with the checks above, kept as the last word.
        const whole = (fileValidator ??= compiler().compile(packConfigSchema(allPolicies)));
        if (!whole(parsed)) {
            problems.push(...(whole.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}`));
        }
    }
    return problems;
}

export function loadPolicyConfig(file: string): Record<string, PolicyPackConfigEntry> {
    let parsed: Record<string, unknown>;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "no such file" : code ? `cannot be read (${code})` : `not valid JSON (${(error as Error).message})`;
        throw new PolicyConfigError(`${file}: ${why}`);
    }
    const problems = policyConfigProblems(parsed);
    if (problems.length > 0) {
        throw new PolicyConfigError(`${file} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return Object.fromEntries(allPolicies.map((policy) => [policy.name, resolvePolicyConfig(policy, parsed)]));
}
