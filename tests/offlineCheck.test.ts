import * as assert from "assert";
import { allPolicies } from "../policies/rules";
import Ajv04 from "ajv-draft-04";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs, render, runCheck } from "../offline/check";
import { CheckReport } from "../offline/report/model";
import { PROJECT_DIR } from "./support/mockProgram";
import { sharedCheck } from "./support/sharedChecks";
import { tempDir } from "./support/tempDirs";
import { sharedPack } from "./support/sharedPack";
import { PolicyAnalyzer } from "../offline/policyAnalyzer";

const EVALUATION_DATE = "2026-11-22";
const EXPORTS = path.join(__dirname, "fixtures", "stack-exports");

// One pack for the file's checks (each would otherwise start its own, about a second each).
let pack: PolicyAnalyzer | undefined;

function check(argv: string[]): Promise<CheckReport> {
    process.env.EKS_PLATFORM_EVALUATION_DATE = EVALUATION_DATE;
    return runCheck(parseArgs(argv), pack);
}

/** A stack directory with one stack file: a real one changed by `edit`. */
function wrongStackDir(from: string, name: string, edit: (text: string) => string): string {
    const dir = tempDir("eks-check-");
    fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), edit(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${from}.yaml`), "utf8")));
    return dir;
}

const policiesOf = (report: CheckReport, level = "mandatory") =>
    new Set(report.stacks.flatMap((s) => s.findings.filter((f) => !f.notRunnable && f.enforcementLevel === level).map((f) => f.policy)));

describe("npm run check", function () {
    this.timeout(240_000);
    before(async () => {
        pack = await sharedPack();
    });

    it("runs as a command (what npm run check runs): the dev stack passes with exit 0 and a summary line", () => {
        const result = spawnSync(process.execPath, ["scripts/check.js", "--stack", "dev"], {
            cwd: PROJECT_DIR,
            env: { ...process.env, EKS_PLATFORM_EVALUATION_DATE: EVALUATION_DATE, NO_COLOR: "1" },
            encoding: "utf8",
        });
        assert.strictEqual(result.status, 0, result.stderr);
        assert.match(result.stdout, /[├└]─ eks-platform:network:Network {2}eks-platform-dev/);
        assert.match(result.stdout, /dev: 48 resources, 0 mandatory, 4 advisory, 2 could not check yet, 0 remediated: PASSED/);
    });

    it("--all checks every stack file: exit 0 and the expected resource counts", async () => {
        const report = await sharedCheck(["--all"]);
        assert.strictEqual(report.exitCode, 0);
        assert.deepStrictEqual(
            report.stacks.map((s) => [s.stack, s.status, s.summary.resources]),
            [
                ["apps-shared", "passed", 34],
                ["batch", "passed", 90],
                ["corporate", "passed", 59],
                ["dev", "passed", 48],
                ["ipv6", "passed", 57],
                ["network-shared", "passed", 34],
                ["prod", "passed", 101],
                ["sandbox", "passed", 41],
                ["staging", "passed", 63],
            ],
        );
        assert.strictEqual(report.policies.length, allPolicies.length);
    });

    it("says the sandbox's Auto Mode nodes are not in the cost estimate, instead of pricing them", async () => {
        const report = await sharedCheck(["--all"]);
        const sandbox = report.stacks.find((s) => s.stack === "sandbox")!;
        assert.strictEqual(
            sandbox.cost!.notIncluded[0],
            'the EC2 instances EKS Auto Mode launches for Cluster "eks-platform-sandbox-cluster" and its per-instance management fee on top of their EC2 price (https://aws.amazon.com/eks/pricing/)',
        );
        // Cluster $73.00, one NAT gateway $32.85, its address $3.65, the secrets key $1.00: no node line.
        assert.strictEqual(sandbox.cost!.totalUsd, 110.5);
        assert.ok(!sandbox.cost!.lines.some((l) => /NodeGroup|Auto Mode/.test(l.item)));
        assert.ok(!report.stacks.find((s) => s.stack === "dev")!.cost!.notIncluded.some((n) => /Auto Mode/.test(n)));
    });

    it("prices a stack in another region at us-east-1 prices and says so in every format; a stack file without aws:region says the region is not known", async () => {
        const ireland = await check(["--stack", "dev", "--stack-dir", wrongStackDir("dev", "dev", (t) => t.replace("aws:region: us-east-1", "aws:region: eu-west-1"))]);
        const cost = ireland.stacks[0].cost!;
        assert.deepStrictEqual(cost.stackRegion, { name: "eu-west-1", from: "aws:region in Pulumi.dev.yaml" });
        assert.strictEqual(cost.foreignPrices, "every figure is us-east-1 list prices, not eu-west-1's (no source of eu-west-1's prices is in policies/data)");
        assert.match(render(ireland, "terminal", false), /Estimated monthly cost: \$[\d,.]+ \(us-east-1 list prices of 2026-07-20; stack region eu-west-1, from aws:region in Pulumi\.dev\.yaml\)\n {2}note: every figure is us-east-1 list prices, not eu-west-1's/);
        assert.match(render(ireland, "markdown", false), /\*\*Estimated monthly cost\*\*: \$[\d,.]+ \(us-east-1 list prices of 2026-07-20\)\. \*\*Note:\*\* every figure is us-east-1 list prices, not eu-west-1's/);
        const unset = await check(["--stack", "dev", "--stack-dir", wrongStackDir("dev", "dev", (t) => t.replace("  aws:region: us-east-1\n", ""))]);
        assert.strictEqual(unset.stacks[0].cost!.stackRegion, undefined, "not guessed from the mocked zones");
        assert.strictEqual(unset.stacks[0].cost!.foreignPrices, "the stack's region is not known here: the figures are us-east-1 list prices");
    });

    it("plans like a preview: values computed by AWS are unknown, and rules needing them say so", async () => {
        const report = await check(["--stack", "dev"]);
        const notRunnable = report.stacks[0].findings.filter((f) => f.notRunnable).map((f) => f.policy).sort();
        assert.deepStrictEqual(notRunnable, ["eks-public-endpoint-cidrs", "iam-no-admin-wildcards"], "the NAT address and the KMS key ARN are unknown");
    });

    it("exits 1 with the expected policies for stack files made wrong", async () => {
        const singleNat = wrongStackDir("prod", "prod", (t) => t.replace("network.natStrategy: onePerAz", "network.natStrategy: single"));
        const report = await check(["--stack", "prod", "--stack-dir", singleNat]);
        assert.strictEqual(report.exitCode, 1);
        assert.ok(policiesOf(report).has("eks-nat-per-az"));

        const unprotected = wrongStackDir("prod", "prod", (t) => t.replace("eks-platform:protect: true", "eks-platform:protect: false"));
        assert.ok(policiesOf(await check(["--stack", "prod", "--stack-dir", unprotected])).has("eks-protect-stateful"));

        const open = wrongStackDir("staging", "staging", (t) => t.replace("- 203.0.113.0/24", '- "0.0.0.0/0"'));
        const openReport = await check(["--stack", "staging", "--stack-dir", open]);
        assert.strictEqual(openReport.exitCode, 1);
        assert.ok(policiesOf(openReport).has("eks-public-endpoint-cidrs"));
    });

    it("exits 2 with the stack's config error", async () => {
        const dir = wrongStackDir("dev", "dev", (t) => t.replace("network.zoneCount: 2", "network.zoneCount: 1"));
        const report = await check(["--stack", "dev", "--stack-dir", dir]);
        assert.strictEqual(report.exitCode, 2);
        assert.strictEqual(report.stacks[0].status, "error");
        assert.match(report.stacks[0].error!, /eks-platform:network\.zoneCount = "1": must be an integer from 2 to 6/);
    });

    it("exits 2 for a policy config that does not match the policies' schemas", async () => {
        const file = path.join(tempDir("eks-check-"), "bad.json");
        fs.writeFileSync(file, JSON.stringify({ "eks-endpoint-mode-allowed": { allowedModes: ["internal"] } }));
        const report = await check(["--stack", "dev", "--policy-config", file]);
        assert.strictEqual(report.exitCode, 2);
        assert.match(report.stacks[0].error!, /has 1 problem:\n {2}- eks-endpoint-mode-allowed\.allowedModes\[0\] = "internal": must be one of "public", "publicAndPrivate", "private"$/);
    });

    it("--from-state checks a real pulumi stack export", async () => {
        const report = await check(["--from-state", path.join(EXPORTS, "pulumi-eks-managed-nodegroups.json"), "--policy-config", path.join(PROJECT_DIR, "policies/config/prod.json")]);
        assert.strictEqual(report.exitCode, 1);
        assert.strictEqual(report.stacks[0].source, "state");
        assert.strictEqual(report.stacks[0].summary.resources, 83);
        const mandatory = policiesOf(report);
        // @pulumi/eks puts these node groups in all six subnets, three of them public.
        assert.ok(mandatory.has("eks-nodes-private-subnets"));
        // Resources made by @pulumi/eks components are checked directly: state has no component inputs.
        assert.ok(mandatory.has("eks-endpoint-access-explicit"));
    });

    describe("formats", () => {
        let report: CheckReport;
        before(async () => {
            const dir = wrongStackDir("prod", "prod", (t) => t.replace("network.natStrategy: onePerAz", "network.natStrategy: single"));
            report = await check(["--stack", "prod", "--stack-dir", dir]);
        });

        it("json: the documented schema", () => {
            const json = JSON.parse(render(report, "json", false));
            assert.strictEqual(json.schemaVersion, 1);
            assert.strictEqual(json.exitCode, 1);
            const finding = json.stacks[0].findings.find((f: any) => f.policy === "eks-nat-per-az");
            assert.deepStrictEqual(Object.keys(finding).sort(), ["enforcementLevel", "location", "message", "notRunnable", "policy", "resource", "severity"]);
            assert.ok(json.stacks[0].cost.totalUsd > 0);
        });

        it("sarif: valid against the SARIF 2.1.0 schema, located at the offending key's line", () => {
            const sarif: any = JSON.parse(render(report, "sarif", false));
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
            const validate = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
            const document: unknown = JSON.parse(JSON.stringify(sarif));
            assert.ok(validate(document), JSON.stringify(validate.errors, null, 2));
            const result = sarif.runs[0].results.find((r: any) => r.ruleId === "eks-nat-per-az");
            assert.strictEqual(result.level, "error");
            const location = result.locations[0].physicalLocation;
            assert.match(location.artifactLocation.uri, /Pulumi\.prod\.yaml$/);
            const stackFile = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8").split("\n");
            const line = stackFile.findIndex((l) => l.includes("network.natStrategy")) + 1;
            assert.strictEqual(location.region.startLine, line);
            const rule = sarif.runs[0].tool.driver.rules.find((r: any) => r.id === "eks-nat-per-az");
            assert.match(rule.shortDescription.text, /NAT gateway in the same zone/);
        });

        it("markdown: summary, violations table, cost and a Mermaid diagram of the environment", () => {
            const markdown = render(report, "markdown", false);
            // A single NAT gateway: two NAT gateways and their addresses fewer than the real prod (97).
            assert.match(markdown, /\| prod \| ❌ failed \| 97 \| 2 \| 4 \| 1 \| \$817\.43 \|/);
            assert.match(markdown, /\| mandatory \| medium \| \[`eks-nat-per-az`\]\(docs\/policies\.md#eks-nat-per-az\) \| `eks-platform-prod-private-us-east-1b` \(Subnet\) \|/);
            assert.ok(markdown.indexOf("| mandatory |") < markdown.indexOf("| advisory |"), "mandatory rows first");
            assert.match(markdown, /<summary>Could not check yet: 1 \(values unknown until the resources exist; nothing is wrong yet\)<\/summary>/);
            assert.match(markdown, /\| \[`iam-no-admin-wildcards`\]\(docs\/policies\.md#iam-no-admin-wildcards\) \(critical\) \| `eks-platform-prod-secrets-encryption` \(RolePolicy\) \| Its policy is built from the ARN of Key "eks-platform-prod-secrets", which AWS assigns when it creates it\./);
            assert.doesNotMatch(markdown, /can't run policy/);
            assert.match(markdown, /\*\*Estimated monthly cost\*\*: \$817\.43/);
            assert.match(markdown, /\| Instance "eks-platform-prod-access-host": 1 x 8 GiB gp3 volume \| 0\.64 \| the Amazon Linux 2023 AMI's 8 GiB root volume \(the plan leaves the size to the AMI\) \|/);
            assert.match(markdown, /\| NodeGroup "eks-platform-prod-general": 3 x m6i\.xlarge \| 420\.48 \| EKS launches On-Demand nodes in the order of m6i\.xlarge, m7i\.xlarge: the first while it has capacity; up to \$1,681\.92 at 12 nodes \(maxSize\) \|/);
            assert.doesNotMatch(markdown, /price region/, "one price region: no column for it");
            assert.match(markdown, /- Not included: the pods FargateProfile "coredns" runs .*\n- Not included: the pods FargateProfile "payments" runs/);
            assert.match(markdown, /```mermaid\nflowchart /);
            assert.match(markdown, /eks-platform-prod-general/);
        });

        it("terminal: tree, findings by level, summary; colour only when asked", () => {
            const plain = render(report, "terminal", false);
            assert.match(plain, /Mandatory violations \(2\)/);
            assert.match(plain, /prod: 97 resources, 2 mandatory, 4 advisory, \d+ could not check yet, 0 remediated: FAILED/);
            assert.ok(!plain.includes("\u001b["));
            assert.ok(render(report, "terminal", true).includes("\u001b[31m"));
        });
    });
});
