// The pull-request comment. It leads with the change: a roll-up of every stack (what changes, the
// findings, the cost and its change), then a section per changed stack (changed stacks first,
// mandatory findings before advisory ones), and one line for the unchanged ones. It always fits in
// one GitHub comment: GitHub refuses a body over 65,536 characters ("body is too long (maximum is
// 65536 characters)", the API's own error, as peter-evans/create-or-update-comment quotes it), so
// what does not fit is left out, largest and least needed first, and the comment says what was.
import { changeLines } from "../planChanges";
import { policyDocsUrl } from "../policyReference";
import { StackComparison } from "./comparison";
import { CheckReport, ReportFinding, StackReport } from "./model";
import { byImportance, changesShort, costChangeSentence, costChangeShort, isChanged, orderShort, priceBasisText, signedUsd, stacksInOrder, totalText, unseenConfigNote, usd } from "./wording";

/** GitHub's limit on a comment body. */
export const COMMENT_LIMIT = 65_536;
/** Room for what the action that posts the comment adds (its hidden marker) and for the note of what was left out. */
const BUDGET = COMMENT_LIMIT - 2_000;

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

const kind = (type: string) => type.split(":").pop()!;
const resourceCell = (r: { name: string; type: string } | undefined) => (r ? `\`${r.name}\` (${kind(r.type)})` : "stack");
const resultText = (s: StackReport) => (s.status === "passed" ? "✅ passed" : s.status === "failed" ? "❌ failed" : s.status === "empty" ? "➖ nothing to check" : "⚠️ error");

/** What may be left out, in the order it is: each step keeps more of what a reviewer needs. */
interface Detail {
    diagrams: boolean;
    breakdowns: boolean;
    unchangedFindings: boolean;
    notes: boolean;
    /** Stacks whose section is left out entirely (the roll-up still has their row). */
    cut: Set<string>;
    /** At most this many roll-up rows, when even the roll-up alone is too long; all when undefined. */
    rows?: number;
}

/** The other places of one fact: counted when the message names them (a placeholder), else named. */
function morePlaces(f: ReportFinding): string {
    if (!f.alsoAt?.length) {
        return "";
    }
    return f.fact?.startsWith("placeholder ") ? ` and ${f.alsoAt.length} more` : `<br>and ${f.alsoAt.map(resourceCell).join(", ")}`;
}

function findingRow(f: ReportFinding, change?: string): string {
    const places = morePlaces(f);
    return `| ${change ? `${change} | ` : ""}${f.enforcementLevel} | ${f.severity} | ${policyLink(f.policy)} | ${resourceCell(f.resource)}${places} | ${cell(f.message)} |`;
}

/** What an added resource is, in its main settings: a node group's types and sizes, a subnet's block. */
function addedSummary(r: { type: string; inputs?: Record<string, unknown> }): string {
    const inputs = r.inputs ?? {};
    const scaling = (inputs.scalingConfig ?? {}) as Record<string, unknown>;
    const shown = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));
    switch (r.type) {
        case "aws:eks/nodeGroup:NodeGroup":
            return `${shown(inputs.instanceTypes ?? "t3.medium")} · ${inputs.capacityType === "SPOT" ? "Spot" : "On-Demand"} · ${shown(scaling.minSize)} to ${shown(scaling.maxSize)} nodes, ${shown(scaling.desiredSize)} desired`;
        case "aws:ec2/subnet:Subnet":
            return `${shown(inputs.cidrBlock)} in ${shown(inputs.availabilityZone ?? inputs.availabilityZoneId)}`;
        case "aws:eks/fargateProfile:FargateProfile":
            return `namespaces ${((inputs.selectors ?? []) as { namespace?: string }[]).map((s) => s.namespace).join(", ")}`;
        default:
            return "";
    }
}

