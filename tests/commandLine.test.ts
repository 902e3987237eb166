// The command line of `npm run check`: its parser, and every bad input a user can give it, each
// answered with exit 2 and one message naming the file, key or option, before any work is done.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { HELP, parseCommand, UsageError } from "../offline/cliArguments";
import { parseArgs, render, runCheck } from "../offline/check";
import { policyConfigProblems } from "../offline/policyConfig";
import { pinnedDay } from "../policies/lib/evaluationDate";
import { PROJECT_DIR } from "./support/mockProgram";
import { tempDir } from "./support/tempDirs";

const options = (argv: string[]) => {
    const command = parseCommand(argv, PROJECT_DIR);
    assert.strictEqual(command.kind, "check");
    return command.kind === "check" ? command.options : assert.fail();
};
const refused = (argv: string[], message: RegExp) => assert.throws(() => parseCommand(argv, PROJECT_DIR), (e: Error) => e instanceof UsageError && message.test(e.message));

/** Runs the command as `npm run check` does; stdout, stderr and the exit status. */
function run(args: string[], env: Record<string, string> = {}) {
    const result = spawnSync(process.execPath, ["scripts/check.js", ...args], {
        cwd: PROJECT_DIR,
        env: { ...process.env, NO_COLOR: "1", ...env },
        encoding: "utf8",
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;

/** Process ids of the policy packs of this project now running (Linux: read from /proc). */
function runningPacks(): string[] {
    return fs.readdirSync("/proc").filter((pid) => {
        try {
            const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
            return command.includes("run-policy-pack") && command.includes(path.join(PROJECT_DIR, "policies"));
        } catch {
            return false;
        }
    });
}

describe("command line", () => {
    describe("arguments", () => {
        it("answers --help and --version without running a check", () => {
            assert.deepStrictEqual(parseCommand(["--stack", "dev", "--help"], PROJECT_DIR), { kind: "help" });
            assert.deepStrictEqual(parseCommand(["-h"], PROJECT_DIR), { kind: "help" });
            assert.deepStrictEqual(parseCommand(["--version"], PROJECT_DIR), { kind: "version" });
        });

        it("is documented in docs/offline-check.md by its own --help text", () => {
            const page = fs.readFileSync(path.join(PROJECT_DIR, "docs", "offline-check.md"), "utf8");
            assert.ok(page.includes("`npm run check -- --help`:\n\n<!-- generated: check-help -->\n```\n" + HELP + "```\n"), "docs/offline-check.md's --help block differs from offline/cliArguments.ts HELP");
        });

        it("takes --flag=value as well as --flag value, and defaults to the dev stack on the terminal", () => {
            assert.deepStrictEqual(options(["--stack=prod", "--stack", "staging"]).stacks, ["prod", "staging"]);
            const defaults = options([]);
            assert.deepStrictEqual(defaults.stacks, ["dev"]);
            assert.deepStrictEqual(defaults.outputs, [{ format: "terminal" }]);
            assert.strictEqual(defaults.debug, false);
            assert.strictEqual(options(["--debug"]).debug, true);
        });

        it("--all is every stack file of the stack directory", () => {
            const dir = tempDir("cli-");
            for (const name of ["b", "a"]) {
                fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), "config: {}\n");
            }
            assert.deepStrictEqual(options(["--all", "--stack-dir", dir]).stacks, ["a", "b"]);
        });

        it("makes several reports in one run: each --output takes the --format before it", () => {
            assert.deepStrictEqual(options(["--format", "sarif", "--output", "a.sarif", "--format", "markdown", "--output", "b.md"]).outputs, [
                { format: "sarif", file: "a.sarif" },
                { format: "markdown", file: "b.md" },
            ]);
            assert.deepStrictEqual(options(["--sarif", "a.sarif", "--markdown", "b.md", "--json", "c.json", "--format", "json"]).outputs, [
                { format: "sarif", file: "a.sarif" },
                { format: "markdown", file: "b.md" },
                { format: "json", file: "c.json" },
                { format: "json" },
            ]);
            // A file's extension names its format when no --format precedes it.
            assert.deepStrictEqual(options(["--output", "report.sarif"]).outputs, [{ format: "sarif", file: "report.sarif" }]);
        });

        it("refuses conflicting and malformed arguments, all problems in one message", () => {
            refused(["--all", "--stack", "dev"], /^--all and --stack conflict/);
            refused(["--from-state", "x.json", "--all"], /--from-state and --all conflict/);
            refused(["--from-state", "x.json", "--stack", "a", "--stack", "b"], /--from-state checks one stack/);
            refused(["--stack"], /^--stack needs a value$/);
            refused(["--stack", "--all"], /^--stack needs a value \(the next argument is an option/);
            refused(["--stak", "dev"], /^unknown option --stak \(did you mean --stack\?\)$/);
            refused(["dev"], /^unexpected argument dev \(options start with --; a stack is --stack <name>\)$/);
            refused(["--format", "xml"], /^--format xml: must be one of terminal, json, sarif, markdown$/);
            refused(["--format", "json", "--format", "sarif"], /only one report can go to stdout/);
            refused(["--compare-label", "main"], /--compare-label names the report of --compare: give --compare <report\.json> too/);
            refused(["--compare", "base.json", "--compare-label", " "], /--compare-label: must not be empty/);
            refused(["--output", "report.txt"], /--output report\.txt: give its --format before it/);
            refused(["--json", "same.json", "--output", "same.json"], /same\.json: named by more than one output/);
            refused(["--format", "xml", "--all", "--stack", "dev"], /^--all and --stack conflict.*\n--format xml: must be one of/s);
        });

        it("refuses a missing stack directory and an output that could not be written, before the run", () => {
            const dir = tempDir("cli-");
            refused(["--stack-dir", path.join(dir, "missing")], /^--stack-dir .*missing: no such directory$/);
            refused(["--markdown", path.join(dir, "missing", "report.md")], /^--output .*report\.md: the directory .*missing does not exist$/);
            refused(["--format", "json", "--output", dir], /^--output .*: is a directory$/);
        });
    });

    describe("bad stack files", function () {
        this.timeout(60_000);
        const errorOf = async (name: string, content: string | Buffer) => {
            const dir = tempDir("cli-");
            fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), content);
            const report = await runCheck(parseArgs(["--stack", name, "--stack-dir", dir]));
            assert.strictEqual(report.exitCode, 2);
            return report.stacks[0].error!;
        };

        it("names the line and column of a YAML syntax error", async () => {
            assert.match(await errorOf("broken", "config:\n  eks-platform:cluster.version: \"1.35\"\n  eks-platform:cluster.addons: [vpc-cni\n"), /Pulumi\.broken\.yaml is not valid YAML:\n {2}- line \d+, column \d+: /);
        });

        it("refuses a stack file that is not a map, or has no config: map", async () => {
            assert.match(await errorOf("list", "- eks-platform:cluster.version\n"), /Pulumi\.list\.yaml must be a YAML map .*not a list$/);
            assert.match(await errorOf("empty", ""), /Pulumi\.empty\.yaml must be a YAML map .*not empty$/);
            assert.match(await errorOf("flat", "eks-platform:cluster.version: \"1.35\"\n"), /Pulumi\.flat\.yaml has no `config:` map \(its top-level keys: eks-platform:cluster\.version; are the settings missing their `config:` parent\?\)/);
            assert.match(await errorOf("scalar", "config: 3\n"), /`config:` must be a map of eks-platform:<key> to value, not 3$/);
        });

        it("refuses a key in a namespace nothing reads, suggesting the one meant", async () => {
            assert.match(await errorOf("typo", "config:\n  eks-platfrom:cluster.version: \"1.35\"\n  aws:region: us-east-1\n"), /has 1 key nothing reads:\n {2}- eks-platfrom:cluster\.version: namespace "eks-platfrom" is read by nothing in this project \(did you mean "eks-platform:cluster\.version"\?\); the namespaces read are eks-platform, aws, pulumi$/);
        });

        it("names the line of an alias without its anchor, reads merge keys as the Pulumi CLI does, and refuses ESC imports it cannot read", async () => {
            assert.match(await errorOf("alias", "config:\n  aws:region: us-east-1\n  eks-platform:tags: *common\n"), /Pulumi\.alias\.yaml is not valid YAML:\n {2}- line 3: the alias \*common names no anchor &common defined before it$/);
            // A merge key brings the anchored map's keys in: its values are read (here a bad one, named).
            assert.match(await errorOf("merge", "base: &base\n  eks-platform:protect: maybe\nconfig:\n  <<: *base\n  aws:region: us-east-1\n"), /eks-platform:protect = "maybe"/);
            assert.match(await errorOf("esc", "environment:\n  - aws/prod\nconfig:\n  aws:region: us-east-1\n"), /imports Pulumi ESC environments whose values the check does not have: aws\/prod/);
        });

        it("plans a secure: value it cannot decrypt with its declared default and says so, and refuses one without a default", async () => {
            const dir = tempDir("cli-");
            const base = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `${base.trimEnd()}\n  eks-platform:protect:\n    secure: AAABADvB3yx4Y2F0Zm9yCg==\n`);
            const report = await runCheck(parseArgs(["--stack", "dev", "--stack-dir", dir]));
            assert.notStrictEqual(report.exitCode, 2, report.stacks[0].error);
            assert.deepStrictEqual(report.stacks[0].unseenConfig, [{ key: "eks-platform:protect", plannedWith: "false" }]);
            assert.match(render(report, "markdown", false), /- Not checked: eks-platform:protect is secure: \(encrypted\), which the offline check cannot decrypt: the plan uses its default from Pulumi\.yaml \(false\) instead/);
            assert.match(await errorOf("blind", "config:\n  aws:region: us-east-1\n  eks-platform:cluster.version:\n    secure: AAABADvB3yx4Y2F0Zm9yCg==\n"), /eks-platform:cluster\.version is secure: \(encrypted\), which the offline check cannot decrypt, and Pulumi\.yaml declares no default to plan with/);
        });

        it("refuses a file that is not UTF-8", async () => {
            assert.match(await errorOf("latin1", Buffer.from("config:\n  eks-platform:tags: {owner: Jos\xe9}\n", "latin1")), /Pulumi\.latin1\.yaml: not UTF-8 text/);
        });
    });

    describe("bad policy configs", () => {
        it("says each problem on a line of its own, naming the policy and the setting", () => {
            const problems = policyConfigProblems({
                "eks-control-plane-loging": "mandatory",
                all: "strict",
                "eks-kubernetes-version": { enforcementLevel: "warn", allowExtendedSupport: "no", warnDaysBeforeEnds: 30 },
                "eks-endpoint-mode-allowed": { allowedModes: ["public", "internal"] },
            });
            assert.deepStrictEqual(problems, [
                'eks-control-plane-loging: no such policy in eks-guard (did you mean "eks-control-plane-logging"?)',
                'all = "strict": an enforcement level must be one of "advisory", "mandatory", "remediate", "disabled"',
                'eks-kubernetes-version.warnDaysBeforeEnds: not a setting of this policy (did you mean "warnDaysBeforeEnd"?); its settings: enforcementLevel, allowExtendedSupport, warnDaysBeforeEnd, evaluationDate, exemptions',
                'eks-kubernetes-version.enforcementLevel = "warn": must be one of "advisory", "mandatory", "remediate", "disabled"',
                'eks-kubernetes-version.allowExtendedSupport = "no": must be boolean',
                'eks-endpoint-mode-allowed.allowedModes[1] = "internal": must be one of "public", "publicAndPrivate", "private"',
            ]);
        });

        it("checks exemptions: their fields, real expiry days, and an exemptions report that stays advisory", () => {
            const problems = policyConfigProblems({
                "eks-exemptions": "advisory",
                "ec2-no-public-ssh": { exemptions: [{ resource: "bastion", expires: "2026-12-31" }, { resource: "jump", reason: "TICKET-7", expires: "2026-02-30" }] },
            });
            assert.deepStrictEqual(problems, [
                "ec2-no-public-ssh.exemptions[0] = {\"resource\":\"bastion\",\"expires\":\"2026-12-31\"}: must have required property 'reason'",
                'ec2-no-public-ssh.exemptions[1].expires = "2026-02-30": not a day of the calendar',
            ]);
            const waiver = { exemptions: [{ resource: "bastion", reason: "TICKET-7", expires: "2026-12-31" }] };
            assert.deepStrictEqual(policyConfigProblems({ all: "mandatory", "ec2-no-public-ssh": waiver }), [
                'eks-exemptions resolves to "mandatory" (from "all"): it lists waived findings, so it must be "advisory" (or "disabled"); add "eks-exemptions": "advisory"',
            ]);
            assert.deepStrictEqual(policyConfigProblems({ all: "mandatory", "ec2-no-public-ssh": waiver, "eks-exemptions": "advisory" }), []);
            assert.deepStrictEqual(policyConfigProblems({ all: "mandatory" }), [], "a config that waives nothing is not refused");
        });

        it("accepts every shipped policy config", () => {
            for (const file of fs.readdirSync(path.join(PROJECT_DIR, "policies", "config"))) {
                assert.deepStrictEqual(policyConfigProblems(JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "config", file), "utf8"))), [], file);
            }
        });

        it("refuses a file that is not an object, and an impossible evaluation date", () => {
            assert.match(policyConfigProblems([])[0], /must hold a JSON object .*not an array/);
            assert.deepStrictEqual(policyConfigProblems({ "eks-kubernetes-version": { evaluationDate: "2026-02-30" } }), ['eks-kubernetes-version.evaluationDate = "2026-02-30": not a day of the calendar']);
        });
    });

    describe("dates", () => {
        it("takes only days of the calendar: 2026-02-30 is not 2 March", () => {
            assert.strictEqual(pinnedDay("2026-02-30"), undefined);
            assert.strictEqual(pinnedDay("2026-13-01"), undefined);
            assert.strictEqual(pinnedDay("2028-02-29")?.toISOString(), "2028-02-29T00:00:00.000Z");
        });
    });

    describe("as a process", function () {
        this.timeout(120_000);

        it("--help lists every option on stdout and exits 0", () => {
            const help = run(["--help"]);
            assert.strictEqual(help.status, 0, help.stderr);
            for (const option of ["--stack", "--all", "--stack-dir", "--from-state", "--policy-config", "--compare", "--format", "--output", "--json", "--sarif", "--markdown", "--debug", "--help", "--version"]) {
                assert.match(help.stdout, new RegExp(`^\\s+(-h, )?${option}\\b`, "m"), option);
            }
            assert.strictEqual(help.stderr, "");
        });

        it("--version names this check's and the pack's versions", () => {
            const version = run(["--version"]);
            const own = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")).version;
            const pack = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "package.json"), "utf8")).version;
            assert.strictEqual(version.stdout, `eks-platform-check ${own} (eks-guard policy pack ${pack})\n`);
            assert.strictEqual(version.status, 0);
        });

        it("bad arguments and a bad evaluation date: exit 2, one message on stderr, no stack trace, nothing on stdout", () => {
            const dir = tempDir("cli-");
            for (const [args, env, message] of [
                [["--all", "--stack", "dev"], {}, /--all and --stack conflict/],
                [["--output", path.join(dir, "missing", "r.md")], {}, /the directory .*missing does not exist/],
                [[], { EKS_PLATFORM_EVALUATION_DATE: "2026-02-30" }, /^EKS_PLATFORM_EVALUATION_DATE "2026-02-30" is not a YYYY-MM-DD day of the calendar/],
            ] as const) {
                const result = run([...args], env);
                assert.strictEqual(result.status, 2, args.join(" "));
                assert.match(result.stderr, message);
                assert.doesNotMatch(result.stderr, STACK_TRACE);
                assert.strictEqual(result.stdout, "");
            }
        });

        it("says a stack's error on stderr with nothing on stdout", () => {
            const dir = tempDir("cli-");
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8").replace("eks-platform:network.zoneCount: 2", "eks-platform:network.zoneCount: 1"));
            const config = run(["--stack", "dev", "--stack-dir", dir, "--format", "markdown"]);
            assert.strictEqual(config.status, 2, config.stderr);
            assert.strictEqual(config.stdout, "", "no report header before an error");
            assert.match(config.stderr, /^error: stack dev \(.*Pulumi\.dev\.yaml\): The stack configuration has 1 problem; no resource was declared:\n {2}- eks-platform:network\.zoneCount = "1": must be an integer from 2 to 6/);
            assert.doesNotMatch(config.stderr, STACK_TRACE);
        });

        it("writing reports to files still prints the result on the terminal, and says where each went on stderr", () => {
            const dir = tempDir("cli-");
            const result = run(["--stack", "dev", "--sarif", path.join(dir, "r.sarif"), "--markdown", path.join(dir, "r.md")], { EKS_PLATFORM_EVALUATION_DATE: "2026-11-22" });
            assert.strictEqual(result.status, 0, result.stderr);
            assert.match(result.stdout, /^eks-platform · stack dev · /);
            assert.match(result.stdout, /dev: 48 resources, 0 mandatory, \d+ advisory, \d+ could not check yet, 0 remediated: PASSED/);
            assert.match(result.stderr, /wrote the sarif report to .*r\.sarif\nwrote the markdown report to .*r\.md\n/);
            assert.ok(fs.existsSync(path.join(dir, "r.sarif")) && fs.existsSync(path.join(dir, "r.md")));
        });

        it("leaves no policy pack running when bad input ends a run after the pack was started", () => {
            const before = runningPacks();
            const result = run(["--stack", "no-such-stack"]);
            assert.strictEqual(result.status, 2, result.stderr);
            assert.match(result.stderr, /^error: stack no-such-stack: No stack file Pulumi.no-such-stack.yaml \(stacks there: /);
            assert.strictEqual(result.stdout, "");
            // The pack gets SIGTERM as the check exits; give it a moment to go.
            const deadline = Date.now() + 5_000;
            let left = runningPacks().filter((pid) => !before.includes(pid));
            while (left.length > 0 && Date.now() < deadline) {
                spawnSync("sleep", ["0.1"]);
                left = runningPacks().filter((pid) => !before.includes(pid));
            }
            assert.deepStrictEqual(left, [], "pack processes left running");
        });
    });
});
