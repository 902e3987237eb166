import * as assert from "assert";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { eksStack } from "../testing/stackFixture";
import { stackUrn, validateStack } from "../testing/validateStack";
import { monthlyCostBudget } from "./cost";
import { protectStateful } from "./protection";
import { runningKubernetesVersion } from "./runningVersion";
import { UNKNOWN } from "../testing/validate";
import { elbSubnetTags, INTERNAL_ELB_TAG } from "./subnetTags";

describe("eks-elb-subnet-tags", () => {
    it("passes subnets tagged for their routing", async () => {
        for (const knownIds of [true, false]) {
            assert.deepStrictEqual((await validateStack(elbSubnetTags, eksStack({ knownIds }).resources)).violations, []);
        }
    });

    it("flags a private subnet without internal-elb and a public one without elb", async () => {
        const fixture = eksStack();
        fixture.get("private-us-east-1a").props.tags = {};
        fixture.get("public-us-east-1b").props.tags = { [INTERNAL_ELB_TAG]: "1" };
        const { violations } = await validateStack(elbSubnetTags, fixture.resources);
        assert.strictEqual(violations.length, 2);
        assert.match(violations[0].message, /Subnet "public-us-east-1b" is public but lacks the tag kubernetes\.io\/role\/elb=1/);
        assert.strictEqual(violations[1].urn, stackUrn(AWS.subnet, "private-us-east-1a"));
        assert.match(violations[1].message, /is private but lacks the tag kubernetes\.io\/role\/internal-elb=1/);
    });

    it("remediates by adding the tag of the role the subnet declares", async () => {
        const remediate = elbSubnetTags.remediateResource!;
        const args = (name: string, props: Record<string, unknown>) => ({ type: AWS.subnet, name, props, getConfig: () => ({}) }) as any;
        assert.deepStrictEqual((await remediate(args("eks-private-us-east-1a", { cidrBlock: "10.0.0.0/19", tags: { team: "a" } })))!.tags, { team: "a", [INTERNAL_ELB_TAG]: "1" });
        assert.deepStrictEqual((await remediate(args("edge", { mapPublicIpOnLaunch: true })))!.tags, { "kubernetes.io/role/elb": "1" });
        assert.strictEqual(await remediate(args("edge", { cidrBlock: "10.0.0.0/24" })), undefined, "no guess when the subnet does not say");
        assert.strictEqual(await remediate(args("x-private", { tags: { [INTERNAL_ELB_TAG]: "1" } })), undefined, "already tagged");
    });

    it("ignores subnets outside EKS VPCs", async () => {
        const fixture = eksStack();
        fixture.add(AWS.vpc, "other-vpc", { cidrBlock: "10.9.0.0/16" });
        fixture.add(AWS.subnet, "other-subnet", { cidrBlock: "10.9.0.0/24", availabilityZone: "us-east-1a" }, { vpcId: "other-vpc" });
        assert.deepStrictEqual((await validateStack(elbSubnetTags, fixture.resources)).violations, []);
    });
});

describe("eks-protect-stateful", () => {
    it("does not apply unless protection is required", async () => {
        assert.ok((await validateStack(protectStateful, eksStack().resources)).notApplicable);
    });

    it("flags an unprotected cluster, VPC and KMS key where required", async () => {
        const fixture = eksStack();
        fixture.add(NETWORK.kmsKey, "secrets", { enableKeyRotation: true });
        const { violations } = await validateStack(protectStateful, fixture.resources, { requireProtection: true });
        assert.deepStrictEqual(violations.map((v) => v.urn).sort(), [stackUrn(AWS.vpc, "vpc"), stackUrn(AWS.cluster, "cluster"), stackUrn(NETWORK.kmsKey, "secrets")].sort());
        assert.match(violations[0].message, /is not protected, so a destroy or a replacing change deletes it/);
        for (const name of ["vpc", "cluster", "secrets"]) {
            fixture.get(name).protect = true;
        }
        assert.deepStrictEqual((await validateStack(protectStateful, fixture.resources, { requireProtection: true })).violations, []);
    });
});