function findingsSection(s: StackReport, comparison: StackComparison | undefined, detail: Detail, out: string[]): void {
    const counted = byImportance(s.findings.filter((f) => !f.notRunnable));
    if (comparison) {
        const { findings, baseHasStack } = comparison;
        out.push(`**Findings** against ${cell(comparison.base)}: ${findings.new.length} new, ${findings.fixed.length} fixed, ${findings.unchanged.length} unchanged${baseHasStack ? "" : " (the base report has no result for this stack: every finding counts as new)"}`, "");
        if (findings.new.length + findings.fixed.length > 0) {
            out.push("| change | level | severity | policy | resource | message |", "|---|---|---|---|---|---|");
            byImportance(findings.new).forEach((f) => out.push(findingRow(f, "🆕 new")));
            byImportance(findings.fixed).forEach((f) => out.push(findingRow(f, "✅ fixed")));
            out.push("");
        }
        if (findings.unchanged.length > 0 && detail.unchangedFindings) {
            out.push(`<details><summary>Unchanged findings: ${findings.unchanged.length}</summary>`, "", "| level | severity | policy | resource | message |", "|---|---|---|---|---|");
            byImportance(findings.unchanged).forEach((f) => out.push(findingRow(f)));
            out.push("", "</details>", "");
        }
        return;
    }
    if (counted.length === 0) {
        out.push("No violations.", "");
        return;
    }
    out.push("| level | severity | policy | resource | message |", "|---|---|---|---|---|");
    counted.forEach((f) => out.push(findingRow(f)));
    out.push("");
}

function changesSection(s: StackReport, out: string[]): void {
    const c = s.changes;
    if (!c) {
        return;
    }
    out.push(`**Resources** against ${cell(c.base)}: ${changesShort(c)}`, "");
    for (const rollout of c.rollouts ?? []) {
        out.push(`Kubernetes ${rollout.from} → ${rollout.to} on \`${rollout.cluster.name}\`, in the order \`pulumi up\` rolls it out:`, "");
        const waves = [...new Set(rollout.steps.map((step) => step.wave))];
        waves.forEach((wave, i) => {
            const steps = rollout.steps.filter((step) => step.wave === wave);
            if (steps.length === 1) {
                out.push(`${i + 1}. ${kind(steps[0].type)} \`${steps[0].name}\`: ${cell(steps[0].what)}`);
            } else {
                out.push(`${i + 1}. At the same time:`);
                steps.forEach((step) => out.push(`   - ${kind(step.type)} \`${step.name}\`: ${cell(step.what)}`));
            }
        });
        rollout.notes.forEach((note) => out.push(`- ${cell(note)}`));
        out.push("");
    }
    // A replacement's why is said once: in its finding when it has one, else in its row.
    const explained = new Set(c.findings.map((f) => f.urn));
    const rows = [
        ...c.replaced.map((r) => `| replaced${r.uncertain ? " (maybe)" : ""}, ${orderShort(r.order.first)} | ${resourceCell(r)} | ${cell([`forced by ${r.properties.join(", ")}`, ...changeLines(r.changes ?? []), ...(explained.has(r.urn) ? [] : [r.order.why])].join("\n"))} |`),
        ...c.removed.map((r) => `| removed | ${resourceCell(r)} | no longer in the plan |`),
        ...c.updated.map((r) => `| updated in place | ${resourceCell(r)} | ${cell(changeLines(r.changes ?? []).join("\n") || r.properties.join(", "))} |`),
        ...c.added.map((r) => `| added | ${resourceCell(r)} | ${cell(addedSummary(r))} |`),
    ];
    if (rows.length > 0) {
        out.push("| change | resource | what changes |", "|---|---|---|", ...rows, "");
    }
    c.findings.forEach((f) => out.push(`- ${f.level === "mandatory" ? "❌ **pulumi up will refuse**" : "⚠️ **review**"}: ${cell(f.message)}`));
    if (c.findings.length > 0) {
        out.push("");
    }
}

