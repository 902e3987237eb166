// Issue 22 part 5: the pack gives the same results wherever Pulumi runs it. `pulumi policy analyze
// --file <export>` (pulumi/pulumi pkg/cmd/pulumi/policy/policy_analyze.go and
// pkg/resource/deploy/analyze_snapshot.go @ 1b5949891b3cefcb9974752b24a5ecef0acc86c8) sends the
// pack each resource's state inputs (Analyze) and outputs (AnalyzeStack), with secrets it cannot
// decrypt as the string "[secret]"; offline/policyAnalyzeShapes.ts builds those requests. These tests
// send them to the shared pack and compare with what `npm run check -- --from-state <file>` reports.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseArgs, runCheck } from "../offline/check";
import { PolicyAnalyzer } from "../offline/policyAnalyzer";
import { CheckReport } from "../offline/report/model";
import { analyzeRequest, stackResource } from "../offline/engineShapes";
import { readStateExport } from "../offline/stateFile";
import { loadPolicyConfig } from "../offline/policyConfig";
import { PLACEHOLDER_POLICY } from "../offline/report/findingGroups";
import { EXEMPTIONS_POLICY } from "../policies/lib/exemptions";
import { parsePlaceholderMessage } from "../policies/lib/placeholders";
import {
    AnalyzeFileError,
    FileFinding,
    policyAnalyzeDeploymentRequests,
    policyAnalyzeFileRequests,
    PolicyAnalyzeFileResult,
    REDACTED_SECRET,
    runPolicyAnalyzeFile,
    UNKNOWN_STRING,
    urnName,
} from "../offline/policyAnalyzeShapes";
import { PROJECT_DIR } from "./support/mockProgram";
import { sharedPack } from "./support/sharedPack";
import { tempDir } from "./support/tempDirs";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ciphertext = (text = "v1:Zm9vYmFy:c2VjcmV0") => ({ [SIG]: SECRET_SIG, ciphertext: text });
const plaintext = (value: unknown) => ({ [SIG]: SECRET_SIG, plaintext: JSON.stringify(value) });
const redacted = { [SIG]: SECRET_SIG, value: REDACTED_SECRET };

const FIXTURES = path.join(__dirname, "fixtures", "stack-exports");
const SHARED_EXPORTS = path.resolve(PROJECT_DIR, "..", "shared", "data", "stack-exports", "pulumi-eks");
const EVALUATION_DATE = "2026-11-22";

