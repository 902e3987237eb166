// The command line of `npm run check`, parsed with node:util's parseArgs (so `--flag=value`, `-h`
// and `--` behave as everywhere else) plus the rules parseArgs cannot express: which options
// conflict, how `--format`/`--output` pairs make several reports in one run, and outputs that
// could not be written, refused before any work is done.
import * as fs from "fs";
import * as path from "path";
import { parseArgs as parseNodeArgs } from "util";
import { closest } from "../config/suggest";

export const FORMATS = ["terminal", "json", "sarif", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** One report of the run: to a file, or to stdout when `file` is undefined. */
export interface Output {
    format: Format;
    file?: string;
}

export interface Options {
    stacks: string[];
    /** Where Pulumi.<stack>.yaml files live (Pulumi.yaml's stackConfigDir); the project by default. */
    stackDir: string;
    fromState?: string;
    /**
     * Exports of the network stacks the stacks take their network from (network.fromStack), by the
     * stack named in their URNs; a sibling stack file is used when none is given.
     */
    withState: string[];
    /** Values files of the Pulumi ESC environments stack files import (`pulumi env open ... --format json`), by environment name. */
    environmentValues: Record<string, string>;
    policyConfig?: string;
    /** Every report to write; at most one goes to stdout. */
    outputs: Output[];
    /** A previous JSON report of the same stacks: say what this plan adds, removes and replaces. */
    compare?: string;
    /** What the base report is called in the output (a branch or commit); the file name by default. */
    compareLabel?: string;
    /** Print stack traces of internal errors. */
    debug: boolean;
}

export type Command = { kind: "check"; options: Options } | { kind: "help" } | { kind: "version" };

export class UsageError extends Error {}

export const HELP = `usage: npm run check -- [options]

Plans the stack under Pulumi's mock runtime (or reads a pulumi stack export) and sends every
resource through the eks-guard policy pack, as pulumi preview --policy-pack does.

what to check
  --stack <name>           a stack to check (Pulumi.<name>.yaml); repeatable; default dev
  --all                    every Pulumi.*.yaml of the stack directory (not with --stack)
  --stack-dir <dir>        where the stack files are (Pulumi.yaml's stackConfigDir); default the project
  --from-state <file>      check a pulumi stack export file instead of running the program
                           (not with --all; --stack names it)
  --with-state <file>      the pulumi stack export of the network stack a stack takes its network from
                           (network.fromStack): judged together, as one stack; repeatable; default
                           the network stack's file in the stack directory, run under mocks
  --environment-values <environment>=<file>
                           the values of a Pulumi ESC environment a stack file imports (environment:),
                           as \`pulumi env open <org>/<environment> --format json\` prints them;
                           repeatable; default esc/<environment>.json beside the stack files,
                           else in the project
  --policy-config <file>   the policy config; default policies/config/<stack>.json, else the pack's defaults
  --compare <report.json>  what this plan adds, removes, replaces and updates against a previous JSON
                           report: resources, findings and cost
  --compare-label <text>   what to call that report in the output (a branch or commit, such as
                           "main @ 1a2b3c4"); default its file name

reports (several in one run: each --output takes the --format given before it)
  --format <format>        terminal (default), json, sarif or markdown
  --output <file>          write the report of the preceding --format to a file (a format is
                           inferred from .json, .sarif or .md when none is given)
  --json <file>            the same as --format json --output <file>
  --sarif <file>           the same as --format sarif --output <file>
  --markdown <file>        the same as --format markdown --output <file>

other
  --debug                  print the stack trace of an internal error
  -h, --help               this help
  --version                the versions of this check and of the eks-guard pack

exit codes: 0 no mandatory violation; 1 mandatory violations; 2 bad input or an error
`;

const OPTIONS = {
    stack: { type: "string", multiple: true },
    all: { type: "boolean" },
    "stack-dir": { type: "string" },
    "from-state": { type: "string" },
    "with-state": { type: "string", multiple: true },
    "environment-values": { type: "string", multiple: true },
    "policy-config": { type: "string" },
    compare: { type: "string" },
    "compare-label": { type: "string" },
    format: { type: "string", multiple: true },
    output: { type: "string", multiple: true },
    json: { type: "string", multiple: true },
    sarif: { type: "string", multiple: true },
    markdown: { type: "string", multiple: true },
    debug: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean" },
} as const;

const BY_EXTENSION: Record<string, Format> = { ".json": "json", ".sarif": "sarif", ".md": "markdown", ".markdown": "markdown" };

function isFormat(value: string): value is Format {
    return (FORMATS as readonly string[]).includes(value);
}

/** The reports asked for, in the order given; each --output goes with the --format before it. */
function outputsOf(tokens: NonNullable<ReturnType<typeof parseNodeArgs>["tokens"]>, problems: string[]): Output[] {
    const outputs: Output[] = [];
    let pending: Format | undefined;
    /** Formats no --output took: they go to stdout, which holds one. */
    const unpaired: Format[] = [];
    for (const token of tokens) {
        if (token.kind !== "option" || token.value === undefined) {
            continue;
        }
        const value = token.value;
        switch (token.name) {
            case "format":
                if (!isFormat(value)) {
                    problems.push(`--format ${value}: must be one of ${FORMATS.join(", ")}`);
                    break;
                }
                if (pending) {
                    unpaired.push(pending);
                }
                pending = value;
                break;
            case "output": {
                const format = pending ?? BY_EXTENSION[path.extname(value).toLowerCase()];
                if (!format) {
                    problems.push(`--output ${value}: give its --format before it (${FORMATS.join(", ")}), or name it .json, .sarif or .md`);
                }
                outputs.push({ format: format ?? "terminal", file: value });
                pending = undefined;
                break;
            }
            case "json":
            case "sarif":
            case "markdown":
                outputs.push({ format: token.name, file: value });
                break;
        }
    }
    if (pending) {
        unpaired.push(pending);
    }
    if (unpaired.length > 1) {
        problems.push(`${unpaired.map((f) => `--format ${f}`).join(" and ")} have no --output: only one report can go to stdout`);
    }
    if (unpaired.length > 0 || outputs.length === 0) {
        outputs.push({ format: unpaired[0] ?? "terminal" });
    }
    const files = outputs.filter((o) => o.file).map((o) => path.resolve(o.file!));
    for (const file of new Set(files.filter((f, i) => files.indexOf(f) !== i))) {
        problems.push(`${path.relative(process.cwd(), file) || file}: named by more than one output`);
    }
    return outputs;
}

/** Why `file` could not be written, checked before the run so its result is not lost at the end. */
export function unwritable(file: string): string | undefined {
    const target = path.resolve(file);
    const dir = path.dirname(target);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        return `--output ${file}: the directory ${dir} does not exist`;
    }
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
        return `--output ${file}: is a directory`;
    }
    try {
        fs.accessSync(fs.existsSync(target) ? target : dir, fs.constants.W_OK);
    } catch {
        return `--output ${file}: not writable`;
    }
    return undefined;
}

