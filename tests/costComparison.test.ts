// Unit tests of the cost part of offline/report/comparison.ts (compareStack): the monthly cost per
// item before and after a change, from hand-made reports (no program run, no policy pack).
import * as assert from "assert";
import { compareStack } from "../offline/report/comparison";
import { COST_MODEL, CostEstimate, CostLineReport } from "../offline/report/cost";
import { StackReport } from "../offline/report/model";

function estimate(lines: CostLineReport[], extra: Partial<CostEstimate> = {}): CostEstimate {
    const total = Math.round(lines.reduce((sum, l) => sum + l.usd, 0) * 100) / 100;
    return { totalUsd: total, lines, region: "us-east-1", priceDate: "2026-11-01", unpriced: [], notIncluded: [], model: COST_MODEL, ...extra };
}

function stack(cost: CostEstimate | undefined, status: StackReport["status"] = "passed"): StackReport {
    const report: Pick<StackReport, "stack" | "status" | "findings" | "cost"> = { stack: "prod", status, findings: [], ...(cost ? { cost } : {}) };
    return report as StackReport;
}

const costOf = (base: StackReport | undefined, head: StackReport) => {
    const comparison = compareStack("main.json", base, head);
    assert.ok(comparison.cost, "a head with a cost estimate has a cost comparison");
    return comparison.cost;
};

const CLUSTER_KEY = "urn:pulumi:prod::eks-platform::aws:eks/cluster:Cluster::prod#control-plane";
const NODES_KEY = "urn:pulumi:prod::eks-platform::aws:eks/nodeGroup:NodeGroup::workers#instances";
const NAT_KEY = "urn:pulumi:prod::eks-platform::aws:ec2/natGateway:NatGateway::nat#hours";

const BASE_LINES: CostLineReport[] = [
    { key: CLUSTER_KEY, item: "EKS cluster prod (standard support)", usd: 73 },
    { key: NODES_KEY, item: "NodeGroup workers: 3 x m6i.xlarge", usd: 420.48 },
    { key: NAT_KEY, item: "1 NAT gateway", usd: 32.85 },
];

