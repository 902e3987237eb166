// `npm run check -- --stack <name>`: what `pulumi preview --policy-pack policies
// --policy-pack-config policies/config/<stack>.json` does, without cloud credentials. Plans the
// stack by running the program as a preview under Pulumi's mock runtime (or reads a `pulumi stack
// export` file), validates the policy config against the policies' schemas, sends every resource
// through the policy pack over the analyzer protocol, and reports.
//
// Exit codes: 0 no mandatory violation; 1 mandatory violations; 2 bad config or program error.
import * as fs from "fs";
import * as path from "path";
import { evaluationDay } from "../policies/lib/evaluationDate";
import { ConfigValidationError } from "../config/problems";
import { analyzePlan } from "./analysis";
import { PROJECT_DIR } from "./mockRun";
import { Plan, planFromProgram, planFromState } from "./plan";
import { startEksGuard } from "./eksGuard";
import { PackProcess } from "./packProcess";
import { Exemption } from "../policies/lib/exemptions";
import { PolicyAnalyzer, PolicyPackConfigEntry } from "./policyAnalyzer";
import { loadPolicyConfig, PolicyConfigError } from "./policyConfig";
import { estimatePlanCost } from "./report/cost";
import { BudgetSettings, monthlyCostBudget } from "../policies/rules/cost";
import { DiagramMarks, environmentDiagrams } from "./report/diagram";
import { planContext } from "./report/planContext";
import { markdownReport } from "./report/markdown";
import { comparePlans, PlanChanges } from "./planChanges";
import { deployedClusterOf } from "./deployedBase";
import { rolloutFacts } from "./rollout";
import { compareStack } from "./report/comparison";
import { CheckReport, emptyReport, PACK_DEFAULTS, withChanges, errorReport, exitCodeOf, isCheckable, StackReport, stackReport } from "./report/model";
import { StateFileError } from "./stateFile";
import { StackFileError } from "./stackConfig";
import { sarifReport } from "./report/sarif";
import { Format, HELP, Options, parseCommand, stackNames, UsageError } from "./cliArguments";
import { terminalReport } from "./report/terminal";

/** The options of a check run (tests build them from arguments as the command line does). */
export function parseArgs(argv: string[]): Options {
    const command = parseCommand(argv, PROJECT_DIR);
    if (command.kind !== "check") {
        throw new UsageError(`--${command.kind} runs no check`);
    }
    return command.options;
}

/**
 * The policy config of a stack: the one given, else policies/config/<stack>.json, else (a stack of
 * another project, such as a foreign export) none, and the pack's defaults apply.
 */
function policyConfigFor(stack: string, override?: string): string {
    if (override) {
        return override;
    }
    const own = path.join(PROJECT_DIR, "policies", "config", `${stack}.json`);
    return fs.existsSync(own) ? own : PACK_DEFAULTS;
}

/** Says what a step that takes more than a moment is doing (a line on a terminal's stderr). */
export type Progress = (step: string) => void;

interface CheckTarget {
    stack: string;
    source: "program" | "state";
    file: string;
    policyConfig: string;
}

/** A previous report to compare with, and what to call it. */
interface Baseline {
    report: CheckReport;
    label: string;
}

/** Resource changes and findings and cost against the base's entry for the stack. */
function compared(stack: StackReport, baseline: Baseline): StackReport {
    const baseStack = baseline.report.stacks.find((s) => s.stack === stack.stack);
    const withResourceChanges = baseStack ? withChanges(stack, comparePlans(baseStack.resources, stack.resources, baseline.label, rolloutFacts(stack.resources))) : stack;
    return { ...withResourceChanges, comparison: compareStack(baseline.label, baseStack, withResourceChanges) };
}

/** The colours of a change in the diagrams. */
function marksOf(changes: PlanChanges | undefined): DiagramMarks | undefined {
    return changes
        ? {
              added: new Set(changes.added.map((r) => r.urn)),
              replaced: new Set(changes.replaced.map((r) => r.urn)),
              updated: new Set(changes.updated.map((r) => r.urn)),
              removed: changes.removed.map((r) => ({ type: r.type, name: r.name })),
              values: new Map([...changes.updated, ...changes.replaced].map((r) => [r.urn, r.changes ?? []])),
          }
        : undefined;
}

