import * as assert from "assert";
import Ajv from "ajv";
import { packConfigSchema } from "./packConfig";
import { AWS } from "./resourceTypes";
import { EXEMPTIONS_POLICY, exemptionCovers, exemptionsReport, waivedFinding, withExemptions } from "./exemptions";
import { noPublicSsh } from "../rules/network";
import { subnetsMultiAz } from "../rules/subnets";
import { allPolicies } from "../rules";
import { urnOf, validate } from "../testing/validate";
import { eksStack } from "../testing/stackFixture";
import { stackUrn, validateStack } from "../testing/validateStack";

const openSsh = { type: AWS.securityGroup, name: "bastion", props: { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] } };
const ssh = withExemptions(noPublicSsh);
const waiver = (extra: Record<string, unknown> = {}) => ({ resource: "bastion", reason: "break-glass host until the SSM rollout (TICKET-42)", expires: "2026-12-31", ...extra });

/** The exemptions report of the run so far (it also clears what the run recorded). */
const report = async () => (await validateStack(exemptionsReport, [])).violations.map((v) => v.message);

describe("exemptions (waivers)", () => {
    const pinned = process.env.EKS_PLATFORM_EVALUATION_DATE;
    beforeEach(async () => {
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-12-01";
        await report();
    });
    after(() => {
        if (pinned === undefined) {
            delete process.env.EKS_PLATFORM_EVALUATION_DATE;
        } else {
            process.env.EKS_PLATFORM_EVALUATION_DATE = pinned;
        }
    });

    it("without an exemption, the finding is a violation as before", async () => {
        assert.strictEqual((await validate(ssh, openSsh)).violations.length, 1);
        assert.deepStrictEqual(await report(), []);
    });

    it("an active exemption waives the finding; the exemptions report lists it with reason, expiry and approver", async () => {
        const outcome = await validate(ssh, openSsh, { exemptions: [waiver({ approvedBy: "security@example.com" })] });
        assert.deepStrictEqual(outcome.violations, []);
        const listed = await report();
        assert.strictEqual(listed.length, 1);
        assert.match(listed[0], /^Waived until 2026-12-31 by exemption "bastion" \(break-glass host until the SSM rollout \(TICKET-42\); approved by security@example\.com\): \[ec2-no-public-ssh\] Security group "bastion" has an inline ingress rule admitting SSH/);
        assert.deepStrictEqual(await report(), [], "the report clears what it listed");
        assert.deepStrictEqual(waivedFinding(listed[0]), { policy: "ec2-no-public-ssh", message: (await validate(ssh, openSsh)).violations[0].message }, "read back as the finding it waived");
        assert.strictEqual(waivedFinding("Stale exemption of ec2-no-public-ssh: ..."), undefined);
        await report();
    });

    it("holds through its expiry day and not a day longer: then the violation says the waiver expired", async () => {
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2026-12-31";
        assert.deepStrictEqual((await validate(ssh, openSsh, { exemptions: [waiver()] })).violations, []);
        await report();
        process.env.EKS_PLATFORM_EVALUATION_DATE = "2027-01-01";
        const { violations } = await validate(ssh, openSsh, { exemptions: [waiver()] });
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /\(the waiver expired on 2026-12-31: exemption "bastion" \(break-glass host.*\); fix this or renew the waiver\)$/);
        assert.deepStrictEqual(await report(), [], "an expired waiver is neither waived nor stale");
    });

    it("an impossible expiry day waives nothing, and says so", async () => {
        const { violations } = await validate(ssh, openSsh, { exemptions: [waiver({ expires: "2026-02-30" })] });
        assert.match(violations[0]?.message ?? "", /has expires "2026-02-30", not a YYYY-MM-DD day, so it waives nothing/);
    });

    it("an exemption for another resource waives nothing and is reported stale", async () => {
        const outcome = await validate(ssh, openSsh, { exemptions: [waiver({ resource: "jump-host" })] });
        assert.strictEqual(outcome.violations.length, 1);
        const listed = await report();
        assert.deepStrictEqual(listed, ['Stale exemption of ec2-no-public-ssh: exemption "jump-host" (break-glass host until the SSM rollout (TICKET-42)) matches no finding of this stack; remove it.']);
    });

    it("matches a resource by name, by URN, or by a glob over either", () => {
        const urn = urnOf(openSsh);
        assert.ok(exemptionCovers({ resource: "bastion" }, urn));
        assert.ok(exemptionCovers({ resource: urn }, urn));
        assert.ok(exemptionCovers({ resource: "bast*" }, urn));
        assert.ok(exemptionCovers({ resource: "*aws:ec2/securityGroup:SecurityGroup::*" }, urn));
        assert.ok(exemptionCovers({ resource: "bastio?" }, urn));
        assert.ok(!exemptionCovers({ resource: "bast" }, urn), "a name is matched whole");
        assert.ok(!exemptionCovers({ resource: "bastion.*" }, urn), "regular-expression characters are literal");
        assert.ok(!exemptionCovers({ resource: "*" }, undefined), "a stack-level finding names no resource");
    });

    it("stack policies honour exemptions for the resource a finding names", async () => {
        const policy = withExemptions(subnetsMultiAz);
        const fixture = eksStack({ knownIds: true, zones: ["us-east-1a", "us-east-1b"] });
        const plain = await validateStack(policy, fixture.resources, { minZones: 3 });
        assert.deepStrictEqual(plain.violations.map((v) => v.urn), [stackUrn(AWS.cluster, "cluster")]);
        const waived = await validateStack(policy, fixture.resources, { minZones: 3, exemptions: [waiver({ resource: "cluster" })] });
        assert.deepStrictEqual(waived.violations, []);
        const listed = await report();
        assert.strictEqual(listed.length, 1);
        assert.match(listed[0], /\[eks-subnets-multi-az\] Cluster "cluster" has subnets in 2 zones/);
    });

    it("every policy takes an exemptions setting, schema-checked; single-type rules keep their fast path", () => {
        const validateConfig = new Ajv({ allErrors: true, strict: false }).compile(packConfigSchema(allPolicies));
        assert.ok(validateConfig({ "ec2-no-public-ssh": { exemptions: [waiver()] } }), JSON.stringify(validateConfig.errors));
        for (const bad of [{ ...waiver(), reason: "" }, { resource: "bastion", reason: "x" }, { ...waiver(), expires: "31.12.2026" }, { ...waiver(), until: "2026-12-31" }]) {
            assert.ok(!validateConfig({ "ec2-no-public-ssh": { exemptions: [bad] } }), JSON.stringify(bad));
        }
        for (const policy of allPolicies.filter((p) => p.name !== EXEMPTIONS_POLICY)) {
            assert.ok(policy.configSchema?.properties.exemptions, `${policy.name} takes exemptions`);
        }
        const typed = allPolicies.find((p) => p.name === "ec2-vpc-dns-enabled") as { validateResource: { __pulumiType?: string } };
        assert.strictEqual(typed.validateResource.__pulumiType, AWS.vpc);
        assert.strictEqual(allPolicies[allPolicies.length - 1].name, EXEMPTIONS_POLICY, "the report runs after every other policy");
    });
});
