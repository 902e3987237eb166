// The monthly cost estimate of a plan, computed with the policy pack's own estimator and prices.
import { PolicyResource } from "@pulumi/policy";
import { evaluationDay } from "../../policies/lib/evaluationDate";
import { PRICES } from "../../policies/lib/prices";
import { StackContext } from "../../policies/lib/stackContext";
import { estimateMonthlyCost } from "../../policies/rules/cost";
import { Plan } from "../plan";

/* eslint-disable @typescript-eslint/no-var-requires */
const proxy: { unknownCheckingProxy<T>(value: T): T } = require("@pulumi/policy/proxy");

export interface CostEstimate {
    totalUsd: number;
    lines: { item: string; usd: number }[];
    region: string;
    priceDate: string;
    /** What could not be priced yet (unknown sizes, types without a price). */
    unpriced: string[];
}

/** The plan's resources as the framework presents them to stack policies (outputs, links by URN). */
export function policyResources(plan: Plan): PolicyResource[] {
    const byUrn = new Map<string, any>();
    const resources = plan.resources.map((r) => {
        const resource: any = {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: proxy.unknownCheckingProxy(JSON.parse(JSON.stringify(r.outputs))),
            opts: { protect: r.protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
        };
        byUrn.set(r.urn, resource);
        return resource;
    });
    plan.resources.forEach((r, i) => {
        resources[i].dependencies = r.dependsOnUrns.flatMap((u) => (byUrn.has(u) ? [byUrn.get(u)] : []));
        for (const [property, urns] of Object.entries(r.propertyDependencies)) {
            resources[i].propertyDependencies[property] = urns.flatMap((u) => (byUrn.has(u) ? [byUrn.get(u)] : []));
        }
    });
    return resources;
}

export function estimatePlanCost(plan: Plan): CostEstimate {
    const context = new StackContext({ resources: policyResources(plan), stackTags: new Map(), getConfig: () => ({}) as any, notApplicable: () => undefined as never });
    const lines = estimateMonthlyCost(context, evaluationDay(undefined));
    return {
        totalUsd: Math.round(lines.reduce((sum, l) => sum + l.usd, 0) * 100) / 100,
        lines: lines.map((l) => ({ item: l.item, usd: Math.round(l.usd * 100) / 100 })),
        region: PRICES.region,
        priceDate: PRICES.priceDate,
        unpriced: [...new Set(context.graph.unresolved)],
    };
}
