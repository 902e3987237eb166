import * as assert from "assert";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { StackContext } from "../lib/stackContext";
import { eksStack, StackFixture } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { toPolicyResources, validateStack } from "../testing/validateStack";
import { estimateMonthlyCost, monthlyCostBudget } from "./cost";

const DAY = new Date("2026-11-22T00:00:00Z");

/** The estimate's lines as `item: $usd`, and what it noted as not known. */
function estimate(fixture: StackFixture): { lines: string[]; unresolved: string[] } {
    const context = new StackContext({ resources: toPolicyResources(fixture.resources) } as never);
    const { lines } = estimateMonthlyCost(context, DAY);
    return { lines: lines.map((l) => `${l.item}: $${l.usd.toFixed(2)}`), unresolved: context.graph.unresolved };
}

describe("monthly cost estimate, line by line", () => {
    it("says one NAT gateway, one public address and one attachment in the singular, several in the plural, and none not at all", () => {
        const single = eksStack({ nat: "single" });
        assert.ok(estimate(single).lines.includes("1 NAT gateway (hours, before data processing): $32.85"));
        assert.ok(estimate(single).lines.includes("1 public IPv4 address: $3.65"));
        const none = eksStack({ nat: "none" });
        assert.ok(!estimate(none).lines.some((l) => /NAT gateway|public IPv4|transit gateway/.test(l)), estimate(none).lines.join("\n"));
        none.add(NETWORK.transitGatewayAttachment, "tgw-a", { transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { vpcId: "vpc" });
        none.add(NETWORK.transitGatewayAttachment, "tgw-b", { transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { vpcId: "vpc" });
        assert.ok(estimate(none).lines.includes("2 transit gateway attachments (hours, before data processing): $73.00"));
    });

    it("prices a node group at its desired size, says Spot is priced at on-demand, and defaults to t3.medium", () => {
        const fixture = eksStack({ nat: "none" });
        Object.assign(fixture.get("general").props, { capacityType: "SPOT", instanceTypes: [] });
        const { lines } = estimate(fixture);
        // 3 x t3.medium 0.0416 x 730
        assert.ok(lines.includes('NodeGroup "general": 3 x t3.medium, Spot priced at on-demand as an upper bound: $91.10'), lines.join("\n"));
        fixture.get("general").props.capacityType = "ON_DEMAND";
        assert.ok(estimate(fixture).lines.includes('NodeGroup "general": 3 x t3.medium: $91.10'));
    });

    it("takes the root volume from the launch template when the group sets no disk size, else 20 GiB", () => {
        const fixture = eksStack({ nat: "none", knownIds: true });
        delete fixture.get("general").props.diskSize;
        assert.ok(estimate(fixture).lines.includes('NodeGroup "general": 3 x 20 GiB gp3 root volumes: $4.80'));
        fixture.add(AWS.launchTemplate, "general-lt", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 80 } }] });
        fixture.get("general").props.launchTemplate = { id: "general-lt-id", version: "1" };
        fixture.get("general").deps!.launchTemplate = ["general-lt"];
        assert.ok(estimate(fixture).lines.includes('NodeGroup "general": 3 x 80 GiB gp3 root volumes: $19.20'), estimate(fixture).lines.join("\n"));
    });

    it("counts a node group's public addresses only when all its subnets give them", () => {
        const fixture = eksStack({ nat: "none", knownIds: true });
        const group = fixture.get("general");
        group.props.subnetIds = ["public-us-east-1a-id", "public-us-east-1b-id"];
        group.deps!.subnetIds = ["public-us-east-1a", "public-us-east-1b"];
        fixture.get("public-us-east-1a").props.mapPublicIpOnLaunch = true;
        assert.ok(!estimate(fixture).lines.some((l) => /public IPv4/.test(l)), "one subnet does not map public IPs");
        fixture.get("public-us-east-1b").props.mapPublicIpOnLaunch = true;
        assert.ok(estimate(fixture).lines.includes("3 public IPv4 addresses: $10.95"));
    });

    it("notes what it cannot price: an unknown desired size, a type without a price", () => {
        const fixture = eksStack({ nat: "none" });
        fixture.get("general").props.scalingConfig = { minSize: 1, desiredSize: UNKNOWN, maxSize: 3 };
        const unknownSize = estimate(fixture);
        assert.ok(unknownSize.unresolved.includes('the desired size of NodeGroup "general"'), unknownSize.unresolved.join("\n"));
        assert.ok(!unknownSize.lines.some((l) => l.startsWith("NodeGroup")));
        fixture.get("general").props.scalingConfig = { minSize: 1, desiredSize: 2, maxSize: 3 };
        fixture.get("general").props.instanceTypes = ["z9.huge"];
        assert.ok(estimate(fixture).unresolved.includes("the price of z9.huge (not in policies/data/prices.json)"));
    });

    it("notes a self-managed group's unknown size or type, and counts its addresses only with public IPs", () => {
        const base = () => {
            const fixture = eksStack({ nat: "none" });
            fixture.add(AWS.launchTemplate, "workers-lt", { name: "workers-lt-1a", instanceType: "m6i.large", networkInterfaces: [{ associatePublicIpAddress: "false" }] });
            fixture.add("aws:autoscaling/group:Group", "workers", { minSize: 1, desiredCapacity: 2, maxSize: 4, tags: [{ key: "kubernetes.io/cluster/prod", value: "owned" }], launchTemplate: {} }, { vpcZoneIdentifiers: ["private-us-east-1a"], "launchTemplate.name": "workers-lt.name" });
            return fixture;
        };
        const privateNodes = estimate(base());
        assert.ok(privateNodes.lines.includes('Group "workers" (self-managed): 2 x m6i.large: $140.16'));
        assert.ok(privateNodes.lines.includes('Group "workers" (self-managed): 2 x 20 GiB root volumes: $3.20'), "20 GiB without a block device mapping");
        assert.ok(!privateNodes.lines.some((l) => /public IPv4/.test(l)));
        const unset = base();
        delete unset.get("workers").props.desiredCapacity;
        assert.ok(estimate(unset).lines.includes('Group "workers" (self-managed): 1 x m6i.large: $70.08'), "without a desired capacity a group runs minSize");
        const unknownSize = base();
        Object.assign(unknownSize.get("workers").props, { desiredCapacity: UNKNOWN, minSize: UNKNOWN });
        assert.ok(estimate(unknownSize).unresolved.includes('the desired size of Group "workers"'));
        const noType = base();
        delete noType.get("workers-lt").props.instanceType;
        assert.ok(estimate(noType).unresolved.includes('the instance type of Group "workers"'), estimate(noType).unresolved.join("\n"));
        const unpriced = base();
        unpriced.get("workers-lt").props.instanceType = "z9.huge";
        assert.ok(estimate(unpriced).unresolved.includes("the price of z9.huge (not in policies/data/prices.json)"));
    });

    it("notes an instance without a type, and prices the control plane at the standard rate unless it stays in extended support", () => {
        const fixture = eksStack({ nat: "none" });
        fixture.add("aws:ec2/instance:Instance", "host", {}, { subnetId: "private-us-east-1a" });
        assert.ok(estimate(fixture).unresolved.includes('the instance type of Instance "host"'));
        const cluster = fixture.get("cluster");
        cluster.props.version = "1.32";
        cluster.props.upgradePolicy = { supportType: "STANDARD" };
        assert.ok(estimate(fixture).lines.includes('Cluster "cluster" control plane (standard support): $73.00'), "STANDARD upgrades it out of extended support");
        delete cluster.props.upgradePolicy;
        assert.ok(estimate(fixture).lines.includes('Cluster "cluster" control plane (extended support): $438.00'), "the API default is EXTENDED");
        cluster.props.version = UNKNOWN;
        assert.ok(estimate(fixture).lines.includes('Cluster "cluster" control plane (standard support): $73.00'), "an unknown version is priced at the standard rate");
    });
});

describe("eks-monthly-cost-budget at its boundary", () => {
    it("passes an estimate equal to the budget, and reports one a cent over", async () => {
        const fixture = eksStack({ nat: "single" });
        fixture.remove("general");
        fixture.remove("apps");
        // The control plane $73.00, one NAT gateway $32.85, one address $3.65.
        const onDay = { evaluationDate: "2026-11-22" };
        assert.deepStrictEqual((await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 109.5 })).violations, []);
        assert.strictEqual((await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 109.49 })).violations.length, 1);
    });
});
