import * as assert from "assert";
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { packConfigSchema, policySettingsSchema, resolvePolicyConfig } from "./lib/packConfig";
import { allPolicies as resourcePolicies } from "./rules";
import { POLICY_REFERENCE } from "./rules/reference";

/** The public names users put in config files: renaming one breaks their config. */
const POLICY_NAMES = [
    "eks-endpoint-access-explicit",
    "eks-endpoint-mode-allowed",
    "eks-public-endpoint-cidrs",
    "eks-control-plane-logging",
    "eks-secrets-encryption",
    "eks-kubernetes-version",
    "eks-upgrade-policy",
    "eks-control-plane-egress-mode",
    "eks-authentication-mode",
    "eks-auto-mode-settings",
    "eks-cluster-admin-principals",
    "eks-nodegroup-remote-access",
    "eks-nodes-imdsv2",
    "eks-nodegroup-instance-types",
    "eks-nodegroup-scaling",
    "eks-nodegroup-rollout",
    "eks-fargate-profile-shape",
    "eks-placeholder-values",
    "iam-no-admin-wildcards",
    "ec2-vpc-dns-enabled",
    "ec2-no-public-ssh",
    "eks-fargate-private-subnets",
    "eks-private-endpoint-dns",
    "eks-private-endpoint-access-path",
    "eks-private-subnet-egress",
    "eks-subnets-multi-az",
    "eks-zonal-shift",
    "eks-nat-per-az",
    "eks-nodes-private-subnets",
    "eks-nodegroup-imds-default",
    "ec2-vpc-flow-logs",
    "ec2-default-security-group-closed",
    "kms-key-rotation",
    "eks-node-volumes-encrypted",
    "ec2-launch-template-user-data-secrets",
    "cloudwatch-log-group-retention-kms",
    "eks-irsa-least-privilege",
    "eks-karpenter-controller-capacity",
    "eks-karpenter-interruption-queue",
    "eks-aws-auth-masters",
    "eks-subnet-ip-capacity",
    "eks-custom-networking-pod-subnets",
    "eks-ipv6-subnets",
    "eks-hybrid-nodes-networks",
    "eks-node-role-least-privilege",
    "eks-pod-identity-least-privilege",
    "eks-pod-identity-binding",
    "eks-elb-subnet-tags",
    "eks-protect-stateful",
    "eks-running-kubernetes-version",
    "eks-monthly-cost-budget",
    "eks-exemptions",
];

const CONFIG_DIR = path.join(__dirname, "config");
const validateConfig = new Ajv({ allErrors: true, strict: false }).compile(packConfigSchema(resourcePolicies));
const readConfig = (file: string) => JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, file), "utf8"));