describe("cost comparison (compareStack)", () => {
    it("gives a zero change for equal estimates, line by line", () => {
        const cost = costOf(stack(estimate(BASE_LINES)), stack(estimate(BASE_LINES)));
        assert.strictEqual(cost.beforeUsd, 526.33);
        assert.strictEqual(cost.afterUsd, 526.33);
        assert.strictEqual(cost.diffUsd, 0);
        assert.strictEqual(cost.pricedDiffUsd, 0);
        assert.strictEqual(cost.unknown, undefined);
        assert.strictEqual(cost.beforeAtLeast, undefined);
        assert.strictEqual(cost.afterAtLeast, undefined);
        assert.deepStrictEqual(
            cost.lines,
            BASE_LINES.map((l) => ({ key: l.key, item: l.item, beforeUsd: l.usd, afterUsd: l.usd, diffUsd: 0 })),
        );
    });

    it("matches lines by key when their item reads differently, keeping the base's item", () => {
        const head = [BASE_LINES[0], { key: NODES_KEY, item: "NodeGroup workers: 3 x m6i.2xlarge", usd: 840.96 }, BASE_LINES[2]];
        const cost = costOf(stack(estimate(BASE_LINES)), stack(estimate(head)));
        assert.deepStrictEqual(cost.lines[1], {
            key: NODES_KEY,
            item: "NodeGroup workers: 3 x m6i.2xlarge",
            beforeItem: "NodeGroup workers: 3 x m6i.xlarge",
            beforeUsd: 420.48,
            afterUsd: 840.96,
            diffUsd: 420.48,
        });
        assert.strictEqual(cost.lines.length, 3);
        assert.ok(!("beforeItem" in cost.lines[0]));
        assert.strictEqual(cost.diffUsd, 420.48);
        assert.strictEqual(cost.afterUsd, 946.81);
    });

    it("does not match lines whose keys differ even when their items read the same", () => {
        const base = [{ key: "a#instances", item: "NodeGroup workers: 2 x t3.large", usd: 120 }];
        const head = [{ key: "b#instances", item: "NodeGroup workers: 2 x t3.large", usd: 120 }];
        const cost = costOf(stack(estimate(base)), stack(estimate(head)));
        assert.deepStrictEqual(cost.lines, [
            { key: "b#instances", item: "NodeGroup workers: 2 x t3.large", afterUsd: 120, diffUsd: 120 },
            { key: "a#instances", item: "NodeGroup workers: 2 x t3.large", beforeUsd: 120, diffUsd: -120 },
        ]);
        assert.strictEqual(cost.diffUsd, 0);
    });

    it("matches lines without keys by their item without numbers and plurals", () => {
        const base = [
            { item: "1 NAT gateway", usd: 32.85 },
            { item: "1 public IPv4 address", usd: 3.65 },
        ];
        const head = [
            { item: "3 public IPv4 addresses", usd: 10.95 },
            { item: "3 NAT gateways", usd: 98.55 },
        ];
        const cost = costOf(stack(estimate(base)), stack(estimate(head)));
        assert.deepStrictEqual(cost.lines, [
            { item: "3 public IPv4 addresses", beforeItem: "1 public IPv4 address", beforeUsd: 3.65, afterUsd: 10.95, diffUsd: 7.3 },
            { item: "3 NAT gateways", beforeItem: "1 NAT gateway", beforeUsd: 32.85, afterUsd: 98.55, diffUsd: 65.7 },
        ]);
        assert.strictEqual(cost.diffUsd, 73);
    });

    it("matches a keyed head line to a base line without key by its item", () => {
        const cost = costOf(stack(estimate([{ item: "2 NAT gateways", usd: 65.7 }])), stack(estimate([{ key: NAT_KEY, item: "1 NAT gateway", usd: 32.85 }])));
        assert.deepStrictEqual(cost.lines, [{ key: NAT_KEY, item: "1 NAT gateway", beforeItem: "2 NAT gateways", beforeUsd: 65.7, afterUsd: 32.85, diffUsd: -32.85 }]);
    });

    it("uses each base line once", () => {
        const base = [{ item: "1 NAT gateway", usd: 32.85 }];
        const head = [
            { item: "1 NAT gateway", usd: 32.85 },
            { item: "2 NAT gateways", usd: 65.7 },
        ];
        const cost = costOf(stack(estimate(base)), stack(estimate(head)));
        assert.deepStrictEqual(
            cost.lines.map((l) => [l.item, l.beforeUsd, l.diffUsd]),
            [
                ["1 NAT gateway", 32.85, 0],
                ["2 NAT gateways", undefined, 65.7],
            ],
        );
    });

    it("without the stack in the base: everything is new, with no model note", () => {
        const head = stack(estimate(BASE_LINES, { model: "something else" }));
        const comparison = compareStack("main.json", undefined, head);
        assert.strictEqual(comparison.baseHasStack, false);
        assert.strictEqual(comparison.base, "main.json");
        const cost = comparison.cost!;
        assert.strictEqual(cost.unknown, undefined);
        assert.strictEqual(cost.beforeUsd, 0);
        assert.strictEqual(cost.diffUsd, 526.33);
        assert.strictEqual(cost.pricedDiffUsd, 526.33);
        assert.deepStrictEqual(
            cost.lines.map((l) => [l.beforeUsd, l.diffUsd]),
            BASE_LINES.map((l) => [undefined, l.usd]),
        );
    });

    it("treats a base entry that is an error as no base, even priced by another model", () => {
        const base = stack(estimate([{ key: CLUSTER_KEY, item: "EKS cluster prod", usd: 73 }], { model: "eks-guard cost 1" }), "error");
        const comparison = compareStack("main.json", base, stack(estimate(BASE_LINES)));
        assert.strictEqual(comparison.baseHasStack, false);
        assert.strictEqual(comparison.cost!.unknown, undefined);
        assert.strictEqual(comparison.cost!.diffUsd, 526.33);
        assert.strictEqual(comparison.cost!.lines[0].beforeUsd, undefined);
    });

    it("gives no cost comparison when the head has no estimate", () => {
        assert.ok(!("cost" in compareStack("main.json", stack(estimate(BASE_LINES)), stack(undefined))));
    });

    it("says the change is unknown when the head prices something it cannot", () => {
        const head = estimate(BASE_LINES.slice(0, 2), { atLeast: true, unpriced: ["NodeGroup gpu: instance type not known yet"] });
        const cost = costOf(stack(estimate(BASE_LINES)), stack(head));
        assert.strictEqual(cost.diffUsd, undefined);
        assert.ok(!("diffUsd" in cost));
        assert.deepStrictEqual(cost.unknown, ["NodeGroup gpu: instance type not known yet"]);
        assert.strictEqual(cost.pricedDiffUsd, -32.85);
        assert.strictEqual(cost.afterAtLeast, true);
        assert.strictEqual(cost.beforeAtLeast, undefined);
    });

    it("says the change is unknown when the base could not price something, marked as the base's", () => {
        const base = estimate(BASE_LINES, { atLeast: true, unpriced: ["NAT gateway data processing"] });
        const head = estimate(BASE_LINES, { atLeast: true, unpriced: ["EBS volumes of NodeGroup gpu"] });
        const cost = costOf(stack(base), stack(head));
        assert.deepStrictEqual(cost.unknown, ["NAT gateway data processing (in the base)", "EBS volumes of NodeGroup gpu"]);
        assert.strictEqual(cost.pricedDiffUsd, 0);
        assert.strictEqual(cost.beforeAtLeast, true);
        assert.strictEqual(cost.afterAtLeast, true);
        assert.ok(!("diffUsd" in cost));
    });

    it("says usage not included that comes or goes, and not usage in both", () => {
        const both = "data transfer out";
        const newOne = estimate(BASE_LINES, { notIncluded: [both, "NAT gateway data processing"] });
        const baseOnly = estimate(BASE_LINES, { notIncluded: [both, "CloudWatch log ingestion"] });
        const cost = costOf(stack(baseOnly), stack(newOne));
        assert.deepStrictEqual(cost.unknown, ["NAT gateway data processing (new)", "CloudWatch log ingestion (gone)"]);
        assert.strictEqual(cost.pricedDiffUsd, 0);

        const same = costOf(stack(estimate(BASE_LINES, { notIncluded: [both] })), stack(estimate(BASE_LINES, { notIncluded: [both] })));
        assert.strictEqual(same.unknown, undefined);
        assert.strictEqual(same.diffUsd, 0);
    });

    it("says a base priced by another model makes the change unknown", () => {
        const cost = costOf(stack(estimate(BASE_LINES, { model: "eks-guard cost 1, list prices of 2026-01-01" })), stack(estimate(BASE_LINES)));
        assert.deepStrictEqual(cost.unknown, [`the base report was priced by eks-guard cost 1, list prices of 2026-01-01, this one by ${COST_MODEL}: a new price or rule is not this change's`]);
        assert.ok(!("diffUsd" in cost));
        assert.strictEqual(cost.pricedDiffUsd, 0);
        // Lines are still compared.
        assert.deepStrictEqual(
            cost.lines.map((l) => l.diffUsd),
            [0, 0, 0],
        );
    });

    it("says a base priced before estimates were named was priced by an older estimate", () => {
        const older = estimate(BASE_LINES);
        delete older.model;
        const cost = costOf(stack(older), stack(estimate(BASE_LINES)));
        assert.deepStrictEqual(cost.unknown, [`the base report was priced by an older estimate, this one by ${COST_MODEL}: a new price or rule is not this change's`]);
    });

    it("carries the atLeast flags of either side", () => {
        const cost = costOf(stack(estimate(BASE_LINES, { atLeast: true })), stack(estimate(BASE_LINES, { atLeast: false })));
        assert.strictEqual(cost.beforeAtLeast, true);
        assert.ok(!("afterAtLeast" in cost));
    });

    it("lists a line only in the base after the head's lines, with no after figure and a negative change", () => {
        const head = BASE_LINES.slice(0, 2);
        const cost = costOf(stack(estimate(BASE_LINES)), stack(estimate(head)));
        assert.deepStrictEqual(cost.lines[2], { key: NAT_KEY, item: "1 NAT gateway", beforeUsd: 32.85, diffUsd: -32.85 });
        assert.ok(!("afterUsd" in cost.lines[2]));
        assert.strictEqual(cost.diffUsd, -32.85);
        assert.strictEqual(cost.afterUsd, 493.48);
    });

    it("rounds changes to cents", () => {
        const cost = costOf(stack(estimate([{ key: "k", item: "x", usd: 0.3 }])), stack(estimate([{ key: "k", item: "x", usd: 0.1 }])));
        assert.strictEqual(cost.lines[0].diffUsd, -0.2);
        assert.strictEqual(cost.diffUsd, -0.2);
    });
});
