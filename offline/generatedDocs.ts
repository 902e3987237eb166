// The parts of docs/ that the code can write itself, so they cannot go stale: the config key table
// (config/keys.ts), the check's --help, and sample outputs produced by running what they show. Each
// sits between `<!-- generated: NAME -->` and `<!-- end: NAME -->`; `npm run docs` rewrites them and
// a test fails when a page is out of step. Samples are made on a fixed evaluation day, so a page
// does not change with the calendar.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONFIG_KEYS, ConfigKeySpec } from "../config/keys";
import { HELP } from "./cliArguments";
import { parseArgs, render, runCheck } from "./check";
import { runProgram } from "./mockRun";
import { PolicyAnalyzer } from "./policyAnalyzer";
import { PROJECT_DIR } from "./projectDir";
import { readStackConfig } from "./stackConfig";

/** The day samples are judged on (the tests' day too). */
export const SAMPLE_DAY = "2026-11-22";

/** The label the pull-request sample gives its base, as the workflow does. */
const SAMPLE_BASE_LABEL = "main @ 1a2b3c4";

const typeText = (spec: ConfigKeySpec) =>
    spec.type === "array" ? `list of ${spec.items}` : spec.type === "object" ? "map" : spec.type;

function defaultText(spec: ConfigKeySpec): string {
    if (spec.shownDefault !== undefined) {
        return spec.shownDefault;
    }
    if (spec.required) {
        return "**required**";
    }
    return spec.default === undefined ? "none" : `\`${typeof spec.default === "object" || typeof spec.default === "string" ? JSON.stringify(spec.default) : String(spec.default)}\``;
}

export function configKeyTable(): string {
    const rows = CONFIG_KEYS.map((spec) => `| \`${spec.key}\` | ${typeText(spec)} | ${defaultText(spec)} | ${spec.description} |`);
    return ["| key | type | default | meaning and allowed values |", "|---|---|---|---|", ...rows].join("\n");
}

const fenced = (text: string, info = "") => `\`\`\`${info}\n${text.trimEnd()}\n\`\`\``;

/** The message a stack's program stops with (a config error), run as the given step under mocks. */
async function programError(stack: string, overrides: Record<string, string>, deploy: boolean): Promise<string> {
    const { config } = readStackConfig(PROJECT_DIR, stack);
    try {
        await runProgram({ ...config, ...overrides }, { stack, deploy });
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error(`internal: the ${stack} sample was expected to stop with a config error`);
}

/** The terminal report with the resource tree (from the header to the first blank line) cut to its first lines. */
function trimmedTree(report: string, keep = 8): string {
    const lines = report.split("\n");
    const end = lines.indexOf("", 1);
    if (end < 0 || end - 1 <= keep) {
        return report;
    }
    const total = /(\d+) resources,/.exec(report)?.[1] ?? String(end - 1);
    return [...lines.slice(0, 1 + keep), `│  ...  (${total} resources in all)`, ...lines.slice(end)].join("\n");
}

/** A stack file of this project with one edit, in a directory of its own. */
function editedStackDir(stack: string, edit: (text: string) => string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-docs-"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), edit(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8")));
    return dir;
}

/**
 * The pull-request comment for prod's NAT strategy going from one per zone to one in all, against
 * prod as it is: cut after the cost change (the breakdown, what could not be checked yet and the
 * diagrams follow in the real one), quoted as a comment reads.
 */
async function pullRequestComment(pack?: PolicyAnalyzer): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-docs-"));
    const headDir = editedStackDir("prod", (text) => text.replace("network.natStrategy: onePerAz", "network.natStrategy: single"));
    try {
        const base = path.join(dir, "base.json");
        fs.writeFileSync(base, render(await runCheck(parseArgs(["--stack", "prod"]), pack), "json", false));
        const head = await runCheck(parseArgs(["--stack", "prod", "--stack-dir", headDir, "--compare", base, "--compare-label", SAMPLE_BASE_LABEL]), pack);
        // The comment names the stack file as a run in the repository does, not by this temporary copy.
        const markdown = render(head, "markdown", false).split(`${path.relative(process.cwd(), headDir)}${path.sep}`).join("").split("\n");
        const cost = markdown.findIndex((line) => line.startsWith("**Monthly cost**"));
        let end = markdown.findIndex((line, i) => i > cost && line.startsWith("|"));
        while (end < markdown.length && markdown[end].startsWith("|")) {
            end++;
        }
        return markdown.slice(0, end).map((line) => (line ? `> ${line}` : ">")).join("\n");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(headDir, { recursive: true, force: true });
    }
}

export type Generators = Record<string, () => Promise<string>>;

/** Each generated block by name; `pack` is an eks-guard already started (else each run starts one). */
export function generators(pack?: PolicyAnalyzer): Generators {
    return {
        "config-keys": async () => configKeyTable(),
        "check-help": async () => fenced(HELP),
        "config-error": async () => fenced(await programError("dev", { "eks-platform:network.zoneCount": "1", "eks-platform:cluster.endpoint.mode": "publik" }, false)),
        placeholders: async () => fenced(`$ pulumi up --stack prod    # with prod's stack file as it is in this repository\n${await programError("prod", {}, true)}`),
        "check-dev": async () => fenced(`$ npm run check -- --stack dev\n${trimmedTree(render(await runCheck(parseArgs(["--stack", "dev"]), pack), "terminal", false))}`),
        "pull-request-comment": () => pullRequestComment(pack),
    };
}

const BLOCK = /<!-- generated: ([a-z-]+) -->\n[\s\S]*?<!-- end: \1 -->/g;

/** The names of the generated blocks a page holds. */
export function blockNames(page: string): string[] {
    return [...page.matchAll(BLOCK)].map((m) => m[1]);
}

/** The page with each generated block written anew. */
export async function regenerate(page: string, made: Generators): Promise<string> {
    const texts = new Map<string, string>();
    for (const name of blockNames(page)) {
        if (!made[name]) {
            throw new Error(`a generated block names "${name}", which no generator makes (${Object.keys(made).join(", ")})`);
        }
        texts.set(name, await made[name]());
    }
    return page.replace(BLOCK, (_, name: string) => `<!-- generated: ${name} -->\n${texts.get(name)}\n<!-- end: ${name} -->`);
}

/** The pages with generated blocks: README.md and docs/*.md. */
export function generatedPages(): string[] {
    const docs = path.join(PROJECT_DIR, "docs");
    return [path.join(PROJECT_DIR, "README.md"), ...fs.readdirSync(docs).filter((f) => f.endsWith(".md")).map((f) => path.join(docs, f))].filter((file) =>
        blockNames(fs.readFileSync(file, "utf8")).length > 0,
    );
}

export async function writeGeneratedDocs(pack?: PolicyAnalyzer): Promise<string[]> {
    process.env.EKS_PLATFORM_EVALUATION_DATE = SAMPLE_DAY;
    const made = generators(pack);
    const written: string[] = [];
    for (const file of generatedPages()) {
        const before = fs.readFileSync(file, "utf8");
        const after = await regenerate(before, made);
        if (after !== before) {
            fs.writeFileSync(file, after);
            written.push(path.relative(PROJECT_DIR, file));
        }
    }
    return written;
}
