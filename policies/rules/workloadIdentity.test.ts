import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { UNKNOWN } from "../testing/validate";
import { stackUrn, TestStackResource, validateStack } from "../testing/validateStack";
import { accountOfPrincipal, awsAuthMasters, irsaLeastPrivilege } from "./workloadIdentity";

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

    it("flags a sensitive service on every resource, as the pulumi-eks exports' AmazonS3FullAccess role", async () => {
        const scoped = irsaTrust({ StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:payments:api" } });
        const managed = await validateStack(irsaLeastPrivilege, [role("app", scoped, { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] })]);
        assert.match(managed.violations[0].message, /IRSA role Role "app" has AmazonS3FullAccess: its pods reach every resource of that service in the account/);
        const inline = await validateStack(irsaLeastPrivilege, [
            role("app", scoped, { inlinePolicies: [{ name: "data", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:ListTables"], Resource: "*" }] }) }] }),
        ]);
        assert.match(inline.violations[0].message, /allows dynamodb:GetItem on Resource "\*" through inline policy "data"/);
        const named = await validateStack(irsaLeastPrivilege, [
            role("app", scoped, { inlinePolicies: [{ name: "data", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: "arn:aws:dynamodb:us-east-1:210987654321:table/orders" }] }) }] }),
        ]);
        assert.deepStrictEqual(named.violations, []);
    });

    it("flags administrator access on an IRSA role, managed or inline", async () => {
        const scoped = irsaTrust({ StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:payments:api" } });
        const managed = await validateStack(irsaLeastPrivilege, [role("app", scoped, { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] })]);
        assert.match(managed.violations[0].message, /IRSA role Role "app" has PowerUserAccess; any pod of its service account is an administrator of the account/);
        const inline = await validateStack(irsaLeastPrivilege, [role("app", scoped, { inlinePolicies: [{ name: "all", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }] })]);
        assert.match(inline.violations[0].message, /allows Action "\*" on Resource "\*" through inline policy "all"/);
    });

    it("flags only the subjects that are broad, anchored as service account names are", async () => {
        const trust = (sub: unknown) => irsaTrust({ StringLike: { [`${ISSUER}:sub`]: sub } });
        const mixed = await validateStack(irsaLeastPrivilege, [role("app", trust(["system:serviceaccount:a:x", "system:serviceaccount:*:y"]))]);
        assert.deepStrictEqual(mixed.violations.map((v) => v.message.split(" on ")[0]), ['IRSA role Role "app" admits system:serviceaccount:*:y']);
        for (const subject of ["prefix-system:serviceaccount:a:x", "system:serviceaccount:a:x:extra", "system:serviceaccount:a?:x"]) {
            assert.strictEqual((await validateStack(irsaLeastPrivilege, [role("app", trust(subject))])).violations.length, 1, subject);
        }
    });

    it("is about Allow statements of an EKS cluster's OIDC provider only", async () => {
        const deny = JSON.stringify({ Statement: [{ Effect: "Deny", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" }] });
        const github = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }] });
        const suffixed = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Federated: `${PROVIDER}/extra` }, Action: "sts:AssumeRoleWithWebIdentity" }] });
        const mixed = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:role/ci", Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" }] });
        assert.deepStrictEqual((await validateStack(irsaLeastPrivilege, [role("a", deny), role("b", github), role("c", suffixed)])).violations, []);
        assert.strictEqual((await validateStack(irsaLeastPrivilege, [role("d", mixed)])).violations.length, 1, "a statement naming other principals too");
    });

    it("passes scoped grants, and waits for grants not all known", async () => {
        const scoped = irsaTrust({ StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:payments:api" } });
        const s3 = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }] });
        assert.deepStrictEqual(await validateStack(irsaLeastPrivilege, [role("app", scoped, { inlinePolicies: [{ name: "read", policy: s3 }] })]), { violations: [] });
        const attachment: TestStackResource = { type: AWS.rolePolicyAttachment, name: "pending", props: { role: UNKNOWN, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } };
        const pending = await validateStack(irsaLeastPrivilege, [role("app", scoped), attachment]);
        assert.deepStrictEqual(pending.violations, []);
        assert.match(pending.unknown!, /the policies attached to Role "app"/);
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

    it("reads a ConfigMapPatch too, trims the ARN, and skips entries that are not mappings", async () => {
        const open = role("clusterAdmin", accountTrust("arn:aws:iam::210987654321:root"));
        const patch: TestStackResource = { ...awsAuth("- ~\n- rolearn: 7\n  groups: [system:masters]\n- rolearn: x\n  groups: system:masters\n- rolearn: 'arn:aws:iam::210987654321:role/clusterAdmin  '\n  groups: [system:masters]\n"), type: "kubernetes:core/v1:ConfigMapPatch" };
        assert.strictEqual((await validateStack(awsAuthMasters, [open, patch])).violations.length, 1);
        const noData: TestStackResource = { type: "kubernetes:core/v1:ConfigMap", name: "node-access", props: { metadata: { name: "aws-auth", namespace: "kube-system" } } };
        assert.deepStrictEqual(await validateStack(awsAuthMasters, [open, noData]), { violations: [] });
    });

    it("counts an open Allow only: conditions, a Deny or a named principal close it; a bare account id opens it", async () => {
        const mapped = awsAuth(mapping("clusterAdmin"));
        const trust = (statements: object[]) => role("clusterAdmin", JSON.stringify({ Statement: statements }));
        const deny = trust([{ Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }]);
        const conditioned = trust([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }]);
        for (const closed of [deny, conditioned]) {
            assert.deepStrictEqual((await validateStack(awsAuthMasters, [closed, mapped])).violations, []);
        }
        const bareId = await validateStack(awsAuthMasters, [trust([{ Effect: "Allow", Principal: { AWS: "210987654321" }, Action: "sts:AssumeRole" }]), mapped]);
        assert.match(bareId.violations[0].message, /any principal of account 210987654321 its IAM policies allow/);
        const both = await validateStack(awsAuthMasters, [trust([{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::210987654321:root", "*"] }, Action: "sts:AssumeRole" }]), mapped]);
        assert.match(both.violations[0].message, /lets anyone, in any AWS account assume it/, "anyone is said before one account");
    });

    it("recognises an account's principals by its root ARN or bare id, nothing else", () => {
        const cases: [string, string | undefined][] = [
            ["arn:aws:iam::210987654321:root", "210987654321"],
            ["arn:aws-us-gov:iam::210987654321:root", "210987654321"],
            ["210987654321", "210987654321"],
            ["arn:aws:iam::210987654321:role/root", undefined],
            ["arn:aws:iam::210987654321:root/x", undefined],
            ["xarn:aws:iam::210987654321:root", undefined],
            ["arn:aws:iam::21098765432:root", undefined],
            ["2109876543210", undefined],
            ["x210987654321", undefined],
            ["21098765432a", undefined],
            ["*", undefined],
        ];
        assert.deepStrictEqual(cases.map(([p]) => accountOfPrincipal(p)), cases.map(([, a]) => a));
    });

    it("waits for mappings not known yet", async () => {
        const pending = await validateStack(awsAuthMasters, [awsAuth(UNKNOWN)]);
        assert.deepStrictEqual(pending.violations, []);
        assert.match(pending.unknown!, /the roles ConfigMap "node-access" maps/);
    });
});