async function checkPlan(analyzer: () => Promise<PolicyAnalyzer>, plan: () => Promise<Plan>, target: CheckTarget, options: Pick<Options, "debug">, progress: Progress, baseline?: Baseline): Promise<StackReport> {
    const fail = (message: string) => errorReport(target.stack, target.source, target.file, target.policyConfig, message);
    let config: Record<string, PolicyPackConfigEntry> = {};
    if (target.policyConfig !== PACK_DEFAULTS) {
        try {
            config = loadPolicyConfig(target.policyConfig);
        } catch (error) {
            if (error instanceof PolicyConfigError || (error as NodeJS.ErrnoException).code === "ENOENT") {
                return fail(`Policy config: ${(error as Error).message}`);
            }
            throw error;
        }
    }
    let planned: Plan;
    try {
        progress(`${target.stack}: ${target.source === "program" ? "running the program under the mock runtime" : "reading the state file"}`);
        planned = await plan();
    } catch (error) {
        if (error instanceof ConfigValidationError || error instanceof StateFileError || error instanceof StackFileError) {
            return fail(error.message);
        }
        // The program's own failure: its message always, its trace on request (it points into our code).
        const message = error instanceof Error ? error.message : String(error);
        return fail(`Program error: ${options.debug && error instanceof Error ? error.stack : `${message} (run with --debug for the stack trace)`}`);
    }
    if (!planned.resources.some(isCheckable)) {
        return emptyReport(planned, target.policyConfig);
    }
    const pack = await analyzer();
    progress(`${target.stack}: analysing ${planned.resources.length} resources`);
    const analysis = await analyzePlan(pack, planned, config);
    const context = planContext(planned);
    const exemptions = Object.fromEntries(Object.entries(config).map(([policy, entry]) => [policy, (entry.settings.exemptions as Exemption[] | undefined) ?? []]).filter(([, list]) => list.length > 0));
    const budget = (config[monthlyCostBudget.name]?.settings ?? {}) as BudgetSettings;
    const report = stackReport(planned, analysis, target.policyConfig, { cost: estimatePlanCost(context, planned.region, budget), exemptions }, "eks-platform");
    const withBase = baseline ? compared(report, baseline) : report;
    // The diagrams draw the network a cluster stack takes from another stack too (it is billed there).
    const drawn = planned.joined ? planContext({ ...planned, resources: [...planned.resources, ...planned.joined.resources] }) : context;
    const diagrams = environmentDiagrams(drawn, { marks: marksOf(withBase.changes), ...(planned.joined ? { networkStack: planned.joined.stack } : {}) });
    return { ...withBase, ...(diagrams.length > 0 ? { diagram: diagrams[0].mermaid, diagrams } : {}) };
}

/** A previous JSON report, or why it cannot be used. */
function readBaseReport(file: string): CheckReport | string {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        return `--compare ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); write one with npm run check -- --format json --output <file>`;
    }
    try {
        const report = JSON.parse(text) as CheckReport;
        if (report?.schemaVersion !== 1 || !Array.isArray(report.stacks)) {
            return `--compare ${file}: not a JSON report of this check (schemaVersion 1); write one with npm run check -- --format json --output <file>`;
        }
        return report;
    } catch (error) {
        return `--compare ${file}: not valid JSON (${(error as Error).message})`;
    }
}

/** How a run reports its steps, and whether it starts the pack while the program runs. */
export interface RunHooks {
    progress?: Progress;
    /**
     * Start the pack at once, in parallel with the first program run (the command line does: it
     * saves most of the pack's start-up). Off for callers that check bad input, where no pack is needed.
     */
    startPackEarly?: boolean;
    /** The pack's process, spawned before this module was even loaded (`npm run check` does). */
    spawnedPack?: PackProcess;
}

