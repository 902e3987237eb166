import * as assert from "assert";
import { eksStack } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { validateStack } from "../testing/validateStack";
import { monthlyCostBudget } from "./cost";

describe("eks-monthly-cost-budget", () => {
    const onDay = { evaluationDate: "2026-11-22" };
    const controlPlaneAndNat = () => {
        const fixture = eksStack({ nat: "single" });
        fixture.remove("general");
        fixture.remove("apps");
        return fixture;
    };

    it("passes an estimate equal to the budget, and reports one a cent over with its breakdown and prices", async () => {
        // The control plane $73.00, one NAT gateway $32.85, one address $3.65.
        const fixture = controlPlaneAndNat();
        assert.deepStrictEqual((await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 109.5 })).violations, []);
        const over = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 109.49 });
        assert.strictEqual(over.violations.length, 1);
        assert.strictEqual(
            over.violations[0].message,
            'The estimated monthly cost is $109.50, $0.01 over the budget of $109.49 (monthlyBudgetUsd). Largest items: Cluster "cluster" control plane (standard support, Kubernetes 1.35) $73.00; 1 NAT gateway (hours, before data processing) $32.85; 1 public IPv4 address $3.65. Reduce node sizes or counts, NAT gateways, or raise the budget. (us-east-1 list prices of 2026-07-20; billed by use and not included: data transfer, NAT gateway and transit gateway data processing, load balancers and volumes that Kubernetes creates, KMS requests.)',
        );
    });

    it("names the three largest items, counts the rest, and writes amounts with thousands separators", async () => {
        const fixture = eksStack({ nat: "onePerAz" });
        fixture.get("general").props.instanceTypes = ["m6i.8xlarge"];
        const { violations } = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 1000 });
        // 3 x m6i.8xlarge $1.536/h x 730 = $3,363.84; cluster $73.00; 3 NAT $98.55; 3 x 50 GiB $12.00; 3 addresses $10.95.
        assert.match(
            violations[0].message,
            /^The estimated monthly cost is \$3,558\.34, \$2,558\.34 over the budget of \$1,000\.00 \(monthlyBudgetUsd\)\. Largest items: NodeGroup "general": 3 x m6i\.8xlarge \$3,363\.84; 3 NAT gateways \(hours, before data processing\) \$98\.55; Cluster "cluster" control plane \(standard support, Kubernetes 1\.35\) \$73\.00, and 2 smaller\. /,
        );
    });

    it("says when its prices are another region's than the stack's", async () => {
        const fixture = controlPlaneAndNat();
        fixture.add("pulumi:providers:aws", "default_7_0_0", { region: "eu-west-1" });
        const { violations } = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 1 });
        assert.match(violations[0].message, /\(us-east-1 list prices of 2026-07-20; every figure is us-east-1 list prices, not eu-west-1's \(no source of eu-west-1's prices is in policies\/data\); billed by use and not included: /);
    });

    it("is not applicable without a budget", async () => {
        assert.strictEqual((await validateStack(monthlyCostBudget, controlPlaneAndNat().resources, onDay)).notApplicable, "no monthlyBudgetUsd is configured");
    });

    it("reports a priced total over the budget as at least that, and waits for the unpriced rest when under it", async () => {
        const fixture = eksStack({ nat: "single" });
        fixture.get("general").props.scalingConfig = { minSize: 1, desiredSize: UNKNOWN, maxSize: 3 };
        const over = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 100 });
        assert.match(over.violations[0].message, /^The estimated monthly cost is at least \$109\.50, \$9\.50 over the budget of \$100\.00 \(monthlyBudgetUsd\)\. .* Not priced, so the cost may be higher still: NodeGroup "general": its desired size, not known yet\. Reduce/);
        assert.strictEqual(over.unknown, undefined);
        const under = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 5000 });
        assert.deepStrictEqual(under.violations, []);
        assert.match(under.unknown ?? "", /NodeGroup "general": its desired size, not known yet/);
    });

    it("prices an assumed log volume when configured, and judges the day it is given", async () => {
        const fixture = controlPlaneAndNat();
        fixture.add("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 30 });
        // + 1 GiB x 730/24 x $0.50 = $15.21 and 30 x 1 GiB x $0.03 = $0.90
        assert.deepStrictEqual((await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 125.61, logGiBPerDay: 1 })).violations, []);
        assert.strictEqual((await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 125.6, logGiBPerDay: 1 })).violations.length, 1);
        fixture.get("cluster").props.version = "1.32";
        // 1.32 bills extended support ($438.00) from 2026-03-24, not on 2026-03-23.
        assert.deepStrictEqual((await validateStack(monthlyCostBudget, fixture.resources, { evaluationDate: "2026-03-23", monthlyBudgetUsd: 109.5 })).violations, []);
        assert.strictEqual((await validateStack(monthlyCostBudget, fixture.resources, { evaluationDate: "2026-03-24", monthlyBudgetUsd: 109.5 })).violations.length, 1);
    });
});
