// Stack files importing Pulumi ESC environments: the offline check reads the environments'
// pulumiConfig from their values files and merges them as the Pulumi CLI does (offline/escEnvironments.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseCommand, UsageError } from "../offline/cliArguments";
import { planFromProgram } from "../offline/plan";
import { readStackConfig, StackFileError } from "../offline/stackConfig";
import { PROJECT_DIR } from "./support/mockProgram";
import { tempDir } from "./support/tempDirs";

/** A stack directory with Pulumi.<stack>.yaml and values files esc/<name>.json. */
function stackDir(stackFile: string, values: Record<string, unknown> = {}): string {
    const dir = tempDir("esc-");
    fs.writeFileSync(path.join(dir, "Pulumi.test.yaml"), stackFile);
    for (const [name, content] of Object.entries(values)) {
        fs.mkdirSync(path.dirname(path.join(dir, "esc", `${name}.json`)), { recursive: true });
        fs.writeFileSync(path.join(dir, "esc", `${name}.json`), JSON.stringify(content));
    }
    return dir;
}
const read = (dir: string, given: Record<string, string> = {}) => readStackConfig(PROJECT_DIR, "test", dir, given);

describe("Pulumi ESC environments in the offline check", () => {
    it("gives the environment's pulumiConfig to the stack, in the project's namespace unless one is named, scalars as text", () => {
        const dir = stackDir("environment:\n  - team/shared\nconfig:\n  aws:region: us-east-1\n", {
            "team/shared": { pulumiConfig: { "cluster.version": "1.35", "network.zoneCount": 3, "cluster.oidcProvider": true, "cluster.adminPrincipalArns": ["arn:aws:iam::210987654321:role/admin"], "aws:profile": "ops" }, environmentVariables: { AWS_PROFILE: "ops" } },
        });
        const { config } = read(dir);
        assert.strictEqual(config["eks-platform:cluster.version"], "1.35");
        assert.strictEqual(config["eks-platform:network.zoneCount"], "3");
        assert.strictEqual(config["eks-platform:cluster.oidcProvider"], "true");
        assert.strictEqual(config["eks-platform:cluster.adminPrincipalArns"], '["arn:aws:iam::210987654321:role/admin"]');
        assert.strictEqual(config["aws:profile"], "ops");
    });

    it("lets the stack file's own config win, merging maps key by key", () => {
        const dir = stackDir("environment:\n  - team/shared\nconfig:\n  eks-platform:cluster.version: \"1.36\"\n  eks-platform:tags:\n    owner: payments\n", {
            "team/shared": { pulumiConfig: { "cluster.version": "1.35", tags: { owner: "platform", costCenter: "cc-1" } } },
        });
        const { config } = read(dir);
        assert.strictEqual(config["eks-platform:cluster.version"], "1.36");
        assert.deepStrictEqual(JSON.parse(config["eks-platform:tags"]), { owner: "payments", costCenter: "cc-1" });
    });

    it("merges several environments in order, later ones winning, and a definition's own values over its imports", () => {
        const values = { "org-wide": { pulumiConfig: { "cluster.version": "1.34", "network.natStrategy": "single" } }, "team/shared": { pulumiConfig: { "cluster.version": "1.35" } } };
        assert.strictEqual(read(stackDir("environment:\n  - org-wide\n  - team/shared\nconfig: {}\n", values)).config["eks-platform:cluster.version"], "1.35");
        assert.strictEqual(read(stackDir("environment:\n  - team/shared\n  - org-wide\nconfig: {}\n", values)).config["eks-platform:cluster.version"], "1.34");
        const inline = read(stackDir("environment:\n  imports:\n    - org-wide\n  values:\n    pulumiConfig:\n      network.natStrategy: onePerAz\n", values)).config;
        assert.deepStrictEqual([inline["eks-platform:network.natStrategy"], inline["eks-platform:cluster.version"]], ["onePerAz", "1.34"]);
    });

    it("takes a values file given by name over the one beside the stack files, and a pinned version's file without its @tag", () => {
        const dir = stackDir("environment:\n  - team/shared@stable\nconfig: {}\n", { "team/shared": { pulumiConfig: { "cluster.version": "1.35" } } });
        assert.strictEqual(read(dir).config["eks-platform:cluster.version"], "1.35");
        const given = path.join(tempDir("esc-given-"), "opened.json");
        fs.writeFileSync(given, JSON.stringify({ pulumiConfig: { "cluster.version": "1.34" } }));
        assert.strictEqual(read(dir, { "team/shared@stable": given }).config["eks-platform:cluster.version"], "1.34");
        // A pinned version's own file, when there is one, over the environment's.
        fs.writeFileSync(path.join(dir, "esc", "team", "shared@stable.json"), JSON.stringify({ pulumiConfig: { "cluster.version": "1.33" } }));
        assert.strictEqual(read(dir).config["eks-platform:cluster.version"], "1.33");
    });

    it("gives a network stack run for a cluster stack the same values files", async () => {
        const dir = tempDir("esc-join-");
        const cluster = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.apps-shared.yaml"), "utf8").replace("config:\n", "environment:\n  - team/other\nconfig:\n");
        fs.writeFileSync(path.join(dir, "Pulumi.apps-shared.yaml"), cluster);
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.network-shared.yaml"), path.join(dir, "Pulumi.network-shared.yaml"));
        const values = path.join(dir, "other.json");
        fs.writeFileSync(values, JSON.stringify({ pulumiConfig: { "cluster.logRetentionDays": 60 } }));
        const plan = await planFromProgram("apps-shared", path.join(dir, "Pulumi.apps-shared.yaml"), [], undefined, { "team/other": values });
        const logs = plan.resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!;
        assert.strictEqual(logs.inputs?.retentionInDays, 60);
    });

    it("plans a secret it cannot see like a secure: key: with the declared default, or refuses one without", () => {
        const dir = stackDir("environment:\n  - team/shared\nconfig: {}\n", { "team/shared": { pulumiConfig: { protect: "[secret]", "aws:secretKey": "[secret]" } } });
        const { config, unseen } = read(dir);
        assert.deepStrictEqual(unseen, [{ key: "eks-platform:protect", plannedWith: "false" }]);
        assert.strictEqual(config["aws:secretKey"], "[secret]");
        const blind = stackDir("environment:\n  - team/shared\nconfig: {}\n", { "team/shared": { pulumiConfig: { "cluster.version": "[secret]" } } });
        assert.throws(() => read(blind), (error: unknown) => error instanceof StackFileError && /eks-platform:cluster\.version is secure/.test(error.message));
    });

    it("names every environment whose values it lacks, and the command that writes them", () => {
        const dir = stackDir("environment:\n  - team/shared\n  - team/network\nconfig: {}\n");
        assert.throws(
            () => read(dir),
            (error: unknown) =>
                error instanceof StackFileError &&
                /imports Pulumi ESC environments whose values the check does not have: team\/shared \(looked for .*esc\/team\/shared\.json.*\); team\/network \(.*\)\. Write each with `pulumi env open <org>\/<environment> --format json > <file>` .*--environment-values <environment>=<file>/.test(error.message),
        );
    });

    it("refuses what is not an environment list or definition, and values files that are not what pulumi env open prints", () => {
        assert.throws(() => read(stackDir("environment: team/shared\nconfig: {}\n")), /environment: must list ESC environment names/);
        const notJson = stackDir("environment:\n  - team/shared\nconfig: {}\n");
        fs.mkdirSync(path.join(notJson, "esc", "team"), { recursive: true });
        fs.writeFileSync(path.join(notJson, "esc", "team", "shared.json"), "pulumiConfig: {}");
        assert.throws(() => read(notJson), /ESC values file .*shared\.json \(environment team\/shared\) is not JSON/);
        assert.throws(() => read(stackDir("environment:\n  - team/shared\nconfig: {}\n", { "team/shared": { pulumiConfig: ["x"] } })), /pulumiConfig must be a map of config keys to values/);
    });

    it("reads --environment-values <environment>=<file>, refusing a missing = or file", () => {
        const file = path.join(tempDir("esc-cli-"), "shared.json");
        fs.writeFileSync(file, "{}");
        const parsed = parseCommand(["--environment-values", `eks-platform/shared=${file}`], PROJECT_DIR);
        assert.ok(parsed.kind === "check" && parsed.options.environmentValues["eks-platform/shared"] === file);
        assert.throws(() => parseCommand(["--environment-values", "shared.json"], PROJECT_DIR), (e: unknown) => e instanceof UsageError && /expected <environment>=<file>/.test((e as Error).message));
        assert.throws(() => parseCommand(["--environment-values", "x=/no/such.json"], PROJECT_DIR), /\/no\/such\.json: no such file/);
    });

    it("checks dev, staging and prod with the shared environment they import", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const { config } = readStackConfig(PROJECT_DIR, stack);
            assert.deepStrictEqual(JSON.parse(config["eks-platform:cluster.adminPrincipalArns"]), ["arn:aws:iam::111122223333:role/eks-platform-admin"], stack);
        }
    });
});
