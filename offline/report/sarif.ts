// SARIF 2.1.0 for GitHub code scanning: one run, rules from the policy pack with the help GitHub
// shows (help.text is required there, help.markdown preferred), results located at the stack file
// line of the config key behind the finding, or at the resource in a state file.
//
// GitHub's SARIF support page (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning)
// is followed for: `properties.security-severity` (a number as a string; over 9.0 critical,
// 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low) on rules tagged `security`, which GitHub rates by it
// instead of by `level`; `properties.precision`; `properties.tags`; `partialFingerprints`, which
// GitHub uses to follow one alert across commits, so each is stable across runs and unique.
import { controlsOf, controlTags } from "../controlMappings";
import { EXEMPTIONS_POLICY, WAIVED_PREFIX, waivedFinding } from "../../policies/lib/exemptions";
import { POLICY_REFERENCE } from "../../policies/rules/reference";
import { policyDocsUrl } from "../policyReference";
import { keyOfFinding } from "./findingIdentity";
import { CheckReport, ReportFinding, StackReport } from "./model";

const LEVELS: Record<string, "error" | "warning" | "note"> = { mandatory: "error", remediate: "error", advisory: "warning", disabled: "note" };
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };
const PROBLEM_SEVERITY: Record<string, string> = { mandatory: "error", remediate: "error", advisory: "warning", disabled: "recommendation" };

function rule(p: CheckReport["policies"][number]) {
    const reference = POLICY_REFERENCE[p.name];
    const docs = policyDocsUrl(p.name);
    const text = reference ? `${p.description}\n\nWhy: ${reference.why}\n\nHow to fix: ${reference.fix}\n\nSource: ${reference.source}` : p.description;
    const markdown = reference
        ? `${p.description}\n\n**Why.** ${reference.why}\n\n**How to fix.** ${reference.fix}\n\n**Source.** ${reference.source}\n\n[Policy reference](${docs.absolute ?? docs.relative})`
        : p.description;
    const security = reference?.category === "security";
    const controls = controlsOf(p.name);
    return {
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description },
        fullDescription: { text: reference?.why ?? p.description },
        help: { text, markdown },
        ...(docs.absolute ? { helpUri: docs.absolute } : {}),
        defaultConfiguration: { level: LEVELS[p.enforcementLevel] ?? "warning" },
        properties: {
            tags: [reference?.category ?? "correctness", "eks", "pulumi", ...controlTags(controls)],
            precision: reference?.precision ?? "high",
            "problem.severity": PROBLEM_SEVERITY[p.enforcementLevel] ?? "warning",
            ...(security ? { "security-severity": SECURITY_SEVERITY[p.severity] ?? SECURITY_SEVERITY.medium } : {}),
            severity: p.severity,
            ...(controls && controls.securityHub.length > 0 ? { "security-hub": controls.securityHub.map((c) => c.id) } : {}),
            ...(controls && controls.cis.length > 0 ? { cis: controls.cis } : {}),
            ...(controls && controls.nist.length > 0 ? { nist: controls.nist } : {}),
        },
    };
}

/** A resource as a logical location: code scanning lists it with the result. */
const logical = (r: { urn: string; name: string }) => ({ name: r.name, fullyQualifiedName: r.urn, kind: "resource" });

function result(stack: StackReport, f: ReportFinding, waived: boolean) {
    const original = waived ? waivedFinding(f.message) : undefined;
    const ruleId = waived ? (original?.policy ?? EXEMPTIONS_POLICY) : f.policy;
    // GitHub places a result only with a line (the SARIF validator's GH1003: "At minimum,
    // 'region.startLine' is required"); the report gives every finding one.
    const physicalLocation = { artifactLocation: { uri: f.location.file.split("\\").join("/") }, region: { startLine: f.location.line ?? 1 } };
    return {
        ruleId,
        level: waived ? "note" : (LEVELS[f.enforcementLevel] ?? "warning"),
        message: { text: `[${stack.stack}] ${f.message}` },
        locations: [{ physicalLocation, ...(f.resource ? { logicalLocations: [logical(f.resource)] } : {}) }],
        // The other resources one fact reaches (a placeholder written once, used in several places).
        ...(f.alsoAt?.length ? { relatedLocations: f.alsoAt.map((r, i) => ({ id: i + 1, physicalLocation, logicalLocations: [logical(r)], message: { text: `also ${r.name}${r.detail ? ` (${r.detail})` : ""}` } })) } : {}),
        // The waiver as a SARIF suppression: code scanning shows the result as accepted, with the reason.
        ...(waived ? { suppressions: [{ kind: "external", status: "accepted", justification: f.message.slice(WAIVED_PREFIX.length) }] } : {}),
        properties: { stack: stack.stack, enforcementLevel: f.enforcementLevel, severity: f.severity },
        fingerprintKey: keyOfFinding(stack.stack, { ...f, message: original?.message ?? f.message }, ruleId),
    };
}

export function sarifReport(report: CheckReport): object {
    const rules = report.policies.map(rule);
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const raw = report.stacks.flatMap((stack) => [
        ...stack.findings.filter((f) => !f.notRunnable).map((f) => result(stack, f, false)),
        ...(stack.waivers?.waived ?? []).map((f) => result(stack, f, true)),
    ]);
    // Two findings alike but for their numbers on one resource keep apart by their order.
    const seen = new Map<string, number>();
    const results = raw.map(({ fingerprintKey, ...r }) => {
        const n = (seen.get(fingerprintKey) ?? 0) + 1;
        seen.set(fingerprintKey, n);
        const index = ruleIndex.get(r.ruleId);
        return { ...r, ...(index === undefined ? {} : { ruleIndex: index }), partialFingerprints: { "eksGuard/v2": n === 1 ? fingerprintKey : `${fingerprintKey}:${n}` } };
    });
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: report.tool.policyPack.name, version: report.tool.policyPack.version, informationUri: "https://www.pulumi.com/docs/iac/crossguard/", rules } },
                results,
                columnKind: "utf16CodeUnits",
            },
        ],
    };
}
