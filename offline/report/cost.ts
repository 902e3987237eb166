// The monthly cost estimate of a plan, computed with the policy pack's own estimator and prices.
import { evaluationDay } from "../../policies/lib/evaluationDate";
import { PRICES } from "../../policies/lib/prices";
import { StackContext } from "../../policies/lib/stackContext";
import { estimateMonthlyCost } from "../../policies/rules/cost";

export interface CostEstimate {
    totalUsd: number;
    lines: { item: string; usd: number }[];
    region: string;
    priceDate: string;
    /** What could not be priced yet (unknown sizes, types without a price). */
    unpriced: string[];
    /** What costs money but cannot be priced from a plan (EKS Auto Mode's instances and fee). */
    notIncluded: string[];
}

/** The estimate of a plan, from its context (see planContext). */
export function estimatePlanCost(context: StackContext): CostEstimate {
    const { lines, notIncluded } = estimateMonthlyCost(context, evaluationDay(undefined));
    return {
        totalUsd: Math.round(lines.reduce((sum, l) => sum + l.usd, 0) * 100) / 100,
        lines: lines.map((l) => ({ item: l.item, usd: Math.round(l.usd * 100) / 100 })),
        region: PRICES.region,
        priceDate: PRICES.priceDate,
        unpriced: [...new Set(context.graph.unresolved)],
        notIncluded,
    };
}