export function stackNames(stackDir: string): string[] {
    return fs
        .readdirSync(stackDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
}

/** Node's parseArgs messages, said the way the rest of this command line says things. */
function readableParseError(message: string): string {
    const option = /^Option '(-[\w-]+|--[\w-]+)/.exec(message)?.[1];
    if (/argument missing/.test(message)) {
        return `${option} needs a value`;
    }
    if (/ambiguous/.test(message)) {
        return `${option} needs a value (the next argument is an option; write ${option}=<value> for a value that starts with -)`;
    }
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown) {
        const near = closest(unknown.replace(/^-+/, "").split("=")[0], Object.keys(OPTIONS), 2);
        return `unknown option ${unknown}${near ? ` (did you mean --${near}?)` : ""}`;
    }
    return message.split("\n")[0];
}

/** The command `argv` asks for; every problem of it in one UsageError. */
export function parseCommand(argv: string[], projectDir: string): Command {
    let parsed: ReturnType<typeof parseNodeArgs<{ args: string[]; options: typeof OPTIONS; tokens: true; allowPositionals: true; strict: true }>>;
    try {
        parsed = parseNodeArgs({ args: argv, options: OPTIONS, tokens: true, allowPositionals: true, strict: true });
    } catch (error) {
        throw new UsageError(readableParseError((error as Error).message));
    }
    const { values, positionals, tokens } = parsed;
    if (values.help) {
        return { kind: "help" };
    }
    if (values.version) {
        return { kind: "version" };
    }
    const problems: string[] = [];
    if (positionals.length > 0) {
        problems.push(`unexpected argument${positionals.length > 1 ? "s" : ""} ${positionals.join(" ")} (options start with --; a stack is --stack <name>)`);
    }
    const stacks = [...new Set(values.stack ?? [])];
    if (values.all && stacks.length > 0) {
        problems.push("--all and --stack conflict: --all checks every stack file; give one or the other");
    }
    if (values["from-state"] && values.all) {
        problems.push("--from-state and --all conflict: --from-state checks one export");
    }
    if (values["compare-label"] !== undefined && !values.compare) {
        problems.push("--compare-label names the report of --compare: give --compare <report.json> too");
    }
    if (values["compare-label"] !== undefined && values["compare-label"].trim() === "") {
        problems.push("--compare-label: must not be empty");
    }
    if (values["from-state"] && stacks.length > 1) {
        problems.push("--from-state checks one stack; give at most one --stack to name it");
    }
    for (const file of values["with-state"] ?? []) {
        if (!fs.existsSync(file)) {
            problems.push(`--with-state ${file}: no such file`);
        }
    }
    const environmentValues: Record<string, string> = {};
    for (const pair of values["environment-values"] ?? []) {
        const at = pair.indexOf("=");
        const [name, file] = at > 0 ? [pair.slice(0, at), pair.slice(at + 1)] : [undefined, undefined];
        if (!name || !file) {
            problems.push(`--environment-values ${pair}: expected <environment>=<file>, such as eks-platform/shared=shared.json (the file \`pulumi env open <org>/eks-platform/shared --format json\` writes)`);
        } else if (!fs.existsSync(file)) {
            problems.push(`--environment-values ${pair}: ${file}: no such file`);
        } else {
            environmentValues[name] = path.resolve(file);
        }
    }
    const stackDir = path.resolve(values["stack-dir"] ?? projectDir);
    if (!fs.existsSync(stackDir) || !fs.statSync(stackDir).isDirectory()) {
        problems.push(`--stack-dir ${values["stack-dir"]}: no such directory`);
    }
    const outputs = outputsOf(tokens ?? [], problems);
    for (const output of outputs) {
        const why = output.file ? unwritable(output.file) : undefined;
        if (why) {
            problems.push(why);
        }
    }
    if (problems.length > 0) {
        throw new UsageError(problems.join("\n"));
    }
    if (values.all) {
        stacks.push(...stackNames(stackDir));
    }
    if (!values["from-state"] && stacks.length === 0) {
        stacks.push("dev");
    }
    return {
        kind: "check",
        options: {
            stacks,
            stackDir,
            fromState: values["from-state"],
            withState: (values["with-state"] ?? []).map((f) => path.resolve(f)),
            environmentValues,
            policyConfig: values["policy-config"],
            outputs,
            compare: values.compare,
            ...(values["compare-label"] ? { compareLabel: values["compare-label"] } : {}),
            debug: !!values.debug,
        },
    };
}