describe("eks-monthly-cost-budget", () => {
    const onDay = { evaluationDate: "2026-11-22" };

    it("does not apply without a budget", async () => {
        assert.ok((await validateStack(monthlyCostBudget, eksStack().resources, onDay)).notApplicable);
    });

    it("reports the breakdown and the price date when over budget", async () => {
        const { violations } = await validateStack(monthlyCostBudget, eksStack({ nat: "onePerAz" }).resources, { ...onDay, monthlyBudgetUsd: 300 });
        // 730 h: cluster 0.10 -> 73.00; 3 NAT x 0.045 -> 98.55; 3 x m6i.large 0.096 -> 210.24; 3 x 50 GiB x 0.08 -> 12.00; 3 EIPs x 0.005 -> 10.95
        assert.match(violations[0].message, /The estimated monthly cost is \$404\.74, over the budget of \$300\.00 \(us-east-1 list prices of 2026-07-20/);
        assert.match(violations[0].message, /Cluster "cluster" control plane \(standard support\): \$73\.00; 3 NAT gateways \(hours, before data processing\): \$98\.55; NodeGroup "general": 3 x m6i\.large: \$210\.24; NodeGroup "general": 3 x 50 GiB gp3 root volumes: \$12\.00; 3 public IPv4 addresses: \$10\.95/);
    });

    it("prices instances such as an access host, and transit gateway attachments", async () => {
        const fixture = eksStack({ nat: "none" });
        fixture.add("aws:ec2/instance:Instance", "access-host", { instanceType: "t4g.nano" }, { subnetId: "private-us-east-1a" });
        fixture.add("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "tgw", { transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { vpcId: "vpc" });
        const { violations } = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 1 });
        // 730 h: t4g.nano 0.0042 -> 3.07; one attachment 0.05 -> 36.50
        assert.match(violations[0].message, /Instance "access-host": t4g\.nano \(root volume not included\): \$3\.07; 1 transit gateway attachment \(hours, before data processing\): \$36\.50/);
        fixture.get("access-host").props.instanceType = "u-24tb1.metal";
        const outcome = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 1 });
        assert.match(outcome.unknown!, /the price of u-24tb1\.metal \(not in policies\/data\/prices\.json\)/);
    });

    it("prices self-managed nodes at their desired capacity, with their root volumes and public IPs", async () => {
        const fixture = eksStack({ nat: "none" });
        fixture.add(AWS.launchTemplate, "workers-lt", { name: "workers-lt-1a", instanceType: "m6i.large", networkInterfaces: [{ associatePublicIpAddress: "true" }], blockDeviceMappings: [{ ebs: { volumeSize: 40 } }] });
        fixture.add("aws:autoscaling/group:Group", "workers", { minSize: 1, desiredCapacity: 2, maxSize: 4, tags: [{ key: "kubernetes.io/cluster/prod", value: "owned" }], launchTemplate: {} }, { vpcZoneIdentifiers: ["private-us-east-1a"], "launchTemplate.name": "workers-lt.name" });
        const { violations } = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 1 });
        // 730 h: 2 x m6i.large 0.096 -> 140.16; 2 x 40 GiB x 0.08 -> 6.40; 2 public IPv4 x 0.005 -> 7.30
        assert.match(violations[0].message, /Group "workers" \(self-managed\): 2 x m6i\.large: \$140\.16; Group "workers" \(self-managed\): 2 x 40 GiB root volumes: \$6\.40/);
        assert.match(violations[0].message, /2 public IPv4 addresses: \$7\.30/);
    });

    it("passes within budget, and prices a cluster in extended support at the extended rate", async () => {
        assert.deepStrictEqual((await validateStack(monthlyCostBudget, eksStack().resources, { ...onDay, monthlyBudgetUsd: 500 })).violations, []);
        const fixture = eksStack({ nat: "none" });
        fixture.get("cluster").props.version = "1.33";
        const { violations } = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 1 });
        assert.match(violations[0].message, /control plane \(extended support\): \$438\.00/);
    });

    it("says it cannot estimate an instance type without a price", async () => {
        const fixture = eksStack();
        fixture.get("general").props.instanceTypes = ["x9z.large"];
        const outcome = await validateStack(monthlyCostBudget, fixture.resources, { ...onDay, monthlyBudgetUsd: 100000 });
        assert.match(outcome.unknown!, /the price of x9z\.large/);
    });

});

