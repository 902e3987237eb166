// The terminal report: resource tree, findings grouped by enforcement level, a summary line.
import { renderResourceTree } from "../resourceTree";
import { CheckReport, PACK_DEFAULTS, ReportFinding, StackReport } from "./model";

export function terminalReport(report: CheckReport, colour: boolean): string {
    const paint = (code: string) => (s: string) => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
    const red = paint("31");
    const yellow = paint("33");
    const green = paint("32");
    const dim = paint("2");
    const bold = paint("1");
    const out: string[] = [];

    const group = (title: string, findings: ReportFinding[], mark: (s: string) => string) => {
        if (findings.length === 0) {
            return;
        }
        out.push(bold(`${title} (${findings.length})`));
        for (const f of findings) {
            const where = f.resource ? `${f.resource.type}  ${f.resource.name}` : "stack";
            out.push(`  ${mark("●")} ${bold(f.policy)}  ${dim(where)}`);
            out.push(`      ${f.message}`);
        }
        out.push("");
    };

    const stackSection = (stack: StackReport) => {
        out.push(bold(`eks-platform · stack ${stack.stack} · ${stack.source === "program" ? `offline preview of ${stack.file}` : `state file ${stack.file}`} · policy config ${stack.policyConfig}`));
        if (stack.policyConfig === PACK_DEFAULTS) {
            out.push(dim(`No policy config for stack ${stack.stack} (policies/config/${stack.stack}.json): checked with the pack's defaults; pass --policy-config to choose one.`));
        }
        if (stack.status === "error") {
            out.push(red(stack.error ?? "error"), "");
            return;
        }
        if (stack.status === "empty") {
            out.push(`${stack.stack}: nothing to check: ${stack.source === "state" ? "the state file holds" : "the plan has"} no cloud resources (${stack.summary.resources} resources in all)`, "");
            return;
        }
        out.push(...renderResourceTree(stack.resources), "");
        const counted = stack.findings.filter((f) => !f.notRunnable);
        group("Mandatory violations", counted.filter((f) => f.enforcementLevel === "mandatory" || f.enforcementLevel === "remediate"), red);
        group("Advisory violations", counted.filter((f) => f.enforcementLevel === "advisory"), yellow);
        const couldNot = stack.source === "state" ? "Could not check (values the state file does not hold: secrets, or references outside the stack)" : "Could not check yet (values unknown until the resources exist)";
        group(couldNot, stack.findings.filter((f) => f.notRunnable), dim);
        group("Waived by exemptions", stack.waivers?.waived ?? [], green);
        if (stack.joined) {
            out.push(dim(`Stack rules judged this stack with network stack ${stack.joined.stack} (${stack.joined.file}).`), "");
        }
        if (stack.judgedElsewhere?.length) {
            out.push(bold(`Judged in the network's stack (${stack.judgedElsewhere.length})`));
            stack.judgedElsewhere.forEach((n) => out.push(`  ${dim("●")} ${n.policy}: ${n.reason}`));
            out.push("");
        }
        if (stack.waivers?.stale.length) {
            out.push(bold(`Stale exemptions (${stack.waivers.stale.length})`));
            stack.waivers.stale.forEach((line) => out.push(`  ${yellow("●")} ${line}`));
            out.push("");
        }
        for (const r of stack.remediations) {
            out.push(`  ${green("✔")} remediated by ${r.policy}: ${r.urn.split("::").pop()}`);
        }
        if (stack.comparison) {
            const { findings, cost } = stack.comparison;
            out.push(bold(`Findings against ${stack.comparison.base}: ${findings.new.length} new, ${findings.fixed.length} fixed, ${findings.unchanged.length} unchanged`));
            findings.new.forEach((f) => out.push(`  ${red("+")} new: ${f.policy}  ${f.resource?.name ?? "stack"}`));
            findings.fixed.forEach((f) => out.push(`  ${green("-")} fixed: ${f.policy}  ${f.resource?.name ?? "stack"}`));
            if (cost) {
                out.push(`  monthly cost $${cost.beforeUsd.toFixed(2)} -> $${cost.afterUsd.toFixed(2)} (${cost.diffUsd >= 0 ? "+" : "-"}$${Math.abs(cost.diffUsd).toFixed(2)})`);
            }
            out.push("");
        }
        if (stack.changes) {
            const c = stack.changes;
            out.push(bold(`Changes against ${c.base}: ${c.added.length} added, ${c.removed.length} removed, ${c.replaced.length} replaced, ${c.updated.length} updated in place`));
            for (const r of c.replaced) {
                out.push(`  ${yellow("±")} replaced${r.uncertain ? " (maybe)" : ""}: ${r.type}  ${r.name}  (${r.properties.join(", ")})`);
            }
            for (const r of c.removed) {
                out.push(`  ${red("-")} removed: ${r.type}  ${r.name}`);
            }
            for (const r of c.added) {
                out.push(`  ${green("+")} added: ${r.type}  ${r.name}`);
            }
            for (const f of c.findings) {
                out.push(`  ${f.level === "mandatory" ? red("●") : yellow("●")} ${f.message}`);
            }
            out.push("");
        }
        if (stack.cost) {
            out.push(`Estimated monthly cost: $${stack.cost.totalUsd.toFixed(2)} (${stack.cost.region} list prices of ${stack.cost.priceDate})`);
            stack.cost.notIncluded.forEach((what) => out.push(`  not included: ${what}`));
        }
        const s = stack.summary;
        const verdict = stack.status === "passed" ? green("PASSED") : red("FAILED");
        out.push(`${stack.stack}: ${s.resources} resources, ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.notRunnable} could not check yet, ${s.remediated} remediated: ${verdict}`, "");
    };

    report.stacks.forEach(stackSection);
    return out.join("\n");
}
