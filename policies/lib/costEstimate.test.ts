import * as assert from "assert";
import { PolicyResource } from "@pulumi/policy";
import { billedSupport, CostEstimateLines, CostOptions, estimateMonthlyCost, foreignPrices, priceBasis, USAGE_NOT_INCLUDED } from "./costEstimate";
import { instanceHourly } from "./prices";
import { AWS, NETWORK } from "./resourceTypes";
import { StackContext } from "./stackContext";
import { eksStack, StackFixture, withKarpenter } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { toPolicyResources } from "../testing/validateStack";

const DAY = new Date("2026-11-22T00:00:00Z");

function run(fixture: StackFixture | PolicyResource[], options: Partial<CostOptions> = {}): CostEstimateLines {
    const resources = Array.isArray(fixture) ? fixture : toPolicyResources(fixture.resources);
    return estimateMonthlyCost(new StackContext({ resources } as never), { day: DAY, ...options });
}

/** The lines as `item: $usd`. */
const lines = (estimate: CostEstimateLines) => estimate.lines.map((l) => `${l.item}: $${l.usd.toFixed(2)}`);
const line = (estimate: CostEstimateLines, start: string) => estimate.lines.find((l) => l.item.startsWith(start));

describe("monthly cost estimate, line by line", () => {
    it("says one NAT gateway, one public address and one attachment in the singular, several in the plural, and none not at all", () => {
        const single = eksStack({ nat: "single" });
        assert.ok(lines(run(single)).includes("1 NAT gateway (hours, before data processing): $32.85"));
        assert.ok(lines(run(single)).includes("1 public IPv4 address: $3.65"));
        const three = lines(run(eksStack({ nat: "onePerAz" })));
        assert.ok(three.includes("3 NAT gateways (hours, before data processing): $98.55"), three.join("\n"));
        assert.ok(three.includes("3 public IPv4 addresses: $10.95"));
        const none = eksStack({ nat: "none" });
        assert.ok(!lines(run(none)).some((l) => /NAT gateway|public IPv4|transit gateway/.test(l)), lines(run(none)).join("\n"));
        none.add(NETWORK.transitGatewayAttachment, "tgw-a", { transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { vpcId: "vpc" });
        assert.ok(lines(run(none)).includes("1 transit gateway attachment (hours, before data processing): $36.50"));
        none.add(NETWORK.transitGatewayAttachment, "tgw-b", { transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { vpcId: "vpc" });
        assert.ok(lines(run(none)).includes("2 transit gateway attachments (hours, before data processing): $73.00"));
    });

    it("gives every line a key that names what it prices, the same on the next run", () => {
        const estimate = run(eksStack({ nat: "single" }));
        const keys = estimate.lines.map((l) => l.key);
        assert.strictEqual(new Set(keys).size, keys.length, keys.join("\n"));
        assert.deepStrictEqual(
            keys,
            [
                "urn:pulumi:test::eks-platform::aws:eks/cluster:Cluster::cluster#control-plane",
                "urn:pulumi:test::eks-platform::aws:eks/nodeGroup:NodeGroup::general#instances",
                "urn:pulumi:test::eks-platform::aws:eks/nodeGroup:NodeGroup::general#volumes",
                "nat-gateways",
                "public-ipv4",
            ],
        );
        assert.deepStrictEqual(run(eksStack({ nat: "single" })).lines, estimate.lines);
    });

    it("prices every instance type EKS nodes take, at the first listed type On-Demand", () => {
        const fixture = eksStack({ nat: "none" });
        const group = fixture.get("general");
        group.props.instanceTypes = ["m6i.2xlarge", "m7i.2xlarge"];
        const estimate = run(fixture);
        // m6i.2xlarge 0.384 x 730 x 3
        assert.ok(lines(estimate).includes('NodeGroup "general": 3 x m6i.2xlarge: $840.96'), lines(estimate).join("\n"));
        assert.match(line(estimate, 'NodeGroup "general": 3 x')!.assumption!, /EKS launches On-Demand nodes in the order of m6i.2xlarge, m7i.2xlarge/);
        group.props.instanceTypes = ["c6i.2xlarge"];
        assert.ok(lines(run(fixture)).includes('NodeGroup "general": 3 x c6i.2xlarge: $744.60'));
        assert.strictEqual(line(run(fixture), 'NodeGroup "general": 3 x')!.assumption, undefined, "one type assumes nothing");
    });

    it("prices Spot at on-demand as an upper bound: the one type, or the dearest of several", () => {
        const fixture = eksStack({ nat: "none" });
        Object.assign(fixture.get("general").props, { capacityType: "SPOT", instanceTypes: ["m6i.large", "m7i.large", "m5.large"] });
        const several = line(run(fixture), 'NodeGroup "general": 3 x')!;
        // m7i.large 0.1008 is the dearest
        assert.strictEqual(`${several.item}: $${several.usd.toFixed(2)}`, 'NodeGroup "general": 3 x m7i.large: $220.75');
        assert.strictEqual(several.assumption, "Spot nodes of m6i.large, m7i.large, m5.large, priced at the dearest type's on-demand price: an upper bound");
        fixture.get("general").props.instanceTypes = ["m6i.large"];
        assert.strictEqual(line(run(fixture), 'NodeGroup "general": 3 x')!.assumption, "Spot nodes priced at the on-demand price: an upper bound");
        fixture.get("general").props.instanceTypes = ["m6i.large", "z9.huge"];
        const missing = run(fixture);
        assert.ok(!line(missing, 'NodeGroup "general": 3 x m'), "no instance line for a group it cannot bound");
        assert.ok(line(missing, 'NodeGroup "general": 3 x 50 GiB'), "its volumes are still priced");
        assert.deepStrictEqual(missing.unpriced, ['NodeGroup "general": z9.huge has no on-demand price in policies/data/ec2-prices.json']);
        fixture.get("general").props.instanceTypes = ["y9.huge", "z9.huge"];
        assert.deepStrictEqual(run(fixture).unpriced, ['NodeGroup "general": y9.huge, z9.huge have no on-demand price in policies/data/ec2-prices.json']);
    });

    it("defaults a group without types to its launch template's type, else t3.medium, and says so", () => {
        const fixture = eksStack({ nat: "none", knownIds: true });
        fixture.get("general").props.instanceTypes = [];
        const plain = line(run(fixture), 'NodeGroup "general": 3 x')!;
        // t3.medium 0.0416 x 730 x 3
        assert.strictEqual(`${plain.item}: $${plain.usd.toFixed(2)}`, 'NodeGroup "general": 3 x t3.medium: $91.10');
        assert.strictEqual(plain.assumption, "no instance types: EKS's default, t3.medium");
        fixture.add(AWS.launchTemplate, "general-lt", { instanceType: "c6i.large" });
        fixture.get("general").props.launchTemplate = { id: "general-lt-id", version: "1" };
        fixture.get("general").deps!.launchTemplate = ["general-lt"];
        const templated = line(run(fixture), 'NodeGroup "general": 3 x')!;
        assert.strictEqual(templated.item, 'NodeGroup "general": 3 x c6i.large');
        assert.strictEqual(templated.assumption, "no instance types: the launch template's type");
    });

    it("sizes node volumes from the group, else its launch template's mapping (and its volume type), else EKS's 20 GiB default", () => {
        const fixture = eksStack({ nat: "none", knownIds: true });
        assert.ok(lines(run(fixture)).includes('NodeGroup "general": 3 x 50 GiB gp3 volumes: $12.00'));
        fixture.get("general").props.diskSize = 0;
        const defaulted = line(run(fixture), 'NodeGroup "general": 3 x 20 GiB')!;
        assert.strictEqual(defaulted.usd, 4.8);
        assert.strictEqual(defaulted.assumption, "EKS's default node disk of 20 GiB (the group sets no size)");
        fixture.add(AWS.launchTemplate, "general-lt", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 80, volumeType: "gp2" } }] });
        fixture.get("general").props.launchTemplate = { id: "general-lt-id", version: "1" };
        fixture.get("general").deps!.launchTemplate = ["general-lt"];
        const templated = line(run(fixture), 'NodeGroup "general": 3 x 80 GiB')!;
        assert.strictEqual(`${templated.item}: $${templated.usd.toFixed(2)}`, 'NodeGroup "general": 3 x 80 GiB gp2 volumes: $24.00');
        assert.strictEqual(templated.assumption, undefined);
        fixture.get("general-lt").props.blockDeviceMappings[0].ebs.volumeType = "io2";
        assert.deepStrictEqual(run(fixture).unpriced, ['NodeGroup "general": io2 volumes have no price in policies/data/prices.json']);
    });

    it("counts a node group's public addresses only when all its subnets give them", () => {
        const fixture = eksStack({ nat: "none", knownIds: true });
        const group = fixture.get("general");
        group.props.subnetIds = ["public-us-east-1a-id", "public-us-east-1b-id"];
        group.deps!.subnetIds = ["public-us-east-1a", "public-us-east-1b"];
        fixture.get("public-us-east-1a").props.mapPublicIpOnLaunch = true;
        assert.ok(!lines(run(fixture)).some((l) => /public IPv4/.test(l)), "one subnet does not map public IPs");
        fixture.get("public-us-east-1b").props.mapPublicIpOnLaunch = true;
        assert.ok(lines(run(fixture)).includes("3 public IPv4 addresses: $10.95"));
    });

    it("leaves out what it cannot price and says what: an unknown size or types, a type without a price", () => {
        const fixture = eksStack({ nat: "none" });
        fixture.get("general").props.scalingConfig = { minSize: 1, desiredSize: UNKNOWN, maxSize: 3 };
        const unknownSize = run(fixture);
        assert.deepStrictEqual(unknownSize.unpriced, ['NodeGroup "general": its desired size, not known yet']);
        assert.ok(!line(unknownSize, "NodeGroup"));
        fixture.get("general").props.scalingConfig = { minSize: 1, desiredSize: 2, maxSize: 3 };
        fixture.get("general").props.instanceTypes = UNKNOWN;
        assert.deepStrictEqual(run(fixture).unpriced, ['NodeGroup "general": its instance types, not known yet']);
        fixture.get("general").props.instanceTypes = ["z9.huge"];
        assert.deepStrictEqual(run(fixture).unpriced, ['NodeGroup "general": z9.huge has no on-demand price in policies/data/ec2-prices.json']);
        assert.deepStrictEqual(lines(run(fixture)).filter((l) => l.startsWith("NodeGroup")), ['NodeGroup "general": 2 x 50 GiB gp3 volumes: $8.00'], "the volumes, whose size is known, are priced");
    });

    it("prices self-managed groups, notes an unknown size or type, and counts their addresses only with public IPs", () => {
        const base = () => {
            const fixture = eksStack({ nat: "none" });
            fixture.add(AWS.launchTemplate, "workers-lt", { name: "workers-lt-1a", instanceType: "m6i.large", networkInterfaces: [{ associatePublicIpAddress: "false" }] });
            fixture.add("aws:autoscaling/group:Group", "workers", { minSize: 1, desiredCapacity: 2, maxSize: 4, tags: [{ key: "kubernetes.io/cluster/prod", value: "owned" }], launchTemplate: {} }, { vpcZoneIdentifiers: ["private-us-east-1a"], "launchTemplate.name": "workers-lt.name" });
            return fixture;
        };
        const privateNodes = run(base());
        assert.ok(lines(privateNodes).includes('Group "workers" (self-managed): 2 x m6i.large: $140.16'), lines(privateNodes).join("\n"));
        const volume = line(privateNodes, 'Group "workers" (self-managed): 2 x 20 GiB')!;
        assert.strictEqual(volume.usd, 3.2);
        assert.strictEqual(volume.assumption, "an assumed 20 GiB gp3 root volume per node (the launch settings leave the size to the AMI)");
        assert.ok(!lines(privateNodes).some((l) => /public IPv4/.test(l)));
        const sized = base();
        sized.get("workers-lt").props.blockDeviceMappings = [{ ebs: { volumeSize: 40 } }];
        assert.strictEqual(line(run(sized), 'Group "workers" (self-managed): 2 x 40 GiB')!.assumption, undefined);
        const publicNodes = base();
        publicNodes.get("workers-lt").props.networkInterfaces = [{ associatePublicIpAddress: "true" }];
        assert.ok(lines(run(publicNodes)).includes("2 public IPv4 addresses: $7.30"));
        const unknownSize = base();
        Object.assign(unknownSize.get("workers").props, { desiredCapacity: UNKNOWN, minSize: UNKNOWN });
        assert.deepStrictEqual(run(unknownSize).unpriced, ['Group "workers" (self-managed): its desired size, not known yet']);
        const noType = base();
        delete noType.get("workers-lt").props.instanceType;
        assert.deepStrictEqual(run(noType).unpriced, ['Group "workers" (self-managed): its instance type, not known yet']);
        const unpriced = base();
        unpriced.get("workers-lt").props.instanceType = "z9.huge";
        assert.deepStrictEqual(run(unpriced).unpriced, ['Group "workers" (self-managed): z9.huge has no on-demand price in policies/data/ec2-prices.json']);
        assert.deepStrictEqual(lines(run(unpriced)).filter((l) => l.startsWith('Group "workers"')), ['Group "workers" (self-managed): 2 x 20 GiB gp3 volumes: $3.20']);
    });

    it("prices an instance and its root volume: the size given, the access host's AMI default, or not included", () => {
        const fixture = eksStack({ nat: "none" });
        fixture.add(NETWORK.instance, "host", { instanceType: "t4g.nano", rootBlockDevice: { volumeSize: 30, volumeType: "gp2" } }, { subnetId: "private-us-east-1a" });
        const sized = run(fixture);
        assert.ok(lines(sized).includes('Instance "host": 1 x t4g.nano: $3.07'), lines(sized).join("\n"));
        assert.ok(lines(sized).includes('Instance "host": 1 x 30 GiB gp2 volume: $3.00'));
        delete fixture.get("host").props.rootBlockDevice;
        assert.deepStrictEqual(run(fixture).notIncluded.filter((n) => n.includes("host")), ['the root volume of Instance "host" (its AMI\'s size)']);
        const resources = toPolicyResources(fixture.resources);
        const host = resources.find((r) => r.name === "host")!;
        (host as { urn: string }).urn = "urn:pulumi:prod::eks-platform::eks-platform:access:AccessHost$aws:ec2/instance:Instance::host";
        const accessHost = line(run(resources), 'Instance "host": 1 x 8 GiB')!;
        assert.strictEqual(`${accessHost.item}: $${accessHost.usd.toFixed(2)}`, 'Instance "host": 1 x 8 GiB gp3 volume: $0.64');
        assert.strictEqual(accessHost.assumption, "the Amazon Linux 2023 AMI's 8 GiB root volume (the plan leaves the size to the AMI)");
        fixture.get("host").props.instanceType = UNKNOWN;
        assert.deepStrictEqual(run(fixture).unpriced, ['Instance "host": its instance type, not known yet']);
    });

    it("prices a provisioned control-plane tier per tier-hour on top of the cluster hour, nothing for standard", () => {
        const fixture = eksStack({ nat: "none" });
        const tierLine = (estimate: CostEstimateLines) => estimate.lines.filter((l) => /provisioned control plane/.test(l.item)).map((l) => `${l.item}: $${l.usd.toFixed(2)}`);
        assert.deepStrictEqual(tierLine(run(fixture)), [], "no tier declared");
        fixture.get("cluster").props.controlPlaneScalingConfig = { tier: "standard" };
        assert.deepStrictEqual(tierLine(run(fixture)), []);
        // tier-xl: $1.65 x 730 hours = $1,204.50, beside the $73.00 cluster hour.
        fixture.get("cluster").props.controlPlaneScalingConfig = { tier: "tier-xl" };
        const estimate = run(fixture);
        assert.deepStrictEqual(tierLine(estimate), ['Cluster "cluster" provisioned control plane (tier-xl, $1.65/h on top of the cluster hour): $1204.50']);
        assert.ok(line(estimate, 'Cluster "cluster" control plane (standard support'), "the cluster hour stays");
        fixture.get("cluster").props.controlPlaneScalingConfig = { tier: "tier-8xl" };
        assert.deepStrictEqual(tierLine(run(fixture)), ['Cluster "cluster" provisioned control plane (tier-8xl, $13.9/h on top of the cluster hour): $10147.00']);
        fixture.get("cluster").props.controlPlaneScalingConfig = { tier: UNKNOWN };
        const unknown = run(fixture);
        assert.deepStrictEqual(tierLine(unknown), []);
        assert.ok(unknown.unpriced.some((u) => /its provisioned control-plane tier, not known yet \(from \$1204\.50 a month for tier-xl\)/.test(u)));
        fixture.get("cluster").props.controlPlaneScalingConfig = { tier: "tier-16xl" };
        assert.ok(run(fixture).unpriced.some((u) => /control-plane tier tier-16xl has no price/.test(u)));
    });

    describe("a node group on a weekly schedule", () => {
        const ASG = "eks-general-4ec6b0a4-52ab-4f3a-9cd1-2c3d4e5f6a7b";
        /** eksStack's general group (3 x m6i.large, 50 GiB) with a weekday 07:00-19:00 schedule at 3 nodes, 0 otherwise. */
        const scheduledStack = (knownIds: boolean, down = "0 19 * * MON-FRI") => {
            const fixture = eksStack({ nat: "none", knownIds });
            fixture.get("general").props.resources = [{ autoscalingGroups: [{ name: knownIds ? ASG : UNKNOWN }] }];
            for (const [name, recurrence, desiredCapacity] of [["up", "0 7 * * MON-FRI", 3], ["down", down, 0]] as const) {
                fixture.add("aws:autoscaling/schedule:Schedule", name, { scheduledActionName: name, recurrence, desiredCapacity, minSize: -1, maxSize: -1 }, { autoscalingGroupName: "general.resources" });
                fixture.get(name).props.autoscalingGroupName = knownIds ? ASG : UNKNOWN;
            }
            return fixture;
        };
        const m6iLarge = instanceHourly("m6i.large", "us-east-1")!.usd;

        for (const knownIds of [true, false]) {
            it(`prices the hours at each size: 60 h at 3 nodes, 108 h at none (${knownIds ? "the group's Auto Scaling group by name" : "a preview's dependencies"})`, () => {
                const estimate = run(scheduledStack(knownIds));
                const nodes = line(estimate, 'NodeGroup "general": 1.07 on average x m6i.large')!;
                // 3 x 60 / 168 = 1.0714 nodes on average, for the month's 730 hours.
                assert.strictEqual(nodes.usd.toFixed(2), ((3 * 60 * m6iLarge * 730) / 168).toFixed(2));
                assert.match(nodes.assumption!, /on its weekly schedule: 3 for 60 h, 0 for 108 h of the week's 168 h \(the sizes the scheduled actions set/);
                const volumes = line(estimate, 'NodeGroup "general": 1.07 on average x 50 GiB gp3 volumes')!;
                assert.strictEqual(volumes.usd.toFixed(2), ((3 * 60 * 50 * 0.08) / 168).toFixed(2));
            });
        }

        it("prices at the desired size all week, and says why, when a schedule is not weekly or not known", () => {
            const monthly = run(scheduledStack(true, "0 19 1 * *"));
            assert.ok(line(monthly, 'NodeGroup "general": 3 x m6i.large'));
            assert.ok(monthly.unpriced.some((u) => /NodeGroup "general": down's recurrence "0 19 1 \* \*", not a weekly schedule \(day-of-month and month must be \*.*\); priced at its desired size all week/.test(u)));
            const unknown = scheduledStack(true);
            unknown.get("down").props.desiredCapacity = UNKNOWN;
            assert.ok(run(unknown).unpriced.some((u) => /the recurrence or desired capacity of down, not known yet/.test(u)));
        });

        it("ignores actions that leave the desired size alone, and a schedule of another group", () => {
            const fixture = scheduledStack(true);
            fixture.add("aws:autoscaling/schedule:Schedule", "max-only", { recurrence: "0 12 * * *", desiredCapacity: -1, maxSize: 5, autoscalingGroupName: ASG });
            fixture.add("aws:autoscaling/schedule:Schedule", "elsewhere", { recurrence: "0 13 * * *", desiredCapacity: 9, autoscalingGroupName: "eks-other-0000" });
            assert.ok(line(run(fixture), 'NodeGroup "general": 1.07 on average x m6i.large'));
        });
    });

    it("prices KMS keys at $1 a month each", () => {
        const fixture = eksStack({ nat: "none" });
        assert.ok(!lines(run(fixture)).some((l) => /KMS/.test(l)));
        fixture.add(NETWORK.kmsKey, "secrets", { enableKeyRotation: true });
        assert.ok(lines(run(fixture)).includes("1 KMS key ($1 a month each; each automatic rotation adds $1 a month): $1.00"));
        fixture.add(NETWORK.kmsKey, "other", {});
        assert.ok(lines(run(fixture)).includes("2 KMS keys ($1 a month each; each automatic rotation adds $1 a month): $2.00"));
    });

    it("leaves log volume out unless a volume is assumed, then prices ingestion and the retention's storage", () => {
        const fixture = eksStack({ nat: "none" });
        fixture.add("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 90 });
        assert.deepStrictEqual(run(fixture).notIncluded.filter((n) => n.includes("logs")), [
            'the logs of LogGroup "logs": $0.50 per GB ingested and $0.03 per GB-month stored, kept 90 days (set logGiBPerDay in eks-monthly-cost-budget\'s config to price an assumed volume)',
        ]);
        const assumed = run(fixture, { logGiBPerDay: 2 });
        // 2 GiB x 730/24 days x $0.50; 2 GiB x 90 days x $0.03
        assert.ok(lines(assumed).includes('LogGroup "logs": log ingestion, 2 GiB a day: $30.42'), lines(assumed).join("\n"));
        assert.ok(lines(assumed).includes('LogGroup "logs": log storage, 90 days of 2 GiB: $5.40'));
        assert.strictEqual(line(assumed, 'LogGroup "logs": log ingestion')!.assumption, "an assumed 2 GiB of logs a day (eks-monthly-cost-budget logGiBPerDay)");
        assert.match(line(assumed, 'LogGroup "logs": log storage')!.assumption!, /; stored bytes priced uncompressed, an upper bound$/);
        assert.ok(!assumed.notIncluded.some((n) => n.includes("logs")));
        delete fixture.get("logs").props.retentionInDays;
        assert.match(run(fixture).notIncluded.find((n) => n.includes("logs"))!, /kept forever/);
        assert.deepStrictEqual(run(fixture, { logGiBPerDay: 1 }).unpriced, ['LogGroup "logs": log storage, which grows every month (no retention)']);
    });

    it("lists what bills by use: Fargate pods, Auto Mode instances", () => {
        const estimate = run(eksStack({ nat: "none" }));
        assert.deepStrictEqual(estimate.notIncluded, ['the pods FargateProfile "apps" runs (Fargate bills each pod\'s vCPU and memory by the second)']);
        assert.match(USAGE_NOT_INCLUDED, /data transfer, NAT gateway and transit gateway data processing/);
    });
});

describe("monthly cost estimate, what it reaches to", () => {
    it("says what a scalable group costs at its maxSize, only when it can grow", () => {
        const fixture = eksStack({ nat: "none" });
        // desired 3, max 6: 6 x m6i.large $0.096/h x 730
        const grows = line(run(fixture), 'NodeGroup "general": 3 x m6i.large')!;
        assert.deepStrictEqual([grows.upToUsd!.toFixed(2), grows.upToNodes], ["420.48", 6]);
        fixture.get("general").props.scalingConfig = { minSize: 3, desiredSize: 3, maxSize: 3 };
        const fixed = line(run(fixture), 'NodeGroup "general": 3 x m6i.large')!;
        assert.deepStrictEqual([fixed.upToUsd, fixed.upToNodes], [undefined, undefined], "max equal to desired");
        fixture.get("general").props.scalingConfig = { minSize: 3, desiredSize: 3 };
        assert.strictEqual(line(run(fixture), 'NodeGroup "general": 3 x m6i.large')!.upToUsd, undefined, "no maxSize");
        const volumes = line(run(eksStack({ nat: "none" })), 'NodeGroup "general": 3 x 50 GiB')!;
        assert.strictEqual(volumes.upToUsd, undefined, "volumes are priced at the desired size only");
    });

    it("keys every kind of line by what it prices", () => {
        const fixture = eksStack({ nat: "single" });
        fixture.add(NETWORK.kmsKey, "secrets", {});
        fixture.add("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 7 });
        fixture.add(NETWORK.transitGatewayAttachment, "tgw", { transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { vpcId: "vpc" });
        const keys = run(fixture, { logGiBPerDay: 1 }).lines.map((l) => l.key.replace("urn:pulumi:test::eks-platform::", ""));
        assert.deepStrictEqual(keys, [
            "aws:eks/cluster:Cluster::cluster#control-plane",
            "aws:eks/nodeGroup:NodeGroup::general#instances",
            "aws:eks/nodeGroup:NodeGroup::general#volumes",
            "kms-keys",
            "aws:cloudwatch/logGroup:LogGroup::logs#log-ingestion",
            "aws:cloudwatch/logGroup:LogGroup::logs#log-storage",
            "nat-gateways",
            "transit-gateway-attachments",
            "public-ipv4",
        ]);
        assert.ok(lines(run(fixture, { logGiBPerDay: 1 })).includes('LogGroup "logs": log storage, 7 days of 1 GiB: $0.21'));
    });

    it("counts no public address for a group whose subnets are not known", () => {
        const fixture = eksStack({ nat: "none" });
        const group = fixture.get("general");
        group.props.subnetIds = [UNKNOWN, UNKNOWN];
        group.deps!.subnetIds = ["public-us-east-1a", "public-us-east-1b", "public-us-east-1c"];
        fixture.get("public-us-east-1a").props.mapPublicIpOnLaunch = true;
        assert.ok(!lines(run(fixture)).some((l) => /public IPv4/.test(l)), lines(run(fixture)).join("\n"));
    });

    it("takes the first of Spot types of one price, and prices Spot without a known region", () => {
        const fixture = eksStack({ nat: "none" });
        // m6i.large and m5.large are both $0.096 an hour on demand.
        Object.assign(fixture.get("general").props, { capacityType: "SPOT", instanceTypes: ["m6i.large", "m5.large"] });
        assert.strictEqual(line(run(fixture), 'NodeGroup "general": 3 x m')!.item, 'NodeGroup "general": 3 x m6i.large');
        assert.strictEqual(line(run(fixture, { region: null }), 'NodeGroup "general": 3 x m')!.priceRegion, "us-east-1");
    });

    it("names the price regions of its lines, us-east-1 when it has none", () => {
        const govCloud = run(eksStack({ nat: "single" }), { region: { name: "us-gov-west-1", from: "test" } });
        assert.strictEqual(priceBasis(govCloud, "2026-07-20"), "us-east-1 and us-gov-west-1 list prices of 2026-07-20", "in the order of the lines: the control plane first");
        assert.strictEqual(priceBasis({ lines: [], unpriced: [], notIncluded: [] }, "2026-07-20"), "us-east-1 list prices of 2026-07-20");
        const mixed = { lines: [{ key: "a", item: "a", usd: 1, priceRegion: "us-gov-west-1" }, { key: "b", item: "b", usd: 1, priceRegion: "us-gov-east-1" }], unpriced: [], notIncluded: [], region: { name: "eu-west-1", from: "test" } };
        assert.strictEqual(foreignPrices(mixed), "every figure is us-gov-west-1, us-gov-east-1 list prices, not eu-west-1's (no source of eu-west-1's prices is in policies/data)");
    });
});

describe("the control plane's support tier", () => {
    it("bills standard support inside the window and extended support after it, unless the policy is STANDARD", () => {
        assert.deepStrictEqual(billedSupport("1.35", "EXTENDED", DAY), { tier: "standard" });
        // 1.32: standard support ended 2026-03-23, extended support ends 2027-03-23.
        assert.deepStrictEqual(billedSupport("1.32", "EXTENDED", DAY), { tier: "extended" });
        assert.deepStrictEqual(billedSupport("1.32", undefined, DAY), { tier: "extended" }, "the API default is EXTENDED");
        assert.match(billedSupport("1.32", "STANDARD", DAY).why!, /upgrade policy STANDARD: EKS upgrades it at the end of standard support/);
        assert.strictEqual(billedSupport("1.32", "STANDARD", DAY).tier, "standard");
        assert.deepStrictEqual(billedSupport("1.35", "STANDARD", DAY), { tier: "standard" });
    });

    it("bills extended support past the end of extended support (EKS upgrades to the oldest extended version), also for versions older than the calendar", () => {
        // 1.31: extended support ended 2026-11-26.
        const ended = billedSupport("1.31", "EXTENDED", new Date("2026-12-06T00:00:00Z"));
        assert.strictEqual(ended.tier, "extended");
        assert.match(ended.why!, /^1\.31 is past the end of extended support: EKS upgrades it to the oldest version in extended support/);
        assert.strictEqual(billedSupport("1.31", "EXTENDED", new Date("2026-11-26T00:00:00Z")).why, undefined, "the last day is still extended support");
        assert.strictEqual(billedSupport("1.19", "EXTENDED", DAY).tier, "extended");
        assert.strictEqual(billedSupport("1.19", "STANDARD", DAY).tier, "standard");
    });

    it("bills standard support for no version, a newer one and one not in the calendar, and says why", () => {
        assert.deepStrictEqual(billedSupport(null, "EXTENDED", DAY), { tier: "standard", why: "no version set: EKS creates it on its default version, in standard support" });
        assert.deepStrictEqual(billedSupport("1.40", "EXTENDED", DAY), { tier: "standard", why: "1.40 is not in the EKS version calendar (policies/data/eks-versions.json): priced as a version in standard support" });
        assert.strictEqual(billedSupport("[secret]", "EXTENDED", DAY).tier, "standard");
        assert.strictEqual(billedSupport("2.1", "EXTENDED", DAY).tier, "standard");
        // Only a whole 1.x version is read as one: not 11.19, not a patch version.
        assert.strictEqual(billedSupport("11.19", "EXTENDED", DAY).tier, "standard");
        assert.strictEqual(billedSupport("1.19.2", "EXTENDED", DAY).tier, "standard");
    });

    it("prices the cluster line at the billed tier with its version, and an unknown version at least at the standard rate", () => {
        const fixture = eksStack({ nat: "none" });
        const cluster = fixture.get("cluster");
        assert.ok(lines(run(fixture)).includes('Cluster "cluster" control plane (standard support, Kubernetes 1.35): $73.00'));
        cluster.props.version = "1.32";
        assert.ok(lines(run(fixture)).includes('Cluster "cluster" control plane (extended support, Kubernetes 1.32): $438.00'), "the API default is EXTENDED");
        cluster.props.upgradePolicy = { supportType: "STANDARD" };
        assert.ok(lines(run(fixture)).includes('Cluster "cluster" control plane (standard support, Kubernetes 1.32): $73.00'));
        delete cluster.props.version;
        delete cluster.props.upgradePolicy;
        const unset = line(run(fixture), 'Cluster "cluster"')!;
        assert.strictEqual(`${unset.item}: $${unset.usd.toFixed(2)}`, 'Cluster "cluster" control plane (standard support): $73.00');
        assert.match(unset.assumption!, /no version set/);
        cluster.props.version = UNKNOWN;
        const unknown = run(fixture);
        assert.ok(lines(unknown).includes('Cluster "cluster" control plane (standard support): $73.00'));
        assert.deepStrictEqual(unknown.unpriced, ['Cluster "cluster": whether it bills extended support (+$365.00 a month), its Kubernetes version not being known yet']);
        cluster.props.upgradePolicy = { supportType: "STANDARD" };
        assert.deepStrictEqual(run(fixture).unpriced, [], "STANDARD never bills extended support");
    });
});

describe("the region of the prices", () => {
    it("prices EC2 at the stack's region where its prices are known, else at us-east-1's, and says which", () => {
        assert.deepStrictEqual(instanceHourly("m6i.large", "us-east-1"), { usd: 0.096, region: "us-east-1" });
        assert.deepStrictEqual(instanceHourly("m6i.large", "us-gov-west-1"), { usd: 0.121, region: "us-gov-west-1" });
        assert.deepStrictEqual(instanceHourly("m6i.large", "eu-west-1"), { usd: 0.096, region: "us-east-1" });
        assert.deepStrictEqual(instanceHourly("m6i.large", undefined), { usd: 0.096, region: "us-east-1" });
        assert.strictEqual(instanceHourly("z9.huge", "us-east-1"), undefined);
    });

    it("reads the region from the caller, else the resources; says when figures are another region's or the region is unknown", () => {
        const fixture = eksStack({ nat: "single" });
        const inferred = run(fixture);
        assert.deepStrictEqual(inferred.region, { name: "us-east-1", from: 'the zone of Subnet "public-us-east-1a"' });
        assert.strictEqual(foreignPrices(inferred), undefined);
        const ireland = run(fixture, { region: { name: "eu-west-1", from: "aws:region in Pulumi.prod.yaml" } });
        assert.ok(ireland.lines.every((l) => l.priceRegion === "us-east-1"));
        assert.strictEqual(foreignPrices(ireland), "every figure is us-east-1 list prices, not eu-west-1's (no source of eu-west-1's prices is in policies/data)");
        const govCloud = run(fixture, { region: { name: "us-gov-west-1", from: "aws:region in Pulumi.prod.yaml" } });
        assert.strictEqual(line(govCloud, 'NodeGroup "general": 3 x')!.priceRegion, "us-gov-west-1");
        assert.strictEqual(foreignPrices(govCloud), `${govCloud.lines.length - 1} of ${govCloud.lines.length} figures are us-east-1 list prices, not us-gov-west-1's (no source of us-gov-west-1's prices is in policies/data)`);
        const unknown = run(fixture, { region: null });
        assert.strictEqual(unknown.region, undefined);
        assert.strictEqual(foreignPrices(unknown), "the stack's region is not known here: the figures are us-east-1 list prices");
    });
});

describe("monthly cost estimate of Karpenter", () => {
    for (const knownIds of [true, false]) {
        it(`prices its idle interruption queue and leaves its nodes out, saying so (${knownIds ? "known" : "unknown"} ids)`, () => {
            const estimate = run(withKarpenter(eksStack({ knownIds })));
            // 3 receives a minute (20-second long polls) for 730 hours, at $0.40 per million.
            const queue = line(estimate, 'Queue "queue"')!;
            assert.strictEqual(queue.item, 'Queue "queue": Karpenter\'s interruption queue, 131,400 receives a month');
            assert.ok(Math.abs(queue.usd - 0.05256) < 1e-9, String(queue.usd));
            assert.match(queue.assumption!, /\$0\.00 while the account's requests stay within SQS's 1 million free a month/);
            assert.ok(estimate.notIncluded.some((n) => /^the EC2 instances and volumes Karpenter launches through PodIdentityAssociation "binding"/.test(n)), estimate.notIncluded.join("\n"));
        });
    }

    it("prices no queue without a Karpenter controller, nor a queue that gets no interruption events", () => {
        const plain = eksStack({ knownIds: true });
        plain.add(AWS.sqsQueue, "jobs", { name: "jobs", arn: "arn:aws:sqs:us-east-1:111122223333:jobs" });
        assert.strictEqual(line(run(plain), 'Queue "jobs"'), undefined);
        const fixture = withKarpenter(eksStack({ knownIds: true }), { events: [] });
        const estimate = run(fixture);
        assert.strictEqual(line(estimate, 'Queue "queue"'), undefined);
        assert.ok(estimate.notIncluded.some((n) => n.includes("Karpenter launches")));
    });
});

