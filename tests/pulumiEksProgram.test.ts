import * as assert from "assert";
import * as path from "path";
import { analyzePlan, Finding } from "../offline/analysis";
import { sharedPack } from "./support/sharedPack";
import { runUnderMocks } from "../offline/mockRun";
import { Plan, planFromState } from "../offline/plan";
import { PolicyAnalyzer } from "../offline/policyAnalyzer";
import { loadPolicyConfig } from "../offline/policyConfig";
import { pulumiEksUserProgram } from "./fixtures/programs/pulumiEksUser";
import { PROJECT_DIR } from "./support/mockProgram";

// A @pulumi/eks user's stack reaches the pack in two shapes: with component inputs (component
// providers built with @pulumi/pulumi >= 3.203, pulumi/pulumi#20357) or without them (older ones, and
// every state file); in a real preview the component's children are analysed either way. The rules
// must give the same findings in both, each problem once, on the deployed child resources.
const PROD_CONFIG = path.join(PROJECT_DIR, "policies", "config", "prod.json");
// A real @pulumi/eks 3.0.0 stack: components without inputs, and their children.
const EXPORT = path.join(__dirname, "fixtures", "stack-exports", "pulumi-eks-managed-nodegroups.json");
const COMPONENT = /::eks:index:(Cluster|ManagedNodeGroup)::/;

const signature = (findings: Finding[]) =>
    findings
        .filter((f) => !f.notRunnable)
        .map((f) => `${f.policyName} ${f.urn.split("::").pop()} ${f.message}`)
        .sort();

describe("the pack on a program a @pulumi/eks user writes", function () {
    this.timeout(180_000);
    let pack: PolicyAnalyzer;
    before(async () => {
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-11-22";
        pack = await sharedPack();
    });

    it("under the mock runtime, sends the components with their inputs, and judges none of them", async () => {
        const run = await runUnderMocks(async () => pulumiEksUserProgram(), { "aws:region": "us-east-1" }, { project: "eks-user", stack: "prod", preview: true });
        const cluster = run.resources.find((r) => r.type === "eks:index:Cluster")!;
        assert.strictEqual(cluster.inputs.endpointPublicAccess, false, "the component's inputs reach the engine");
        assert.strictEqual(cluster.protect, true);
        const plan: Plan = { stack: "prod", source: "program", file: PROD_CONFIG, resources: run.resources };
        const findings = (await analyzePlan(pack, plan, loadPolicyConfig(PROD_CONFIG))).findings;
        assert.deepStrictEqual(findings.filter((f) => COMPONENT.test(f.urn)), [], "a fully configured component gets no (false) violation");
    });

    it("judges the children of input-less components, phrased for @pulumi/eks, each problem once", async () => {
        const plan = planFromState(EXPORT, "prod");
        const findings = (await analyzePlan(pack, plan, loadPolicyConfig(PROD_CONFIG))).findings;
        assert.deepStrictEqual(findings.filter((f) => COMPONENT.test(f.urn)), []);
        const onCluster = findings.filter((f) => f.urn.endsWith("::example-managed-nodegroups-eksCluster") && !f.notRunnable);
        assert.ok(onCluster.some((f) => f.policyName === "eks-endpoint-access-explicit" && /\(created by a @pulumi\/eks Cluster\)/.test(f.message)));
        const protect = findings.filter((f) => f.policyName === "eks-protect-stateful" && /Cluster "example-managed-nodegroups-eksCluster"/.test(f.message));
        assert.strictEqual(protect.length, 1, "the unprotected cluster is reported once, not also as its component");
        const all = signature(findings);
        assert.strictEqual(new Set(all).size, all.length, "no finding twice");
    });

    it("finds exactly the same with the components' inputs present as without them", async () => {
        const run = await runUnderMocks(async () => pulumiEksUserProgram(), { "aws:region": "us-east-1" }, { project: "eks-user", stack: "prod", preview: true });
        const inputsOf = (type: string) => run.resources.find((r) => r.type === type)!.inputs;
        const bare = planFromState(EXPORT, "prod");
        const withInputs: Plan = {
            ...bare,
            // As a newer component provider sends them (the state file still keeps none).
            source: "program",
            resources: bare.resources.map((r) => (r.type === "eks:index:Cluster" ? { ...r, inputs: inputsOf("eks:index:Cluster") } : r.type === "eks:index:ManagedNodeGroup" ? { ...r, inputs: inputsOf("eks:index:ManagedNodeGroup") } : r)),
        };
        const asProgram: Plan = { ...bare, source: "program" };
        const config = loadPolicyConfig(PROD_CONFIG);
        const without = signature((await analyzePlan(pack, asProgram, config)).findings);
        const within = signature((await analyzePlan(pack, withInputs, config)).findings);
        assert.ok(without.length > 0);
        assert.deepStrictEqual(within, without);
    });
});
