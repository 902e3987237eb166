import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { UNKNOWN, urnOf, validate } from "../testing/validate";
import { noAdminWildcards } from "./iam";

const document = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const admin = document({ Effect: "Allow", Action: "*", Resource: "*" });

describe("iam-no-admin-wildcards", () => {
    it("passes a scoped inline policy", async () => {
        const policy = { type: AWS.rolePolicy, name: "dns", props: { role: "node", policy: document({ Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: ["arn:aws:route53:::hostedzone/Z1"] }) } };
        assert.deepStrictEqual((await validate(noAdminWildcards, policy)).violations, []);
    });

    it("flags Action * on Resource * in role policies, managed policies and inline role policies", async () => {
        const rolePolicy = { type: AWS.rolePolicy, name: "everything", props: { role: "node", policy: admin } };
        const { violations } = await validate(noAdminWildcards, rolePolicy);
        assert.strictEqual(violations[0].urn, urnOf(rolePolicy));
        assert.match(violations[0].message, /IAM policy "everything" allows Action "\*" on Resource "\*"/);
        const managed = await validate(noAdminWildcards, { type: AWS.policy, name: "p", props: { policy: document({ Effect: "Allow", Action: ["*:*"], Resource: ["*"] }) } });
        assert.strictEqual(managed.violations.length, 1);
        const role = await validate(noAdminWildcards, { type: AWS.role, name: "r", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "all", policy: admin }] } });
        assert.match(role.violations[0].message, /IAM role "r" has inline policy "all" allowing Action "\*" on Resource "\*"/);
    });

    it("passes Deny statements and wildcards on one side only", async () => {
        for (const statement of [
            { Effect: "Deny", Action: "*", Resource: "*" },
            { Effect: "Allow", Action: "s3:*", Resource: "*" },
            { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::bucket/*" },
        ]) {
            assert.deepStrictEqual((await validate(noAdminWildcards, { type: AWS.policy, name: "p", props: { policy: document(statement) } })).violations, [], JSON.stringify(statement));
        }
    });

    it("flags AdministratorAccess and PowerUserAccess attachments", async () => {
        const attachment = { type: AWS.rolePolicyAttachment, name: "admin", props: { role: "node", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } };
        assert.match((await validate(noAdminWildcards, attachment)).violations[0].message, /IAM attachment "admin" attaches AdministratorAccess/);
        const powerUser = await validate(noAdminWildcards, { type: AWS.role, name: "r", props: { assumeRolePolicy: "{}", managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] } });
        assert.match(powerUser.violations[0].message, /IAM role "r" attaches PowerUserAccess/);
        const worker = { type: AWS.rolePolicyAttachment, name: "worker", props: { role: "node", policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" } };
        assert.deepStrictEqual((await validate(noAdminWildcards, worker)).violations, []);
    });

    it("passes, in a preview, the attachment of a policy created in the same update (its ARN is unknown; never an AWS managed one)", async () => {
        const attachment = { type: AWS.rolePolicyAttachment, name: "external-dns-policy", props: { role: "external-dns", policyArn: UNKNOWN } };
        assert.deepStrictEqual(await validate(noAdminWildcards, attachment), { violations: [] });
    });

    it("reports a policy document built from unknown values through the framework", async () => {
        const outcome = await validate(noAdminWildcards, { type: AWS.rolePolicy, name: "kms", props: { role: "cluster", policy: UNKNOWN } });
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(outcome.unknown);
    });
});

describe("iam-no-admin-wildcards: every place a grant can be", () => {
    const fix = "Grant only the actions and resources the workload needs.";

    it("flags AdministratorAccess in an exclusive set of role attachments, and passes other sets", async () => {
        const exclusive = { type: AWS.rolePolicyAttachmentsExclusive, name: "node-exclusive", props: { roleName: "node", policyArns: ["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AdministratorAccess"] } };
        const { violations } = await validate(noAdminWildcards, exclusive);
        assert.deepStrictEqual(violations.map((v) => v.message), [`IAM role policy attachments "node-exclusive" attach AdministratorAccess. ${fix}`]);
        assert.deepStrictEqual((await validate(noAdminWildcards, { ...exclusive, props: { roleName: "node", policyArns: ["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"] } })).violations, []);
    });

    it("names an unnamed inline policy, passes a scoped one, and says the fix in every message", async () => {
        const role = { type: AWS.role, name: "r", props: { inlinePolicies: [{ policy: admin }, { name: "scoped", policy: document({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) }], managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } };
        const { violations } = await validate(noAdminWildcards, role);
        assert.deepStrictEqual(violations.map((v) => v.message), [`IAM role "r" has inline policy "" allowing Action "*" on Resource "*". ${fix}`]);
        const attachment = await validate(noAdminWildcards, { type: AWS.userPolicyAttachment, name: "u", props: { user: "me", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } });
        assert.deepStrictEqual(attachment.violations.map((v) => v.message), [`IAM attachment "u" attaches PowerUserAccess. ${fix}`]);
        assert.deepStrictEqual((await validate(noAdminWildcards, { type: AWS.userPolicyAttachment, name: "u", props: { user: "me", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } })).violations, []);
    });

    it("is not applicable to resources that grant nothing", async () => {
        const outcome = await validate(noAdminWildcards, { type: AWS.vpc, name: "vpc", props: {} });
        assert.ok(outcome.notApplicable, JSON.stringify(outcome));
        assert.match(String(outcome.notApplicable), /not an IAM role, policy or attachment/);
    });
});