describe("pulumi policy analyze --file: the requests (analyze_snapshot.go, analyzer_plugin.go, deployment.go)", () => {
    const P = "urn:pulumi:test::proj::";
    const provider = { urn: `${P}pulumi:providers:aws::default`, type: "pulumi:providers:aws", custom: true, id: "prov-1", inputs: { region: "us-west-2", __internal: "x" }, outputs: { region: "us-west-2" } };
    const deployment = {
        version: 3,
        deployment: {
            manifest: { time: "2026-01-01T00:00:00Z", magic: "", version: "v3.200.0" },
            secrets_providers: { type: "passphrase", state: { salt: "v1:abc" } },
            resources: [
                { urn: `${P}pulumi:pulumi:Stack::proj-test`, type: "pulumi:pulumi:Stack", custom: false, outputs: { kubeconfig: ciphertext() } },
                provider,
                { urn: `${P}my:index:Component::comp`, type: "my:index:Component", custom: false, parent: `${P}pulumi:pulumi:Stack::proj-test` },
                {
                    urn: `${P}my:index:Component$aws:eks/cluster:Cluster::c::with::colons`,
                    type: "aws:eks/cluster:Cluster",
                    custom: true,
                    id: "c-1",
                    parent: `${P}my:index:Component::comp`,
                    provider: `${provider.urn}::prov-1`,
                    protect: true,
                    ignoreChanges: ["tags"],
                    additionalSecretOutputs: ["certificateAuthority"],
                    aliases: [`${P}aws:eks/cluster:Cluster::old`],
                    customTimeouts: { create: 1800, delete: 900 },
                    inputs: {
                        __defaults: [],
                        name: "c",
                        vpcConfig: { publicAccessCidrs: ciphertext(), __defaults: ["endpointPublicAccess"] },
                        tags: plaintext({ team: "a" }),
                        roleArn: { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: `${P}aws:iam/role:Role::r`, id: "arn:aws:iam::1:role/r" },
                        kmsKey: { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: `${P}aws:kms/key:Key::k`, id: "" },
                        component: { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: `${P}my:index:Component::comp` },
                        version: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                        blob: { [SIG]: "803fd3297a5875dc03ca845dda5d2a98", value: Buffer.from("bytes").toString("base64") },
                        ratio: { [SIG]: "8ad145fe-0d11-4827-bfd7-1abcbf086f5c", value: "3ff8000000000000" },
                    },
                    outputs: { __meta: "{}", name: "c", arn: "arn:aws:eks:us-west-2:1:cluster/c", vpcConfig: { publicAccessCidrs: ciphertext() } },
                    dependencies: [`${P}aws:iam/role:Role::r`],
                    propertyDependencies: { roleArn: [`${P}aws:iam/role:Role::r`], name: [], tags: null },
                },
                { urn: `${P}aws:iam/role:Role::gone`, type: "aws:iam/role:Role", custom: true, id: "gone", delete: true, inputs: {}, outputs: {} },
            ],
        },
    };

    const requests = policyAnalyzeDeploymentRequests(deployment);
    const cluster = requests.resources[3];
    const clusterStack = requests.stack[3];

    it("sends every resource but the deleted ones: the root stack, providers and components included, in state order", () => {
        assert.deepStrictEqual(
            requests.resources.map((r) => r.analyze.type),
            ["pulumi:pulumi:Stack", "pulumi:providers:aws", "my:index:Component", "aws:eks/cluster:Cluster"],
        );
        assert.deepStrictEqual(requests.stack.map((r) => r.urn), requests.urns);
        assert.strictEqual(requests.rootStackUrn, `${P}pulumi:pulumi:Stack::proj-test`);
        assert.strictEqual(requests.resources[2].analyze.properties && Object.keys(requests.resources[2].analyze.properties).length, 0, "a component of a state has no inputs");
    });

    it("takes the name from the URN (URN.Name: everything after the type, '::' included)", () => {
        assert.strictEqual(cluster.analyze.name, "c::with::colons");
        assert.strictEqual(urnName(`${P}aws:ec2/vpc:Vpc::main`), "main");
    });

    it("Analyze gets the inputs without top-level __ keys, Remediate keeps them, AnalyzeStack gets the outputs as they are (no id added)", () => {
        assert.ok(!("__defaults" in cluster.analyze.properties));
        assert.ok("__defaults" in cluster.remediate.properties);
        assert.deepStrictEqual((cluster.analyze.properties.vpcConfig as any).__defaults, ["endpointPublicAccess"], "nested internal keys stay");
        assert.deepStrictEqual(Object.keys(clusterStack.properties).sort(), ["arn", "name", "vpcConfig"]);
    });

    it("an undecryptable secret is '[secret]' whatever it held; a --show-secrets plaintext keeps its value; both stay secret objects", () => {
        assert.strictEqual(requests.redacted, true);
        assert.deepStrictEqual((cluster.analyze.properties.vpcConfig as any).publicAccessCidrs, redacted);
        assert.deepStrictEqual((clusterStack.properties.vpcConfig as any).publicAccessCidrs, redacted);
        assert.deepStrictEqual(requests.stack[0].properties.kubeconfig, redacted);
        assert.deepStrictEqual(cluster.analyze.properties.tags, { [SIG]: SECRET_SIG, value: { team: "a" } });
        const clear = policyAnalyzeDeploymentRequests({ deployment: { resources: [{ urn: `${P}aws:iam/role:Role::r`, type: "aws:iam/role:Role", custom: true, inputs: { tags: plaintext({ a: "b" }) } }] } });
        assert.strictEqual(clear.redacted, false);
    });

    it("a resource reference is its id (unknown when empty), a component's its URN; the computed placeholder is unknown; byte strings and floats decoded", () => {
        const p = cluster.analyze.properties;
        assert.deepStrictEqual([p.roleArn, p.kmsKey, p.component, p.version, p.blob, p.ratio], ["arn:aws:iam::1:role/r", UNKNOWN_STRING, `${P}my:index:Component::comp`, UNKNOWN_STRING, "bytes", 1.5]);
    });

    it("options: protect, ignoreChanges, additionalSecretOutputs, aliases, customTimeouts, parent; no deleteBeforeReplace (a state has none)", () => {
        assert.deepStrictEqual(cluster.analyze.options, {
            protect: true,
            ignoreChanges: ["tags"],
            deleteBeforeReplace: false,
            deleteBeforeReplaceDefined: false,
            additionalSecretOutputs: ["certificateAuthority"],
            aliases: [`${P}aws:eks/cluster:Cluster::old`],
            customTimeouts: { create: 1800, update: 0, delete: 900, read: 0 },
            parent: `${P}my:index:Component::comp`,
        });
    });

    it("the provider is its state resource's inputs (top-level __ keys dropped)", () => {
        assert.deepStrictEqual(cluster.analyze.provider, { urn: provider.urn, type: provider.type, name: "default", properties: { region: "us-west-2" } });
        assert.strictEqual(requests.resources[2].analyze.provider, undefined);
    });

    it("AnalyzeStack: parent, dependencies, and only the property dependencies that have one", () => {
        assert.deepStrictEqual([clusterStack.parent, clusterStack.dependencies, clusterStack.propertyDependencies], [`${P}my:index:Component::comp`, [`${P}aws:iam/role:Role::r`], { roleArn: [`${P}aws:iam/role:Role::r`] }]);
    });

    it("refuses what the CLI refuses: an invalid URN, a malformed secret, an unknown signature", () => {
        const one = (r: Record<string, unknown>) => ({ deployment: { resources: [{ urn: `${P}aws:iam/role:Role::r`, type: "aws:iam/role:Role", custom: true, ...r }] } });
        assert.throws(() => policyAnalyzeDeploymentRequests(one({ urn: "urn:pulumi:test::r" })), AnalyzeFileError);
        assert.throws(() => policyAnalyzeDeploymentRequests(one({ inputs: { a: { [SIG]: SECRET_SIG, value: "x" } } })), /exactly one of `ciphertext` or `plaintext`/);
        assert.throws(() => policyAnalyzeDeploymentRequests(one({ inputs: { a: { [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: "x" } } })), /unrecognized signature/);
        assert.throws(() => policyAnalyzeDeploymentRequests(one({ inputs: { a: ciphertext() } })), /encrypted secrets but no secrets manager/);
    });
});

/** A finding as compared: policy, the resource's URN ("" for none), and what it says. */
type Key = string;
const key = (policy: string, urn: string, message: string): Key => JSON.stringify([policy, urn, message]);

/**
 * The report's findings back as one entry per resource: a finding said once for several resources
 * (a value not known, a placeholder) is listed once per resource, by its `fact`.
 */
function reportKeys(report: CheckReport): Set<Key> {
    const keys = new Set<Key>();
    for (const f of report.stacks[0].findings) {
        for (const member of [f.resource, ...(f.alsoAt ?? [])]) {
            keys.add(key(f.policy, member?.urn ?? "", f.fact ?? f.message));
        }
    }
    return keys;
}

/**
 * The CLI's findings read the way the report reads the pack's: without the disabled ones and the
 * waivers (the report lists eks-exemptions apart), a placeholder by its value, and a stack finding
 * the pack gave no URN of the stack to without one: the CLI attributes it to the root stack
 * (resolveStackPolicyViolationURN), the report leaves it without a resource. That attribution is
 * counted apart, and checked to be the root stack's.
 */
function fileKeys(result: PolicyAnalyzeFileResult, rootStackUrn: string): { keys: Set<Key>; toRootStack: FileFinding[] } {
    const keys = new Set<Key>();
    const toRootStack: FileFinding[] = [];
    for (const f of result.findings) {
        if (f.enforcementLevel === "disabled" || f.policyName === EXEMPTIONS_POLICY) {
            continue;
        }
        const hit = f.policyName === PLACEHOLDER_POLICY && !/^can't run policy '/.test(f.message) ? parsePlaceholderMessage(f.message) : undefined;
        const unattributed = f.call === "AnalyzeStack" && f.urn !== f.reportedUrn;
        if (unattributed) {
            assert.strictEqual(f.urn, rootStackUrn, `${f.policyName}: a stack finding without a URN of the stack goes to the root stack`);
            toRootStack.push(f);
        }
        keys.add(key(f.policyName, unattributed ? "" : f.urn, hit ? `placeholder ${hit.value}` : f.message));
    }
    return { keys, toRootStack };
}

const NOT_RUNNABLE = /^can't run policy '/;

describe("pulumi policy analyze --file gives the findings --from-state gives", function () {
    this.timeout(300_000);
    const shared = fs.existsSync(SHARED_EXPORTS) ? fs.readdirSync(SHARED_EXPORTS).filter((f) => f.endsWith(".json")).sort() : [];
    const files = [...fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(FIXTURES, f)), ...shared.map((f) => path.join(SHARED_EXPORTS, f))];
    let pack: PolicyAnalyzer;
    const tally = { files: 0, same: 0, onlyFromState: 0, onlyAnalyzeFile: 0, toRootStack: 0 };

    before(async () => {
        if (shared.length === 0) {
            console.log(`      (${SHARED_EXPORTS} is absent: only the exports in tests/fixtures/stack-exports are compared)`);
        }
        process.env.EKS_PLATFORM_EVALUATION_DATE = EVALUATION_DATE;
        pack = await sharedPack();
    });

    after(() => console.log(`      compared ${tally.files} exports: ${tally.same} findings the same, ${tally.onlyFromState} only from --from-state, ${tally.onlyAnalyzeFile} only from analyze --file; ${tally.toRootStack} stack findings attributed to the root stack by the CLI`));

    for (const file of files) {
        it(`${path.relative(PROJECT_DIR, file)}`, async () => {
            const report = await runCheck(parseArgs(["--from-state", file]), pack);
            assert.ok(["passed", "failed"].includes(report.stacks[0].status), `${report.stacks[0].status}: ${report.stacks[0].error}`);
            const requests = policyAnalyzeFileRequests(file);
            const result = await runPolicyAnalyzeFile(pack, requests);
            assert.deepStrictEqual(result.crashes, [], "no request fails");
            assert.deepStrictEqual(result.remediations, [], "no policy remediates at its default level");

            const fromState = reportKeys(report);
            const { keys: analyzeFile, toRootStack } = fileKeys(result, requests.rootStackUrn);
            const onlyFromState = [...fromState].filter((k) => !analyzeFile.has(k));
            const onlyAnalyzeFile = [...analyzeFile].filter((k) => !fromState.has(k));

            // Correct by design: --from-state cannot decrypt a secret and judges it unknown, so a rule
            // that needs it says it cannot check ("can't run policy ..."); analyze --file sends
            // "[secret]" instead, so that rule checks a string. Only a file with ciphertexts may
            // differ, only by could-not-check findings on the --from-state side, and each must be
            // about a resource that holds an encrypted secret.
            const secretHolders = new Set(requests.stack.filter((r) => JSON.stringify([r.properties, requests.resources.find((q) => q.analyze.urn === r.urn)?.analyze.properties]).includes(REDACTED_SECRET)).map((r) => r.urn));
            const unexplained = onlyFromState.filter((k) => {
                const [, urn, message] = JSON.parse(k) as string[];
                return !(requests.redacted && NOT_RUNNABLE.test(message) && secretHolders.has(urn));
            });
            assert.deepStrictEqual(unexplained, [], "findings of --from-state that analyze --file does not give");
            if (requests.redacted) {
                // What analyze --file says instead on those resources: nothing but findings that read no secret.
                for (const k of onlyAnalyzeFile) {
                    const [policy, urn, message] = JSON.parse(k) as string[];
                    assert.ok(secretHolders.has(urn), `${policy} on ${urn}: ${message}`);
                    assert.ok(!message.includes(REDACTED_SECRET), `${policy} read "[secret]" as a value: ${message}`);
                }
            } else {
                assert.deepStrictEqual(onlyAnalyzeFile, [], "findings of analyze --file that --from-state does not give");
            }
            // And at the same enforcement level.
            const levelsOf = (pairs: [Key, string][]) => new Map(pairs.filter(([k]) => fromState.has(k) && analyzeFile.has(k)));
            const reportLevels = levelsOf(report.stacks[0].findings.flatMap((f) => [f.resource, ...(f.alsoAt ?? [])].map((m): [Key, string] => [key(f.policy, m?.urn ?? "", f.fact ?? f.message), f.enforcementLevel])));
            const fileLevels = levelsOf(result.findings.map((f): [Key, string] => {
                const hit = f.policyName === PLACEHOLDER_POLICY && !NOT_RUNNABLE.test(f.message) ? parsePlaceholderMessage(f.message) : undefined;
                return [key(f.policyName, f.call === "AnalyzeStack" && f.urn !== f.reportedUrn ? "" : f.urn, hit ? `placeholder ${hit.value}` : f.message), f.enforcementLevel];
            }));
            assert.deepStrictEqual(fileLevels, reportLevels, "the same enforcement levels");
            tally.files++;
            tally.same += [...fromState].filter((k) => analyzeFile.has(k)).length;
            tally.onlyFromState += onlyFromState.length;
            tally.onlyAnalyzeFile += onlyAnalyzeFile.length;
            tally.toRootStack += toRootStack.length;
        });
    }
});

