import * as assert from "assert";
import { allPolicies } from "../policies/rules";
import * as path from "path";
import { sharedPack } from "./support/sharedPack";
import { analyzePlan } from "../offline/analysis";
import { Plan } from "../offline/plan";
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

/** A stack (known ids, as an existing stack) through the same analysis the offline check ships. */
async function analyzeStack(analyzer: PolicyAnalyzer, stack: string, overrides: Record<string, string> = {}, configEnv = stack): Promise<Diagnostic[]> {
    const run = await runStack(stack, overrides);
    const plan: Plan = { stack, source: "program", file: path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), resources: run.resources };
    return (await analyzePlan(analyzer, plan, loadPolicyConfig(configFile(configEnv)))).findings;
}

const mandatoryPolicies = (diagnostics: Diagnostic[]) => new Set(diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName));

describe("eks-guard over the analyzer protocol", function () {
    // The pack is type-checked with ts-node when it starts, as under the Pulumi CLI.
    this.timeout(180_000);
    let analyzer: PolicyAnalyzer;

    before(async () => {
        // The pack inherits the pinned day, so version support is judged as on the fixtures' day.
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-11-22";
        analyzer = await sharedPack();
    });

    it("answers GetAnalyzerInfo with every policy, its default level and its config schema", async () => {
        const info = await analyzer.info();
        assert.strictEqual(info.name, "eks-guard");
        assert.strictEqual(info.policies.length, allPolicies.length);
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
            const mandatory = (await analyzeStack(analyzer, env)).filter((d) => d.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory.map((d) => `${d.policyName}: ${d.message}`), []);
        });
    }

    it("remediates a subnet missing its load balancer tag at the remediate level", async () => {
        const config = loadPolicyConfig(configFile("prod"));
        config["eks-elb-subnet-tags"] = { ...config["eks-elb-subnet-tags"], enforcementLevel: "remediate" };
        await analyzer.configure(config);
        const subnet: AnalyzerResource = {
            type: "aws:ec2/subnet:Subnet",
            name: "prod-private-us-east-1a",
            urn: "urn:pulumi:prod::eks-platform::aws:ec2/subnet:Subnet::prod-private-us-east-1a",
            properties: { cidrBlock: "10.30.0.0/19", availabilityZone: "us-east-1a", tags: { team: "platform" } },
        };
        const [remediation] = await analyzer.remediate(subnet);
        assert.strictEqual(remediation.policyName, "eks-elb-subnet-tags");
        assert.deepStrictEqual(remediation.properties!.tags, { team: "platform", "kubernetes.io/role/internal-elb": "1" });
    });

    // Each environment made wrong in one way (through config overrides, not the real stack files).
    const WRONG: { env: string; what: string; overrides: Record<string, string>; policy: string }[] = [
        { env: "prod", what: "a single NAT gateway in 3 zones", overrides: { "eks-platform:network.natStrategy": "single" }, policy: "eks-nat-per-az" },
        { env: "prod", what: "protection off", overrides: { "eks-platform:protect": "false" }, policy: "eks-protect-stateful" },
        { env: "prod", what: "a public endpoint", overrides: { "eks-platform:cluster.endpoint.mode": "publicAndPrivate", "eks-platform:cluster.endpoint.publicAccessCidrs": '["203.0.113.0/24"]' }, policy: "eks-endpoint-mode-allowed" },
        // Config accepts it (routing acknowledged as another stack's), and prod's pack config says no stack routes it.
        { env: "prod", what: "its VPN range routed nowhere in the stack", overrides: { "eks-platform:network.acknowledgeExternalRouting": "true", "eks-platform:network.transitGateway": JSON.stringify({ id: "tgw-0a1b2c3d4e5f67890", routes: ["10.200.0.0/16"] }) }, policy: "eks-private-endpoint-access-path" },
        { env: "prod", what: "a node group with IMDS hop limit 2", overrides: { "eks-platform:nodeGroups": JSON.stringify([{ name: "general", instanceTypes: ["m6i.large"], minSize: 3, maxSize: 6, imdsHopLimit: 2 }]) }, policy: "eks-nodes-imdsv2" },
        { env: "staging", what: "private subnets too small for the node group", overrides: { "eks-platform:network.privateSubnetPrefixLength": "27", "eks-platform:network.publicSubnetPrefixLength": "27" }, policy: "eks-subnet-ip-capacity" },
        { env: "staging", what: "only two zones", overrides: { "eks-platform:network.zoneCount": "2" }, policy: "eks-subnets-multi-az" },
        // Both with a private endpoint too: behind a public-only one, config refuses them (nodes could not join).
        { env: "dev", what: "nodes in public subnets", overrides: { "eks-platform:cluster.endpoint.mode": "publicAndPrivate", "eks-platform:nodeGroups": JSON.stringify([{ name: "general", instanceTypes: ["t3.large"], minSize: 1, maxSize: 3, subnets: "public" }]) }, policy: "eks-nodes-private-subnets" },
        { env: "dev", what: "no NAT gateway and no endpoints", overrides: { "eks-platform:cluster.endpoint.mode": "publicAndPrivate", "eks-platform:network.natStrategy": "none", "eks-platform:network.acknowledgeNoEgress": "true" }, policy: "eks-private-subnet-egress" },
    ];
    for (const wrong of WRONG) {
        it(`${wrong.env} with ${wrong.what} raises ${wrong.policy}`, async () => {
            assert.ok(mandatoryPolicies(await analyzeStack(analyzer, wrong.env, wrong.overrides)).has(wrong.policy));
        });
    }

    it("dev's stack fails prod's config (the check can fail)", async () => {
        const mandatory = (await analyzeStack(analyzer, "dev", {}, "prod")).filter((d) => d.enforcementLevel === "mandatory");
        const policies = new Set(mandatory.map((d) => d.policyName));
        assert.ok(policies.has("eks-endpoint-mode-allowed"));
        assert.ok(policies.has("eks-control-plane-logging"));
        assert.ok(policies.has("eks-nodegroup-scaling"));
    });
});