describe("eks-running-kubernetes-version", () => {
    const onDay = { evaluationDate: "2026-11-22" };

    it("passes a cluster running a version in standard support", async () => {
        assert.deepStrictEqual(await validateStack(runningKubernetesVersion, eksStack({ knownIds: true }).resources, onDay), { violations: [] });
    });

    it("judges the version a cluster runs, pinned or not: ended, extended, unknown", async () => {
        const fixture = eksStack({ knownIds: true });
        const cluster = fixture.get("cluster");
        cluster.props.version = "1.29";
        let { violations } = await validateStack(runningKubernetesVersion, fixture.resources, onDay);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.cluster, "cluster"));
        assert.match(violations[0].message, /Cluster "cluster" runs Kubernetes 1\.29, past end of extended support \(2026-03-23\)/);
        cluster.props.version = "1.33";
        ({ violations } = await validateStack(runningKubernetesVersion, fixture.resources, onDay));
        assert.match(violations[0].message, /runs Kubernetes 1\.33, in extended support since 2026-07-29 \(6x the cluster-hour price until 2027-07-29\)/);
        assert.deepStrictEqual((await validateStack(runningKubernetesVersion, fixture.resources, { ...onDay, allowExtendedSupport: true })).violations, []);
        cluster.props.version = "1.99";
        ({ violations } = await validateStack(runningKubernetesVersion, fixture.resources, onDay));
        assert.match(violations[0].message, /runs Kubernetes 1\.99, which is not in the EKS version calendar/);
    });

    it("says it cannot know the version a new, unpinned cluster will run", async () => {
        const fixture = eksStack({ knownIds: false });
        delete fixture.get("cluster").props.version;
        fixture.get("cluster").props.version = UNKNOWN;
        const outcome = await validateStack(runningKubernetesVersion, fixture.resources, onDay);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the version Cluster "cluster" will run/);
    });
});

describe("eks-running-kubernetes-version: messages and the evaluation day", () => {
    it("offers the versions in standard support on the evaluation day, and says what an ended version means", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("cluster").props.version = "1.99";
        const unknown = await validateStack(runningKubernetesVersion, fixture.resources, { evaluationDate: "2026-11-22" });
        const offered = unknown.violations[0].message.split("standard support: ")[1].replace(/\.$/, "").split(", ");
        assert.ok(offered.includes("1.35") && offered.includes("1.36") && !offered.includes("1.33"), offered.join(", "));
        fixture.get("cluster").props.version = "1.29";
        const ended = await validateStack(runningKubernetesVersion, fixture.resources, { evaluationDate: "2026-11-22" });
        assert.match(ended.violations[0].message, /EKS upgrades its control plane on its own schedule, and nodes left behind fall out of the supported skew\. Upgrade to [0-9., ]+, nodes and add-ons included\.$/);
    });

    it("judges a version by the configured day: in standard support on one day, extended on a later one", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("cluster").props.version = "1.34";
        assert.deepStrictEqual((await validateStack(runningKubernetesVersion, fixture.resources, { evaluationDate: "2026-12-02" })).violations, []);
        assert.strictEqual((await validateStack(runningKubernetesVersion, fixture.resources, { evaluationDate: "2026-12-03" })).violations.length, 1);
    });

    it("waits for a cluster whose version is null (not pinned, not created yet)", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("cluster").props.version = null;
        assert.match((await validateStack(runningKubernetesVersion, fixture.resources)).unknown!, /the version Cluster "cluster" will run/);
    });
});