describe("eks-guard pack", () => {
    it("has exactly the documented policy names, once each", () => {
        assert.deepStrictEqual(resourcePolicies.map((p) => p.name).sort(), [...POLICY_NAMES].sort());
    });

    it("has a reference entry (why, fix, source) for every policy and for nothing else", () => {
        assert.deepStrictEqual(Object.keys(POLICY_REFERENCE).sort(), [...POLICY_NAMES].sort());
        for (const policy of resourcePolicies) {
            const reference = POLICY_REFERENCE[policy.name];
            for (const field of ["why", "fix", "source"] as const) {
                assert.match(reference[field], /^\S.{10,}$/, `${policy.name}.${field}`);
            }
            assert.strictEqual(policy.remediationSteps, reference.fix, `${policy.name} sends its fix as remediationSteps`);
        }
    });

    it("files every policy under a category and a precision code scanning understands, medium only for estimates", () => {
        for (const [name, reference] of Object.entries(POLICY_REFERENCE)) {
            assert.ok(["security", "reliability", "cost", "correctness"].includes(reference.category), `${name}: category ${JSON.stringify(reference.category)}`);
            assert.ok(["high", "medium"].includes(reference.precision), `${name}: precision ${JSON.stringify(reference.precision)}`);
        }
        // Rules that estimate or infer (prices, placeholder patterns, subnet roles, address demand).
        const medium = Object.entries(POLICY_REFERENCE).filter(([, r]) => r.precision === "medium").map(([name]) => name).sort();
        assert.deepStrictEqual(medium, ["ec2-launch-template-user-data-secrets", "eks-elb-subnet-tags", "eks-monthly-cost-budget", "eks-placeholder-values", "eks-subnet-ip-capacity"]);
        assert.deepStrictEqual(Object.entries(POLICY_REFERENCE).filter(([, r]) => r.category === "cost").map(([name]) => name).sort(), ["cloudwatch-log-group-retention-kms", "eks-monthly-cost-budget", "eks-upgrade-policy"]);
    });

    for (const policy of resourcePolicies) {
        it(`${policy.name} has a one-sentence description, a default level and a severity`, () => {
            assert.match(policy.description, /^[A-Z@][^.]*(\.[a-z0-9][^.]*)*\.$/, "one sentence ending with a period");
            assert.ok(policy.enforcementLevel, "default enforcement level");
            assert.ok(policy.severity, "severity");
            for (const [setting, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
                assert.ok((schema as { type?: unknown }).type, `${setting} declares a type`);
            }
        });
    }
});

describe("each policy's settings", () => {
    /** Settings with no default: an absent value means "not configured" (no budget, today, no exemption, no assumed log volume). */
    const WITHOUT_DEFAULT = ["evaluationDate", "monthlyBudgetUsd", "exemptions", "logGiBPerDay"];
    const withSettings = resourcePolicies.filter((p) => Object.keys(p.configSchema?.properties ?? {}).length > 0);

    for (const policy of withSettings) {
        it(`${policy.name}: each setting has a default its schema accepts, and its schema refuses wrong values`, () => {
            const validate = new Ajv({ allErrors: true, strict: false }).compile(policySettingsSchema(policy));
            for (const [name, raw] of Object.entries(policy.configSchema!.properties)) {
                const schema = raw as Record<string, any>;
                if (!WITHOUT_DEFAULT.includes(name)) {
                    assert.ok("default" in schema, `${name} has a default`);
                    assert.ok(validate({ [name]: schema.default }), `${name}'s default ${JSON.stringify(schema.default)}: ${JSON.stringify(validate.errors)}`);
                }
                const wrongType: Record<string, unknown> = { boolean: "yes", integer: 1.5, number: "many", string: 7, array: "one" };
                assert.strictEqual(validate({ [name]: wrongType[schema.type] }), false, `${name} refuses ${JSON.stringify(wrongType[schema.type])}`);
                if (schema.minimum !== undefined) {
                    assert.strictEqual(validate({ [name]: schema.minimum - 1 }), false, `${name} below its minimum`);
                    assert.ok(validate({ [name]: schema.minimum }), `${name} at its minimum`);
                }
                if (schema.maximum !== undefined) {
                    assert.strictEqual(validate({ [name]: schema.maximum + 1 }), false, `${name} above its maximum`);
                    assert.ok(validate({ [name]: schema.maximum }), `${name} at its maximum`);
                }
                if (schema.pattern !== undefined) {
                    assert.strictEqual(validate({ [name]: "tomorrow" }), false, `${name} refuses what its pattern does not match`);
                }
                if (schema.minLength !== undefined) {
                    assert.strictEqual(validate({ [name]: "" }), false, `${name} refuses an empty string`);
                }
                if (schema.type === "array" && name !== "exemptions") {
                    const item = schema.items.enum?.[0] ?? "a";
                    assert.ok(validate({ [name]: [item] }), `${name} takes [${item}]`);
                    assert.strictEqual(validate({ [name]: [7] }), false, `${name} refuses an item that is not a string`);
                    if (schema.items.enum) {
                        assert.strictEqual(validate({ [name]: ["bogus"] }), false, `${name} refuses an item outside its enum`);
                    }
                    if (schema.items.minLength) {
                        assert.strictEqual(validate({ [name]: [""] }), false, `${name} refuses an empty item`);
                    }
                    if (schema.uniqueItems) {
                        assert.strictEqual(validate({ [name]: [item, item] }), false, `${name} refuses duplicates`);
                    }
                    if (schema.minItems) {
                        assert.strictEqual(validate({ [name]: [] }), false, `${name} refuses an empty list`);
                    }
                }
            }
        });
    }
});

describe("policy pack config files", () => {
    for (const file of fs.readdirSync(CONFIG_DIR)) {
        it(`${file} is valid against the policies' config schemas`, () => {
            assert.ok(validateConfig(readConfig(file)), JSON.stringify(validateConfig.errors, null, 2));
        });
    }

    it("prod makes every policy mandatory but the placeholder and exemptions reports (the program itself refuses placeholders on deploy; waived findings must not fail) and flow logs (the program declares none yet)", () => {
        const prod = readConfig("prod.json");
        for (const policy of resourcePolicies) {
            const expected = ["eks-placeholder-values", "eks-exemptions", "ec2-vpc-flow-logs"].includes(policy.name) ? "advisory" : "mandatory";
            assert.strictEqual(resolvePolicyConfig(policy, prod).enforcementLevel, expected, policy.name);
        }
    });

    it("every environment allows an IMDS hop limit of 1 only", () => {
        for (const env of ["dev", "staging", "prod"]) {
            assert.deepStrictEqual(readConfig(`${env}.json`)["eks-nodes-imdsv2"], { maxHopLimit: 1 }, env);
        }
    });

    it("rejects unknown policies, unknown settings and values outside the schema", () => {
        assert.strictEqual(validateConfig({ "eks-no-such-rule": "mandatory" }), false);
        assert.strictEqual(validateConfig({ "eks-endpoint-mode-allowed": { allowedModes: ["internal"] } }), false);
        assert.strictEqual(validateConfig({ "eks-nodes-imdsv2": { maxHopLimit: "2" } }), false);
        assert.strictEqual(validateConfig({ "eks-nodes-imdsv2": { hopLimit: 2 } }), false);
        assert.strictEqual(validateConfig({ all: "strict" }), false);
    });

    it("resolves a policy's own entry over all over its default level", () => {
        const logging = resourcePolicies.find((p) => p.name === "eks-control-plane-logging")!;
        assert.deepStrictEqual(resolvePolicyConfig(logging, {}), { enforcementLevel: "advisory", settings: {} });
        assert.deepStrictEqual(resolvePolicyConfig(logging, { all: "mandatory" }), { enforcementLevel: "mandatory", settings: {} });
        assert.deepStrictEqual(resolvePolicyConfig(logging, { all: "mandatory", "eks-control-plane-logging": { enforcementLevel: "disabled", requiredLogTypes: [] } }), {
            enforcementLevel: "disabled",
            settings: { requiredLogTypes: [] },
        });
        assert.deepStrictEqual(resolvePolicyConfig(logging, { all: "advisory", "eks-control-plane-logging": { requiredLogTypes: ["audit"] } }), {
            enforcementLevel: "advisory",
            settings: { requiredLogTypes: ["audit"] },
        });
    });
});
