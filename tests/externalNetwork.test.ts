// An environment across several stacks: a network-only stack (stackRole: network), and cluster
// stacks on a network declared elsewhere (network.existing, network.fromStack): config, the program
// under mocks (stack reference outputs mocked), the pack, and the joined offline check.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadStackConfig } from "../config/load";
import { CONFIG_KEYS, isNetworkStackKey, keySpec } from "../config/keys";
import { ConfigValidationError } from "../config/problems";
import { parseArgs, runCheck } from "../offline/check";
import { EXISTING_NETWORK, load, problemsOf, rawConfig, TEST_REGION_FACTS, TODAY } from "./support/configFixtures";
import * as pulumi from "@pulumi/pulumi";
import { ofType, PROJECT_DIR, runProgram, runStack, single } from "./support/mockProgram";
import { qualifiedConfig } from "./support/configFixtures";
import { EVALUATION_DATE, sharedCheck } from "./support/sharedChecks";
import { sharedPack } from "./support/sharedPack";
import { tempDir } from "./support/tempDirs";

const EXISTING = EXISTING_NETWORK;
/** The base config (private endpoint, a node group) on an existing VPC: no transit gateway of its own. */
const onExisting = (existing: unknown = EXISTING, more: Record<string, unknown> = {}) => ({ "network.transitGateway": undefined, "network.existing": existing, ...more });
const REFERENCE = "organization/eks-platform/network-shared";
const fromStack = (value: unknown) => ({ referencedNetwork: { stack: REFERENCE, value } });

function problem(overrides: Record<string, unknown>, key: string, options = {}): string {
    const problems = problemsOf(overrides, options);
    const found = problems.find((p) => p.key === `eks-platform:${key}`);
    assert.ok(found, `no problem for ${key}; got:\n${problems.map((p) => `${p.key}: ${p.allowed}`).join("\n")}`);
    return `${found.value}: ${found.allowed}`;
}

