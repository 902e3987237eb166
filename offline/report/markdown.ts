// The pull-request comment: summary, violations table, estimated monthly cost, environment diagram.
import { policyDocsUrl } from "../policyReference";
import { CheckReport } from "./model";

/**
 * Text in a table cell as text: HTML-like parts (`<KMS key ARN>`) would otherwise be taken for tags
 * and vanish, `|` would end the cell, and `*`, `_`, `[`, `` ` `` would start markup.
 */
export const cell = (s: string) =>
    s
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/([\\`*_[\]|])/g, "\\$1")
        .replace(/\r?\n/g, "<br>");

/** A policy's name linked to its section of the policy reference. */
const policyLink = (name: string) => {
    const docs = policyDocsUrl(name);
    return `[\`${name}\`](${docs.absolute ?? docs.relative})`;
};

export function markdownReport(report: CheckReport): string {
    const out: string[] = ["## eks-guard offline check", ""];
    out.push("| stack | result | resources | mandatory | advisory | could not check yet | est. monthly cost |", "|---|---|---|---|---|---|---|");
    for (const s of report.stacks) {
        const result = s.status === "passed" ? "✅ passed" : s.status === "failed" ? "❌ failed" : s.status === "empty" ? "➖ nothing to check" : "⚠️ error";
        out.push(`| ${s.stack} | ${result} | ${s.summary.resources} | ${s.summary.mandatory} | ${s.summary.advisory} | ${s.summary.notRunnable} | ${s.cost ? `$${s.cost.totalUsd.toFixed(2)}` : "-"} |`);
    }
    out.push("");
    for (const s of report.stacks) {
        out.push(`### ${s.stack}`, "");
        if (s.status === "error") {
            out.push("```", s.error ?? "", "```", "");
            continue;
        }
        if (s.status === "empty") {
            out.push("Nothing to check: no cloud resources.", "");
            continue;
        }
        const counted = s.findings.filter((f) => !f.notRunnable);
        const findingRow = (f: (typeof counted)[number], change?: string) =>
            `| ${change ? `${change} | ` : ""}${f.enforcementLevel} | ${f.severity} | ${policyLink(f.policy)} | ${f.resource ? `\`${f.resource.name}\`` : "stack"} | ${cell(f.message)} |`;
        if (s.comparison) {
            const { findings, cost, baseHasStack } = s.comparison;
            out.push(`**Against ${cell(s.comparison.base)}**: ${findings.new.length} new, ${findings.fixed.length} fixed, ${findings.unchanged.length} unchanged${baseHasStack ? "" : " (the base report has no result for this stack: every finding counts as new)"}`, "");
            if (findings.new.length + findings.fixed.length > 0) {
                out.push("| change | level | severity | policy | resource | message |", "|---|---|---|---|---|---|");
                findings.new.forEach((f) => out.push(findingRow(f, "🆕 new")));
                findings.fixed.forEach((f) => out.push(findingRow(f, "✅ fixed")));
                out.push("");
            }
            if (findings.unchanged.length > 0) {
                out.push(`<details><summary>Unchanged findings: ${findings.unchanged.length}</summary>`, "", "| level | severity | policy | resource | message |", "|---|---|---|---|---|");
                findings.unchanged.forEach((f) => out.push(findingRow(f)));
                out.push("", "</details>", "");
            }
            if (cost) {
                const sign = (usd: number) => `${usd > 0 ? "+" : usd < 0 ? "−" : ""}$${Math.abs(usd).toFixed(2)}`;
                const percent = cost.beforeUsd > 0 ? ` (${cost.diffUsd >= 0 ? "+" : "−"}${Math.abs((100 * cost.diffUsd) / cost.beforeUsd).toFixed(1)}%)` : "";
                out.push(`**Monthly cost**: $${cost.beforeUsd.toFixed(2)} → $${cost.afterUsd.toFixed(2)}, ${sign(cost.diffUsd)}${percent}`, "");
                const changed = cost.lines.filter((l) => l.diffUsd !== 0 || l.beforeUsd === undefined || l.afterUsd === undefined);
                if (changed.length > 0) {
                    out.push("| item | before | after | change |", "|---|---:|---:|---:|");
                    changed.forEach((l) => out.push(`| ${cell(l.item)} | ${l.beforeUsd === undefined ? "-" : `$${l.beforeUsd.toFixed(2)}`} | ${l.afterUsd === undefined ? "-" : `$${l.afterUsd.toFixed(2)}`} | ${sign(l.diffUsd)} |`));
                    out.push("");
                }
            }
        } else if (counted.length > 0) {
            out.push("| level | severity | policy | resource | message |", "|---|---|---|---|---|");
            counted.forEach((f) => out.push(findingRow(f)));
            out.push("");
        } else {
            out.push("No violations.", "");
        }
        const unchecked = s.findings.filter((f) => f.notRunnable);
        if (unchecked.length > 0) {
            const what = s.source === "state" ? "values the state file does not hold" : "values unknown until the resources exist";
            out.push(`<details><summary>Could not check yet: ${unchecked.length} (${what})</summary>`, "", "| severity | policy | resource | what is not known |", "|---|---|---|---|");
            for (const f of unchecked) {
                out.push(`| ${f.severity} | ${policyLink(f.policy)} | ${f.resource ? `\`${f.resource.name}\`` : "stack"} | ${cell(f.message)} |`);
            }
            out.push("", "</details>", "");
        }
        if (s.joined) {
            out.push(`Stack rules judged this stack with network stack \`${cell(s.joined.stack)}\` (${cell(s.joined.file)}).`, "");
        }
        if (s.judgedElsewhere?.length) {
            out.push(`<details><summary>Judged in the network's stack: ${s.judgedElsewhere.length}</summary>`, "", "| policy | why |", "|---|---|");
            s.judgedElsewhere.forEach((n) => out.push(`| ${policyLink(n.policy)} | ${cell(n.reason)} |`));
            out.push("", "</details>", "");
        }
        if (s.waivers) {
            const { waived, stale } = s.waivers;
            if (waived.length > 0) {
                out.push(`<details><summary>Waived by exemptions: ${waived.length}</summary>`, "", "| resource | waiver and finding |", "|---|---|");
                waived.forEach((f) => out.push(`| ${f.resource ? `\`${f.resource.name}\`` : "stack"} | ${cell(f.message)} |`));
                out.push("", "</details>", "");
            }
            stale.forEach((line) => out.push(`- **stale exemption**: ${cell(line)}`));
            if (stale.length > 0) {
                out.push("");
            }
        }
        if (s.changes) {
            const c = s.changes;
            out.push(`**Changes against ${cell(c.base)}**: ${c.added.length} added, ${c.removed.length} removed, ${c.replaced.length} replaced, ${c.updated.length} updated in place`, "");
            if (c.replaced.length + c.removed.length > 0) {
                out.push("| change | resource | why |", "|---|---|---|");
                c.replaced.forEach((r) => out.push(`| replaced${r.uncertain ? " (maybe)" : ""} | \`${r.name}\` (${r.type}) | ${cell(r.properties.join(", "))} |`));
                c.removed.forEach((r) => out.push(`| removed | \`${r.name}\` (${r.type}) | no longer in the plan |`));
                out.push("");
            }
            c.findings.forEach((f) => out.push(`- **${f.level}**: ${cell(f.message)}`));
            if (c.findings.length > 0) {
                out.push("");
            }
        }
        if (s.cost) {
            out.push(`<details><summary>Estimated monthly cost: $${s.cost.totalUsd.toFixed(2)} (${s.cost.region} list prices of ${s.cost.priceDate})</summary>`, "");
            out.push("| item | USD/month |", "|---|---|");
            s.cost.lines.forEach((l) => out.push(`| ${cell(l.item)} | ${l.usd.toFixed(2)} |`));
            out.push("");
            s.cost.notIncluded.forEach((what) => out.push(`Not included: ${cell(what)}`, ""));
            out.push("</details>", "");
        }
        if (s.diagram) {
            out.push("```mermaid", s.diagram, "```", "");
        }
    }
    return out.join("\n");
}
