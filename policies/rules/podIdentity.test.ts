import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { eksStack, StackFixture } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { stackUrn, validateStack } from "../testing/validateStack";
import { podIdentityBinding, podIdentityLeastPrivilege } from "./podIdentity";

const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";

/** Scoped to one service account of one namespace by the session tags, as the program's roles are. */
const SCOPED = { StringEquals: { "aws:RequestTag/kubernetes-namespace": "external-dns", "aws:RequestTag/kubernetes-service-account": "external-dns" } };
const trust = (statement: Record<string, unknown> = {}) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: SCOPED, ...statement }] });
const document = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements.map((s) => ({ Effect: "Allow", ...s })) });

/** An add-on role bound to a service account of the fixture's cluster, with one inline policy. */
function withAddonRole(fixture: StackFixture, assumeRolePolicy: string, policy?: string): StackFixture {
    fixture.add(AWS.role, "external-dns", { name: "external-dns", arn: "arn:aws:iam::210987654321:role/external-dns", assumeRolePolicy });
    if (policy) {
        fixture.add(AWS.rolePolicy, "external-dns-policy", { policy }, { role: "external-dns.name" });
    }
    fixture.add(ASSOCIATION, "external-dns-binding", { namespace: "external-dns", serviceAccount: "external-dns" }, { clusterName: "cluster.name", roleArn: "external-dns.arn" });
    return fixture;
}

const zoneScoped = document({ Action: ["route53:ChangeResourceRecordSets"], Resource: ["arn:aws:route53:::hostedzone/Z1"] }, { Action: "route53:ListHostedZones", Resource: "*" });

