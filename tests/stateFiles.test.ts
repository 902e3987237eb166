import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs, render, runCheck } from "../offline/check";
import { sharedPack } from "./support/sharedPack";
import { PolicyAnalyzer } from "../offline/policyAnalyzer";
import { CheckReport, notRunnableMessage, PACK_DEFAULTS } from "../offline/report/model";
import { PROJECT_DIR } from "./support/mockProgram";

// Real `pulumi stack export` files of the pulumi-eks project's test stacks (see ../shared/data/SOURCES.md),
// written by Pulumi CLIs from v3.9x to v3.137; kept out of the repository.
const SHARED_EXPORTS = path.resolve(PROJECT_DIR, "..", "shared", "data", "stack-exports", "pulumi-eks");
const FORMATS = ["terminal", "json", "sarif", "markdown"] as const;

describe("--from-state on every real export", function () {
    this.timeout(300_000);
    let pack: PolicyAnalyzer;
    const files = fs.existsSync(SHARED_EXPORTS) ? fs.readdirSync(SHARED_EXPORTS).filter((f) => f.endsWith(".json")).sort() : [];

    before(async function () {
        if (files.length === 0) {
            console.log(`      skipped: ${SHARED_EXPORTS} is absent (the shared reference data is not beside this clone)`);
            this.skip();
        }
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-11-22";
        pack = await sharedPack();
    });

    it("holds the 24 exports SOURCES.md lists", () => {
        assert.strictEqual(files.length, 24);
        assert.ok(files.includes("encryption-provider-1.0.4.json"));
    });

    for (const file of fs.existsSync(SHARED_EXPORTS) ? fs.readdirSync(SHARED_EXPORTS).filter((f) => f.endsWith(".json")).sort() : []) {
        it(`${file}: analysed with the pack's defaults, reported in every format`, async () => {
            const report = await runCheck(parseArgs(["--from-state", path.join(SHARED_EXPORTS, file)]), pack);
            const [stack] = report.stacks;
            assert.ok(stack.status === "passed" || stack.status === "failed", `${stack.status}: ${stack.error}`);
            assert.strictEqual(stack.policyConfig, PACK_DEFAULTS, "a foreign stack has no policies/config/<stack>.json");
            assert.ok(stack.summary.resources > 0);
            for (const format of FORMATS) {
                const text = render(report, format, false);
                assert.ok(text.length > 0, format);
                if (format === "json" || format === "sarif") {
                    JSON.parse(text);
                }
            }
            assert.ok(!render(report, "terminal", false).includes("during preview"), "state findings are not worded as a preview");
        });
    }
});

