// The terminal report: per stack the resource tree, findings by level (mandatory first), what a
// change does against a base (resources with their changed values, the rollout of a version change,
// findings, cost), the cost estimate and a summary line; several stacks end with a roll-up.
import { changeLines } from "../planChanges";
import { renderResourceTree } from "../resourceTree";
import { CheckReport, PACK_DEFAULTS, ReportFinding, StackReport } from "./model";
import { byImportance, changesShort, costChangeSentence, costChangeShort, isChanged, orderShort, priceBasisText, signedUsd, stacksInOrder, totalText, unseenConfigNote, usd } from "./wording";

const kind = (type: string) => type.split(":").pop()!;

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
        for (const f of byImportance(findings)) {
            const where = f.resource ? `${f.resource.type}  ${f.resource.name}` : "stack";
            out.push(`  ${mark("●")} ${bold(f.policy)}  ${dim(where)}${f.alsoAt?.length ? dim(` and ${f.alsoAt.length} more`) : ""}`);
            out.push(`      ${f.message}`);
        }
        out.push("");
    };

    const changesSection = (stack: StackReport) => {
        const c = stack.changes;
        if (!c) {
            return;
        }
        out.push(bold(`Resources against ${c.base}: ${changesShort(c)}`));
        for (const rollout of c.rollouts ?? []) {
            out.push(`  Kubernetes ${rollout.from} → ${rollout.to} on ${rollout.cluster.name}, in the order pulumi up rolls it out:`);
            const waves = [...new Set(rollout.steps.map((step) => step.wave))];
            waves.forEach((wave, i) => {
                const steps = rollout.steps.filter((step) => step.wave === wave);
                steps.forEach((step, j) => out.push(`    ${j === 0 ? `${i + 1}.` : "  "} ${steps.length > 1 && j === 0 ? "at the same time: " : ""}${kind(step.type)} ${step.name}: ${step.what}`));
            });
            rollout.notes.forEach((note) => out.push(`    - ${note}`));
        }
        for (const r of c.replaced) {
            out.push(`  ${yellow("±")} replaced${r.uncertain ? " (maybe)" : ""}, ${orderShort(r.order.first)}: ${r.type}  ${r.name}  (forced by ${r.properties.join(", ")})`);
            changeLines(r.changes ?? []).forEach((line) => out.push(`      ${line}`));
            out.push(dim(`      ${r.order.why}`));
        }
        for (const r of c.removed) {
            out.push(`  ${red("-")} removed: ${r.type}  ${r.name}`);
        }
        for (const r of c.updated) {
            out.push(`  ${yellow("~")} updated in place: ${r.type}  ${r.name}`);
            (r.changes ? changeLines(r.changes) : r.properties).forEach((line) => out.push(`      ${line}`));
        }
        for (const r of c.added) {
            out.push(`  ${green("+")} added: ${r.type}  ${r.name}`);
        }
        for (const f of c.findings) {
            out.push(`  ${f.level === "mandatory" ? red("✖ pulumi up will refuse:") : yellow("! review:")} ${f.message}`);
        }
        out.push("");
    };

    const stackSection = (stack: StackReport) => {
        out.push(bold(`eks-platform · stack ${stack.stack} · ${stack.source === "program" ? `offline preview of ${stack.file}` : `state file ${stack.file}`} · policy config ${stack.policyConfig}`));
        if (stack.policyConfig === PACK_DEFAULTS) {
            out.push(dim(`No policy config for stack ${stack.stack} (policies/config/${stack.stack}.json): checked with the pack's defaults; pass --policy-config to choose one.`));
        }
        if (stack.status === "empty") {
            out.push(`${stack.stack}: nothing to check: ${stack.source === "state" ? "the state file holds" : "the plan has"} no cloud resources (${stack.summary.resources} resources in all)`, "");
            return;
        }
        out.push(...renderResourceTree(stack.resources), "");
        const counted = stack.findings.filter((f) => !f.notRunnable);
        group("Mandatory violations", counted.filter((f) => f.enforcementLevel === "mandatory" || f.enforcementLevel === "remediate"), red);
        group("Advisory violations", counted.filter((f) => f.enforcementLevel === "advisory"), yellow);
        const couldNot = stack.source === "state" ? "Could not check (values the state file does not hold: secrets, or references outside the stack)" : "Could not check yet (values unknown until the resources exist; nothing is wrong yet)";
        group(couldNot, stack.findings.filter((f) => f.notRunnable), dim);
        group("Waived by exemptions", stack.waivers?.waived ?? [], green);
        if (stack.joined) {
            out.push(dim(`Stack rules judged this stack with network stack ${stack.joined.stack} (${stack.joined.file}).`), "");
        }
        if (stack.unseenConfig?.length) {
            out.push(bold(`Not checked (${stack.unseenConfig.length})`));
            stack.unseenConfig.forEach((u) => out.push(`  ${yellow("●")} ${unseenConfigNote(u)}`));
            out.push("");
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
        changesSection(stack);
        if (stack.comparison) {
            const { findings, cost } = stack.comparison;
            out.push(bold(`Findings against ${stack.comparison.base}: ${findings.new.length} new, ${findings.fixed.length} fixed, ${findings.unchanged.length} unchanged`));
            byImportance(findings.new).forEach((f) => out.push(`  ${red("+")} new: ${f.policy}  ${f.resource?.name ?? "stack"}`));
            byImportance(findings.fixed).forEach((f) => out.push(`  ${green("-")} fixed: ${f.policy}  ${f.resource?.name ?? "stack"}`));
            if (cost) {
                out.push(`Monthly cost against ${stack.comparison.base}: ${costChangeSentence(cost)}`);
                cost.lines.filter((l) => l.diffUsd !== 0).forEach((l) => out.push(`  ${signedUsd(l.diffUsd)}  ${l.beforeItem ? `${l.beforeItem} → ${l.item}` : l.item}`));
            }
            out.push("");
        }
        if (stack.cost) {
            const cost = stack.cost;
            out.push(`Estimated monthly cost: ${totalText(cost)} (${priceBasisText(cost)}; stack region ${cost.stackRegion ? `${cost.stackRegion.name}, from ${cost.stackRegion.from}` : "not known"})`);
            if (cost.foreignPrices) {
                out.push(yellow(`  note: ${cost.foreignPrices}`));
            }
            cost.unpriced.forEach((what) => out.push(`  not priced (the total is a lower bound): ${what}`));
            cost.notIncluded.forEach((what) => out.push(`  not included: ${what}`));
        }
        const s = stack.summary;
        const verdict = stack.status === "passed" ? green("PASSED") : red("FAILED");
        out.push(`${stack.stack}: ${s.resources} resources, ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.notRunnable} could not check yet, ${s.remediated} remediated: ${verdict}`, "");
    };

    // Errors are said on stderr (check.ts); the report holds the stacks that ran.
    const ran = stacksInOrder(report.stacks).filter((s) => s.status !== "error");
    ran.forEach(stackSection);
    if (report.stacks.length > 1) {
        out.push(bold("Roll-up"));
        const width = Math.max(...report.stacks.map((x) => x.stack.length));
        const costWidth = Math.max(...report.stacks.map((x) => (x.cost ? totalText(x.cost) : "-").length));
        const rows = report.stacks.map((s) => {
            const result = s.status === "passed" ? "passed" : s.status === "failed" ? "FAILED" : s.status === "empty" ? "empty" : "ERROR";
            const change = s.comparison ? `  ${isChanged(s) ? "changed" : "unchanged"}: ${changesShort(s.changes)}, cost ${s.comparison.cost ? costChangeShort(s.comparison.cost) : "-"}` : "";
            return `  ${s.stack.padEnd(width)}  ${result.padEnd(6)}  ${String(s.summary.mandatory).padStart(3)} mandatory  ${String(s.summary.advisory).padStart(3)} advisory  ${(s.cost ? totalText(s.cost) : "-").padStart(costWidth)}${change}`;
        });
        out.push(...rows, "");
        const total = report.stacks.reduce((sum, s) => sum + (s.cost?.totalUsd ?? 0), 0);
        out.push(`${report.stacks.length} stacks, ${report.stacks.filter((s) => s.status === "failed").length} failed, ${report.stacks.filter((s) => s.status === "error").length} with errors; estimated ${report.stacks.some((s) => s.cost?.atLeast) ? "at least " : ""}${usd(total)} a month in all`, "");
    }
    return out.join("\n");
}
