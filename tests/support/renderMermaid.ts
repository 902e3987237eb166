// Renders Mermaid diagrams in a real browser (Debian's headless Chromium driven by playwright-core),
// with the `mermaid` package's own build, in a container as wide as a pull-request comment, and
// measures what a reader sees: the drawn width, the smallest label's size on screen, where the
// groups (zones) are, and which nodes carry a change's colour.
import * as fs from "fs";
import * as path from "path";
import { chromium } from "playwright-core";

/** Where Debian's chromium package installs the browser; CHROMIUM_PATH overrides it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The width a diagram has in a pull-request comment's conversation column (GitHub scales wider ones down). */
export const COMMENT_WIDTH = 800;

export interface Rendered {
    /** The diagram's own width (its viewBox), before any scaling to the container. */
    naturalWidth: number;
    /** The width drawn in the container. */
    shownWidth: number;
    shownHeight: number;
    /** The smallest label font size on screen, in CSS pixels (its font size times the scaling). */
    smallestLabelPx: number;
    /** Group labels (subgraphs) with their top edge on screen, top first. */
    groups: { label: string; top: number }[];
    /** Nodes by the change class they carry (added, replaced, updated). */
    marked: Record<string, number>;
}

export function browserAvailable(): boolean {
    return fs.existsSync(CHROMIUM);
}

/** Renders each diagram; `screenshots` (a directory) keeps a picture of each, named by its key. */
export async function renderMermaid(diagrams: Record<string, string>, screenshots?: string): Promise<Record<string, Rendered>> {
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        // As root on a machine without a network: no sandbox, no GPU, no background connections.
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
        const page = await browser.newPage({ viewport: { width: COMMENT_WIDTH + 200, height: 900 } });
        await page.setContent(`<html><body style="margin:0"><div id="comment" style="width:${COMMENT_WIDTH}px"></div></body></html>`);
        await page.addScriptTag({ path: path.join(path.dirname(require.resolve("mermaid/package.json")), "dist", "mermaid.min.js") });
        await page.evaluate(() => (window as any).mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
        const results: Record<string, Rendered> = {};
        for (const [key, text] of Object.entries(diagrams)) {
            results[key] = await page.evaluate(async ([id, source]) => {
                const { svg } = await (window as any).mermaid.render(id, source);
                const container = document.getElementById("comment")!;
                container.innerHTML = svg;
                const element = container.querySelector("svg")!;
                const box = element.getBoundingClientRect();
                const scale = box.width / element.viewBox.baseVal.width;
                const labels = [...element.querySelectorAll(".nodeLabel, .edgeLabel, .cluster-label")].filter((n) => (n.textContent ?? "").trim() !== "");
                const sizes = labels.map((n) => parseFloat(getComputedStyle(n).fontSize) * scale);
                const groups = [...element.querySelectorAll("g.cluster")].map((g) => ({ label: (g.querySelector(".cluster-label")?.textContent ?? "").trim(), top: g.getBoundingClientRect().top }));
                const marked: Record<string, number> = {};
                for (const kind of ["added", "replaced", "updated"]) {
                    marked[kind] = element.querySelectorAll(`g.node.${kind}`).length;
                }
                return {
                    naturalWidth: element.viewBox.baseVal.width,
                    shownWidth: box.width,
                    shownHeight: box.height,
                    smallestLabelPx: Math.min(...sizes),
                    groups: groups.sort((a, b) => a.top - b.top),
                    marked,
                };
            }, [`d${Object.keys(results).length}`, text] as const);
            if (screenshots) {
                await page.locator("#comment").screenshot({ path: path.join(screenshots, `${key}.png`) });
            }
        }
        return results;
    } finally {
        await browser.close();
    }
}