/** `pack`: an analyzer already started (tests that check many files start the pack once). */
export async function runCheck(options: Options, pack?: PolicyAnalyzer, hooks: RunHooks = {}): Promise<CheckReport> {
    const progress = hooks.progress ?? (() => undefined);
    let starting: Promise<PolicyAnalyzer> | undefined = pack ? Promise.resolve(pack) : undefined;
    const analyzer = () => {
        if (!starting) {
            progress("starting the eks-guard policy pack");
            starting = startEksGuard(hooks.spawnedPack);
            // Awaited when a stack is analysed; a run whose stacks all fail earlier never awaits it.
            starting.catch(() => undefined);
        }
        return starting;
    };
    if (hooks.startPackEarly) {
        void analyzer();
    }
    const stackFileOf = (stack: string) => path.join(options.stackDir, `Pulumi.${stack}.yaml`);
    const stacks: StackReport[] = [];
    // A base report that cannot be used is known before any stack is planned: nothing is run.
    const base = options.compare ? readBaseReport(options.compare) : undefined;
    // The base as the user names it (a branch, a commit), else the file given.
    const baseline = base && typeof base !== "string" ? { report: base, label: options.compareLabel ?? path.basename(options.compare!) } : undefined;
    try {
        if (typeof base === "string") {
            const unusable = (stack: string, source: "program" | "state", file: string) => errorReport(stack, source, file, policyConfigFor(stack, options.policyConfig), base);
            stacks.push(...(options.fromState ? [unusable(options.stacks[0] ?? "state", "state", path.resolve(options.fromState))] : options.stacks.map((stack) => unusable(stack, "program", stackFileOf(stack)))));
        } else if (options.fromState) {
            const file = path.resolve(options.fromState);
            // Read once: it names the stack (and so its policy config) and is the plan; a file that
            // cannot be read is reported where checkPlan reports plan errors.
            let state: Plan | undefined;
            let unreadable: unknown;
            try {
                state = planFromState(file, options.stacks[0], options.withState);
            } catch (error) {
                unreadable = error;
            }
            const stack = state?.stack ?? options.stacks[0] ?? "state";
            const target = { stack, source: "state" as const, file, policyConfig: policyConfigFor(stack, options.policyConfig) };
            stacks.push(await checkPlan(analyzer, async () => state ?? Promise.reject(unreadable), target, options, progress, baseline));
        } else {
            for (const stack of options.stacks) {
                const file = stackFileOf(stack);
                const target = { stack, source: "program" as const, file, policyConfig: policyConfigFor(stack, options.policyConfig) };
                if (!fs.existsSync(file)) {
                    stacks.push(errorReport(stack, "program", file, target.policyConfig, `No stack file ${path.basename(file)} (stacks there: ${stackNames(options.stackDir).join(", ")})`));
                    continue;
                }
                // Compared with a base, the change is planned as an update of what the base declared.
                const base = baseline?.report.stacks.find((s) => s.stack === stack);
                const deployed = base ? deployedClusterOf(base.resources) : undefined;
                stacks.push(await checkPlan(analyzer, () => planFromProgram(stack, file, options.withState, deployed, options.environmentValues), target, options, progress, baseline));
            }
        }
        const started = starting ? await starting.catch(() => undefined) : undefined;
        const info = started ? await started.info() : undefined;
        return {
            schemaVersion: 1,
            tool: { name: "eks-platform-check", policyPack: { name: info?.name ?? "eks-guard", version: info?.version ?? "" } },
            evaluationDate: evaluationDay(undefined).toISOString().slice(0, 10),
            stacks,
            policies: (info?.policies ?? []).map((p) => ({ name: p.name, description: p.description, enforcementLevel: p.enforcementLevel, severity: p.severity })),
            exitCode: exitCodeOf(stacks),
        };
    } finally {
        // Waits for a pack still starting, so that no pack process outlives the run.
        if (starting && !pack) {
            await starting.then((started) => started.close(), () => undefined);
        }
    }
}

