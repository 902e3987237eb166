import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { UNKNOWN } from "../testing/validate";
import { stackUrn, TestStackResource, validateStack } from "../testing/validateStack";
import { awsAuthMasters, irsaLeastPrivilege } from "./workloadIdentity";

const ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const PROVIDER = `arn:aws:iam::210987654321:oidc-provider/${ISSUER}`;
const irsaTrust = (condition?: Record<string, Record<string, unknown>>) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", ...(condition ? { Condition: condition } : {}) }] });
const role = (name: string, assumeRolePolicy: unknown, props: Record<string, unknown> = {}): TestStackResource => ({ type: AWS.role, name, props: { assumeRolePolicy, arn: `arn:aws:iam::210987654321:role/${name}`, ...props } });

describe("eks-irsa-least-privilege", () => {
    it("passes a role scoped to one service account, and ignores roles that IRSA does not trust", async () => {
        const scoped = role("app", irsaTrust({ StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:payments:api", [`${ISSUER}:aud`]: "sts.amazonaws.com" } }));
        const ec2 = role("node", JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }), { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] });
        assert.deepStrictEqual(await validateStack(irsaLeastPrivilege, [scoped, ec2]), { violations: [] });
    });

    it("flags a trust without a condition on the service account: any pod can assume it", async () => {
        const { violations } = await validateStack(irsaLeastPrivilege, [role("app", irsaTrust({ StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } }))]);
        assert.deepStrictEqual(violations.map((v) => [v.urn, v.message]), [
            [stackUrn(AWS.role, "app"), `IRSA role Role "app" trusts ${ISSUER} without a condition on ${ISSUER}:sub, so every service account of the cluster, and so any pod, can assume it. Add StringEquals ${ISSUER}:sub = system:serviceaccount:<namespace>:<service-account>.`],
        ]);
        assert.strictEqual((await validateStack(irsaLeastPrivilege, [role("bare", irsaTrust())])).violations.length, 1);
    });

    it("flags a sub pattern that more than one namespace matches", async () => {
        for (const subject of ["system:serviceaccount:*:api", "system:serviceaccount:*", "*"]) {
            const { violations } = await validateStack(irsaLeastPrivilege, [role("app", irsaTrust({ StringLike: { [`${ISSUER}:sub`]: subject } }))]);
            assert.match(violations[0]?.message ?? "", new RegExp(`admits ${subject.replace(/\*/g, "\\*")} on .*:sub, a pattern more than one namespace's service accounts match`), subject);
        }
        const listed = await validateStack(irsaLeastPrivilege, [role("app", irsaTrust({ StringEquals: { [`${ISSUER}:sub`]: ["system:serviceaccount:a:x", "system:serviceaccount:b:y"] } }))]);
        assert.deepStrictEqual(listed.violations, [], "a list of named service accounts is named");
    });

    it("flags administrator access on an IRSA role, managed or inline", async () => {
        const scoped = irsaTrust({ StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:payments:api" } });
        const managed = await validateStack(irsaLeastPrivilege, [role("app", scoped, { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] })]);
        assert.match(managed.violations[0].message, /IRSA role Role "app" has PowerUserAccess; any pod of its service account is an administrator of the account/);
        const inline = await validateStack(irsaLeastPrivilege, [role("app", scoped, { inlinePolicies: [{ name: "all", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }] })]);
        assert.match(inline.violations[0].message, /allows Action "\*" on Resource "\*" through inline policy "all"/);
    });

    it("skips a trust policy not known yet (the provider's ARN is new)", async () => {
        assert.deepStrictEqual((await validateStack(irsaLeastPrivilege, [role("app", UNKNOWN)])).violations, []);
    });
});

describe("eks-aws-auth-masters", () => {
    const awsAuth = (mapRoles: unknown, namespace = "kube-system", name = "aws-auth"): TestStackResource => ({ type: "kubernetes:core/v1:ConfigMap", name: "node-access", props: { metadata: { name, namespace }, data: { mapRoles } } });
    const accountTrust = (principal: string, condition?: object) => JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }] });
    const mapping = (name: string, groups = "    - system:masters") => `- rolearn: arn:aws:iam::210987654321:role/${name}\n  username: admin\n  groups:\n${groups}\n`;

    it("flags system:masters for a role the whole account, or anyone, may assume", async () => {
        const { violations } = await validateStack(awsAuthMasters, [role("clusterAdmin", accountTrust("arn:aws:iam::210987654321:root")), awsAuth(mapping("clusterAdmin"))]);
        assert.deepStrictEqual(violations.map((v) => [v.urn, v.message]), [
            [
                stackUrn("kubernetes:core/v1:ConfigMap", "node-access"),
                'ConfigMap "node-access" maps Role "clusterAdmin" to system:masters, and its trust policy lets any principal of account 210987654321 its IAM policies allow assume it without a condition: each of them is cluster-admin. Trust the named roles or users that administer the cluster (with MFA), or move to access entries with a scoped access policy.',
            ],
        ]);
        const anyone = await validateStack(awsAuthMasters, [role("clusterAdmin", accountTrust("*")), awsAuth(mapping("clusterAdmin"))]);
        assert.match(anyone.violations[0].message, /lets anyone, in any AWS account assume it/);
    });

    it("passes named principals, conditions, other groups, other ConfigMaps, and roles outside the stack", async () => {
        const named = role("clusterAdmin", accountTrust("arn:aws:iam::210987654321:role/platform-admin"));
        const mfa = role("breakGlass", accountTrust("arn:aws:iam::210987654321:root", { Bool: { "aws:MultiFactorAuthPresent": "true" } }));
        const nodes = role("nodes", accountTrust("arn:aws:iam::210987654321:root"));
        const data = mapping("clusterAdmin") + mapping("breakGlass") + mapping("nodes", "    - system:bootstrappers\n    - system:nodes") + mapping("elsewhere");
        assert.deepStrictEqual(await validateStack(awsAuthMasters, [named, mfa, nodes, awsAuth(data)]), { violations: [] });
        const open = role("clusterAdmin", accountTrust("arn:aws:iam::210987654321:root"));
        assert.deepStrictEqual((await validateStack(awsAuthMasters, [open, awsAuth(mapping("clusterAdmin"), "default")])).violations, [], "not kube-system");
        assert.deepStrictEqual((await validateStack(awsAuthMasters, [open, awsAuth(mapping("clusterAdmin"), "kube-system", "other")])).violations, [], "not aws-auth");
        assert.deepStrictEqual((await validateStack(awsAuthMasters, [open, awsAuth("{ not: [yaml")])).violations, [], "unreadable data");
    });

    it("waits for mappings not known yet", async () => {
        const pending = await validateStack(awsAuthMasters, [awsAuth(UNKNOWN)]);
        assert.deepStrictEqual(pending.violations, []);
        assert.match(pending.unknown!, /the roles ConfigMap "node-access" maps/);
    });
});
