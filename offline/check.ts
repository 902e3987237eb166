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
import { PolicyAnalyzer } from "./policyAnalyzer";
import { loadPolicyConfig, PolicyConfigError } from "./policyConfig";
import { estimatePlanCost } from "./report/cost";
import { environmentDiagram } from "./report/diagram";
import { planContext } from "./report/planContext";
import { markdownReport } from "./report/markdown";
import { comparePlans } from "./planChanges";
import { CheckReport, emptyReport, PACK_DEFAULTS, withChanges, errorReport, exitCodeOf, isCheckable, StackReport, stackReport } from "./report/model";
import { StateFileError } from "./stateFile";
import { sarifReport } from "./report/sarif";
import { terminalReport } from "./report/terminal";

const FORMATS = ["terminal", "json", "sarif", "markdown"] as const;
type Format = (typeof FORMATS)[number];

export interface Options {
    stacks: string[];
    /** Where Pulumi.<stack>.yaml files live (Pulumi.yaml's stackConfigDir); the project by default. */
    stackDir: string;
    fromState?: string;
    policyConfig?: string;
    format: Format;
    output?: string;
    /** A previous JSON report of the same stacks: say what this plan adds, removes and replaces. */
    compare?: string;
}

const USAGE = `usage: npm run check -- [--stack <name>]... [--all] [--stack-dir <dir>] [--from-state <export.json>]
                        [--policy-config <file>] [--compare <base report.json>]
                        [--format terminal|json|sarif|markdown] [--output <file>]`;

class UsageError extends Error {}

export function parseArgs(argv: string[]): Options {
    const options: Options = { stacks: [], stackDir: PROJECT_DIR, format: "terminal" };
    let all = false;
    const value = (i: number, flag: string) => {
        if (!argv[i + 1] || argv[i + 1].startsWith("--")) {
            throw new UsageError(`${flag} needs a value`);
        }
        return argv[i + 1];
    };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        switch (flag) {
            case "--stack":
                options.stacks.push(value(i++, flag));
                break;
            case "--all":
                all = true;
                break;
            case "--stack-dir":
                options.stackDir = path.resolve(value(i++, flag));
                break;
            case "--from-state":
                options.fromState = value(i++, flag);
                break;
            case "--policy-config":
                options.policyConfig = value(i++, flag);
                break;
            case "--format": {
                const format = value(i++, flag);
                if (!(FORMATS as readonly string[]).includes(format)) {
                    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
                }
                options.format = format as Format;
                break;
            }
            case "--output":
                options.output = value(i++, flag);
                break;
            case "--compare":
                options.compare = value(i++, flag);
                break;
            default:
                throw new UsageError(`unknown argument ${flag}`);
        }
    }
    if (all) {
        options.stacks.push(...stackNames(options.stackDir).filter((s) => !options.stacks.includes(s)));
    }
    if (options.fromState && options.stacks.length > 1) {
        throw new UsageError("--from-state checks one stack; give at most one --stack to name it");
    }
    if (!options.fromState && options.stacks.length === 0) {
        options.stacks.push("dev");
    }
    return options;
}

function stackNames(stackDir: string): string[] {
    return fs
        .readdirSync(stackDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
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

async function checkPlan(analyzer: () => Promise<PolicyAnalyzer>, plan: () => Promise<Plan>, target: { stack: string; source: "program" | "state"; file: string; policyConfig: string }): Promise<StackReport> {
    const fail = (message: string) => errorReport(target.stack, target.source, target.file, target.policyConfig, message);
    let config = {};
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
        planned = await plan();
    } catch (error) {
        if (error instanceof ConfigValidationError || error instanceof StateFileError) {
            return fail(error.message);
        }
        return fail(`Program error: ${(error as Error).stack ?? error}`);
    }
    if (!planned.resources.some(isCheckable)) {
        return emptyReport(planned, target.policyConfig);
    }
    const analysis = await analyzePlan(await analyzer(), planned, config);
    const context = planContext(planned);
    return stackReport(planned, analysis, target.policyConfig, { cost: estimatePlanCost(context), diagram: environmentDiagram(context) }, "eks-platform");
}

/** `pack`: an analyzer already started (tests that check many files start the pack once). */
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

export async function runCheck(options: Options, pack?: PolicyAnalyzer): Promise<CheckReport> {
    let started: PolicyAnalyzer | undefined = pack;
    const analyzer = async () => (started ??= await startEksGuard());
    const stacks: StackReport[] = [];
    try {
        if (options.fromState) {
            const file = path.resolve(options.fromState);
            let stack = options.stacks[0];
            if (!stack) {
                try {
                    stack = planFromState(file).stack;
                } catch {
                    stack = "state";
                }
            }
            const target = { stack, source: "state" as const, file, policyConfig: policyConfigFor(stack, options.policyConfig) };
            stacks.push(await checkPlan(analyzer, async () => planFromState(file, stack), target));
        } else {
            for (const stack of options.stacks) {
                const file = path.join(options.stackDir, `Pulumi.${stack}.yaml`);
                const target = { stack, source: "program" as const, file, policyConfig: policyConfigFor(stack, options.policyConfig) };
                if (!fs.existsSync(file)) {
                    stacks.push(errorReport(stack, "program", file, target.policyConfig, `No stack file ${path.basename(file)} (stacks there: ${stackNames(options.stackDir).join(", ")})`));
                    continue;
                }
                stacks.push(await checkPlan(analyzer, () => planFromProgram(stack, file), target));
            }
        }
        if (options.compare) {
            const base = readBaseReport(options.compare);
            for (let i = 0; i < stacks.length; i++) {
                const baseStack = typeof base === "string" ? undefined : base.stacks.find((s) => s.stack === stacks[i].stack);
                if (typeof base === "string") {
                    stacks[i] = errorReport(stacks[i].stack, stacks[i].source, stacks[i].file, stacks[i].policyConfig, base);
                } else if (baseStack && stacks[i].status !== "error") {
                    stacks[i] = withChanges(stacks[i], comparePlans(baseStack.resources, stacks[i].resources, options.compare));
                }
            }
        }
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
        if (started !== pack) {
            started?.close();
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

async function main(): Promise<void> {
    let options: Options;
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
        process.exit(2);
    }
    const report = await runCheck(options);
    const colour = !options.output && !!process.stdout.isTTY && !process.env.NO_COLOR;
    const text = render(report, options.format, colour);
    if (options.output) {
        fs.writeFileSync(options.output, text);
        process.stderr.write(`wrote ${options.format} report to ${options.output}\n`);
        process.exit(report.exitCode);
    }
    // Exit only once stdout has drained: a pipe would otherwise cut a long report off.
    process.stdout.write(text, () => process.exit(report.exitCode));
}

if (require.main === module) {
    main().catch((error) => {
        process.stderr.write(`${(error as Error).stack ?? error}\n`);
        process.exit(2);
    });
}
