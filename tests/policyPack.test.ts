import * as assert from "assert";
import * as path from "path";
import { AnalyzerResource, Diagnostic, PolicyAnalyzer } from "../offline/policyAnalyzer";
import { loadPolicyConfig } from "../offline/policyConfig";
import { PROJECT_DIR, runStack } from "./support/mockProgram";

const PACK_DIR = path.join(PROJECT_DIR, "policies");
const configFile = (env: string) => path.join(PACK_DIR, "config", `${env}.json`);
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const publicCluster: AnalyzerResource = {
    type: "aws:eks/cluster:Cluster",
    name: "dev",
    urn: "urn:pulumi:dev::eks-platform::aws:eks/cluster:Cluster::dev",
    properties: {
        name: "dev",
        roleArn: "arn:aws:iam::111122223333:role/cluster",
        version: "1.35",
        vpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ["203.0.113.0/24"], subnetIds: ["subnet-1"] },
        enabledClusterLogTypes: ["audit"],
    },
};

async function analyzeStack(analyzer: PolicyAnalyzer, stack: string): Promise<Diagnostic[]> {
    const run = await runStack(stack);
    const diagnostics: Diagnostic[] = [];
    for (const resource of run.resources) {
        diagnostics.push(...(await analyzer.analyze({ type: resource.type, name: resource.name, urn: resource.urn, properties: resource.inputs, protect: resource.protect })));
    }
    return diagnostics;
}

describe("eks-guard over the analyzer protocol", function () {
    // The pack is type-checked with ts-node when it starts, as under the Pulumi CLI.
    this.timeout(180_000);
    let analyzer: PolicyAnalyzer;

    before(async () => {
        // The pack inherits the pinned day, so version support is judged as on the fixtures' day.
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-11-22";
        analyzer = await PolicyAnalyzer.start(PACK_DIR);
    });
    after(() => analyzer?.close());

    it("answers GetAnalyzerInfo with every policy, its default level and its config schema", async () => {
        const info = await analyzer.info();
        assert.strictEqual(info.name, "eks-guard");
        assert.strictEqual(info.policies.length, 16);
        const mode = info.policies.find((p) => p.name === "eks-endpoint-mode-allowed")!;
        assert.strictEqual(mode.enforcementLevel, "mandatory");
        assert.strictEqual(mode.severity, "high");
        assert.deepStrictEqual((mode.configSchema!.properties.allowedModes as any).items.enum, ["public", "publicAndPrivate", "private"]);
        const logging = info.policies.find((p) => p.name === "eks-control-plane-logging")!;
        assert.strictEqual(logging.enforcementLevel, "advisory");
    });

    it("reports with the enforcement level and settings of the prod config file", async () => {
        await analyzer.configure(loadPolicyConfig(configFile("prod")));
        const diagnostics = await analyzer.analyze(publicCluster);
        const mode = diagnostics.find((d) => d.policyName === "eks-endpoint-mode-allowed")!;
        assert.strictEqual(mode.enforcementLevel, "mandatory");
        assert.strictEqual(mode.urn, publicCluster.urn);
        assert.match(mode.message, /uses endpoint mode "public", which this environment does not allow \(allowed: private\)/);
        const logging = diagnostics.find((d) => d.policyName === "eks-control-plane-logging")!;
        assert.strictEqual(logging.enforcementLevel, "mandatory");
        assert.match(logging.message, /does not send the api, authenticator, controllerManager, scheduler/);
    });

    it("reports with the relaxed levels and settings of the dev config file", async () => {
        await analyzer.configure(loadPolicyConfig(configFile("dev")));
        const diagnostics = await analyzer.analyze(publicCluster);
        assert.ok(!diagnostics.some((d) => d.policyName === "eks-endpoint-mode-allowed"), "public is allowed in dev");
        const logging = diagnostics.find((d) => d.policyName === "eks-control-plane-logging")!;
        assert.strictEqual(logging.enforcementLevel, "advisory");
        assert.match(logging.message, /does not send the authenticator control-plane log/);
    });

    it("turns unknown values into an advisory that the policy cannot run yet", async () => {
        await analyzer.configure(loadPolicyConfig(configFile("prod")));
        const diagnostics = await analyzer.analyze({ ...publicCluster, properties: { ...publicCluster.properties, version: UNKNOWN } });
        const version = diagnostics.find((d) => d.policyName === "eks-kubernetes-version")!;
        assert.strictEqual(version.enforcementLevel, "advisory");
        assert.match(version.message, /can't run policy 'eks-kubernetes-version'.*during preview/);
    });

    for (const env of ["dev", "staging", "prod"]) {
        it(`${env}: the stack raises no mandatory violation under its own config`, async () => {
            await analyzer.configure(loadPolicyConfig(configFile(env)));
            const mandatory = (await analyzeStack(analyzer, env)).filter((d) => d.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory.map((d) => `${d.policyName}: ${d.message}`), []);
        });
    }

    it("dev's stack fails prod's config (the check can fail)", async () => {
        await analyzer.configure(loadPolicyConfig(configFile("prod")));
        const mandatory = (await analyzeStack(analyzer, "dev")).filter((d) => d.enforcementLevel === "mandatory");
        const policies = new Set(mandatory.map((d) => d.policyName));
        assert.ok(policies.has("eks-endpoint-mode-allowed"));
        assert.ok(policies.has("eks-control-plane-logging"));
        assert.ok(policies.has("eks-nodegroup-scaling"));
    });
});
