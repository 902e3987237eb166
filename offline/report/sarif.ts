// SARIF 2.1.0 for GitHub code scanning: one run, rules from the policy pack, results located at
// the stack file line of the config key behind the finding (or the file).
import { CheckReport } from "./model";

const LEVELS: Record<string, "error" | "warning" | "note"> = { mandatory: "error", remediate: "error", advisory: "warning", disabled: "note" };

export function sarifReport(report: CheckReport): object {
    const rules = report.policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description },
        fullDescription: { text: p.description },
        defaultConfiguration: { level: LEVELS[p.enforcementLevel] ?? "warning" },
        properties: { severity: p.severity, tags: ["eks", "pulumi", "policy"] },
    }));
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const results = report.stacks.flatMap((stack) =>
        stack.findings
            .filter((f) => !f.notRunnable)
            .map((f) => ({
                ruleId: f.policy,
                ruleIndex: ruleIndex.get(f.policy) ?? -1,
                level: LEVELS[f.enforcementLevel] ?? "warning",
                message: { text: `[${stack.stack}] ${f.message}` },
                locations: [
                    {
                        physicalLocation: {
                            artifactLocation: { uri: f.location.file.split("\\").join("/") },
                            ...(f.location.line ? { region: { startLine: f.location.line } } : {}),
                        },
                        ...(f.resource ? { logicalLocations: [{ name: f.resource.name, fullyQualifiedName: f.resource.urn, kind: "resource" }] } : {}),
                    },
                ],
                partialFingerprints: { "eksGuard/v1": `${stack.stack}:${f.policy}:${f.resource?.urn ?? "stack"}` },
                properties: { stack: stack.stack, enforcementLevel: f.enforcementLevel, severity: f.severity },
            })),
    );
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: report.tool.policyPack.name, version: report.tool.policyPack.version, informationUri: "https://www.pulumi.com/docs/iac/crossguard/", rules } },
                results: results.map(({ ruleIndex, ...r }) => (ruleIndex >= 0 ? { ...r, ruleIndex } : r)),
                columnKind: "utf16CodeUnits",
            },
        ],
    };
}