describe("eks-pod-identity-least-privilege", () => {
    for (const knownIds of [true, false]) {
        it(`passes an add-on role trusted by Pod Identity alone, scoped to named zones (${knownIds ? "known" : "unknown"} ids)`, async () => {
            const fixture = withAddonRole(eksStack({ knownIds }), trust(), zoneScoped);
            assert.deepStrictEqual(await validateStack(podIdentityLeastPrivilege, fixture.resources), { violations: [] });
        });
    }

    it("flags a trust policy without sts:TagSession, which Pod Identity needs", async () => {
        const fixture = withAddonRole(eksStack({ knownIds: true }), trust({ Action: "sts:AssumeRole" }), zoneScoped);
        const { violations } = await validateStack(podIdentityLeastPrivilege, fixture.resources);
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.role, "external-dns"));
        assert.match(violations[0].message, /Pod Identity role Role "external-dns" does not allow sts:TagSession to pods\.eks\.amazonaws\.com/);
    });

    it("flags other principals trusted beside Pod Identity", async () => {
        const both = trust({ Principal: { Service: ["pods.eks.amazonaws.com", "ec2.amazonaws.com"] } });
        const fixture = withAddonRole(eksStack({ knownIds: true }), both, zoneScoped);
        fixture.add(AWS.role, "shared", { name: "shared", assumeRolePolicy: JSON.stringify({ Statement: [trustStatement(), { Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sts:AssumeRole" }] }) });
        const messages = (await validateStack(podIdentityLeastPrivilege, fixture.resources)).violations.map((v) => v.message);
        assert.deepStrictEqual(messages, [
            'Pod Identity role Role "external-dns" is also trusted by ec2.amazonaws.com, which can then use the add-on\'s permissions. Trust pods.eks.amazonaws.com alone.',
            'Pod Identity role Role "shared" is also trusted by arn:aws:iam::210987654321:root, which can then use the add-on\'s permissions. Trust pods.eks.amazonaws.com alone.',
        ]);
    });

    it("flags administrator access, Route 53 changes on every zone and unscoped scaling", async () => {
        const broad = document(
            { Action: "route53:ChangeResourceRecordSets", Resource: "arn:aws:route53:::hostedzone/*" },
            { Action: ["autoscaling:SetDesiredCapacity"], Resource: "*" },
            { Action: "*", Resource: "*" },
        );
        const fixture = withAddonRole(eksStack({ knownIds: true }), trust(), broad);
        fixture.add(AWS.rolePolicyAttachment, "external-dns-admin", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { role: "external-dns.name" });
        const messages = (await validateStack(podIdentityLeastPrivilege, fixture.resources)).violations.map((v) => v.message);
        assert.strictEqual(messages.length, 4);
        assert.match(messages[0], /has AdministratorAccess; any pod of its service account is an administrator/);
        assert.match(messages[1], /may change Route 53 records in every hosted zone through RolePolicy "external-dns-policy" \(Resource arn:aws:route53:::hostedzone\/\*\)/);
        assert.match(messages[2], /may scale or terminate every Auto Scaling group in the account/);
        assert.match(messages[3], /allows Action "\*" on Resource "\*"/);
    });

    it("accepts scaling limited by the cluster's tag", async () => {
        const tagged = document({ Action: ["autoscaling:SetDesiredCapacity"], Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/prod": "owned" } } });
        const fixture = withAddonRole(eksStack({ knownIds: true }), trust(), tagged);
        assert.deepStrictEqual((await validateStack(podIdentityLeastPrivilege, fixture.resources)).violations, []);
    });

    it("flags an association whose role does not trust Pod Identity", async () => {
        const ec2Only = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
        const fixture = withAddonRole(eksStack({ knownIds: true }), ec2Only, zoneScoped);
        const { violations } = await validateStack(podIdentityLeastPrivilege, fixture.resources);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /PodIdentityAssociation "external-dns-binding" binds Role "external-dns", whose trust policy does not trust pods\.eks\.amazonaws\.com, so the pods get no credentials/);
    });

    it("ignores roles that are not for Pod Identity, such as the node role", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("node-role").props.assumeRolePolicy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
        fixture.add(AWS.rolePolicyAttachment, "node-admin", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { role: "node-role.name" });
        assert.deepStrictEqual((await validateStack(podIdentityLeastPrivilege, fixture.resources)).violations, []);
    });
});

function trustStatement(): Record<string, unknown> {
    return { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: SCOPED };
}

describe("eks-pod-identity-least-privilege: edges", () => {
    const messages = async (fixture: StackFixture) => (await validateStack(podIdentityLeastPrivilege, fixture.resources)).violations.map((v) => v.message);

    it("accepts sts:* as allowing TagSession, and ignores a Deny statement's principals and actions", async () => {
        assert.deepStrictEqual(await messages(withAddonRole(eksStack({ knownIds: true }), trust({ Action: "sts:*" }), zoneScoped)), []);
        const denied = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: SCOPED },
                { Effect: "Deny", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
            ],
        });
        const policy = document({ Action: "route53:ChangeResourceRecordSets", Resource: "arn:aws:route53:::hostedzone/Z1" }, { Effect: "Deny", Action: ["route53:ChangeResourceRecordSets", "autoscaling:SetDesiredCapacity"], Resource: "*" });
        assert.deepStrictEqual(await messages(withAddonRole(eksStack({ knownIds: true }), denied, policy)), []);
    });

    it("does not count TagSession granted to another principal, and names each other principal once", async () => {
        const split = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: SCOPED },
                { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
                { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
            ],
        });
        const found = await messages(withAddonRole(eksStack({ knownIds: true }), split, zoneScoped));
        assert.deepStrictEqual(found, [
            'Pod Identity role Role "external-dns" does not allow sts:TagSession to pods.eks.amazonaws.com; EKS Pod Identity tags every session and cannot assume it. Allow sts:AssumeRole and sts:TagSession.',
            'Pod Identity role Role "external-dns" is also trusted by ec2.amazonaws.com, which can then use the add-on\'s permissions. Trust pods.eks.amazonaws.com alone.',
        ]);
    });

    it("tells Route 53 writes (any case, wildcard) from reads, and scaling actions from descriptions", async () => {
        const writes = document({ Action: ["Route53:changeresourcerecordsets"], Resource: "*" }, { Action: "route53:*", Resource: "*" }, { Action: "route53:CreateHostedZone", Resource: "*" }, { Action: "route53:DeleteHostedZone", Resource: "*" }, { Action: "route53:UpdateHealthCheck", Resource: "*" });
        const found = await messages(withAddonRole(eksStack({ knownIds: true }), trust(), writes));
        assert.strictEqual(found.filter((m) => /may change Route 53 records in every hosted zone/.test(m)).length, 5, found.join("\n"));
        assert.match(found[0], /through RolePolicy "external-dns-policy" \(Resource \*\)\. List the hosted zone ARNs instead\.$/);
        const reads = document({ Action: ["route53:ListResourceRecordSets", "route53:GetChange", "route53:ListHostedZonesByName"], Resource: "*" }, { Action: ["autoscaling:DescribeAutoScalingGroups", "autoscaling:SetDesiredCapacityX"], Resource: "*" });
        assert.deepStrictEqual(await messages(withAddonRole(eksStack({ knownIds: true }), trust(), reads)), []);
        for (const action of ["autoscaling:TerminateInstanceInAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup", "autoscaling:*"]) {
            const scaling = await messages(withAddonRole(eksStack({ knownIds: true }), trust(), document({ Action: action, Resource: "*" })));
            assert.strictEqual(scaling.length, 1, action);
            assert.match(scaling[0], /may scale or terminate every Auto Scaling group in the account through RolePolicy "external-dns-policy"\. Add a condition on the cluster's tag/);
        }
    });

    it("accepts scaling on named groups, and a tag condition of any operator", async () => {
        const named = document({ Action: "autoscaling:SetDesiredCapacity", Resource: "arn:aws:autoscaling:us-east-1:210987654321:autoScalingGroup:*:autoScalingGroupName/ng-1" });
        assert.deepStrictEqual(await messages(withAddonRole(eksStack({ knownIds: true }), trust(), named)), []);
        const tagged = document({ Action: "autoscaling:SetDesiredCapacity", Resource: "*", Condition: { StringLike: { "aws:ResourceTag/k8s.io/cluster-autoscaler/prod": "owned" } } });
        assert.deepStrictEqual(await messages(withAddonRole(eksStack({ knownIds: true }), trust(), tagged)), []);
        const otherCondition = document({ Action: "autoscaling:SetDesiredCapacity", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } });
        assert.strictEqual((await messages(withAddonRole(eksStack({ knownIds: true }), trust(), otherCondition))).length, 1);
    });

    it("waits for an associated role's trust policy, and for an association's role, when not known yet", async () => {
        const fixture = withAddonRole(eksStack({ knownIds: true }), UNKNOWN, zoneScoped);
        const outcome = await validateStack(podIdentityLeastPrivilege, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the trust policy of Role "external-dns"/);
        const unbound = eksStack({ knownIds: true });
        unbound.add(ASSOCIATION, "binding", { namespace: "a", serviceAccount: "b", roleArn: "arn:aws:iam::210987654321:role/elsewhere" }, { clusterName: "cluster.name" });
        assert.match((await validateStack(podIdentityLeastPrivilege, unbound.resources)).unknown!, /roleArn refers to arn:aws:iam::210987654321:role\/elsewhere/);
    });
});

