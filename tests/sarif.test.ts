// SARIF as GitHub code scanning reads it: the schema, the fields GitHub requires or rates by, and
// fingerprints that are unique per finding and the same on the next run.
import * as assert from "assert";
import Ajv04 from "ajv-draft-04";
import * as fs from "fs";
import * as path from "path";
import { parseArgs, render, runCheck } from "../offline/check";
import { CheckReport } from "../offline/report/model";
import { PROJECT_DIR } from "./support/mockProgram";
import { sharedCheck } from "./support/sharedChecks";
import { sharedPack } from "./support/sharedPack";
import { tempDir } from "./support/tempDirs";

/** prod's policy config with another monthly budget, written beside the stack file. */
function writeBudget(dir: string, budget: number): string {
    const config = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "config", "prod.json"), "utf8"));
    config["eks-monthly-cost-budget"].monthlyBudgetUsd = budget;
    const file = path.join(dir, "prod-budget.json");
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
}

const EXPORTS = path.join(__dirname, "fixtures", "stack-exports");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const validateSarif = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

async function check(argv: string[]): Promise<CheckReport> {
    process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-11-22";
    return runCheck(parseArgs(argv), await sharedPack());
}
const sarifOf = (report: CheckReport) => JSON.parse(render(report, "sarif", false));