function costSection(s: StackReport, detail: Detail, out: string[]): void {
    const cost = s.cost;
    if (!cost) {
        return;
    }
    const change = s.comparison?.cost;
    const note = cost.foreignPrices ? ` **Note:** ${cell(cost.foreignPrices)}.` : "";
    if (change) {
        out.push(`**Monthly cost** (${priceBasisText(cost)}): ${cell(costChangeSentence(change))}.${note}`, "");
        const changed = change.lines.filter((l) => l.diffUsd !== 0 || l.beforeUsd === undefined || l.afterUsd === undefined);
        if (changed.length > 0) {
            out.push("| item | before | after | change |", "|---|---:|---:|---:|");
            changed.forEach((l) =>
                out.push(`| ${cell(l.beforeItem ? `${l.beforeItem} → ${l.item}` : l.item)} | ${l.beforeUsd === undefined ? "-" : usd(l.beforeUsd)} | ${l.afterUsd === undefined ? "-" : usd(l.afterUsd)} | ${signedUsd(l.diffUsd)} |`),
            );
            out.push("");
        }
    } else {
        out.push(`**Estimated monthly cost**: ${totalText(cost)} (${priceBasisText(cost)}).${note}`, "");
    }
    if (!detail.breakdowns) {
        return;
    }
    const region = cost.stackRegion ? `${cost.stackRegion.name}, from ${cost.stackRegion.from}` : "not known";
    out.push(`<details><summary>Estimated monthly cost: ${totalText(cost)} (${priceBasisText(cost)})</summary>`, "");
    out.push(`Stack region: ${cell(region)}.${cost.foreignPrices ? ` **Note:** ${cell(cost.foreignPrices)}.` : ""}`, "");
    // The price region is a column only when it is not the same for every line and the stack.
    const regions = new Set(cost.lines.map((l) => l.priceRegion ?? cost.region));
    const byRegion = regions.size > 1 || !!cost.foreignPrices;
    out.push(`| item | USD/month |${byRegion ? " price region |" : ""} assumes |`, `|---|---:|${byRegion ? "---|" : ""}---|`);
    cost.lines.forEach((l) => out.push(`| ${cell(l.item)} | ${l.usd.toFixed(2)} |${byRegion ? ` ${l.priceRegion ?? cost.region} |` : ""} ${cell([l.assumption, l.upToUsd !== undefined ? `up to ${usd(l.upToUsd)} at ${l.upToNodes} nodes (maxSize)` : undefined].filter(Boolean).join("; "))} |`));
    out.push("");
    cost.unpriced.forEach((what) => out.push(`- **Not priced** (so the total is a lower bound): ${cell(what)}`));
    cost.notIncluded.forEach((what) => out.push(`- Not included: ${cell(what)}`));
    if (cost.usageNotIncluded) {
        out.push(`- Not included in any estimate: ${cell(cost.usageNotIncluded)}`);
    }
    out.push("", "</details>", "");
}

function notesSection(s: StackReport, out: string[]): void {
    const unchecked = s.findings.filter((f) => f.notRunnable);
    if (unchecked.length > 0) {
        const what = s.source === "state" ? "values the state file does not hold" : "values unknown until the resources exist";
        out.push(`<details><summary>Could not check yet: ${unchecked.length} (${what}; nothing is wrong yet)</summary>`, "", "| policy (its severity) | resource | what is not known |", "|---|---|---|");
        for (const f of byImportance(unchecked)) {
            const more = morePlaces(f);
            out.push(`| ${policyLink(f.policy)} (${f.severity}) | ${resourceCell(f.resource)}${more} | ${cell(f.message)} |`);
        }
        out.push("", "</details>", "");
    }
    if (s.joined) {
        out.push(`Stack rules judged this stack with network stack \`${cell(s.joined.stack)}\` (${cell(s.joined.file)}).`, "");
    }
    for (const u of s.unseenConfig ?? []) {
        out.push(`- Not checked: ${cell(unseenConfigNote(u))}`);
    }
    if (s.unseenConfig?.length) {
        out.push("");
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
            waived.forEach((f) => out.push(`| ${resourceCell(f.resource)} | ${cell(f.message)} |`));
            out.push("", "</details>", "");
        }
        stale.forEach((line) => out.push(`- **stale exemption**: ${cell(line)}`));
        if (stale.length > 0) {
            out.push("");
        }
    }
}

