// How the terminal and markdown reports say the same things: money, a cost change, a plan's
// changes, the order of findings and of stacks.
import { formatUsd } from "../../policies/lib/costEstimate";
import { CostComparison } from "./comparison";
import { CostEstimate } from "./cost";
import { ReportFinding, StackReport } from "./model";
import { PlanChanges } from "../planChanges";

/** "$1,309.27". */
export const usd = formatUsd;

/** "+$420.48", "−$65.70", "$0.00". */
export function signedUsd(amount: number): string {
    return `${amount > 0 ? "+" : amount < 0 ? "−" : ""}${usd(amount)}`;
}

/** The estimate's total: "$888.79", or "at least $888.79" when something could not be priced. */
export function totalText(cost: CostEstimate): string {
    return `${cost.atLeast ? "at least " : ""}${usd(cost.totalUsd)}`;
}

/** "us-east-1 list prices of 2026-07-20": the regions the figures are priced in, and the prices' date. */
export function priceBasisText(cost: CostEstimate): string {
    const regions = [...new Set(cost.lines.map((l) => l.priceRegion ?? cost.region))];
    return `${(regions.length > 0 ? regions : [cost.region]).join(" and ")} list prices of ${cost.priceDate}`;
}

/** "+$420.48 (+47.3%)", "none", or "unknown". */
export function costChangeShort(cost: CostComparison): string {
    if (cost.diffUsd === undefined) {
        return "unknown";
    }
    if (cost.diffUsd === 0) {
        return "none";
    }
    const percent = cost.beforeUsd > 0 ? ` (${cost.diffUsd > 0 ? "+" : "−"}${Math.abs((100 * cost.diffUsd) / cost.beforeUsd).toFixed(1)}%)` : "";
    return `${signedUsd(cost.diffUsd)}${percent}`;
}

/** The change in a sentence: the amount, or why it is not known and what the priced part does. */
export function costChangeSentence(cost: CostComparison): string {
    const totals = `${cost.beforeAtLeast ? "at least " : ""}${usd(cost.beforeUsd)} → ${cost.afterAtLeast ? "at least " : ""}${usd(cost.afterUsd)}`;
    if (cost.diffUsd !== undefined) {
        return `${totals}: ${cost.diffUsd === 0 ? "no change" : costChangeShort(cost)}`;
    }
    return `${totals}: the change is unknown (${cost.unknown!.join("; ")}); the priced items change by ${signedUsd(cost.pricedDiffUsd)}`;
}

const LEVEL_ORDER: Record<string, number> = { mandatory: 0, remediate: 0, advisory: 1, disabled: 2 };
const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Mandatory before advisory, then by severity, then as the pack reported them. */
export function byImportance<T extends Pick<ReportFinding, "enforcementLevel" | "severity">>(findings: readonly T[]): T[] {
    return findings
        .map((f, i) => ({ f, i }))
        .sort((a, b) => (LEVEL_ORDER[a.f.enforcementLevel] ?? 3) - (LEVEL_ORDER[b.f.enforcementLevel] ?? 3) || (SEVERITY_ORDER[a.f.severity] ?? 4) - (SEVERITY_ORDER[b.f.severity] ?? 4) || a.i - b.i)
        .map(({ f }) => f);
}

/** "1 replaced, 2 updated", or "no change". */
export function changesShort(changes: PlanChanges | undefined): string {
    if (!changes) {
        return "no change";
    }
    const parts = [
        [changes.added.length, "added"],
        [changes.removed.length, "removed"],
        [changes.replaced.length, "replaced"],
        [changes.updated.length, "updated"],
    ]
        .filter(([n]) => (n as number) > 0)
        .map(([n, what]) => `${n} ${what}`);
    return parts.length > 0 ? parts.join(", ") : "no change";
}

/** The stack changes something against the base: resources, findings, cost, or it cannot be checked. */
export function isChanged(stack: StackReport): boolean {
    if (!stack.comparison || stack.status === "error") {
        return true;
    }
    const { findings, cost, baseHasStack } = stack.comparison;
    const resources = stack.changes ? changesShort(stack.changes) !== "no change" : !baseHasStack;
    return resources || findings.new.length + findings.fixed.length > 0 || (!!cost && cost.diffUsd !== 0);
}

const STATUS_ORDER: Record<StackReport["status"], number> = { error: 0, failed: 1, passed: 2, empty: 3 };

/** Changed stacks first (errors, then failures), unchanged ones after; the order given within each. */
export function stacksInOrder(stacks: readonly StackReport[]): StackReport[] {
    return stacks
        .map((s, i) => ({ s, i }))
        .sort((a, b) => Number(!isChanged(a.s)) - Number(!isChanged(b.s)) || STATUS_ORDER[a.s.status] - STATUS_ORDER[b.s.status] || a.i - b.i)
        .map(({ s }) => s);
}

/** A replacement's order as a short label: "new one first" or "old one deleted first". */
export function orderShort(first: "create" | "delete"): string {
    return first === "create" ? "new one created first" : "old one deleted first";
}

/** Why a `secure:` config value did not reach the plan, and what the plan used instead. */
export function unseenConfigNote(u: { key: string; plannedWith: string }): string {
    return `${u.key} is secure: (encrypted), which the offline check cannot decrypt: the plan uses its default from Pulumi.yaml (${u.plannedWith}) instead, so findings that depend on it may differ from pulumi preview's`;
}
