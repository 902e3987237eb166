// Every relative link of README.md and docs/*.md leads somewhere: the file exists and, with an
// anchor, the page has a heading GitHub gives that anchor. Moving a section cannot strand a link.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "./support/mockProgram";

const pages = ["README.md", ...fs.readdirSync(path.join(PROJECT_DIR, "docs")).filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f))];

/** GitHub's heading anchors: lower case, punctuation other than hyphens dropped, spaces to hyphens. */
export function headingAnchors(markdown: string): Set<string> {
    const anchors = new Set<string>();
    let fenced = false;
    for (const line of markdown.split("\n")) {
        if (line.startsWith("```")) {
            fenced = !fenced;
        }
        const heading = !fenced && /^#{1,6} (.+)$/.exec(line);
        if (heading) {
            anchors.add(heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, "").replace(/ /g, "-"));
        }
    }
    return anchors;
}

/** The links of a page outside code blocks and code spans: [text](target). */
function links(markdown: string): string[] {
    const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
    return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

describe("documentation links", () => {
    it("the anchors of a heading are GitHub's", () => {
        assert.deepStrictEqual([...headingAnchors("# Compute: node groups or EKS Auto Mode\n```\n# not a heading\n```\n## Node group fields (`nodeGroups[]`)")], [
            "compute-node-groups-or-eks-auto-mode",
            "node-group-fields-nodegroups",
        ]);
    });

    for (const page of pages) {
        it(`${page}: every relative link leads to a file and heading that exist`, () => {
            const text = fs.readFileSync(path.join(PROJECT_DIR, page), "utf8");
            const broken = links(text)
                .filter((target) => !/^[a-z]+:/.test(target))
                .filter((target) => {
                    const [file, anchor] = target.split("#");
                    const resolved = file ? path.resolve(PROJECT_DIR, path.dirname(page), file) : path.join(PROJECT_DIR, page);
                    if (!fs.existsSync(resolved)) {
                        return true;
                    }
                    return anchor !== undefined && resolved.endsWith(".md") && !headingAnchors(fs.readFileSync(resolved, "utf8")).has(anchor);
                });
            assert.deepStrictEqual(broken, []);
        });
    }
});