describe("eks-pod-identity-least-privilege on workload roles", () => {
    it("flags a role trusted for any namespace", async () => {
        const fixture = withAddonRole(eksStack({ knownIds: true }), trust({ Condition: { StringEquals: { "aws:SourceAccount": "210987654321" } } }), zoneScoped);
        const { violations } = await validateStack(podIdentityLeastPrivilege, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.role, "external-dns")]);
        assert.match(violations[0].message, /without a condition on the session's kubernetes-namespace tag, so a Pod Identity association in any namespace/);
    });

    it("flags a sensitive service on every resource, by statement or managed policy, not named resources, metadata reads or conditioned grants", async () => {
        const broad = document({ Action: ["s3:GetObject", "s3:ListAllMyBuckets"], Resource: "*" }, { Action: "secretsmanager:GetSecretValue", Resource: "*" });
        const fixture = withAddonRole(eksStack({ knownIds: true }), trust(), broad);
        fixture.add(AWS.rolePolicyAttachment, "external-dns-s3", { policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }, { role: "external-dns.name" });
        const messages = (await validateStack(podIdentityLeastPrivilege, fixture.resources)).violations.map((v) => v.message);
        assert.deepStrictEqual(messages.length, 3);
        assert.match(messages[0], /has AmazonS3FullAccess: its pods reach every resource of that service in the account/);
        assert.match(messages[1], /allows s3:GetObject on Resource "\*" through RolePolicy "external-dns-policy"/);
        assert.match(messages[2], /allows secretsmanager:GetSecretValue on Resource "\*"/);
        const narrow = document(
            { Action: ["s3:GetObject"], Resource: "arn:aws:s3:::reports/*" },
            { Action: ["iam:GetRole", "s3:ListAllMyBuckets"], Resource: "*" },
            { Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } },
        );
        assert.deepStrictEqual((await validateStack(podIdentityLeastPrivilege, withAddonRole(eksStack({ knownIds: true }), trust(), narrow).resources)).violations, []);
    });
});

describe("eks-pod-identity-binding", () => {
    it("passes an association in the namespace and service account its role's trust admits", async () => {
        assert.deepStrictEqual(await validateStack(podIdentityBinding, withAddonRole(eksStack({ knownIds: true }), trust(), zoneScoped).resources), { violations: [] });
    });

    it("flags an association whose namespace or service account the trust does not admit", async () => {
        const fixture = withAddonRole(eksStack({ knownIds: true }), trust(), zoneScoped);
        Object.assign(fixture.get("external-dns-binding").props, { namespace: "kube-system", serviceAccount: "dns" });
        const { violations } = await validateStack(podIdentityBinding, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(ASSOCIATION, "external-dns-binding"), stackUrn(ASSOCIATION, "external-dns-binding")]);
        assert.match(violations[0].message, /binds Role "external-dns" to kube-system\/dns, but the role's trust admits kubernetes-namespace external-dns only: the pods get no credentials/);
        assert.match(violations[1].message, /admits kubernetes-service-account external-dns only/);
    });

    it("flags a team's role bound outside the team's namespaces", async () => {
        const fixture = withAddonRole(eksStack({ knownIds: true }), trust({ Condition: {} }), zoneScoped);
        fixture.get("external-dns").props.tags = { "eks-platform:team-namespaces": "payments payments-jobs" };
        const { violations } = await validateStack(podIdentityBinding, fixture.resources);
        assert.match(violations[0].message, /binds team role Role "external-dns" in external-dns, outside its team's namespaces \(payments, payments-jobs\)/);
        fixture.get("external-dns-binding").props.namespace = "payments-jobs";
        assert.deepStrictEqual((await validateStack(podIdentityBinding, fixture.resources)).violations, []);
    });
});
