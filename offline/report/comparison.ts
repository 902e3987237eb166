// What a pull request changes in the findings and the cost of a stack, against the base's report
// (`--compare base.json`): findings new in this change, fixed by it, and unchanged; the monthly
// cost per item before and after, as Infracost comments show it.
import { CostEstimate, CostLineReport } from "./cost";
import { keyOfFinding, withoutNumbers } from "./findingIdentity";
import { ReportFinding, StackReport } from "./model";

export interface CostLineChange {
    /** The line's key (what it prices), when both reports have one. */
    key?: string;
    item: string;
    /** The base's item, when it reads differently (3 x m6i.xlarge before, 3 x m6i.2xlarge now). */
    beforeItem?: string;
    beforeUsd?: number;
    afterUsd?: number;
    diffUsd: number;
}

export interface CostComparison {
    beforeUsd: number;
    afterUsd: number;
    /** Either total is a lower bound (something could not be priced). */
    beforeAtLeast?: boolean;
    afterAtLeast?: boolean;
    /** The change, when it is known; absent when `unknown` says why it is not. */
    diffUsd?: number;
    /** The change of the priced lines alone: the whole change when `unknown` is absent. */
    pricedDiffUsd: number;
    /** Why the change is not known: what one side could not price, usage that comes or goes, another estimate. */
    unknown?: string[];
    lines: CostLineChange[];
}

export interface StackComparison {
    /** The base report, as given to --compare. */
    base: string;
    /** False when the base report has no usable entry for this stack: every finding counts as new. */
    baseHasStack: boolean;
    findings: { new: ReportFinding[]; fixed: ReportFinding[]; unchanged: ReportFinding[] };
    cost?: CostComparison;
}

const counted = (stack: StackReport | undefined) => (stack?.findings ?? []).filter((f) => !f.notRunnable);
const round = (usd: number) => Math.round(usd * 100) / 100;

/** An English plural as its singular: "addresses" -> "address", "gateways" -> "gateway"; "address" stays. */
const singular = (word: string) => (/ies$/.test(word) ? `${word.slice(0, -3)}y` : /(ss|sh|ch|x)es$/.test(word) ? word.slice(0, -2) : /[^s]s$/.test(word) ? word.slice(0, -1) : word);

/** Items are one item when they differ only in numbers and plurals ("1 public IPv4 address" -> "3 public IPv4 addresses"). */
const sameItem = (item: string) => withoutNumbers(item).replace(/[A-Za-z]+/g, singular);

/** The base line that prices the same thing: by key first, else (reports before keys) by its item without numbers. */
function matcher(before: readonly CostLineReport[]) {
    const left = [...before];
    const take = (test: (old: CostLineReport) => boolean) => {
        const index = left.findIndex(test);
        return index < 0 ? undefined : left.splice(index, 1)[0];
    };
    return (line: CostLineReport): CostLineReport | undefined =>
        (line.key ? take((old) => old.key === line.key) : undefined) ?? take((old) => !(old.key && line.key) && sameItem(old.item) === sameItem(line.item));
}

function compareCost(before: CostEstimate | undefined, after: CostEstimate | undefined, baseHasStack: boolean): CostComparison | undefined {
    if (!after) {
        return undefined;
    }
    const match = matcher(before?.lines ?? []);
    const lines: CostLineChange[] = [];
    const matched = new Set<CostLineReport>();
    for (const l of after.lines) {
        const old = match(l);
        if (old) {
            matched.add(old);
        }
        lines.push({ ...(l.key ? { key: l.key } : {}), item: l.item, ...(old && old.item !== l.item ? { beforeItem: old.item } : {}), ...(old ? { beforeUsd: old.usd } : {}), afterUsd: l.usd, diffUsd: round(l.usd - (old?.usd ?? 0)) });
    }
    for (const old of (before?.lines ?? []).filter((l) => !matched.has(l))) {
        lines.push({ ...(old.key ? { key: old.key } : {}), item: old.item, beforeUsd: old.usd, diffUsd: round(-old.usd) });
    }
    const beforeUsd = before?.totalUsd ?? 0;
    const afterUsd = after.totalUsd;
    const unknown: string[] = [];
    if (baseHasStack && before && before.model !== after.model) {
        unknown.push(`the base report was priced by ${before.model ?? "an older estimate"}, this one by ${after.model}: a new price or rule is not this change's`);
    }
    unknown.push(...(before?.unpriced ?? []).map((u) => `${u} (in the base)`));
    unknown.push(...after.unpriced);
    const usage = (cost: CostEstimate | undefined) => new Set(cost?.notIncluded ?? []);
    const [usageBefore, usageAfter] = [usage(before), usage(after)];
    unknown.push(...[...usageAfter].filter((u) => !usageBefore.has(u)).map((u) => `${u} (new)`), ...[...usageBefore].filter((u) => !usageAfter.has(u)).map((u) => `${u} (gone)`));
    const pricedDiffUsd = round(afterUsd - beforeUsd);
    return {
        beforeUsd,
        afterUsd,
        ...(before?.atLeast ? { beforeAtLeast: true } : {}),
        ...(after.atLeast ? { afterAtLeast: true } : {}),
        ...(unknown.length === 0 ? { diffUsd: pricedDiffUsd } : { unknown }),
        pricedDiffUsd,
        lines,
    };
}

export function compareStack(baseName: string, base: StackReport | undefined, head: StackReport): StackComparison {
    const usable = !!base && base.status !== "error";
    const keyOf = (f: ReportFinding) => keyOfFinding(head.stack, f);
    const baseKeys = new Map(counted(usable ? base : undefined).map((f) => [keyOf(f), f]));
    const headKeys = new Set(counted(head).map(keyOf));
    const findings = { new: [] as ReportFinding[], fixed: [] as ReportFinding[], unchanged: [] as ReportFinding[] };
    for (const f of counted(head)) {
        (baseKeys.has(keyOf(f)) ? findings.unchanged : findings.new).push(f);
    }
    findings.fixed = [...baseKeys.entries()].filter(([key]) => !headKeys.has(key)).map(([, f]) => f);
    const cost = compareCost(usable ? base.cost : undefined, head.cost, usable);
    return { base: baseName, baseHasStack: usable, findings, ...(cost ? { cost } : {}) };
}