describe("real exports judged with prod's policy config: what issue 22 found false, noisy or missed", function () {
    this.timeout(300_000);
    const files = fs.existsSync(SHARED_EXPORTS) ? fs.readdirSync(SHARED_EXPORTS).filter((f) => f.endsWith(".json")).sort() : [];
    let findings: { file: string; policy: string; level: string; resource: string; message: string }[] = [];

    before(async function () {
        if (files.length === 0) {
            console.log(`      skipped: ${SHARED_EXPORTS} is absent (the shared reference data is not beside this clone)`);
            this.skip();
        }
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-11-22";
        const pack = await sharedPack();
        findings = [];
        for (const file of files) {
            const argv = ["--from-state", path.join(SHARED_EXPORTS, file), "--stack", file.replace(/\.json$/, ""), "--policy-config", path.join(PROJECT_DIR, "policies", "config", "prod.json")];
            for (const stack of (await runCheck(parseArgs(argv), pack)).stacks) {
                findings.push(...stack.findings.map((f) => ({ file, policy: f.policy, level: f.notRunnable ? "could not check" : f.enforcementLevel, resource: f.resource?.name ?? "", message: f.message })));
            }
        }
    });
    const of = (policy: string, file?: string) => findings.filter((f) => f.policy === policy && (!file || f.file === file));

    it("reports a CONFIG_MAP cluster once, not a second time for the creator's admin EKS requires under it", () => {
        const clusters = of("eks-authentication-mode", "cluster-3.0.0.json");
        assert.strictEqual(clusters.length, 4, "four clusters, one finding each");
        assert.ok(clusters.every((f) => /uses authentication mode CONFIG_MAP .*Then the creator's implicit admin can go too: EKS requires it under CONFIG_MAP\.$/.test(f.message)));
    });

    it("says an unset metadata option is the AMI's, never that a template 'allows IMDSv1'", () => {
        const imds = of("eks-nodes-imdsv2");
        assert.ok(imds.length > 20);
        assert.ok(!imds.some((f) => /allows IMDSv1 \(metadataOptions\.httpTokens is not/.test(f.message)));
        assert.ok(imds.some((f) => /sets no metadata options, so its nodes get their AMI's/.test(f.message)));
    });

    it("judges the node groups @pulumi/eks 1.x/2.x declares inside CloudFormation stacks: public IPs, floor, cost", () => {
        const cloudFormation = (f: { message: string }) => /\(CloudFormation NodeGroup\)/.test(f.message);
        const publicIps = of("eks-nodes-private-subnets").filter((f) => f.level === "mandatory" && cloudFormation(f) && /gives its nodes public IP addresses/.test(f.message));
        assert.ok(publicIps.length >= 14, `${publicIps.length} CloudFormation node groups with public IPs`);
        assert.ok(of("eks-nodegroup-scaling").some((f) => cloudFormation(f) && /has minSize 1, below this environment's floor of 2/.test(f.message)));
        // Their nodes are priced now: the four-cluster 2.5.2 export was $1,861.50 without them.
        assert.match(of("eks-monthly-cost-budget", "cluster-2.5.2.json")[0].message, /The estimated monthly cost is \$2,073\.45/);
    });

    it("flags managed node groups on EKS's default launch template with an AL2 AMI type, read from the state's outputs", () => {
        assert.deepStrictEqual(of("eks-nodegroup-imds-default").map((f) => `${f.file} ${f.resource}`).sort(), ["managed-nodegroups-2.5.2.json example-managed-ng1", "managed-nodegroups-2.5.2.json example-managed-ng2"]);
    });

    it("flags the aws-auth mapping of a role the whole account may assume to system:masters (@pulumi/eks roleMappings)", () => {
        assert.deepStrictEqual(of("eks-aws-auth-masters").map((f) => f.file).sort(), ["aws-profile-role-2.5.2.json", "aws-profile-role-3.0.0.json"]);
        assert.ok(of("eks-aws-auth-masters").every((f) => /maps Role "clusterAdminRole" to system:masters, and its trust policy lets any principal of account 894850187425 its IAM policies allow assume it/.test(f.message)));
    });

    it("words the ELB tag finding by the VPC's tags, as the load balancer controller discovers subnets", () => {
        const tags = of("eks-elb-subnet-tags").filter((f) => f.level !== "could not check");
        assert.ok(tags.length > 0);
        assert.ok(tags.every((f) => /no subnet of its VPC carries a role tag|other subnets of its VPC carry role tags/.test(f.message)));
    });
});

describe("--from-state on files that are not what they should be", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-state-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (name: string, text: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        return file;
    };
    const errorOf = async (file: string): Promise<CheckReport["stacks"][number]> => (await runCheck(parseArgs(["--from-state", file]))).stacks[0];
    const EXPORT = { version: 3, deployment: { manifest: { time: "2026-01-01T00:00:00Z", magic: "", version: "v3.137.0" }, resources: [] as unknown[] } };

    const cases: { what: string; file: () => string; says: RegExp }[] = [
        { what: "a missing file", file: () => path.join(dir, "missing.json"), says: /missing\.json: no such file\. Write one with: pulumi stack export --file/ },
        { what: "a directory", file: () => dir, says: /is a directory, not a file/ },
        { what: "an empty file", file: () => write("empty.json", ""), says: /is empty; expected the JSON that `pulumi stack export` writes/ },
        { what: "a truncated export", file: () => write("truncated.json", JSON.stringify(EXPORT).slice(0, 40)), says: /is not valid JSON \(.*\); is it truncated\?/ },
        { what: "JSON that is not an export", file: () => write("config.json", JSON.stringify({ all: "mandatory" })), says: /is not a Pulumi stack export: it has no "deployment"/ },
        { what: "a resource without a URN", file: () => write("edited.json", JSON.stringify({ ...EXPORT, deployment: { ...EXPORT.deployment, resources: [{ type: "aws:ec2/vpc:Vpc" }] } })), says: /deployment\.resources\[0\] has no urn and type/ },
        { what: "an export version this check does not know", file: () => write("v4.json", JSON.stringify({ ...EXPORT, version: 4 })), says: /export version 4 is not one this check reads \(it reads version 3/ },
        {
            what: "a malformed URN",
            file: () => write("urn.json", JSON.stringify({ ...EXPORT, deployment: { ...EXPORT.deployment, resources: [{ urn: "urn:pulumi:prod::vpc", type: "aws:ec2/vpc:Vpc" }] } })),
            says: /deployment\.resources\[0\]\.urn "urn:pulumi:prod::vpc" is not a Pulumi URN of its type aws:ec2\/vpc:Vpc/,
        },
        {
            what: "a hand-edited secret whose plaintext is not JSON",
            file: () =>
                write(
                    "secret.json",
                    JSON.stringify({
                        ...EXPORT,
                        deployment: {
                            ...EXPORT.deployment,
                            resources: [{ urn: "urn:pulumi:prod::p::aws:ec2/vpc:Vpc::vpc", type: "aws:ec2/vpc:Vpc", custom: true, inputs: { cidrBlock: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "10.0.0.0/16" } } }],
                        },
                    }),
                ),
            says: /urn:pulumi:prod::p::aws:ec2\/vpc:Vpc::vpc: a secret in its inputs has a "plaintext" that is not JSON/,
        },
    ];
    for (const c of cases) {
        it(`names ${c.what} as such, with exit 2 and no stack trace`, async () => {
            const report = await runCheck(parseArgs(["--from-state", c.file()]));
            assert.strictEqual(report.exitCode, 2);
            assert.strictEqual(report.stacks[0].status, "error");
            assert.match(report.stacks[0].error!, c.says);
            assert.ok(!/\n\s+at /.test(report.stacks[0].error!), "no stack trace");
        });
    }

    it("reports an export without resources (a new stack) as nothing to check, exit 0", async () => {
        const stack = await errorOf(write("new.json", JSON.stringify({ version: 3, deployment: { manifest: EXPORT.deployment.manifest } })));
        assert.strictEqual(stack.status, "empty");
        const withStackOnly = { ...EXPORT, deployment: { ...EXPORT.deployment, resources: [{ urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", type: "pulumi:pulumi:Stack", custom: false }] } };
        const report = await runCheck(parseArgs(["--from-state", write("stack-only.json", JSON.stringify(withStackOnly))]));
        assert.strictEqual(report.exitCode, 0);
        assert.strictEqual(report.stacks[0].status, "empty");
        assert.match(render(report, "terminal", false), /dev: nothing to check: the state file holds no cloud resources \(1 resources in all\)/);
        assert.doesNotMatch(render(report, "terminal", false), /PASSED/);
        assert.match(render(report, "markdown", false), /nothing to check/);
    });
});

describe("could-not-check wording", () => {
    const preview = (what: string) => `can't run policy 'eks-subnets-multi-az' from policy pack 'eks-guard@v0.1.0' during preview: ${what} can't be known during preview`;

    it("keeps the framework's preview wording for a program", () => {
        assert.strictEqual(notRunnableMessage(preview("string value at .policy"), "program"), preview("string value at .policy"));
    });

    it("says a state file will never hold the value, for values and for relations", () => {
        assert.strictEqual(
            notRunnableMessage(preview("string value at .policy"), "state"),
            "can't run policy 'eks-subnets-multi-az' from policy pack 'eks-guard@v0.1.0' on this state file: string value at .policy is not known; a state file will never hold it (a secret exported without --show-secrets, or a value that refers to something outside the stack)",
        );
        assert.strictEqual(
            notRunnableMessage(preview("Object value at .relations not known yet (Cluster \"c\" vpcConfig.subnetIds refers to subnet-1, which this stack does not declare)"), "state"),
            "can't run policy 'eks-subnets-multi-az' from policy pack 'eks-guard@v0.1.0' on this state file: Cluster \"c\" vpcConfig.subnetIds refers to subnet-1, which this stack does not declare; a state file will never hold it (a secret exported without --show-secrets, or a value that refers to something outside the stack)",
        );
    });
});

describe("the cost of a deployed stack, from its state file", function () {
    this.timeout(120_000);
    const file = path.join(__dirname, "fixtures", "stack-exports", "pulumi-eks-managed-nodegroups.json");

    it("prices a cluster past the end of extended support at the extended rate, in the region its provider names, and says whose prices they are", async () => {
        // Kubernetes 1.31 left extended support on 2026-11-26: EKS moves it to the oldest version in extended support.
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-12-06";
        try {
            const report = await runCheck(parseArgs(["--from-state", file]), await sharedPack());
            const cost = report.stacks[0].cost!;
            const plane = cost.lines.find((l) => /control plane/.test(l.item))!;
            assert.deepStrictEqual([plane.item, plane.usd], ['Cluster "example-managed-nodegroups-eksCluster" control plane (extended support, Kubernetes 1.31)', 438]);
            assert.match(plane.assumption!, /past the end of extended support/);
            assert.deepStrictEqual(cost.stackRegion, { name: "us-west-2", from: "the region of provider default_6_56_1" });
            assert.strictEqual(cost.foreignPrices, "every figure is us-east-1 list prices, not us-west-2's (no source of us-west-2's prices is in policies/data)");
            for (const format of ["terminal", "markdown"] as const) {
                assert.ok(render(report, format, false).includes("every figure is us-east-1 list prices, not us-west-2's"), format);
            }
            assert.ok(!cost.lines.some((l) => / 0 GiB /.test(l.item)), "a group with a launch template has diskSize 0 in state: not a 0 GiB volume");
        } finally {
            process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-11-22";
        }
    });
});