export function render(report: CheckReport, format: Format, colour: boolean): string {
    switch (format) {
        case "json":
            return JSON.stringify(report, null, 2) + "\n";
        case "sarif":
            return JSON.stringify(sarifReport(report), null, 2) + "\n";
        case "markdown":
            return markdownReport(report);
        default:
            return terminalReport(report, colour);
    }
}

function versions(): string {
    const version = (file: string) => (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")) as { version: string }).version;
    return `eks-platform-check ${version("package.json")} (eks-guard policy pack ${version("policies/package.json")})\n`;
}

/** On a terminal, one line per step on stderr, each replacing the last; nothing when not a TTY. */
function terminalProgress(): { progress: Progress; clear: () => void } {
    if (!process.stderr.isTTY) {
        return { progress: () => undefined, clear: () => undefined };
    }
    return {
        progress: (step) => process.stderr.write(`\r\u001b[K${step} …`),
        clear: () => process.stderr.write("\r\u001b[K"),
    };
}

async function main(debug: { on: boolean }, spawnedPack: PackProcess | undefined): Promise<number> {
    let options: Options;
    try {
        const command = parseCommand(process.argv.slice(2), PROJECT_DIR);
        if (command.kind !== "check") {
            process.stdout.write(command.kind === "help" ? HELP : versions());
            return 0;
        }
        options = command.options;
        debug.on = options.debug;
        // Read by the program and the rules alike: a bad pin is refused before anything runs.
        evaluationDay(undefined);
    } catch (error) {
        const usage = error instanceof UsageError;
        process.stderr.write(`${(error as Error).message}\n${usage ? "(npm run check -- --help lists every option)\n" : ""}`);
        return 2;
    }
    const { progress, clear } = terminalProgress();
    let report: CheckReport;
    try {
        report = await runCheck(options, undefined, { progress, startPackEarly: true, spawnedPack });
    } finally {
        clear();
    }
    // An error is said on stderr, with where it is, and nothing goes to stdout: no report header
    // makes a run look as if it happened. Report files are still written (a pull-request comment
    // says which stack could not be checked).
    for (const stack of report.stacks.filter((s) => s.status === "error")) {
        const where = stack.error?.includes(path.basename(stack.file)) ? "" : ` (${stack.file})`;
        process.stderr.write(`error: stack ${stack.stack}${where}: ${stack.error}\n`);
    }
    for (const output of options.outputs.filter((o) => o.file)) {
        fs.writeFileSync(output.file!, render(report, output.format, false));
        process.stderr.write(`wrote the ${output.format} report to ${output.file}\n`);
    }
    if (report.exitCode === 2) {
        return 2;
    }
    // With every report going to files, the terminal still shows the result.
    const toStdout = options.outputs.find((o) => !o.file) ?? { format: "terminal" as const };
    const colour = toStdout.format === "terminal" && !!process.stdout.isTTY && !process.env.NO_COLOR;
    // Exit only once stdout has drained: a pipe would otherwise cut a long report off.
    await new Promise<void>((resolve) => process.stdout.write(render(report, toStdout.format, colour), () => resolve()));
    return report.exitCode;
}

/**
 * The process entry point: `node scripts/check.js` (npm run check, which passes the pack it spawned
 * first thing) and `ts-node offline/check.ts`.
 */
export function runCommandLine(spawnedPack?: PackProcess): void {
    const debug = { on: process.argv.includes("--debug") };
    main(debug, spawnedPack).then(
        (code) => process.exit(code),
        (error) => {
            // A bug of this tool, not bad input (bad input has its own message): its first line and what to do, the stack trace only with --debug.
            const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
            process.stderr.write(
                debug.on
                    ? `${(error as Error).stack ?? error}\n`
                    : `internal error: ${message}\nThis is a bug of the check, not of your input: please report it to the eks-platform maintainers with the output of the same command run with --debug.\n`,
            );
            process.exit(2);
        },
    );
}

if (require.main === module) {
    runCommandLine();
}
