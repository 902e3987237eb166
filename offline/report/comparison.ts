// What a pull request changes in the findings and the cost of a stack, against the base's report
// (`--compare base.json`): findings new in this change, fixed by it, and unchanged; the monthly
// cost per item before and after, as Infracost comments show it.
import { CostEstimate } from "./cost";
import { findingKey, withoutNumbers } from "./findingIdentity";
import { ReportFinding, StackReport } from "./model";

export interface CostLineChange {
    item: string;
    beforeUsd?: number;
    afterUsd?: number;
    diffUsd: number;
}

export interface StackComparison {
    /** The base report, as given to --compare. */
    base: string;
    /** False when the base report has no usable entry for this stack: every finding counts as new. */
    baseHasStack: boolean;
    findings: { new: ReportFinding[]; fixed: ReportFinding[]; unchanged: ReportFinding[] };
    cost?: { beforeUsd: number; afterUsd: number; diffUsd: number; lines: CostLineChange[] };
}

const counted = (stack: StackReport | undefined) => (stack?.findings ?? []).filter((f) => !f.notRunnable);
const round = (usd: number) => Math.round(usd * 100) / 100;

/** An English plural as its singular: "addresses" -> "address", "gateways" -> "gateway"; "address" stays. */
const singular = (word: string) => (/(ss|sh|ch|x)es$/.test(word) ? word.slice(0, -2) : /[^s]s$/.test(word) ? word.slice(0, -1) : word);

/** Items are one item when they differ only in numbers and plurals ("1 public IPv4 address" -> "3 public IPv4 addresses"). */
const sameItem = (item: string) => withoutNumbers(item).replace(/[A-Za-z]+/g, singular);

function compareCost(before: CostEstimate | undefined, after: CostEstimate | undefined): StackComparison["cost"] {
    if (!before && !after) {
        return undefined;
    }
    const beforeLines = new Map((before?.lines ?? []).map((l) => [sameItem(l.item), l]));
    const lines: CostLineChange[] = [];
    for (const l of after?.lines ?? []) {
        const old = beforeLines.get(sameItem(l.item));
        beforeLines.delete(sameItem(l.item));
        lines.push({ item: l.item, ...(old ? { beforeUsd: old.usd } : {}), afterUsd: l.usd, diffUsd: round(l.usd - (old?.usd ?? 0)) });
    }
    for (const old of beforeLines.values()) {
        lines.push({ item: old.item, beforeUsd: old.usd, diffUsd: round(-old.usd) });
    }
    const beforeUsd = before?.totalUsd ?? 0;
    const afterUsd = after?.totalUsd ?? 0;
    return { beforeUsd, afterUsd, diffUsd: round(afterUsd - beforeUsd), lines };
}

export function compareStack(baseName: string, base: StackReport | undefined, head: StackReport): StackComparison {
    const usable = !!base && base.status !== "error";
    const keyOf = (f: ReportFinding) => findingKey(head.stack, f.policy, f.resource?.urn, f.message);
    const baseKeys = new Map(counted(usable ? base : undefined).map((f) => [keyOf(f), f]));
    const headKeys = new Set(counted(head).map(keyOf));
    const findings = { new: [] as ReportFinding[], fixed: [] as ReportFinding[], unchanged: [] as ReportFinding[] };
    for (const f of counted(head)) {
        (baseKeys.has(keyOf(f)) ? findings.unchanged : findings.new).push(f);
    }
    findings.fixed = [...baseKeys.entries()].filter(([key]) => !headKeys.has(key)).map(([, f]) => f);
    const cost = compareCost(usable ? base.cost : undefined, head.cost);
    return { base: baseName, baseHasStack: usable, findings, ...(cost ? { cost } : {}) };
}