describe("the requests of the two paths: every difference, and why it is harmless or by design", () => {
    // stateFile.ts + engineShapes.ts (--from-state) against policyAnalyzeShapes.ts (analyze --file).
    for (const name of fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort()) {
        it(`${name}: the same properties, but for the ids --from-state adds to outputs that lack one`, () => {
            const file = path.join(FIXTURES, name);
            const declared = readStateExport(file).resources;
            const engine = policyAnalyzeFileRequests(file);
            assert.deepStrictEqual(declared.map((r) => r.urn), engine.urns, "the same resources, in the same order");
            const added: string[] = [];
            declared.forEach((resource, i) => {
                const offline = analyzeRequest(resource);
                assert.deepStrictEqual(offline.properties, engine.resources[i].analyze.properties, `Analyze ${resource.urn}`);
                assert.strictEqual(offline.name, engine.resources[i].analyze.name);
                const stack = stackResource(resource);
                const cli = engine.stack[i];
                if (!("id" in cli.properties) && "id" in stack.properties) {
                    // stateFile.ts gives every resource with an id an `id` output; the CLI sends the
                    // state's outputs as they are. A provider's and a Kubernetes ConfigMap's state
                    // outputs hold no id. No rule reads those types' id: the findings are the same.
                    added.push(resource.type);
                    const { id: _id, ...rest } = stack.properties;
                    assert.deepStrictEqual(rest, cli.properties, `AnalyzeStack ${resource.urn}`);
                } else {
                    assert.deepStrictEqual(stack.properties, cli.properties, `AnalyzeStack ${resource.urn}`);
                }
                assert.deepStrictEqual([stack.parent, stack.dependencies, stack.propertyDependencies], [cli.parent, cli.dependencies, cli.propertyDependencies]);
                assert.deepStrictEqual(
                    { protect: offline.options.protect, ignoreChanges: offline.options.ignoreChanges, aliases: offline.options.aliases, parent: offline.options.parent },
                    { protect: cli.options.protect, ignoreChanges: cli.options.ignoreChanges, aliases: cli.options.aliases, parent: cli.options.parent },
                );
            });
            assert.ok(added.length > 0 && added.every((t) => t.startsWith("pulumi:providers:") || t === "kubernetes:core/v1:ConfigMap"), added.join(", "));
            // The CLI also sends each resource's provider (its state inputs) and additionalSecretOutputs,
            // which PolicyAnalyzer (the offline check's client) does not: no rule reads either.
            assert.ok(engine.resources.some((r) => r.analyze.provider));
        });
    }

    it("no rule reads what only the CLI sends: the provider of a request, additionalSecretOutputs, the read timeout", () => {
        const sources = ["rules", "lib"].flatMap((dir) =>
            fs
                .readdirSync(path.join(PROJECT_DIR, "policies", dir))
                .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
                .map((f) => fs.readFileSync(path.join(PROJECT_DIR, "policies", dir, f), "utf8")),
        );
        assert.ok(!sources.some((text) => /\bargs\.provider\b|\.provider\?*\.props\b|additionalSecretOutputs\b(?!: \[\])|readSeconds/.test(text)));
    });
});