function stackSection(s: StackReport, detail: Detail, out: string[]): void {
    const sm = s.summary;
    out.push(`### ${s.stack} · ${resultText(s)}`, "");
    if (s.status === "error") {
        out.push("```", s.error ?? "", "```", "");
        return;
    }
    if (s.status === "empty") {
        out.push("Nothing to check: no cloud resources.", "");
        return;
    }
    out.push(`${sm.resources} resources · ${sm.mandatory} mandatory · ${sm.advisory} advisory · ${sm.notRunnable} could not check yet · ${s.source === "program" ? `offline preview of \`${cell(s.file)}\`` : `state file \`${cell(s.file)}\``}`, "");
    // What fails the check first, then what the change does, then what it costs.
    findingsSection(s, s.comparison, detail, out);
    changesSection(s, out);
    costSection(s, detail, out);
    if (detail.notes) {
        notesSection(s, out);
    }
    if (detail.diagrams) {
        for (const diagram of s.diagrams ?? (s.diagram ? [{ title: "Environment", mermaid: s.diagram }] : [])) {
            // Against a base, a picture nothing in which changes is folded away.
            const folded = !!s.comparison && !("changed" in diagram && diagram.changed);
            out.push(folded ? `<details><summary>${cell(diagram.title)} (nothing in it changes)</summary>` : `**${cell(diagram.title)}**`, "", "```mermaid", diagram.mermaid, "```", "");
            if (folded) {
                out.push("</details>", "");
            }
            if ("legend" in diagram && diagram.legend) {
                out.push(`_${cell(diagram.legend)}_`, "");
            }
        }
    }
}

function rollup(all: StackReport[], out: string[], rows?: number): void {
    const compared = all.some((s) => s.comparison);
    const stacks = rows === undefined ? all : all.slice(0, rows);
    if (compared) {
        out.push("| stack | result | resources | findings | monthly cost | cost change |", "|---|---|---|---|---|---|");
        for (const s of stacks) {
            const c = s.comparison;
            const blocking = [...new Set(s.findings.filter((f) => !f.notRunnable && (f.enforcementLevel === "mandatory" || f.enforcementLevel === "remediate")).map((f) => `\`${f.policy}\``))];
            const findings = c ? `${s.summary.mandatory} mandatory${blocking.length ? ` (${blocking.join(", ")})` : ""}, ${s.summary.advisory} advisory; ${c.findings.new.length} new, ${c.findings.fixed.length} fixed` : "-";
            const changed = isChanged(s) && s.status !== "error";
            out.push(`| ${changed ? `**${s.stack}**` : s.stack} | ${resultText(s)} | ${s.status === "error" ? "-" : s.changes ? changesShort(s.changes) : c?.baseHasStack === false ? "new stack" : "-"} | ${s.status === "error" ? "-" : findings} | ${s.cost ? totalText(s.cost) : "-"} | ${c?.cost ? (c.cost.diffUsd === undefined ? "**unknown**" : c.cost.diffUsd === 0 ? "none" : `**${costChangeShort(c.cost)}**`) : "-"} |`);
        }
        if (stacks.length < all.length) {
            out.push(`| … ${all.length - stacks.length} more stacks, unchanged or with fewer changes | | | | | |`);
        }
        const costs = all.filter((s) => s.cost);
        if (costs.length > 1) {
            const total = costs.reduce((sum, s) => sum + s.cost!.totalUsd, 0);
            const changes = costs.map((s) => s.comparison?.cost);
            const change = changes.some((c) => !c || c.diffUsd === undefined) ? "unknown" : signedUsd(changes.reduce((sum, c) => sum + c!.diffUsd!, 0));
            out.push(`| all ${costs.length} stacks | | | | ${costs.some((s) => s.cost!.atLeast) ? "at least " : ""}${usd(total)} | ${change} |`);
        }
    } else {
        out.push("| stack | result | resources | mandatory | advisory | could not check yet | est. monthly cost |", "|---|---|---|---|---|---|---|");
        for (const s of stacks) {
            out.push(`| ${s.stack} | ${resultText(s)} | ${s.summary.resources} | ${s.summary.mandatory} | ${s.summary.advisory} | ${s.summary.notRunnable} | ${s.cost ? totalText(s.cost) : "-"} |`);
        }
        if (stacks.length < all.length) {
            out.push(`| … ${all.length - stacks.length} more stacks | | | | | | |`);
        }
        const costs = all.filter((s) => s.cost);
        if (costs.length > 1) {
            out.push(`| all ${costs.length} stacks | | | | | | ${costs.some((s) => s.cost!.atLeast) ? "at least " : ""}${usd(costs.reduce((sum, s) => sum + s.cost!.totalUsd, 0))} |`);
        }
    }
    out.push("");
}

