// The pull-request comment says what the findings say: nothing in a message is taken for markup.
import * as assert from "assert";
import { cell, COMMENT_LIMIT, markdownReport } from "../offline/report/markdown";
import { CheckReport } from "../offline/report/model";
import { sharedCheck } from "./support/sharedChecks";

describe("markdown report cells", () => {
    it("keeps HTML-like text, pipes, markup characters and line breaks as text", () => {
        assert.strictEqual(cell("set keyArn: <KMS key ARN>"), "set keyArn: &lt;KMS key ARN&gt;");
        assert.strictEqual(cell("a | b"), "a \\| b");
        assert.strictEqual(cell("*wild* _name_ [0] `code`"), "\\*wild\\* \\_name\\_ \\[0\\] \\`code\\`");
        assert.strictEqual(cell("R&D"), "R&amp;D");
        assert.strictEqual(cell("one\ntwo\r\nthree"), "one<br>two<br>three");
        assert.strictEqual(cell("back\\slash"), "back\\\\slash");
    });
});

describe("the pull-request comment's shape", function () {
    this.timeout(180_000);
    let all: CheckReport;

    before(async () => {
        all = await sharedCheck(["--all"]);
    });

    /** The report with every stack compared: `changed` ones got a new finding, the others nothing. */
    function compared(changed: string[]): CheckReport {
        return {
            ...all,
            stacks: all.stacks.map((s) => {
                const counted = s.findings.filter((f) => !f.notRunnable);
                const isChanged = changed.includes(s.stack);
                return {
                    ...s,
                    comparison: {
                        base: "main @ 1a2b3c4",
                        baseHasStack: true,
                        findings: { new: isChanged ? counted.slice(0, 1) : [], fixed: [], unchanged: isChanged ? counted.slice(1) : counted },
                        cost: { beforeUsd: s.cost!.totalUsd, afterUsd: s.cost!.totalUsd, diffUsd: 0, pricedDiffUsd: 0, lines: [] },
                    },
                };
            }),
        };
    }

    it("leads with the changed stacks and gives unchanged ones their roll-up row only", () => {
        const markdown = markdownReport(compared(["staging", "prod"]));
        const sections = [...markdown.matchAll(/^### (\S+) · /gm)].map((m) => m[1]);
        assert.deepStrictEqual(sections, ["prod", "staging"], "changed stacks only, in the order given");
        const rollup = markdown.slice(0, markdown.indexOf("\n\n", markdown.indexOf("| stack |")));
        const rows = [...rollup.matchAll(/^\| \**([a-z0-9-]+)\** \| /gm)].map((m) => m[1]).filter((s) => s !== "stack");
        assert.deepStrictEqual(rows.slice(0, 2), ["prod", "staging"], "changed stacks first in the roll-up");
        assert.strictEqual(rows.length, all.stacks.length);
        assert.match(markdown, new RegExp(`^\\| all ${all.stacks.length} stacks \\| \\| \\| \\| \\$[\\d,.]+ \\| \\$0\\.00 \\|$`, "m"));
        assert.match(markdown, /No section for `apps-shared`, `batch`, `corporate`, `dev`, `ipv6`, `network-shared`, `sandbox`: nothing in them changes against main @ 1a2b3c4/);
        assert.strictEqual((markdown.match(/```mermaid/g) ?? []).length, 4, "diagrams of the changed stacks only");
    });

    it("stays within GitHub's 65,536 characters however many stacks, and says what it left out", () => {
        // 200 copies of every stack, each with a new finding: far more than one comment holds, even as rows.
        const many = compared(all.stacks.map((s) => s.stack));
        const copies = (n: number): CheckReport => ({ ...many, stacks: Array.from({ length: n }, (_, i) => many.stacks.map((s) => ({ ...s, stack: `${s.stack}-${i}` }))).flat() });
        const markdown = markdownReport(copies(200));
        assert.ok(markdown.length <= COMMENT_LIMIT, `${markdown.length} characters`);
        assert.match(markdown, new RegExp(`> \\*\\*Shortened\\*\\* to fit GitHub's limit of 65,536 characters a comment: left out the environment diagrams; the cost breakdowns; the unchanged findings; what could not be checked yet, waivers and notes; the sections of ${200 * all.stacks.length} stacks; the roll-up rows of (\\d+) stacks\\.`));
        const [, cut] = /the roll-up rows of (\d+) stacks/.exec(markdown)!;
        const shown = [...markdown.matchAll(/^\| \**[a-z0-9-]+-\d+\** \| /gm)].length;
        assert.ok(shown > 300, `${shown} rows kept`);
        assert.strictEqual(shown + Number(cut), 200 * all.stacks.length);
        assert.match(markdown, new RegExp(`^\\| … ${cut} more stacks, unchanged or with fewer changes \\|`, "m"));
        // 60 copies: the rows fit, some sections go.
        const fewer = markdownReport(copies(60));
        assert.ok(fewer.length <= COMMENT_LIMIT, `${fewer.length} characters`);
        assert.strictEqual([...fewer.matchAll(/^\| \**[a-z0-9-]+-\d+\** \| /gm)].length, 60 * all.stacks.length, "every stack keeps its roll-up row");
        assert.match(fewer, /the sections of \d+ stacks; their rows above stay\./);
        assert.ok([...fewer.matchAll(/^### /gm)].length > 0, "the first changed stacks keep their section");
        // A report that fits is not shortened.
        assert.doesNotMatch(markdownReport(all), /Shortened/);
        assert.ok(markdownReport(all).includes("```mermaid"));
    });
});
