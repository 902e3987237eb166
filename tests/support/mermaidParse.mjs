// Parses Mermaid diagrams with the real Mermaid parser (the `mermaid` package's parse, the code
// GitHub's renderer runs), for tests: a JSON array of diagram texts on stdin, a JSON array of
// { ok, error? } on stdout. ESM and a DOM (jsdom, for mermaid's DOMPurify) are why it is a
// process of its own.
import { JSDOM } from "jsdom";

globalThis.window = new JSDOM("").window;
const { default: mermaid } = await import("mermaid");

let input = "";
for await (const chunk of process.stdin) {
    input += chunk;
}
const results = [];
for (const diagram of JSON.parse(input)) {
    try {
        await mermaid.parse(diagram);
        results.push({ ok: true });
    } catch (error) {
        results.push({ ok: false, error: String(error?.message ?? error).split("\n").slice(0, 3).join(" ") });
    }
}
process.stdout.write(JSON.stringify(results));