function render(report: CheckReport, detail: Detail): string {
    const stacks = stacksInOrder(report.stacks);
    const out: string[] = ["## eks-guard offline check", ""];
    rollup(stacks, out, detail.rows);
    const changed = stacks.filter(isChanged);
    const unchanged = stacks.filter((s) => !isChanged(s));
    for (const s of changed.filter((s) => !detail.cut.has(s.stack))) {
        stackSection(s, detail, out);
    }
    if (unchanged.length > 0) {
        out.push(`No section for ${unchanged.map((s) => `\`${s.stack}\``).join(", ")}: nothing in ${unchanged.length === 1 ? "it" : "them"} changes against ${cell(unchanged[0].comparison!.base)} (resources, findings, cost); ${unchanged.length === 1 ? "its row" : "their rows"} above ${unchanged.length === 1 ? "says" : "say"} where ${unchanged.length === 1 ? "it stands" : "they stand"}.`, "");
    }
    return out.join("\n");
}

/** What was left out to fit the limit, said at the end of the comment. */
function leftOut(detail: Detail, stacks: number): string | undefined {
    const parts = [
        ...(detail.diagrams ? [] : ["the environment diagrams"]),
        ...(detail.breakdowns ? [] : ["the cost breakdowns"]),
        ...(detail.unchangedFindings ? [] : ["the unchanged findings"]),
        ...(detail.notes ? [] : ["what could not be checked yet, waivers and notes"]),
        ...(detail.cut.size > 0 ? [`the sections of ${detail.cut.size} stacks${detail.cut.size <= 10 ? ` (${[...detail.cut].map((s) => `\`${s}\``).join(", ")})` : ""}${detail.rows === undefined ? "; their rows above stay" : ""}`] : []),
        ...(detail.rows !== undefined ? [`the roll-up rows of ${stacks - detail.rows} stacks`] : []),
    ];
    return parts.length > 0
        ? `> **Shortened** to fit GitHub's limit of ${COMMENT_LIMIT.toLocaleString("en-US")} characters a comment: left out ${parts.join("; ")}. The whole report: \`npm run check -- --format json\` (or the job summary).`
        : undefined;
}

/** The largest n in [low, high] for which `fits` holds (it holds for every smaller n), else `low`. */
function largestFitting(low: number, high: number, fits: (n: number) => boolean): number {
    let [best, from, to] = [low, low, high];
    while (from <= to) {
        const middle = Math.floor((from + to) / 2);
        if (fits(middle)) {
            [best, from] = [middle, middle + 1];
        } else {
            to = middle - 1;
        }
    }
    return best;
}

export function markdownReport(report: CheckReport): string {
    const detail: Detail = { diagrams: true, breakdowns: true, unchangedFindings: true, notes: true, cut: new Set() };
    let text = render(report, detail);
    for (const part of ["diagrams", "breakdowns", "unchangedFindings", "notes"] as const) {
        if (text.length <= BUDGET) {
            break;
        }
        detail[part] = false;
        text = render(report, detail);
    }
    // Whole sections last, the last-listed (least changed) first: the most that fit, found by halving.
    const changed = stacksInOrder(report.stacks).filter(isChanged);
    const keeping = (kept: number) => {
        detail.cut = new Set(changed.slice(kept).map((s) => s.stack));
        return render(report, detail);
    };
    if (text.length > BUDGET) {
        const kept = largestFitting(0, changed.length - 1, (k) => keeping(k).length <= BUDGET);
        text = keeping(kept);
    }
    // Then the roll-up's rows from the end (unchanged stacks first, as they are listed last).
    if (text.length > BUDGET) {
        const rows = largestFitting(1, report.stacks.length - 1, (n) => render(report, { ...detail, rows: n }).length <= BUDGET);
        detail.rows = rows;
        text = render(report, detail);
    }
    const note = leftOut(detail, report.stacks.length);
    return note ? `${text}\n${note}\n` : text;
}
