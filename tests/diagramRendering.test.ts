// The pull-request comment's diagrams as a reader sees them: rendered by Mermaid in headless
// Chromium in an 800 px column (GitHub draws a wider diagram scaled down to the column), each must
// be drawn within 800 px at its own size with labels of at least 11 px, its zones top to bottom in
// name order, and a --compare diagram must colour what the change adds, replaces and updates.
// Chromium is Debian's `chromium` package: CI installs it (.ci/run) and sets
// EKS_PLATFORM_REQUIRE_BROWSER=1 so that a missing browser fails there; elsewhere these tests are
// skipped with a message.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseArgs, render, runCheck } from "../offline/check";
import { CheckReport } from "../offline/report/model";
import { PROJECT_DIR } from "./support/mockProgram";
import { browserAvailable, CHROMIUM, COMMENT_WIDTH, Rendered, renderMermaid } from "./support/renderMermaid";
import { sharedCheck } from "./support/sharedChecks";
import { sharedPack } from "./support/sharedPack";
import { tempDir } from "./support/tempDirs";

/** The smallest label a reader can still read at the comment's size. */
const SMALLEST_LABEL_PX = 11;

/** The mermaid blocks of the markdown comment, by stack and position. */
function commentDiagrams(report: CheckReport, prefix = ""): Record<string, string> {
    const markdown = render(report, "markdown", false);
    const blocks: Record<string, string> = {};
    let stack = "";
    let index = 0;
    const lines = markdown.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const heading = /^### (\S+) · /.exec(lines[i]);
        if (heading) {
            [stack, index] = [heading[1], 0];
        }
        if (lines[i] === "```mermaid") {
            const end = lines.indexOf("```", i + 1);
            blocks[`${prefix}${stack}-${index++}`] = lines.slice(i + 1, end).join("\n");
            i = end;
        }
    }
    return blocks;
}

describe("the comment's diagrams in a browser", function () {
    this.timeout(240_000);
    let rendered: Record<string, Rendered> = {};
    let diagrams: Record<string, string> = {};

    before(async function () {
        if (!browserAvailable()) {
            if (process.env.EKS_PLATFORM_REQUIRE_BROWSER === "1") {
                throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium)`);
            }
            console.log(`      (skipped: no browser at ${CHROMIUM}; install Debian's chromium package to run them)`);
            this.skip();
        }
        const all = await sharedCheck(["--all"]);
        // prod with a zone more, bigger nodes in one group and three more groups, against prod as it is.
        const dir = tempDir("diagrams-");
        const base = path.join(dir, "base.json");
        fs.writeFileSync(base, render(await sharedCheck(["--stack", "prod"]), "json", false));
        const more = ["batch", "gpu", "spot"].map((name) => `    - name: ${name}\n      instanceTypes: [m6i.large]\n      minSize: 2\n      maxSize: 4\n`).join("");
        const edited = fs
            .readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8")
            .replace("eks-platform:network.zoneCount: 3", "eks-platform:network.zoneCount: 4")
            .replace("instanceTypes: [m6i.xlarge, m7i.xlarge]", "instanceTypes: [m6i.2xlarge, m7i.2xlarge]")
            .replace("  eks-platform:nodeGroups:\n", `  eks-platform:nodeGroups:\n${more}`);
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), edited);
        const changed = await runCheck(parseArgs(["--stack", "prod", "--stack-dir", dir, "--compare", base, "--compare-label", "main"]), await sharedPack());
        diagrams = { ...commentDiagrams(all), ...commentDiagrams(changed, "changed-") };
        const screenshots = process.env.EKS_PLATFORM_SCREENSHOTS;
        rendered = await renderMermaid(diagrams, screenshots && fs.existsSync(screenshots) ? screenshots : undefined);
    });

    it("draws every stack's network and cluster, and the changed prod's", () => {
        for (const stack of ["dev", "staging", "prod", "sandbox", "apps-shared"]) {
            assert.ok(rendered[`${stack}-0`] && rendered[`${stack}-1`], `${stack}: network and cluster (${Object.keys(rendered).join(", ")})`);
        }
        assert.ok(rendered["network-shared-0"] && !rendered["network-shared-1"], "a network stack has no cluster");
        assert.ok(rendered["changed-prod-0"] && rendered["changed-prod-1"]);
    });

    it(`fits each diagram in ${COMMENT_WIDTH} px at its own size, labels at least ${SMALLEST_LABEL_PX} px`, () => {
        for (const [key, r] of Object.entries(rendered)) {
            assert.ok(r.naturalWidth <= COMMENT_WIDTH, `${key}: ${Math.round(r.naturalWidth)} px wide, scaled down in a comment`);
            assert.ok(r.shownWidth <= COMMENT_WIDTH, `${key}: drawn ${Math.round(r.shownWidth)} px wide`);
            assert.ok(r.smallestLabelPx >= SMALLEST_LABEL_PX, `${key}: labels of ${r.smallestLabelPx.toFixed(1)} px`);
        }
    });

    it("draws the zones top to bottom in name order, a zone added included", () => {
        const zones = (key: string) => rendered[key].groups.map((g) => g.label).filter((l) => /^us-east-1[a-z]$/.test(l));
        assert.deepStrictEqual(zones("prod-0"), ["us-east-1a", "us-east-1b", "us-east-1c"]);
        assert.deepStrictEqual(zones("changed-prod-0"), ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]);
        assert.deepStrictEqual(zones("dev-0"), ["us-east-1a", "us-east-1b"]);
    });

    it("colours what the change adds, replaces and updates, and only in a --compare diagram", () => {
        const changedNetwork = rendered["changed-prod-0"].marked;
        assert.strictEqual(changedNetwork.added, 2, "the new zone's public and private subnets");
        assert.strictEqual(changedNetwork.updated, 1, "the transit gateway attachment, whose subnets grow");
        const changedCluster = rendered["changed-prod-1"].marked;
        assert.strictEqual(changedCluster.added, 3, "three node groups");
        assert.ok(changedCluster.replaced >= 2, `the node groups whose subnets or types change (${changedCluster.replaced})`);
        for (const key of ["prod-0", "prod-1", "dev-1"]) {
            assert.deepStrictEqual(rendered[key].marked, { added: 0, replaced: 0, updated: 0 }, key);
        }
    });

    it("draws the network a cluster stack takes from another stack", () => {
        assert.match(diagrams["apps-shared-0"], /subgraph n0\["VPC 10\.50\.0\.0\/16 · internet gateway \(stack organization\/eks-platform\/network-shared\)"\]/);
        assert.deepStrictEqual(
            rendered["apps-shared-0"].groups.map((g) => g.label).filter((l) => /^us-east-1/.test(l)),
            ["us-east-1a", "us-east-1b", "us-east-1c"],
        );
        assert.match(diagrams["apps-shared-1"], /\["private subnets in us-east-1a, 1b, 1c"\]/);
    });
});
