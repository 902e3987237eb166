// Stack rule on the estimated monthly cost (lib/costEstimate.ts; prices in data/prices.json and
// data/ec2-prices.json).
import { StackValidationPolicy } from "@pulumi/policy";
import { CostEstimateLines, estimateMonthlyCost, foreignPrices, formatUsd, priceBasis, USAGE_NOT_INCLUDED } from "../lib/costEstimate";
import { DAY, evaluationDay } from "../lib/evaluationDate";
import { EC2_PRICE_DATE } from "../lib/prices";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { stackValidation } from "../lib/stackContext";
import { notApplicable } from "../lib/notApplicable";

/** The items a budget violation names: the rest is in the offline check's breakdown. */
const LARGEST_ITEMS = 3;

export interface BudgetSettings {
    monthlyBudgetUsd?: number;
    evaluationDate?: string;
    /** An assumed CloudWatch Logs volume of each log group, GiB a day; unset, logs are not priced. */
    logGiBPerDay?: number;
}

/** The total of the priced lines. */
export function totalUsd(estimate: CostEstimateLines): number {
    return estimate.lines.reduce((sum, line) => sum + line.usd, 0);
}

export const monthlyCostBudget: StackValidationPolicy = {
    name: "eks-monthly-cost-budget",
    description: "The estimated monthly cost of the environment is within the configured budget.",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: schemaWithDefaults(
        { properties: { monthlyBudgetUsd: { type: "number", minimum: 0 }, evaluationDate: { type: "string", pattern: DAY.source }, logGiBPerDay: { type: "number", minimum: 0 } } },
        {},
    ),
    validateStack: stackValidation((context, reportViolation, args) => {
        const settings = settingsOf<BudgetSettings>(args, {});
        if (settings.monthlyBudgetUsd === undefined) {
            notApplicable(args, "no monthlyBudgetUsd is configured");
        }
        const estimate = estimateMonthlyCost(context, { day: evaluationDay(settings.evaluationDate), logGiBPerDay: settings.logGiBPerDay });
        const total = totalUsd(estimate);
        // What could not be priced only adds: a priced total over the budget is over it for certain.
        const budget = settings.monthlyBudgetUsd!;
        if (total > budget) {
            const largest = [...estimate.lines].sort((a, b) => b.usd - a.usd);
            const shown = largest.slice(0, LARGEST_ITEMS).map((l) => `${l.item} ${formatUsd(l.usd)}`);
            const rest = largest.length > LARGEST_ITEMS ? `, and ${largest.length - LARGEST_ITEMS} smaller` : "";
            const prices = [priceBasis(estimate, EC2_PRICE_DATE), foreignPrices(estimate)].filter(Boolean).join("; ");
            const unpriced = estimate.unpriced.length > 0 ? ` Not priced, so the cost may be higher still: ${estimate.unpriced.join("; ")}.` : "";
            const usage = [...estimate.notIncluded, USAGE_NOT_INCLUDED].join("; ");
            reportViolation(
                `The estimated monthly cost is ${estimate.unpriced.length > 0 ? "at least " : ""}${formatUsd(total)}, ${formatUsd(total - budget)} over the budget of ${formatUsd(budget)} (monthlyBudgetUsd). ` +
                    `Largest items: ${shown.join("; ")}${rest}.${unpriced} Reduce node sizes or counts, NAT gateways, or raise the budget. (${prices}; billed by use and not included: ${usage}.)`,
            );
            return;
        }
        // Under the budget so far: what could not be priced decides, once it is known.
        estimate.unpriced.forEach((what) => context.note(what));
    }),
};
