// The monthly cost estimate of a plan, computed with the policy pack's own estimator and prices.
import { BudgetSettings, totalUsd } from "../../policies/rules/cost";
import { estimateMonthlyCost, foreignPrices, USAGE_NOT_INCLUDED } from "../../policies/lib/costEstimate";
import { evaluationDay } from "../../policies/lib/evaluationDate";
import { BASE_PRICE_REGION, EC2_PRICE_DATE } from "../../policies/lib/prices";
import { StackContext } from "../../policies/lib/stackContext";
import { StackRegion } from "../../policies/lib/stackRegion";

/**
 * Which estimate made the figures: a base report made by another one is compared as a total only,
 * with the change unknown (a new price or rule is not the pull request's change).
 */
export const COST_MODEL = `eks-guard cost 2, list prices of ${EC2_PRICE_DATE}`;

export interface CostLineReport {
    /** Stable while the thing priced stays (its URN and an aspect); absent in reports before cost 2. */
    key?: string;
    item: string;
    usd: number;
    /** The region whose list price the line uses. */
    priceRegion?: string;
    /** What the figure assumes that the plan does not say. */
    assumption?: string;
    /** Nodes that can scale: the line's cost at the group's maxSize, and that size. */
    upToUsd?: number;
    upToNodes?: number;
}

export interface CostEstimate {
    /** The sum of the priced lines; a lower bound when `atLeast`. */
    totalUsd: number;
    /** Something bills that could not be priced (`unpriced`): the total is "at least". */
    atLeast?: boolean;
    lines: CostLineReport[];
    /** The region of the prices in policies/data/prices.json. */
    region: string;
    /** The stack's region and where it was read; absent when nothing says. */
    stackRegion?: StackRegion;
    /** Which figures are not the stack's region's prices, in words; absent when all are. */
    foreignPrices?: string;
    priceDate: string;
    /** What bills by the hour but could not be priced (a size or type not known yet, no price). */
    unpriced: string[];
    /** What bills by use and is never priced from a plan. */
    notIncluded: string[];
    /** The usage no estimate includes, said once. */
    usageNotIncluded?: string;
    model?: string;
}

/** The estimate of a plan, from its context (see planContext); `region` null: the stack's is not known. */
export function estimatePlanCost(context: StackContext, region: StackRegion | null | undefined, settings: BudgetSettings): CostEstimate {
    const estimate = estimateMonthlyCost(context, { day: evaluationDay(settings.evaluationDate), ...(region !== undefined ? { region } : {}), logGiBPerDay: settings.logGiBPerDay });
    const foreign = foreignPrices(estimate);
    return {
        totalUsd: Math.round(totalUsd(estimate) * 100) / 100,
        atLeast: estimate.unpriced.length > 0,
        lines: estimate.lines.map((l) => ({
            key: l.key,
            item: l.item,
            usd: Math.round(l.usd * 100) / 100,
            priceRegion: l.priceRegion,
            ...(l.assumption ? { assumption: l.assumption } : {}),
            ...(l.upToUsd !== undefined ? { upToUsd: Math.round(l.upToUsd * 100) / 100, upToNodes: l.upToNodes } : {}),
        })),
        region: BASE_PRICE_REGION,
        ...(estimate.region ? { stackRegion: estimate.region } : {}),
        ...(foreign ? { foreignPrices: foreign } : {}),
        priceDate: EC2_PRICE_DATE,
        unpriced: estimate.unpriced,
        notIncluded: estimate.notIncluded,
        usageNotIncluded: USAGE_NOT_INCLUDED,
        model: COST_MODEL,
    };
}