describe("remediations: --from-state applies them, analyze --file reports them and applies none", function () {
    this.timeout(300_000);

    it("eks-elb-subnet-tags at remediate: the same resources remediated, the same findings, at the same level", async () => {
        process.env.EKS_PLATFORM_EVALUATION_DATE = EVALUATION_DATE;
        const pack = await sharedPack();
        const file = path.join(FIXTURES, "pulumi-eks-managed-nodegroups.json");
        const config = path.join(tempDir("eks-analyze-file-"), "remediate.json");
        fs.writeFileSync(config, JSON.stringify({ "eks-elb-subnet-tags": "remediate" }));
        const report = await runCheck(parseArgs(["--from-state", file, "--policy-config", config]), pack);
        const requests = policyAnalyzeFileRequests(file);
        const result = await runPolicyAnalyzeFile(pack, requests, { config: loadPolicyConfig(config) });
        assert.deepStrictEqual(result.crashes, []);
        const remediated = report.stacks[0].remediations.map((r) => `${r.policy} ${r.urn}`).sort();
        assert.ok(remediated.length > 0, "subnets without their role tag are remediated");
        assert.deepStrictEqual(result.remediations.map((r) => `${r.policyName} ${r.urn}`).sort(), remediated);
        // Reported, not applied: the Analyze request kept the subnet's tags as the state has them.
        for (const r of result.remediations) {
            const sent = requests.resources.find((q) => q.analyze.urn === r.urn)!.analyze.properties;
            assert.notDeepStrictEqual(r.after.tags, sent.tags);
        }
        assert.deepStrictEqual(fileKeys(result, requests.rootStackUrn).keys, reportKeys(report));
        // A stack policy at remediate reports mandatory findings, on both paths: the pack says so
        // itself (@pulumi/policy server.js), and the CLI would too ("Stack policies cannot be remediated").
        const levels = (findings: { policy: string; level: string }[]) => findings.filter((f) => f.policy === "eks-elb-subnet-tags").map((f) => f.level);
        const fromState = levels(report.stacks[0].findings.map((f) => ({ policy: f.policy, level: f.enforcementLevel })));
        assert.ok(fromState.length > 0 && fromState.every((l) => l === "mandatory"));
        assert.deepStrictEqual(levels(result.findings.map((f) => ({ policy: f.policyName, level: f.enforcementLevel }))), fromState);
    });
});

