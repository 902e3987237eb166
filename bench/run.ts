// `npm run bench`: how fast the offline check and the pack are, each figure a ratio against a
// reference measured in the same run on the same machine (absolute times on a shared machine say
// little). Medians of several runs, the runs of the two sides interleaved so drift hits both.
//
//   1. the cold whole-process check of the dev stack and of --all, against a node process that only
//      loads @pulumi/pulumi and @pulumi/aws (target: dev at most 3x);
//   2. the pack's start-up to its port, against a one-policy no-op pack started the same way (1.5x);
//   3. the pack's CPU per Analyze call over the prod stack's resources, against the no-op pack (1.3x);
//   4. AnalyzeStack's pack CPU per resource at about 30,000 synthetic resources against about 1,000
//      (1.2x: linear, not quadratic).
//
// BENCH_RUNS sets the runs per figure (default 5).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { analyzeRequest, stackResource } from "../offline/engineShapes";
import { ensurePackBuilt, PACK_DIR } from "../offline/eksGuard";
import { DeclaredResource, PROJECT_DIR } from "../offline/mockRun";
import { planFromProgram } from "../offline/plan";
import { analyzerResource, AnalyzerResource, PolicyAnalyzer } from "../offline/policyAnalyzer";
import { loadPolicyConfig } from "../offline/policyConfig";

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const NOOP_PACK = path.join(__dirname, "noop-pack");
const SAME_SHAPE_PACK = path.join(__dirname, "same-shape-pack");
const EVALUATION_DATE = "2026-11-22";

