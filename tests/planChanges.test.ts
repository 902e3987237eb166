import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs, render, runCheck } from "../offline/check";
import { compareStack } from "../offline/report/comparison";
import { CheckReport } from "../offline/report/model";
import { sharedPack } from "./support/sharedPack";
import { UNKNOWN } from "../offline/mockRun";
import { comparePlans, PlannedResource } from "../offline/planChanges";
import { PolicyAnalyzer } from "../offline/policyAnalyzer";
import { PROJECT_DIR } from "./support/mockProgram";
import { sharedCheck } from "./support/sharedChecks";

describe("what a change does to deployed infrastructure (--compare)", function () {
    this.timeout(180_000);
    let pack: PolicyAnalyzer;
    let dir: string;
    let baseFile: string;

    before(async () => {
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-11-22";
        pack = await sharedPack();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-compare-"));
        baseFile = path.join(dir, "base.json");
        fs.writeFileSync(baseFile, render(await sharedCheck(["--stack", "prod"]), "json", false));
    });
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    /** prod's stack file edited, checked against the base report. */
    async function compareEdited(edit: (text: string) => string) {
        const stackDir = fs.mkdtempSync(path.join(dir, "stack-"));
        fs.writeFileSync(path.join(stackDir, "Pulumi.prod.yaml"), edit(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8")));
        return runCheck(parseArgs(["--stack", "prod", "--stack-dir", stackDir, "--compare", baseFile]), pack);
    }

    /** prod checked again unchanged against its own base report; shared by the tests that only read it. */
    let again: Promise<CheckReport> | undefined;
    const unchanged = () => (again ??= compareEdited((t) => t));

    it("the same plan again: no finding new or fixed, every one unchanged, no cost change", async () => {
        const stack = (await unchanged()).stacks[0];
        const { findings, cost } = stack.comparison!;
        assert.deepStrictEqual([findings.new.length, findings.fixed.length], [0, 0]);
        assert.strictEqual(findings.unchanged.length, stack.findings.filter((f) => !f.notRunnable).length);
        assert.ok(findings.unchanged.length > 0, "fixture: prod has findings");
        assert.strictEqual(cost!.diffUsd, 0);
        assert.ok(cost!.lines.every((l) => l.diffUsd === 0));
    });

    let singleNatReport: string | undefined;

    it("one NAT gateway instead of one per zone: the NAT findings are new, the NAT and IPv4 lines cost less, and the comment says so", async () => {
        const report = await compareEdited((t) => t.replace("network.natStrategy: onePerAz", "network.natStrategy: single"));
        singleNatReport = path.join(dir, "single.json");
        fs.writeFileSync(singleNatReport, render(report, "json", false));
        const stack = report.stacks[0];
        const { findings, cost } = stack.comparison!;
        assert.deepStrictEqual([...new Set(findings.new.map((f) => f.policy))], ["eks-nat-per-az"]);
        assert.strictEqual(findings.new.length, 2, "two zones now use another zone's NAT gateway");
        assert.deepStrictEqual(findings.fixed, []);
        const nat = cost!.lines.find((l) => /NAT gateway/.test(l.item))!;
        assert.deepStrictEqual([nat.beforeUsd, nat.afterUsd, nat.diffUsd], [98.55, 32.85, -65.7]);
        assert.strictEqual(cost!.diffUsd, Math.round((cost!.afterUsd - cost!.beforeUsd) * 100) / 100);
        assert.ok(cost!.diffUsd < 0);
        const markdown = render(report, "markdown", false);
        assert.match(markdown, /\*\*Findings\*\* against .*base\.json: 2 new, 0 fixed, \d+ unchanged/);
        assert.match(markdown, /\| 🆕 new \| mandatory \| medium \| \[`eks-nat-per-az`\]/);
        assert.match(markdown, /<summary>Unchanged findings: \d+<\/summary>/);
        assert.match(markdown, /\| 3 NAT gateways \(hours, before data processing\) → 1 NAT gateway \(hours, before data processing\) \| \$98\.55 \| \$32\.85 \| −\$65\.70 \|/);
        assert.match(markdown, /\| 3 public IPv4 addresses → 1 public IPv4 address \| \$10\.95 \| \$3\.65 \| −\$7\.30 \|/, "3 addresses -> 1 address is one item");
        // The routes of the two zones now go to zone a's NAT gateway: their ids are unknown before and after, their source moves.
        assert.match(markdown, /\| updated in place \| `eks-platform-prod-private-us-east-1b-nat` \(Route\) \| natGatewayId: \(from NatGateway "eks-platform-prod-nat-us-east-1b"\) → \(from NatGateway "eks-platform-prod-nat-us-east-1a"\) \|/);
        assert.strictEqual(report.exitCode, 1, "mandatory findings in the head fail the check");
    });

    it("a stack the base report does not have: every finding is new", async () => {
        const head = (await unchanged()).stacks[0];
        const comparison = compareStack("base.json", undefined, head);
        assert.strictEqual(comparison.baseHasStack, false);
        assert.strictEqual(comparison.findings.new.length, head.findings.filter((f) => !f.notRunnable).length);
        assert.deepStrictEqual(comparison.cost!.lines.map((l) => l.beforeUsd), head.cost!.lines.map(() => undefined));
    });

    it("fixing a finding lists it as fixed (prod against the one-NAT report of the test before)", async () => {
        assert.ok(singleNatReport, "runs after the one-NAT test, whose report it takes as the base");
        const fixed = (await runCheck(parseArgs(["--stack", "prod", "--compare", singleNatReport]), pack)).stacks[0].comparison!;
        assert.deepStrictEqual(fixed.findings.fixed.map((f) => f.policy), ["eks-nat-per-az", "eks-nat-per-az"]);
        assert.deepStrictEqual(fixed.findings.new, []);
    });

    it("adding a node group only adds", async () => {
        const report = await compareEdited((t) => t.replace("  eks-platform:nodeGroups:\n", "  eks-platform:nodeGroups:\n    - name: batch\n      instanceTypes: [m6i.large]\n      minSize: 2\n      maxSize: 4\n"));
        const changes = report.stacks[0].changes!;
        assert.deepStrictEqual([changes.removed.length, changes.replaced.length, changes.findings.length], [0, 0, 0]);
        assert.ok(changes.added.some((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "eks-platform-prod-batch"));
        assert.strictEqual(report.exitCode, 0);
    });

    it("changing a node group's instance types replaces it, named with the property, as a finding", async () => {
        const report = await compareEdited((t) => t.replace("instanceTypes: [m6i.xlarge, m7i.xlarge]", "instanceTypes: [m6i.2xlarge]"));
        const changes = report.stacks[0].changes!;
        assert.deepStrictEqual(changes.replaced.map((r) => [r.name, r.properties]), [["eks-platform-prod-general", ["instanceTypes"]]]);
        assert.deepStrictEqual(changes.findings.map((f) => [f.level, f.message]), [
            ["advisory", 'NodeGroup "eks-platform-prod-general" is replaced because instanceTypes changes: the new one is created before the old one is deleted (Pulumi creates the replacement first, under a new generated nodeGroupName, and deletes the old one after).'],
        ]);
        assert.deepStrictEqual(changes.replaced[0].changes, [{ path: "instanceTypes", before: ["m6i.xlarge", "m7i.xlarge"], after: ["m6i.2xlarge"] }]);
        const terminal = render(report, "terminal", false);
        assert.match(terminal, /replaced, new one created first: aws:eks\/nodeGroup:NodeGroup {2}eks-platform-prod-general {2}\(forced by instanceTypes\)\n {6}instanceTypes: \[m6i\.xlarge, m7i\.xlarge\] → \[m6i\.2xlarge\]/);
    });

    it("renaming the cluster deletes the protected cluster, VPC and key: a mandatory finding that fails the check", async () => {
        const report = await compareEdited((t) => t.replace("  eks-platform:protect: true\n", "  eks-platform:protect: true\n  eks-platform:cluster.name: eks-prod\n"));
        const stack = report.stacks[0];
        const removed = stack.changes!.removed.map((r) => r.type);
        for (const type of ["aws:eks/cluster:Cluster", "aws:ec2/vpc:Vpc", "aws:kms/key:Key"]) {
            assert.ok(removed.includes(type), type);
        }
        const cluster = stack.changes!.findings.find((f) => /Cluster "eks-platform-prod-cluster"/.test(f.message))!;
        assert.strictEqual(cluster.level, "mandatory");
        assert.match(cluster.message, /is deleted: its URN is gone from the plan .* add an alias to keep it; it is protected, so pulumi up will refuse/);
        assert.strictEqual(stack.status, "failed");
        assert.strictEqual(report.exitCode, 1);
        assert.match(render(report, "markdown", false), /\| removed \| `eks-platform-prod-cluster` \(Cluster\) \| no longer in the plan \|/);
    });

    it("adding a zone adds its subnets and NAT gateway, and replaces the node groups and Fargate profile whose subnets grow", async () => {
        const report = await compareEdited((t) => t.replace("eks-platform:network.zoneCount: 3", "eks-platform:network.zoneCount: 4"));
        const changes = report.stacks[0].changes!;
        assert.deepStrictEqual(changes.removed, []);
        assert.deepStrictEqual(changes.replaced.map((r) => `${r.name} ${r.properties.join()} ${r.uncertain}`).sort(), [
            "coredns subnetIds false",
            "eks-platform-prod-general subnetIds false",
            "eks-platform-prod-system subnetIds false",
            "payments subnetIds false",
        ]);
        assert.ok(changes.added.some((r) => r.name === "eks-platform-prod-private-us-east-1d"));
        assert.ok(!changes.replaced.some((r) => r.type === "aws:ec2/subnet:Subnet" || r.type === "aws:eks/cluster:Cluster"), "subnets and the cluster stay");
        // EKS keeps a control plane on its creation zones: the cluster is not even updated.
        assert.ok(!changes.updated.some((r) => r.type === "aws:eks/cluster:Cluster"), "the cluster keeps its three subnets");
        const cluster = report.stacks[0].resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
        const subnets = new Set(cluster.propertyDependencies!.vpcConfig.filter((urn) => urn.includes("Subnet")));
        assert.deepStrictEqual([...subnets].map((urn) => urn.split("::").pop()).sort(), ["eks-platform-prod-private-us-east-1a", "eks-platform-prod-private-us-east-1b", "eks-platform-prod-private-us-east-1c"]);
        // Subnet ids not created yet read as how many, never as Pulumi's unknown sentinel.
        const markdown = render(report, "markdown", false);
        assert.ok(!markdown.includes(UNKNOWN), "no unknown sentinel in the comment");
        assert.match(markdown, /\| `eks-platform-prod-general` \(NodeGroup\) \| forced by subnetIds<br>subnetIds: \(3 values, not known yet\) → \(known after the update\)/);
    });

    it("a new VPC CIDR replaces the protected VPC and what is built on it, and fails the check", async () => {
        const report = await compareEdited((t) => t.replace(/eks-platform:network\.vpcCidr: [0-9./]+/, "eks-platform:network.vpcCidr: 10.60.0.0/16"));
        const stack = report.stacks[0];
        const changes = stack.changes!;
        const vpc = changes.replaced.find((r) => r.type === "aws:ec2/vpc:Vpc")!;
        assert.ok(vpc, `the VPC is replaced, not updated: ${JSON.stringify(changes.updated.map((u) => u.name))}`);
        assert.deepStrictEqual(vpc.properties, ["cidrBlock"]);
        assert.ok(!changes.updated.some((u) => u.type === "aws:ec2/vpc:Vpc"));
        // Built on it: the subnets (their CIDRs change too), and through them the node groups.
        const subnets = changes.replaced.filter((r) => r.type === "aws:ec2/subnet:Subnet");
        assert.strictEqual(subnets.length, 6);
        assert.ok(changes.replaced.some((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.properties.includes("vpcId")), "a security group follows its VPC");
        assert.ok(changes.replaced.some((r) => r.type === "aws:eks/nodeGroup:NodeGroup"));
        const finding = changes.findings.find((f) => f.urn === vpc.urn)!;
        assert.strictEqual(finding.level, "mandatory");
        assert.match(finding.message, /Vpc "eks-platform-prod-vpc" is replaced because cidrBlock changes: .*it is protected, so pulumi up will refuse/);
        // The cluster stays, sent subnets of the new VPC: EKS refuses that, and the check says so.
        const cluster = report.stacks[0].resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
        assert.ok(!changes.replaced.some((r) => r.urn === cluster.urn));
        const moved = changes.findings.find((f) => f.urn === cluster.urn)!;
        assert.strictEqual(moved?.level, "mandatory");
        assert.match(moved.message, /Cluster "eks-platform-prod-cluster" would be moved to SecurityGroup "eks-platform-prod-api-access", Subnet "eks-platform-prod-private-us-east-1a", .* of a new VPC, which EKS refuses: "You can't change which VPC/);
        // Subnets in the new VPC do not clash with the old VPC's.
        assert.ok(!changes.findings.some((f) => f.urn.endsWith("Subnet::eks-platform-prod-private-us-east-1a")));
        assert.strictEqual(report.exitCode, 1);
    });

    it("smaller private subnets in the same VPC: each replacement overlaps the subnet it replaces, which AWS refuses, and the check fails", async () => {
        const report = await compareEdited((t) => `${t.trimEnd()}\n  eks-platform:network.privateSubnetPrefixLength: 20\n`);
        const changes = report.stacks[0].changes!;
        const subnets = changes.replaced.filter((r) => r.type === "aws:ec2/subnet:Subnet");
        // The public subnets follow (a quarter of a private one by default), into space no subnet holds yet.
        assert.strictEqual(subnets.length, 6);
        assert.ok(subnets.every((r) => r.order.first === "create"));
        assert.ok(!changes.replaced.some((r) => r.type === "aws:ec2/vpc:Vpc"));
        const clashes = changes.findings.filter((f) => f.urn.includes("Subnet::"));
        assert.deepStrictEqual(clashes.map((f) => f.urn.split("::").pop()).sort(), ["eks-platform-prod-private-us-east-1a", "eks-platform-prod-private-us-east-1b", "eks-platform-prod-private-us-east-1c"]);
        assert.ok(clashes.every((f) => f.level === "mandatory"));
        assert.match(clashes.find((f) => f.urn.endsWith("private-us-east-1a"))!.message, /Subnet "eks-platform-prod-private-us-east-1a" cannot be replaced the way pulumi up does it: its replacement \(10\.\d+\.0\.0\/20\) is created while Subnet "eks-platform-prod-private-us-east-1a" \(10\.\d+\.0\.0\/19, the one it replaces\) still exists/);
        // The cluster moves to new subnets of its own VPC, in the same zones: EKS allows it.
        assert.ok(!changes.findings.some((f) => f.urn.includes("Cluster::")));
        assert.strictEqual(report.exitCode, 1);
    });

    it("removing a zone the cluster was created in is a config error naming the key, not a plan", async () => {
        const report = await compareEdited((t) => t.replace("eks-platform:network.zoneCount: 3", "eks-platform:network.zoneCount: 2"));
        const stack = report.stacks[0];
        assert.match(stack.error ?? "", /network\.zoneCount.*control plane runs in zones use1-az\d+, use1-az\d+, use1-az\d+.*use1-az\d+ must stay in the network/s);
        assert.strictEqual(report.exitCode, 2);
    });

    it("a Kubernetes upgrade names the cluster and node groups with their versions, and spells out the rollout in pulumi up's order", async () => {
        const report = await compareEdited((t) => t.replace('eks-platform:cluster.version: "1.35"', 'eks-platform:cluster.version: "1.36"'));
        const changes = report.stacks[0].changes!;
        const updated = new Map(changes.updated.map((u) => [u.name, u.changes]));
        for (const name of ["eks-platform-prod-cluster", "eks-platform-prod-system", "eks-platform-prod-general"]) {
            assert.deepStrictEqual(updated.get(name), [{ path: "version", before: "1.35", after: "1.36" }], name);
        }
        // The add-ons follow the cluster's version (EKS's default for it): unknown offline before and after, yet updated.
        for (const addon of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "aws-ebs-csi-driver", "eks-node-monitoring-agent"]) {
            assert.deepStrictEqual(updated.get(`eks-platform-prod-${addon}`), [{ path: "addonVersion", before: UNKNOWN, afterUnknown: true }], addon);
        }
        assert.strictEqual(changes.updated.length, 9);
        assert.deepStrictEqual([changes.added, changes.removed, changes.replaced], [[], [], []]);
        const [rollout] = changes.rollouts;
        assert.deepStrictEqual([rollout.cluster.name, rollout.from, rollout.to], ["eks-platform-prod-cluster", "1.35", "1.36"]);
        const waves = [...new Set(rollout.steps.map((s) => s.wave))].map((wave) => rollout.steps.filter((s) => s.wave === wave).map((s) => s.name).sort());
        // The control plane, then the networking add-ons, then the node groups (which wait for them), then the rest.
        assert.deepStrictEqual(waves, [
            ["eks-platform-prod-cluster"],
            ["eks-platform-prod-eks-pod-identity-agent", "eks-platform-prod-kube-proxy", "eks-platform-prod-vpc-cni"],
            ["eks-platform-prod-general", "eks-platform-prod-system"],
            ["eks-platform-prod-aws-ebs-csi-driver", "eks-platform-prod-coredns", "eks-platform-prod-eks-node-monitoring-agent"],
        ]);
        const [general, system] = ["general", "system"].map((group) => rollout.steps.find((s) => s.name === `eks-platform-prod-${group}`)!);
        assert.strictEqual(
            system.what,
            "rolls its 3 nodes to 1.36: EKS adds up to 6 new nodes (twice its 3 zones, or maxUnavailable if larger), drains and terminates the old ones 1 at a time (updateConfig.maxUnavailable), each drain allowed up to 15 minutes, then scales back to 3",
        );
        assert.strictEqual(
            general.what,
            "rolls its 3 nodes to 1.36: EKS adds new nodes (up to twice its zones, or maxUnavailable if larger), drains and terminates the old ones 33% at a time (updateConfig.maxUnavailablePercentage), each drain allowed up to 15 minutes, then scales back to 3",
        );
        assert.deepStrictEqual(rollout.notes, ['Fargate pods (profile "coredns", profile "payments") keep their kubelet version until they are restarted: restart their deployments after the upgrade']);
        const markdown = render(report, "markdown", false);
        assert.match(markdown, /Kubernetes 1\.35 → 1\.36 on `eks-platform-prod-cluster`, in the order `pulumi up` rolls it out:\n\n1\. Cluster `eks-platform-prod-cluster`: EKS upgrades the control plane from 1\.35 to 1\.36/);
        assert.match(markdown, /\n3\. At the same time:\n {3}- NodeGroup `eks-platform-prod-(general|system)`: rolls its 3 nodes to 1\.36/);
        assert.match(markdown, /\| updated in place \| `eks-platform-prod-cluster` \(Cluster\) \| version: "1\.35" → "1\.36" \|/);
        assert.match(render(report, "terminal", false), /~ updated in place: aws:eks\/cluster:Cluster {2}eks-platform-prod-cluster\n {6}version: "1\.35" → "1\.36"/);
        assert.deepStrictEqual(JSON.parse(render(report, "json", false)).stacks[0].changes.rollouts[0].to, "1.36");
        assert.strictEqual(report.stacks[0].comparison!.cost!.diffUsd, 0, "an upgrade within standard support costs nothing more");
    });

    it("prices a doubled instance size as the increase it is, and a new group of any type EKS takes at its price", async () => {
        const doubled = (await compareEdited((t) => t.replace("instanceTypes: [m6i.xlarge, m7i.xlarge]", "instanceTypes: [m6i.2xlarge, m7i.2xlarge]"))).stacks[0].comparison!.cost!;
        // 3 x m6i.xlarge $0.192/h -> 3 x m6i.2xlarge $0.384/h, 730 h.
        assert.strictEqual(doubled.diffUsd, 420.48);
        const line = doubled.lines.find((l) => l.diffUsd !== 0)!;
        assert.deepStrictEqual([line.beforeItem, line.item, line.beforeUsd, line.afterUsd], ['NodeGroup "eks-platform-prod-general": 3 x m6i.xlarge', 'NodeGroup "eks-platform-prod-general": 3 x m6i.2xlarge', 420.48, 840.96]);
        const added = await compareEdited((t) => t.replace("  eks-platform:nodeGroups:\n", "  eks-platform:nodeGroups:\n    - name: batch\n      instanceTypes: [c6i.2xlarge]\n      minSize: 2\n      maxSize: 4\n"));
        // 2 x c6i.2xlarge $0.34/h = $496.40, and 2 x 50 GiB gp3 (the default disk) = $8.00.
        assert.strictEqual(added.stacks[0].comparison!.cost!.diffUsd, 504.4);
        const markdown = render(added, "markdown", false);
        assert.match(markdown, /\| \*\*prod\*\* \| ❌ failed \| 7 added \| 1 mandatory \(`eks-monthly-cost-budget`\), 4 advisory; 1 new, 0 fixed \| \$1,394\.83 \| \*\*\+\$504\.40 \(\+56\.6%\)\*\* \|/);
        assert.match(markdown, /\| added \| `eks-platform-prod-batch` \(NodeGroup\) \| c6i\.2xlarge · On-Demand · 2 to 4 nodes, 2 desired \|/);
        assert.doesNotMatch(markdown, /\(NodeGroup\) \|[^\n]*\n\| added \| `eks-platform-prod-batch` \(NodeGroup\)/, "the component is not listed beside its node group");
        assert.ok(markdown.indexOf("**Findings**") < markdown.indexOf("**Resources**"), "what fails the check comes first");
    });

    it("says a change it cannot price is unknown, in every format, never a saving", async () => {
        // hpc7a.12xlarge is a type EKS nodes take (config accepts it) without a us-east-1 on-demand price.
        const report = await compareEdited((t) => t.replace("instanceTypes: [m6i.xlarge, m7i.xlarge]", "instanceTypes: [hpc7a.12xlarge]"));
        const cost = report.stacks[0].comparison!.cost!;
        assert.strictEqual(cost.diffUsd, undefined);
        assert.deepStrictEqual(cost.unknown, ['NodeGroup "eks-platform-prod-general": hpc7a.12xlarge has no on-demand price in policies/data/ec2-prices.json']);
        assert.strictEqual(cost.pricedDiffUsd, -420.48, "the priced lines alone fall: the instances, not their volumes");
        assert.strictEqual(report.stacks[0].cost!.atLeast, true);
        const markdown = render(report, "markdown", false);
        assert.match(markdown, /\| \*\*unknown\*\* \|/);
        assert.match(markdown, /\*\*Monthly cost\*\* \(us-east-1 list prices of 2026-07-20\): \$890\.43 → at least \$469\.95: the change is unknown \(NodeGroup "eks-platform-prod-general": hpc7a\.12xlarge has no on-demand price in policies\/data\/ec2-prices\.json\); the priced items change by −\$420\.48/);
        assert.match(render(report, "terminal", false), /Monthly cost against .*: \$890\.43 → at least \$469\.95: the change is unknown/);
        const json = JSON.parse(render(report, "json", false)).stacks[0];
        assert.strictEqual(json.comparison.cost.diffUsd, undefined);
        assert.strictEqual(json.cost.atLeast, true);
    });

    it("names the base by the label given, not the report's path", async () => {
        const report = await runCheck(parseArgs(["--stack", "prod", "--compare", baseFile, "--compare-label", "main @ 1a2b3c4"]), pack);
        const markdown = render(report, "markdown", false);
        assert.match(markdown, /\| prod \| ✅ passed \| no change \| 0 mandatory, 4 advisory; 0 new, 0 fixed \| \$890\.43 \| none \|\n/);
        assert.match(markdown, /No section for `prod`: nothing in it changes against main @ 1a2b3c4 \(resources, findings, cost\); its row above says where it stands\./);
        assert.ok(!markdown.includes(baseFile), "no temporary path");
        assert.doesNotMatch(markdown, /```mermaid/, "an unchanged stack is one line, without a diagram");
        assert.match(render(report, "terminal", false), /Findings against main @ 1a2b3c4: 0 new/);
    });

    it("names a base report that cannot be used", async () => {
        const report = await runCheck(parseArgs(["--stack", "dev", "--compare", path.join(dir, "missing.json")]), pack);
        assert.strictEqual(report.exitCode, 2);
        assert.match(report.stacks[0].error!, /--compare .*missing\.json: cannot be read \(ENOENT\)/);
    });
});

describe("comparePlans", () => {
    const cluster = (inputs: Record<string, unknown>, protect = false): PlannedResource => ({ urn: "urn:pulumi:p::x::aws:eks/cluster:Cluster::c", type: "aws:eks/cluster:Cluster", name: "c", protect, inputs });
    const subnet = (inputs: Record<string, unknown>): PlannedResource => ({ urn: "urn:pulumi:p::x::aws:ec2/subnet:Subnet::s", type: "aws:ec2/subnet:Subnet", name: "s", protect: false, inputs });

    it("replaces on a force-new property, nested ones included, and updates in place otherwise", () => {
        const changes = comparePlans([cluster({ name: "a", accessConfig: { bootstrapClusterCreatorAdminPermissions: false }, version: "1.35" })], [cluster({ name: "a", accessConfig: { bootstrapClusterCreatorAdminPermissions: true }, version: "1.36" })], "base");
        assert.deepStrictEqual(changes.replaced.map((r) => r.properties), [["accessConfig.bootstrapClusterCreatorAdminPermissions"]]);
        const inPlace = comparePlans([cluster({ name: "a", version: "1.35" })], [cluster({ name: "a", version: "1.36" })], "base");
        assert.deepStrictEqual(
            [inPlace.replaced, inPlace.updated],
            [[], [{ urn: "urn:pulumi:p::x::aws:eks/cluster:Cluster::c", type: "aws:eks/cluster:Cluster", name: "c", properties: ["version"], changes: [{ path: "version", before: "1.35", after: "1.36" }] }]],
        );
    });

    it("replaces a cluster whose secrets encryption is removed, and says a protected one blocks the up", () => {
        const changes = comparePlans([cluster({ name: "a", encryptionConfig: { resources: ["secrets"] } }, true)], [cluster({ name: "a" }, true)], "base");
        assert.deepStrictEqual(changes.replaced[0].properties, ["encryptionConfig"]);
        assert.strictEqual(changes.findings[0].level, "mandatory");
    });

    it("treats lists the provider keeps as sets as unordered, and an unknown new value as a possible replacement", () => {
        assert.deepStrictEqual(comparePlans([subnet({ cidrBlock: "10.0.0.0/19", vpcId: "vpc-1" })], [subnet({ cidrBlock: "10.0.0.0/19", vpcId: "vpc-1" })], "b").updated, []);
        const group = (subnetIds: string[]): PlannedResource => ({ urn: "urn:ng", type: "aws:eks/nodeGroup:NodeGroup", name: "g", protect: false, inputs: { subnetIds } });
        assert.deepStrictEqual(comparePlans([group(["a", "b"])], [group(["b", "a"])], "b").replaced, []);
        const maybe = comparePlans([subnet({ cidrBlock: "10.0.0.0/19", vpcId: "vpc-1" })], [subnet({ cidrBlock: "10.0.0.0/19", vpcId: UNKNOWN })], "b");
        assert.deepStrictEqual([maybe.replaced[0].properties, maybe.replaced[0].uncertain], [["vpcId"], true]);
        const grown = comparePlans([group(["a", "b"])], [group([UNKNOWN, UNKNOWN, UNKNOWN])], "b");
        assert.strictEqual(grown.replaced[0].uncertain, false, "a list that grows changes, whatever its unknown items");
    });
});