/** How a rule took "[secret]" where --from-state gave it an unknown (what it should be judged as). */
type Misread = "a verdict on [secret]" | "[secret] read as a value" | "no could-not-check";
interface Judgement {
    policy: string;
    urn: string;
    how: Misread;
    /** What analyze --file says (nothing for "no could-not-check"). */
    says: string;
}

/**
 * Where the two paths differ on a state whose secrets are encrypted, by policy and resource: the
 * rule's finding on "[secret]" (analyze --file) against its finding on an unknown (--from-state).
 */
function misreads(fromState: Set<Key>, analyzeFile: Set<Key>): Judgement[] {
    const groups = new Map<string, { fromState: string[]; analyzeFile: string[] }>();
    const add = (k: Key, side: "fromState" | "analyzeFile") => {
        const [policy, urn, message] = JSON.parse(k) as string[];
        const group = JSON.stringify([policy, urn]);
        if (!groups.has(group)) {
            groups.set(group, { fromState: [], analyzeFile: [] });
        }
        groups.get(group)![side].push(message);
    };
    fromState.forEach((k) => add(k, "fromState"));
    analyzeFile.forEach((k) => add(k, "analyzeFile"));
    const result: Judgement[] = [];
    for (const [group, said] of groups) {
        const [policy, urn] = JSON.parse(group) as string[];
        const onlyFile = said.analyzeFile.filter((m) => !said.fromState.includes(m));
        const onlyState = said.fromState.filter((m) => !said.analyzeFile.includes(m));
        if (onlyFile.length === 0 && onlyState.length === 0) {
            continue;
        }
        const verdict = onlyFile.find((m) => !NOT_RUNNABLE.test(m));
        const named = onlyFile.find((m) => m.includes(REDACTED_SECRET));
        if (verdict) {
            result.push({ policy, urn, how: "a verdict on [secret]", says: verdict });
        } else if (named) {
            result.push({ policy, urn, how: "[secret] read as a value", says: named });
        } else if (onlyState.some((m) => NOT_RUNNABLE.test(m)) && !said.analyzeFile.some((m) => NOT_RUNNABLE.test(m))) {
            result.push({ policy, urn, how: "no could-not-check", says: "" });
        } else {
            assert.ok(onlyFile.every((m) => NOT_RUNNABLE.test(m)) && onlyState.every((m) => NOT_RUNNABLE.test(m)), `${policy} on ${urn}: --from-state says ${JSON.stringify(onlyState)}, analyze --file ${JSON.stringify(onlyFile)}`);
        }
    }
    return result.sort((a, b) => `${a.policy} ${a.urn}`.localeCompare(`${b.policy} ${b.urn}`));
}