const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Wall seconds of a whole process. */
function wall(command: string[]): number {
    const start = process.hrtime.bigint();
    const result = spawnSync(command[0], command.slice(1), { cwd: PROJECT_DIR, env: { ...process.env, EKS_PLATFORM_EVALUATION_DATE: EVALUATION_DATE }, stdio: "ignore" });
    if (result.status !== 0 && result.status !== 1) {
        throw new Error(`${command.join(" ")} exited ${result.status}`);
    }
    return Number(process.hrtime.bigint() - start) / 1e9;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuOf(pid: number): number {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    // Fields 14 and 15 of proc(5) (utime, stime), counted from the state field (3) here.
    return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Row {
    figure: string;
    subject: number;
    reference: number;
    unit: string;
    target: number;
}

/** Medians of the two sides, run in turn so that drift of the machine hits both alike. */
async function interleaved(subject: () => number | Promise<number>, reference: () => number | Promise<number>): Promise<{ subject: number; reference: number }> {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        a.push(await subject());
        b.push(await reference());
    }
    return { subject: median(a), reference: median(b) };
}

async function startTime(packDir: string): Promise<number> {
    const start = process.hrtime.bigint();
    const pack = await PolicyAnalyzer.start(packDir);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    pack.close();
    return seconds;
}

/** Copies of the prod stack's resources, each copy's names and URNs made its own, about `count` in all. */
function syntheticStack(prod: DeclaredResource[], count: number): AnalyzerResource[] {
    const text = JSON.stringify(prod.map((r) => analyzerResource(stackResource(r))));
    const copies = Math.max(1, Math.round(count / prod.length));
    return Array.from({ length: copies }, (_, i) => JSON.parse(text.replace(/eks-platform-prod/g, `eks-platform-prod-${i}`)) as AnalyzerResource[]).flat();
}

async function main(): Promise<void> {
    ensurePackBuilt();
    wall([process.execPath, path.join(PROJECT_DIR, "scripts", "check.js"), "--version"]);
    const node = process.execPath;
    const rows: Row[] = [];
    const floor = [node, "-e", "require('@pulumi/pulumi'); require('@pulumi/aws')"];
    // What `npm run check` runs (npm's own start-up left out); the build is made fresh first.
    const check = (args: string[]) => [node, path.join(PROJECT_DIR, "scripts", "check.js"), ...args];
    process.stderr.write(`bench: ${RUNS} runs per figure\n`);

    const dev = await interleaved(() => wall(check(["--stack", "dev"])), () => wall(floor));
    rows.push({ figure: "check --stack dev (whole process) vs node loading @pulumi/pulumi and @pulumi/aws", ...dev, unit: "s", target: 3 });
    const all = await interleaved(() => wall(check(["--all"])), () => wall(floor));
    rows.push({ figure: "check --all (whole process) vs the same floor", ...all, unit: "s", target: Number.NaN });

    const start = await interleaved(() => startTime(PACK_DIR), () => startTime(NOOP_PACK));
    rows.push({ figure: "pack start-up to its port vs a no-op pack", ...start, unit: "s", target: 1.5 });

    process.env.EKS_PLATFORM_EVALUATION_DATE = EVALUATION_DATE;
    const prod = (await planFromProgram("prod", path.join(PROJECT_DIR, "Pulumi.prod.yaml"))).resources;
    const requests = prod.map((r) => analyzerResource(analyzeRequest(r)));
    const eksGuard = await PolicyAnalyzer.start(PACK_DIR);
    const noop = await PolicyAnalyzer.start(NOOP_PACK);
    const sameShape = await PolicyAnalyzer.start(SAME_SHAPE_PACK);
    try {
        await eksGuard.configure(loadPolicyConfig(path.join(PROJECT_DIR, "policies", "config", "prod.json")));
        const rounds = 20;
        const analyzeCpu = async (pack: PolicyAnalyzer) => {
            const before = cpuOf(pack.pid!);
            for (let round = 0; round < rounds; round++) {
                for (const request of requests) {
                    await pack.analyze(request);
                }
            }
            return (cpuOf(pack.pid!) - before) / (rounds * requests.length);
        };
        await analyzeCpu(eksGuard);
        await analyzeCpu(noop);
        const analyze = await interleaved(() => analyzeCpu(eksGuard), () => analyzeCpu(noop));
        rows.push({ figure: `pack CPU per Analyze call (${requests.length} prod resources x ${rounds}) vs the no-op pack`, ...analyze, unit: "ms", target: 1.3 });
        // For information: how much of that ratio the framework alone costs for a pack of eks-guard's
        // shape (it answers each policy in turn, and lists each not-applicable one in the response).
        await analyzeCpu(sameShape);
        const framework = await interleaved(() => analyzeCpu(sameShape), () => analyzeCpu(noop));
        rows.push({ figure: "  the same, a pack of eks-guard's policies with no-op bodies vs the no-op pack (the framework's share)", ...framework, unit: "ms", target: Number.NaN });
        const rules = await interleaved(() => analyzeCpu(eksGuard), () => analyzeCpu(sameShape));
        rows.push({ figure: "  the same, eks-guard vs the pack of its shape with no-op bodies (the rules' own share)", ...rules, unit: "ms", target: Number.NaN });

        const perResource = async (resources: AnalyzerResource[]) => {
            const before = cpuOf(eksGuard.pid!);
            await eksGuard.analyzeStack(resources);
            return (cpuOf(eksGuard.pid!) - before) / resources.length;
        };
        const small = syntheticStack(prod, 1_000);
        const medium = syntheticStack(prod, 10_000);
        const large = syntheticStack(prod, 30_000);
        await perResource(small);
        const mid = await perResource(medium);
        const scaling = await interleaved(() => perResource(large), () => perResource(small));
        rows.push({ figure: `AnalyzeStack pack CPU per resource, ${large.length} vs ${small.length} resources (${medium.length}: ${(mid * 1e6).toFixed(0)} us)`, ...scaling, unit: "us", target: 1.2 });
    } finally {
        eksGuard.close();
        noop.close();
        sameShape.close();
    }

    const scale = (row: Row, value: number) => (row.unit === "ms" ? value * 1e3 : row.unit === "us" ? value * 1e6 : value);
    const lines = ["| figure | eks-platform | reference | ratio | target |", "|---|---:|---:|---:|---:|"];
    let missed = 0;
    for (const row of rows) {
        const ratio = row.subject / row.reference;
        const met = Number.isNaN(row.target) ? "" : ratio <= row.target ? `<= ${row.target} met` : `<= ${row.target} MISSED`;
        missed += met.endsWith("MISSED") ? 1 : 0;
        lines.push(`| ${row.figure} | ${scale(row, row.subject).toFixed(3)} ${row.unit} | ${scale(row, row.reference).toFixed(3)} ${row.unit} | ${ratio.toFixed(2)} | ${met} |`);
    }
    process.stdout.write(`${lines.join("\n")}\n\n${missed === 0 ? "every target met" : `${missed} target(s) missed`} (medians of ${RUNS} runs; node ${process.version})\n`);
}

main().catch((error) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
    process.exit(2);
});
