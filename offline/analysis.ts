// Sends a plan through the policy pack the way the engine does: Remediate (for policies at the
// remediate level) and Analyze for every resource, then AnalyzeStack once.
import { analyzeRequest, stackResource } from "./engineShapes";
import { Plan } from "./plan";
import { analyzerResource, AnalyzerInfo, Diagnostic, PolicyAnalyzer, PolicyPackConfigEntry } from "./policyAnalyzer";

export interface Finding extends Diagnostic {
    /** A "can't run during preview" advisory: the rule could not check yet, nothing is wrong. */
    notRunnable: boolean;
}

export interface AppliedRemediation {
    policyName: string;
    urn: string;
    description: string;
}

export interface Analysis {
    info: AnalyzerInfo;
    findings: Finding[];
    remediations: AppliedRemediation[];
    /** Stack rules that left the network to the stack that declares it (stackContext.ts finish). */
    judgedElsewhere: { policyName: string; reason: string }[];
}

/** The reason a stack rule gives when the network is another stack's. */
export const NETWORK_ELSEWHERE = /^the network is declared /;

const NOT_RUNNABLE = /^can't run policy '/;

export async function analyzePlan(analyzer: PolicyAnalyzer, plan: Plan, config: Record<string, PolicyPackConfigEntry>): Promise<Analysis> {
    const info = await analyzer.info();
    await analyzer.configure(config);
    const descriptions = new Map(info.policies.map((p) => [p.name, p.description]));
    const findings: Finding[] = [];
    const remediations: AppliedRemediation[] = [];
    const remediating = Object.values(config).some((c) => c.enforcementLevel === "remediate");

    const record = (diagnostics: Diagnostic[]) => {
        for (const d of diagnostics) {
            // The framework prefixes each message with the policy's description.
            const description = descriptions.get(d.policyName);
            const message = description && d.message.startsWith(`${description}\n`) ? d.message.slice(description.length + 1) : d.message;
            findings.push({ ...d, message, notRunnable: NOT_RUNNABLE.test(message) });
        }
    };

    // Every resource, components included, as the engine sends each registration (a component from a
    // state file, or from an older SDK, has no inputs; rules judge its children instead).
    for (const resource of plan.resources) {
        const request = analyzerResource(analyzeRequest(resource));
        if (remediating) {
            for (const remediation of await analyzer.remediate(request)) {
                if (remediation.properties) {
                    request.properties = remediation.properties;
                    remediations.push({ policyName: remediation.policyName, urn: resource.urn, description: remediation.description });
                }
            }
        }
        record(await analyzer.analyze(request));
    }
    // The network stack's resources join the stack rules only: its own findings are its stack's.
    const stack = await analyzer.analyzeStackWithReasons([...plan.resources, ...(plan.joined?.resources ?? [])].map((r) => analyzerResource(stackResource(r))));
    // A finding on one of them (its VPC has no flow log) is the network stack's own, and said by its check.
    const joined = new Set((plan.joined?.resources ?? []).map((r) => r.urn));
    record(stack.diagnostics.filter((d) => !d.urn || !joined.has(d.urn)));
    return { info, findings, remediations, judgedElsewhere: stack.notApplicable.filter((n) => NETWORK_ELSEWHERE.test(n.reason)) };
}