describe("config: a network declared elsewhere", () => {
    it("reads network.existing: the VPC, its subnets with their zones resolved, and the NAT addresses", () => {
        const env = load(onExisting());
        const external = env.network.external!;
        assert.deepStrictEqual(external.origin, { kind: "existing" });
        assert.deepStrictEqual(external.privateSubnets.map((s) => [s.id, s.zone.name, s.zone.id]), [
            ["subnet-0a1b2c3d4e5f60001", "us-east-1b", "use1-az1"],
            ["subnet-0a1b2c3d4e5f60002", "us-east-1c", "use1-az2"],
        ]);
        assert.deepStrictEqual(env.network.zones.map((z) => z.id), ["use1-az1", "use1-az2"]);
        assert.strictEqual(env.network.vpcCidr, "10.60.0.0/16");
        assert.deepStrictEqual(external.natGatewayPublicIps, ["198.51.100.7"]);
    });

    it("refuses hand-written ids that are not AWS ids, unknown zones and zones EKS refuses, each by its path", () => {
        const bad = { ...EXISTING, vpcId: "vpc-main", privateSubnets: [{ id: "subnet_1", zone: "use1-az1" }, { id: "subnet-0a1b2c3d4e5f60002", zone: "eu-west-1a" }, { id: "subnet-0a1b2c3d4e5f60009", zone: "use1-az3" }] };
        const problems = problemsOf(onExisting(bad));
        const byKey = new Map(problems.map((p) => [p.key.replace("eks-platform:", ""), p.allowed]));
        assert.match(byKey.get("network.existing.vpcId")!, /VPC id such as vpc-0a1b2c3d4e5f67890/);
        assert.match(byKey.get("network.existing.privateSubnets[0].id")!, /subnet id such as subnet-/);
        assert.match(byKey.get("network.existing.privateSubnets[1].zone")!, /name or zone ID of us-east-1/);
        assert.match(byKey.get("network.existing.privateSubnets[2].zone")!, /is zone ID use1-az3, where EKS does not accept cluster subnets/);
    });

    it("refuses cluster subnets in one zone, a duplicate subnet, an unknown field and a missing CIDR", () => {
        assert.match(problem(onExisting({ ...EXISTING, privateSubnets: [EXISTING.privateSubnets[0]] }), "network.existing.privateSubnets"), /at least two zones/);
        assert.match(problem(onExisting({ ...EXISTING, publicSubnets: [EXISTING.publicSubnets[0], EXISTING.publicSubnets[0]] }), "network.existing.publicSubnets[1]"), /duplicate/);
        assert.match(problem(onExisting({ ...EXISTING, subnets: [] }), "network.existing.subnets"), /unknown field; known fields: vpcId, vpcCidr/);
        assert.match(problem(onExisting({ ...EXISTING, vpcCidr: undefined }), "network.existing.vpcCidr"), /the VPC's IPv4 CIDR/);
        assert.match(problem(onExisting("vpc-0a1b2c3d4e5f67890"), "network.existing"), /YAML list or map/);
    });

    it("refuses both sources, a transit gateway of its own, and public node groups", () => {
        assert.match(problem({ ...onExisting(), "network.fromStack": REFERENCE }, "network.fromStack"), /conflicts with network.existing/);
        assert.match(problem({ "network.existing": EXISTING }, "network.transitGateway"), /another stack or team declares/);
        assert.match(
            problem(onExisting(EXISTING, { nodeGroups: [{ name: "edge", instanceTypes: ["m6i.large"], minSize: 1, maxSize: 2, subnets: "public" }] }), "nodeGroups[0].subnets"),
            /belong to a network declared elsewhere.*use "private"/,
        );
    });

    it("leaves the routes and NAT gateways of a network declared elsewhere to it", () => {
        // 10.100.0.0/16 is outside the VPC and no route here covers it: with a declared network
        // this is an error (the base config routes it through a transit gateway).
        assert.ok(load(onExisting()).network.external);
        assert.ok(problemsOf({ "network.transitGateway": undefined }).some((p) => p.key === "eks-platform:cluster.endpoint.privateAccessCidrs[0]"));
    });

    it("reads network.fromStack from the stack's network output, checking only the shape of ids AWS returned", () => {
        const value = { ...EXISTING, vpcId: "eks-platform-network-shared-vpc-id", privateSubnets: [{ id: "private-a-id", zone: "use1-az1" }, { id: "private-b-id", zone: "use1-az2" }] };
        const env = load({ "network.transitGateway": undefined, "network.fromStack": REFERENCE }, fromStack(value));
        assert.deepStrictEqual(env.network.external!.origin, { kind: "stack", stack: REFERENCE });
        assert.strictEqual(env.network.external!.vpcId, "eks-platform-network-shared-vpc-id");
    });

    it("names the stack and the output's field when the stack's network is wrong or missing", () => {
        const missing = problem({ "network.transitGateway": undefined, "network.fromStack": REFERENCE }, "network.fromStack", fromStack(undefined));
        assert.match(missing, /its output network = \(not set\): the stack exports no network object; run it with stackRole: network/);
        const wrongZone = problem({ "network.transitGateway": undefined, "network.fromStack": REFERENCE }, "network.fromStack", fromStack({ ...EXISTING, privateSubnets: [{ id: "a", zone: "mars-1a" }] }));
        assert.match(wrongZone, /its output network.privateSubnets\[0\].zone = "mars-1a": expected the subnet's zone/);
        assert.match(problem({ "network.fromStack": "org/proj/stack/extra" }, "network.fromStack"), /expected a stack reference name/);
    });
});

describe("config: a network stack (stackRole: network)", () => {
    const network = (overrides: Record<string, unknown>) =>
        loadStackConfig(rawConfig({ "cluster.version": undefined, "cluster.endpoint.mode": undefined, "cluster.endpoint.privateAccessCidrs": undefined, "cluster.adminPrincipalArns": undefined, nodeGroups: undefined, stackRole: "network", ...overrides }), {
            project: "eks-platform",
            stack: "network-shared",
            today: TODAY,
            region: TEST_REGION_FACTS,
            deploying: false,
        });

    it("reads only the network, without the keys a cluster requires", () => {
        const loaded = network({});
        assert.strictEqual(loaded.role, "network");
        assert.ok(loaded.role === "network" && loaded.network.network.transitGateway);
        assert.strictEqual(loaded.role === "network" && loaded.network.name, "eks-platform-network-shared");
    });

    it("refuses pod subnets on a network stack, and on a cluster stack whose network is declared elsewhere", () => {
        assert.throws(
            () => network({ "network.podCidr": "100.64.0.0/16" }),
            (error: unknown) => error instanceof ConfigValidationError && error.problems.some((p) => p.key === "eks-platform:network.podCidr" && /a network stack does not export them yet/.test(p.allowed)),
        );
        assert.match(problem(onExisting(EXISTING, { "network.podCidr": "100.64.0.0/16", "cluster.vpcCni.prefixDelegation": "true" }), "network.podCidr"), /this one's is declared elsewhere \(network\.existing, network\.fromStack\); not supported yet/);
    });

    it("refuses an IPv6 network on a network stack, and on a cluster stack whose network is declared elsewhere", () => {
        assert.throws(
            () => network({ "network.ipFamily": "ipv6" }),
            (error: unknown) => error instanceof ConfigValidationError && error.problems.some((p) => p.key === "eks-platform:network.ipFamily" && /a network stack does not export IPv6 subnets yet/.test(p.allowed)),
        );
        assert.match(problem(onExisting(EXISTING, { "network.ipFamily": "ipv6" }), "network.ipFamily"), /makes the VPC this stack declares dual-stack, and this one's is declared elsewhere/);
        // Pulumi.yaml's default, which the CLI hands every stack, is no conflict.
        assert.strictEqual(network({ "network.ipFamily": "ipv4" }).role, "network");
    });

    it("refuses what belongs to a cluster stack, naming each key", () => {
        assert.throws(
            () => network({ nodeGroups: [{ name: "general", instanceTypes: ["m6i.large"], minSize: 1, maxSize: 2 }], "cluster.version": "1.35", "network.fromStack": REFERENCE }),
            (error: unknown) => {
                assert.ok(error instanceof ConfigValidationError);
                assert.deepStrictEqual(error.problems.map((p) => p.key).sort(), ["eks-platform:cluster.version", "eks-platform:network.fromStack", "eks-platform:nodeGroups"]);
                assert.match(error.problems[0].allowed, /a network stack \(stackRole: network\) declares no cluster/);
                return true;
            },
        );
    });

    it("refuses every key of a cluster stack set in its file, not a chosen few, and takes Pulumi.yaml's defaults", () => {
        assert.strictEqual(network({ "cluster.logRetentionDays": keySpec("cluster.logRetentionDays").default, "cluster.upgradePolicy": "STANDARD" }).role, "network");
        const clusterKeys = CONFIG_KEYS.map((k) => k.key).filter((key) => !isNetworkStackKey(key));
        // A value of the stack's own, never a default (Pulumi.yaml's defaults reach every stack and are no problem).
        const ownValue = { string: "other", integer: 12345, boolean: "maybe", array: ["other"], object: { other: true } };
        assert.ok(clusterKeys.includes("cluster.logTypes") && clusterKeys.includes("cluster.addons") && !clusterKeys.includes("network.natStrategy"));
        assert.throws(
            () => network(Object.fromEntries(clusterKeys.map((key) => [key, ownValue[keySpec(key).type]]))),
            (error: unknown) => {
                assert.ok(error instanceof ConfigValidationError);
                assert.deepStrictEqual(error.problems.map((p) => p.key.replace("eks-platform:", "")).sort(), [...clusterKeys].sort());
                return true;
            },
        );
    });
});

describe("the program across stacks", () => {
    it("declares only the network in a network stack, without cluster tags, and exports it by zone ID", async () => {
        const config = qualifiedConfig({ stackRole: "network", "cluster.version": undefined, "cluster.endpoint.mode": undefined, "cluster.endpoint.privateAccessCidrs": undefined, "cluster.adminPrincipalArns": undefined, nodeGroups: undefined });
        const result = await runProgram(config, "network-shared");
        assert.deepStrictEqual(ofType(result, "aws:eks/cluster:Cluster"), []);
        const subnets = ofType(result, "aws:ec2/subnet:Subnet");
        assert.strictEqual(subnets.length, 6);
        assert.ok(subnets.every((s) => !Object.keys(s.inputs.tags).some((k) => k.startsWith("kubernetes.io/cluster/"))), "cluster stacks add their own");
        assert.ok(subnets.some((s) => s.inputs.tags["kubernetes.io/role/internal-elb"] === "1"));
        const network = await new Promise<any>((resolve) => require("@pulumi/pulumi").output(result.outputs.network).apply(resolve));
        // us-east-1a, b, c of the mocked account, whose zone IDs differ from the names' order.
        assert.deepStrictEqual(network.privateSubnets.map((s: { zone: string }) => s.zone), ["use1-az6", "use1-az1", "use1-az2"]);
        assert.strictEqual(network.vpcCidr, "10.0.0.0/16");
        assert.strictEqual(network.privateRouteTableIds.length, 3);
    });

    it("puts the cluster on an existing network: no VPC, its subnets, a cluster tag per subnet, and the origin on the cluster", async () => {
        const result = await runProgram(qualifiedConfig(onExisting()));
        assert.deepStrictEqual(ofType(result, "aws:ec2/vpc:Vpc"), []);
        assert.deepStrictEqual(ofType(result, "aws:ec2/subnet:Subnet"), []);
        const cluster = single(result, "aws:eks/cluster:Cluster");
        assert.deepStrictEqual(cluster.inputs.vpcConfig.subnetIds, ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]);
        assert.strictEqual(cluster.inputs.tags["eks-platform:network"], "existing");
        const tags = ofType(result, "aws:ec2/tag:Tag").map((t) => [t.inputs.resourceId, t.inputs.key, t.inputs.value]);
        assert.deepStrictEqual(tags, [
            ["subnet-0a1b2c3d4e5f60001", "kubernetes.io/cluster/eks-platform-test", "shared"],
            ["subnet-0a1b2c3d4e5f60002", "kubernetes.io/cluster/eks-platform-test", "shared"],
            ["subnet-0a1b2c3d4e5f60003", "kubernetes.io/cluster/eks-platform-test", "shared"],
        ]);
        assert.strictEqual(single(result, "aws:ec2/securityGroup:SecurityGroup", "api-access").inputs.vpcId, "vpc-0a1b2c3d4e5f67890");
        assert.deepStrictEqual(single(result, "aws:eks/nodeGroup:NodeGroup").inputs.subnetIds, ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]);
    });

    it("reads network.fromStack through a stack reference (outputs mocked) and tags the cluster with the reference", async () => {
        const outputs = { network: { ...EXISTING, privateSubnets: [{ id: "net-a", zone: "use1-az1" }, { id: "net-b", zone: "use1-az2" }], publicSubnets: [] } };
        const result = await runProgram(qualifiedConfig({ "network.transitGateway": undefined, "network.fromStack": REFERENCE }), "test", { stackOutputs: { [REFERENCE]: outputs } });
        const cluster = single(result, "aws:eks/cluster:Cluster");
        assert.deepStrictEqual(cluster.inputs.vpcConfig.subnetIds, ["net-a", "net-b"]);
        assert.strictEqual(cluster.inputs.tags["eks-platform:network"], REFERENCE);
        await assert.rejects(
            runProgram(qualifiedConfig({ "network.transitGateway": undefined, "network.fromStack": REFERENCE }), "test", { stackOutputs: { [REFERENCE]: {} } }),
            (error: unknown) => error instanceof ConfigValidationError && /network.fromStack = "organization\/eks-platform\/network-shared": its output network = \(not set\)/.test(error.message),
        );
    });
});

async function check(argv: string[]) {
    process.env.EKS_PLATFORM_EVALUATION_DATE = EVALUATION_DATE;
    return runCheck(parseArgs(argv), await sharedPack());
}

describe("the offline check across stacks", function () {
    this.timeout(120_000);
    it("joins the cluster stack with its network stack's file: the network rules judge the other stack's subnets", async () => {
        const report = await sharedCheck(["--all"]);
        const apps = report.stacks.find((s) => s.stack === "apps-shared")!;
        assert.strictEqual(apps.status, "passed");
        assert.deepStrictEqual(apps.joined, { stack: REFERENCE, file: "Pulumi.network-shared.yaml" });
        assert.strictEqual(apps.judgedElsewhere, undefined, "joined: nothing left to the other stack");
        assert.deepStrictEqual(apps.findings.filter((f) => f.notRunnable && /relations not known/.test(f.message)), []);
        // The network stack's own findings (its VPC's flow logs) are said by its check, not again by the cluster stack's.
        const network = report.stacks.find((s) => s.stack === "network-shared")!;
        assert.deepStrictEqual(network.findings.filter((f) => f.policy === "ec2-vpc-flow-logs").map((f) => f.resource?.name), ["eks-platform-network-shared-vpc"]);
        assert.deepStrictEqual(apps.findings.filter((f) => f.policy === "ec2-vpc-flow-logs"), []);
    });

    it("finds a missing route in the network stack when judging the cluster stack joined with it", async () => {
        const dir = tempDir("eks-check-");
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.apps-shared.yaml"), path.join(dir, "Pulumi.apps-shared.yaml"));
        const network = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.network-shared.yaml"), "utf8").replace(/  eks-platform:network\.transitGateway:[\s\S]*?- 10\.100\.0\.0\/16\n/, "");
        fs.writeFileSync(path.join(dir, "Pulumi.network-shared.yaml"), network);
        const report = await check(["--stack", "apps-shared", "--stack-dir", dir, "--policy-config", path.join(PROJECT_DIR, "policies/config/apps-shared.json")]);
        const finding = report.stacks[0].findings.find((f) => f.policy === "eks-private-endpoint-access-path");
        assert.ok(finding, JSON.stringify(report.stacks[0].findings.map((f) => f.policy)));
        assert.match(finding.message, /Subnet "eks-platform-network-shared-private-us-east-1a".* have no route to it/);
        assert.strictEqual(report.exitCode, 1);
    });

    it("says the network rules are for the network's stack when it is not joined (network.existing)", async () => {
        const dir = tempDir("eks-check-");
        fs.writeFileSync(
            path.join(dir, "Pulumi.given.yaml"),
            [
                "config:",
                "  aws:region: us-east-1",
                `  eks-platform:network.existing: ${JSON.stringify(EXISTING)}`,
                '  eks-platform:cluster.version: "1.35"',
                "  eks-platform:cluster.endpoint.mode: private",
                "  eks-platform:cluster.endpoint.privateAccessCidrs: [10.100.0.0/16]",
                "  eks-platform:cluster.adminPrincipalArns: [arn:aws:iam::210987654321:role/admin]",
                "  eks-platform:nodeGroups: [{ name: general, instanceTypes: [m6i.large], minSize: 2, maxSize: 4 }]",
                "",
            ].join("\n"),
        );
        const report = await check(["--stack", "given", "--stack-dir", dir]);
        const stack = report.stacks[0];
        assert.strictEqual(stack.status, "passed");
        const policies = (stack.judgedElsewhere ?? []).map((n) => n.policy).sort();
        assert.deepStrictEqual(policies, [
            "eks-elb-subnet-tags",
            "eks-nat-per-az",
            "eks-nodes-private-subnets",
            "eks-private-endpoint-access-path",
            "eks-private-endpoint-dns",
            "eks-private-subnet-egress",
            "eks-subnet-ip-capacity",
            "eks-subnets-multi-az",
        ]);
        assert.ok(stack.judgedElsewhere!.every((n) => n.reason.startsWith("the network is declared outside Pulumi (network.existing), not in this stack (")));
        assert.deepStrictEqual(stack.findings.filter((f) => /relations not known/.test(f.message)), [], "not 'can't be known during preview'");
    });

    it("joins a network stack's export given with --with-state, and says how to give one when neither is there", async () => {
        const dir = tempDir("eks-check-");
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.apps-shared.yaml"), path.join(dir, "Pulumi.apps-shared.yaml"));
        const alone = await check(["--stack", "apps-shared", "--stack-dir", dir]);
        assert.strictEqual(alone.exitCode, 2);
        assert.match(alone.stacks[0].error!, /Stack apps-shared takes its network from stack organization\/eks-platform\/network-shared \(network.fromStack\), which is neither given nor beside it: give its export with --with-state <file>/);

        // An export as `pulumi stack export` writes it: the stack resource with its outputs, then the resources.
        const deployed = await runStack("network-shared");
        const network = await new Promise((resolve) => pulumi.output(deployed.outputs.network).apply(resolve));
        const exported = path.join(dir, "network-shared.json");
        const resources = deployed.resources.map((r) => ({ urn: r.urn, type: r.type, custom: r.custom, id: r.outputs.id, inputs: r.inputs, outputs: r.outputs, parent: r.parentUrn, dependencies: r.dependsOnUrns, propertyDependencies: r.propertyDependencies }));
        const root = { urn: "urn:pulumi:network-shared::eks-platform::pulumi:pulumi:Stack::eks-platform-network-shared", type: "pulumi:pulumi:Stack", outputs: { network } };
        fs.writeFileSync(exported, JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [root, ...resources] } }));
        const joined = await check(["--stack", "apps-shared", "--stack-dir", dir, "--with-state", exported, "--policy-config", path.join(PROJECT_DIR, "policies/config/apps-shared.json")]);
        assert.strictEqual(joined.exitCode, 0, joined.stacks[0].error);
        assert.deepStrictEqual(joined.stacks[0].joined, { stack: REFERENCE, file: path.relative(process.cwd(), exported) });
        assert.strictEqual(joined.stacks[0].judgedElsewhere, undefined);
        assert.ok(joined.stacks[0].resources.some((r) => r.type === "aws:ec2/tag:Tag"));
    });
});