describe("SARIF for code scanning", function () {
    this.timeout(180_000);
    let all: CheckReport;
    let sarif: any;

    before(async () => {
        all = await sharedCheck(["--all"]);
        sarif = sarifOf(all);
    });

    it("is valid SARIF 2.1.0 with the fields GitHub requires", () => {
        assert.ok(validateSarif(JSON.parse(JSON.stringify(sarif))), JSON.stringify(validateSarif.errors, null, 2));
        const run = sarif.runs[0];
        assert.ok(run.tool.driver.name);
        assert.ok(run.results.length >= 10, `fixture: --all has findings (${run.results.length})`);
        for (const r of run.results) {
            assert.ok(r.ruleId && r.message.text && r.locations[0].physicalLocation.artifactLocation.uri, JSON.stringify(r));
            assert.strictEqual(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
        }
    });

    it("gives every rule help text and markdown, a precision, tags, and security-severity on security rules", () => {
        for (const rule of sarif.runs[0].tool.driver.rules) {
            assert.match(rule.help.text, /Why: .+\n\nHow to fix: .+\n\nSource: .+/s, rule.id);
            assert.match(rule.help.markdown, /\[Policy reference\]\(docs\/policies\.md#[a-z0-9-]+\)$/, rule.id);
            assert.ok(["very-high", "high", "medium", "low"].includes(rule.properties.precision), rule.id);
            if (rule.properties.tags.includes("security")) {
                const score = Number(rule.properties["security-severity"]);
                assert.ok(score > 0 && score <= 10, `${rule.id}: security-severity ${rule.properties["security-severity"]}`);
            } else {
                assert.strictEqual(rule.properties["security-severity"], undefined, rule.id);
            }
        }
        const byId = new Map(sarif.runs[0].tool.driver.rules.map((r: any) => [r.id, r]));
        assert.strictEqual((byId.get("ec2-no-public-ssh") as any).properties["security-severity"], "9.5", "critical maps above 9.0");
        assert.strictEqual((byId.get("eks-nodes-imdsv2") as any).properties["security-severity"], "8.0", "high maps to 7.0-8.9");
        assert.strictEqual((byId.get("eks-monthly-cost-budget") as any).properties.precision, "medium");
    });

    it("fingerprints are unique per finding and the same on the next run", async () => {
        const keys = sarif.runs[0].results.map((r: any) => r.partialFingerprints["eksGuard/v2"]);
        assert.strictEqual(new Set(keys).size, keys.length, "colliding fingerprints");
        // A run of its own (a new program run and pack) gives dev's findings the same fingerprints.
        const ofDev = (results: any[]) => results.filter((r) => r.message.text.startsWith("[dev] ")).map((r) => r.partialFingerprints["eksGuard/v2"]);
        const again = ofDev(sarifOf(await check(["--stack", "dev"])).runs[0].results);
        assert.ok(again.length > 0, "fixture: dev has findings");
        assert.deepStrictEqual(again, ofDev(sarif.runs[0].results));
    });

    it("links each rule to its section of the policy reference at the commit on GitHub", () => {
        const saved = { ...process.env };
        Object.assign(process.env, { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/eks-platform", GITHUB_SHA: "0123abc" });
        try {
            const rule = sarifOf(all).runs[0].tool.driver.rules.find((r: any) => r.id === "eks-nat-per-az");
            assert.strictEqual(rule.helpUri, "https://github.com/acme/eks-platform/blob/0123abc/docs/policies.md#eks-nat-per-az");
        } finally {
            for (const key of ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"]) {
                if (saved[key] === undefined) {
                    delete process.env[key];
                } else {
                    process.env[key] = saved[key];
                }
            }
        }
    });

    it("gives every result a line GitHub can place (GH1003), on the key behind it", () => {
        const results = sarif.runs[0].results;
        for (const r of results) {
            const location = r.locations[0].physicalLocation;
            assert.ok(Number.isInteger(location.region?.startLine) && location.region.startLine >= 1, JSON.stringify(r.locations));
            const line = fs.readFileSync(path.join(PROJECT_DIR, location.artifactLocation.uri), "utf8").split("\n")[location.region.startLine - 1];
            // A placeholder is located where its value is written.
            const value = /^\[[\w-]+\] "([^"]+)" is an? /.exec(r.message.text)?.[1];
            if (value) {
                assert.ok(line.includes(value), `${r.message.text.slice(0, 60)} at ${location.artifactLocation.uri}:${location.region.startLine}: ${line}`);
            }
        }
        assert.ok(results.some((r: any) => /^\[prod\] "tgw-0123456789abcdef0" is an AWS documentation example identifier/.test(r.message.text)), "fixture: prod's transit gateway placeholder");
        const tgw = results.find((r: any) => /^\[prod\] "tgw-0123456789abcdef0"/.test(r.message.text));
        assert.strictEqual(tgw.relatedLocations.length, 3, "its three routes, as related locations");
        assert.deepStrictEqual(tgw.relatedLocations.map((l: any) => l.logicalLocations[0].name), [
            "eks-platform-prod-private-us-east-1a-tgw-10-100-0-0-16",
            "eks-platform-prod-private-us-east-1b-tgw-10-100-0-0-16",
            "eks-platform-prod-private-us-east-1c-tgw-10-100-0-0-16",
        ]);
    });

    it("points a node group's finding at that group's own entry, and a default's at its declaration in Pulumi.yaml", async () => {
        const dir = tempDir("sarif-");
        const prod = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
        // The system group below prod's floor of 2 nodes.
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), prod.replace("      minSize: 3\n      desiredSize: 3\n      maxSize: 6\n", "      minSize: 1\n      desiredSize: 1\n      maxSize: 6\n"));
        const results = sarifOf(await check(["--stack", "prod", "--stack-dir", dir])).runs[0].results;
        const lines = fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8").split("\n");
        const scaling = results.find((r: any) => r.ruleId === "eks-nodegroup-scaling");
        assert.ok(scaling, results.map((r: any) => r.ruleId).join());
        assert.strictEqual(lines[scaling.locations[0].physicalLocation.region.startLine - 1], "    - name: system");
        // prod sets no authentication mode: a policy that refuses the default API points at the default.
        const config = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "config", "prod.json"), "utf8"));
        config["eks-authentication-mode"].allowedModes = ["API_AND_CONFIG_MAP"];
        fs.writeFileSync(path.join(dir, "modes.json"), JSON.stringify(config));
        const mode = sarifOf(await check(["--stack", "prod", "--stack-dir", dir, "--policy-config", path.join(dir, "modes.json")])).runs[0].results.find((r: any) => r.ruleId === "eks-authentication-mode");
        assert.ok(mode, "fixture: the default mode API is refused");
        assert.match(mode.locations[0].physicalLocation.artifactLocation.uri, /(^|\/)Pulumi\.yaml$/);
        const declared = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8").split("\n");
        assert.strictEqual(declared[mode.locations[0].physicalLocation.region.startLine - 1], "  cluster.authenticationMode:");
        // A budget finding is about the stack: it points at where most of the money goes.
        const budget = sarifOf(await check(["--stack", "prod", "--stack-dir", dir, "--policy-config", writeBudget(dir, 100)])).runs[0].results.find((r: any) => r.ruleId === "eks-monthly-cost-budget");
        assert.strictEqual(lines[budget.locations[0].physicalLocation.region.startLine - 1], "    - name: general");
    });

    it("locates findings on a state file at the resource's line", async () => {
        const file = path.join(EXPORTS, "pulumi-eks-managed-nodegroups.json");
        const report = await check(["--from-state", file, "--policy-config", path.join(PROJECT_DIR, "policies", "config", "prod.json")]);
        const results = sarifOf(report).runs[0].results.filter((r: any) => r.locations[0].logicalLocations);
        assert.ok(results.length > 0, "fixture: the export has findings on resources");
        const lines = fs.readFileSync(file, "utf8").split("\n");
        for (const r of results) {
            const line = r.locations[0].physicalLocation.region?.startLine;
            assert.ok(line, `${r.ruleId} has a region`);
            assert.ok(lines[line - 1].includes(`"urn": "${r.locations[0].logicalLocations[0].fullyQualifiedName}"`), `${r.ruleId} line ${line}`);
        }
    });
});