describe('"[secret]" where a rule reads a list or an object: judged as unknown, not crashed on or misread', function () {
    this.timeout(300_000);
    const BASE = path.join(FIXTURES, "pulumi-eks-managed-nodegroups.json");
    const CLUSTER = "example-managed-nodegroups-eksCluster";

    /**
     * One property of one resource of a real export made an encrypted secret (in its inputs and its
     * outputs), as a stack whose program marks it secret has it. `expected`: the rules that misread
     * "[secret]" there: none since the pack reads it as unknown (policies/lib/blindedSecrets.ts);
     * before that, twenty rules judged the string (issue 22 part 5).
     */
    const variants: { type: string; name: string; property: string; set?: (value: unknown) => unknown; expected: { policy: string; how: Misread; says?: RegExp }[] }[] = [
        {
            type: "aws:eks/cluster:Cluster",
            name: CLUSTER,
            property: "vpcConfig.publicAccessCidrs",
            // The cluster's CIDRs are a secret: "[secret]" is not a missing list.
            expected: [],
        },
        {
            type: "aws:eks/cluster:Cluster",
            name: CLUSTER,
            property: "vpcConfig.subnetIds",
            // The network relations take "[secret]" for a list of one subnet id, "[secret]".
            expected: [],
        },
        { type: "aws:eks/cluster:Cluster", name: CLUSTER, property: "tags", expected: [] },
        {
            type: "aws:eks/cluster:Cluster",
            name: CLUSTER,
            property: "accessConfig",
            expected: [],
        },
        {
            type: "aws:eks/cluster:Cluster",
            name: CLUSTER,
            property: "enabledClusterLogTypes",
            expected: [],
        },
        {
            type: "aws:eks/cluster:Cluster",
            name: CLUSTER,
            property: "encryptionConfig",
            expected: [],
        },
        { type: "aws:iam/role:Role", name: "example-role0", property: "assumeRolePolicy", expected: [] },
        {
            type: "aws:iam/role:Role",
            name: "example-role0",
            property: "managedPolicyArns",
            expected: [],
        },
        {
            type: "aws:iam/role:Role",
            name: "example-role0",
            property: "inlinePolicies",
            set: (secret) => [{ name: "inline", policy: secret }],
            // statementsOf: "an unparsable document has none", so "[secret]" passes as a document granting nothing.
            expected: [],
        },
        {
            type: "aws:iam/role:Role",
            name: "example-role0",
            property: "inlinePolicies",
            // listOf: a value that is not a list is an empty one.
            expected: [],
        },
        { type: "aws:ec2/subnet:Subnet", name: "eks-vpc-private-3", property: "tags", expected: [] },
        { type: "aws:ec2/vpc:Vpc", name: "eks-vpc", property: "tags", expected: [] },
        { type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "example-managed-nodegroups-eksClusterInternetEgressRule", property: "cidrBlocks", expected: [] },
        {
            type: "aws:eks/nodeGroup:NodeGroup",
            name: "example-managed-ng3",
            property: "scalingConfig",
            expected: [],
        },
        {
            type: "aws:eks/nodeGroup:NodeGroup",
            name: "example-managed-ng3",
            property: "subnetIds",
            expected: [].map((policy) => ({
                policy,
                how: "[secret] read as a value" as const,
                says: /NodeGroup "example-managed-ng3" subnetIds refers to \[secret\], which this stack does not declare/,
            })),
        },
        {
            type: "aws:eks/nodeGroup:NodeGroup",
            name: "example-managed-ng3",
            property: "instanceTypes",
            expected: [],
        },
        {
            type: "aws:ec2/launchTemplate:LaunchTemplate",
            name: "example-managed-ng3-launchTemplate",
            property: "metadataOptions",
            expected: [],
        },
    ];

    let pack: PolicyAnalyzer;
    let dir: string;
    before(async () => {
        process.env.EKS_PLATFORM_EVALUATION_DATE = EVALUATION_DATE;
        pack = await sharedPack();
        dir = tempDir("eks-analyze-file-secrets-");
    });

    /** The export with the property made a secret: the file, and the URN of the resource. */
    const exportWith = (variant: (typeof variants)[number]): { file: string; urn: string } => {
        const document = JSON.parse(fs.readFileSync(BASE, "utf8"));
        const resource = document.deployment.resources.find((r: { type: string; urn: string }) => r.type === variant.type && urnName(r.urn) === variant.name);
        assert.ok(resource, `${variant.type} ${variant.name}`);
        const keys = variant.property.split(".");
        let placed = 0;
        for (const side of ["inputs", "outputs"]) {
            let bag = resource[side];
            for (const k of keys.slice(0, -1)) {
                bag = bag?.[k];
            }
            if (bag && typeof bag === "object") {
                bag[keys[keys.length - 1]] = (variant.set ?? ((s) => s))(ciphertext());
                placed++;
            }
        }
        assert.ok(placed > 0);
        const file = path.join(dir, `${variant.name}-${variant.property}${variant.set ? "-item" : ""}.json`);
        fs.writeFileSync(file, JSON.stringify(document));
        return { file, urn: resource.urn };
    };

    for (const variant of variants) {
        const label = `${variant.type} "${variant.name}" ${variant.property}${variant.set ? "[0].policy (a policy document in a list)" : ""}`;
        it(label, async () => {
            const { file, urn } = exportWith(variant);
            const requests = policyAnalyzeFileRequests(file);
            assert.ok(requests.redacted);
            const sent = JSON.stringify([requests.resources.find((r) => r.analyze.urn === urn)!.analyze.properties, requests.stack.find((r) => r.urn === urn)!.properties]);
            assert.ok(sent.includes(`"value":"${REDACTED_SECRET}"`), "the CLI sends the secret as \"[secret]\"");

            const result = await runPolicyAnalyzeFile(pack, requests, { onCrash: "disable" });
            // A rule that throws fails the whole request: the CLI stops ("failed to run policy").
            assert.deepStrictEqual(result.crashes, [], "no rule crashes on \"[secret]\"");

            const report = await runCheck(parseArgs(["--from-state", file]), pack);
            assert.ok(["passed", "failed"].includes(report.stacks[0].status), `${report.stacks[0].status}: ${report.stacks[0].error}`);
            const found = misreads(reportKeys(report), fileKeys(result, requests.rootStackUrn).keys);
            const listing = found.map((j) => `${j.policy} (${j.how}) on ${j.urn || "the stack"}: ${j.says}`).join("\n");
            assert.deepStrictEqual(
                found.map((j) => `${j.policy}: ${j.how}`),
                variant.expected.map((e) => `${e.policy}: ${e.how}`).sort(),
                `misreads of "[secret]" in ${variant.property}:\n${listing}`,
            );
            for (const e of variant.expected.filter((x) => x.says)) {
                assert.match(found.find((j) => j.policy === e.policy)!.says, e.says!);
            }
        });
    }

    it('aws:eks/cluster:Cluster "example-managed-nodegroups-eksCluster" vpcConfig, the whole object: no misread, and --from-state reports it', async () => {
        const variant = { type: "aws:eks/cluster:Cluster", name: CLUSTER, property: "vpcConfig", expected: [] };
        const { file } = exportWith(variant);
        const requests = policyAnalyzeFileRequests(file);
        const result = await runPolicyAnalyzeFile(pack, requests, { onCrash: "disable" });
        assert.deepStrictEqual(result.crashes, [], "no rule crashes on \"[secret]\"");
        // The report's diagram reads the cluster's endpoint mode as unknown (offline/report/diagram.ts).
        const report = await runCheck(parseArgs(["--from-state", file]), pack);
        assert.ok(["passed", "failed"].includes(report.stacks[0].status), `${report.stacks[0].status}: ${report.stacks[0].error}`);
        const found = misreads(reportKeys(report), fileKeys(result, requests.rootStackUrn).keys);
        assert.deepStrictEqual(found.map((j) => `${j.policy}: ${j.how}${j.urn ? "" : " (stack)"}`), [], "the same as --from-state: every rule that reads vpcConfig cannot check");
    });
});
