// docs/policies.md, generated from the pack itself: each policy's name, severity, default level and
// level per environment, settings with their defaults and per-environment values, what it checks,
// why, how to fix a finding, and its source. `npm run docs` writes it; a test keeps it in step.
// SARIF `helpUri` and the markdown report link to each policy's anchor.
import * as fs from "fs";
import * as path from "path";
import { resolvePolicyConfig } from "../policies/lib/packConfig";
import { markedType } from "../policies/lib/typedValidation";
import { allPolicies } from "../policies/rules";
import { POLICY_REFERENCE } from "../policies/rules/reference";
import { PROJECT_DIR } from "./projectDir";
import { controlsLine, controlsOf } from "./controlMappings";

export const REFERENCE_PAGE = path.join("docs", "policies.md");
const ENVIRONMENTS = ["dev", "staging", "prod"];

/** GitHub's anchor for a heading made of a policy name (lower case; letters, digits and hyphens). */
export const policyAnchor = (name: string) => name.toLowerCase().replace(/[^a-z0-9-]/g, "");

/**
 * Where a policy's section is read: on GitHub (Actions sets GITHUB_SERVER_URL, GITHUB_REPOSITORY
 * and GITHUB_SHA), the page at the commit checked; else the path in the repository, for links
 * read next to it. SARIF needs an absolute URI, so it has none outside GitHub.
 */
export function policyDocsUrl(name: string, environment: NodeJS.ProcessEnv = process.env): { absolute?: string; relative: string } {
    const relative = `${REFERENCE_PAGE.split(path.sep).join("/")}#${policyAnchor(name)}`;
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = environment;
    return server && repository && sha ? { absolute: `${server}/${repository}/blob/${sha}/${relative}`, relative } : { relative };
}

const code = (value: unknown) => `\`${JSON.stringify(value)}\``;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function environmentConfigs(): Record<string, Record<string, unknown>> {
    return Object.fromEntries(ENVIRONMENTS.map((env) => [env, JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "config", `${env}.json`), "utf8"))]));
}

export function policyReferencePage(): string {
    const configs = environmentConfigs();
    const out = [
        "# eks-guard policy reference",
        "",
        "<!-- Generated from the pack by `npm run docs` (offline/policyReference.ts); do not edit. A test keeps it in step. -->",
        "",
        `${allPolicies.length} policies. Levels per environment come from \`policies/config/<env>.json\`; every policy also takes \`exemptions\` (see [Waivers](policy-pack.md#waivers-exemptions)).`,
        "",
        "| policy | severity | default level | dev | staging | prod |",
        "|---|---|---|---|---|---|",
    ];
    for (const policy of allPolicies) {
        const levels = ENVIRONMENTS.map((env) => resolvePolicyConfig(policy, configs[env]).enforcementLevel);
        out.push(`| [${policy.name}](#${policyAnchor(policy.name)}) | ${policy.severity} | ${policy.enforcementLevel} | ${levels.join(" | ")} |`);
    }
    out.push("");
    for (const policy of allPolicies) {
        const reference = POLICY_REFERENCE[policy.name];
        const kind =
            "validateStack" in policy
                ? "stack policy (relates resources across the stack; AnalyzeStack)"
                : `resource policy (${markedType((policy as { validateResource?: unknown }).validateResource) ?? "several resource types"}; Analyze)`;
        out.push(`## ${policy.name}`, "", cell(policy.description), "");
        out.push(`- **Severity**: ${policy.severity}`, `- **Category**: ${reference.category} (precision ${reference.precision})`, `- **Default level**: ${policy.enforcementLevel}`, `- **Kind**: ${kind}`);
        out.push(`- **Level per environment**: ${ENVIRONMENTS.map((env) => `${env} ${resolvePolicyConfig(policy, configs[env]).enforcementLevel}`).join(", ")}`, "");
        out.push(`**Why.** ${cell(reference.why)}`, "", `**How to fix.** ${cell(reference.fix)}`, "", `**Source.** ${cell(reference.source)}`, "", cell(controlsLine(controlsOf(policy.name))), "");
        const settings = Object.entries(policy.configSchema?.properties ?? {}).filter(([name]) => name !== "exemptions");
        if (settings.length > 0) {
            out.push("| setting | type | default | dev | staging | prod |", "|---|---|---|---|---|---|");
            for (const [name, schema] of settings) {
                const s = schema as { type?: string; default?: unknown; enum?: unknown[]; items?: { enum?: unknown[] } };
                const type = s.enum ? `one of ${s.enum.map((v) => code(v)).join(", ")}` : s.items?.enum ? `list of ${s.items.enum.map((v) => code(v)).join(", ")}` : String(s.type ?? "any");
                const values = ENVIRONMENTS.map((env) => {
                    const value = resolvePolicyConfig(policy, configs[env]).settings[name];
                    return value === undefined ? "default" : code(value);
                });
                out.push(`| \`${name}\` | ${cell(type)} | ${"default" in s ? code(s.default) : "none"} | ${values.map(cell).join(" | ")} |`);
            }
            out.push("");
        }
    }
    return `${out.join("\n").trimEnd()}\n`;
}
