// Unit tests of offline/report/findingGroups.ts: placeholder findings said once per value, and
// "can't run during preview" notes said in plain words. No program run, no policy pack.
import * as assert from "assert";
import { explainNotRunnable, groupPlaceholders, PLACEHOLDER_POLICY, PlannedLinks } from "../offline/report/findingGroups";
import { ReportFinding } from "../offline/report/model";
import { placeholderMessage } from "../policies/lib/placeholders";

const RFC5737 = "an RFC 5737 documentation address range";
const ACCOUNT = "an AWS documentation account ID";

const CLUSTER_URN = "urn:pulumi:prod::eks-platform::aws:eks/cluster:Cluster::prod";
const RULE_URN = "urn:pulumi:prod::eks-platform::aws:ec2/securityGroupRule:SecurityGroupRule::office";
const ROLE_URN = "urn:pulumi:prod::eks-platform::aws:iam/role:Role::ci";

function resourceOf(urn: string) {
    const [, type, name] = /::([^:]+:[^:]+:[^:]+)::(.*)$/.exec(urn)!;
    return { urn, type, name };
}

/** A finding of eks-placeholder-values as the pack writes it. */
function placeholderFinding(urn: string, path: string, value: string, why: string, line: number, extra: Partial<ReportFinding> = {}): ReportFinding {
    const resource = resourceOf(urn);
    return {
        policy: PLACEHOLDER_POLICY,
        enforcementLevel: "mandatory",
        severity: "high",
        notRunnable: false,
        message: placeholderMessage(resource.type.split(":").pop()!, resource.name, { path, value, why }),
        resource,
        location: { file: "Pulumi.prod.yaml", line },
        ...extra,
    };
}

function otherFinding(policy: string, message: string, extra: Partial<ReportFinding> = {}): ReportFinding {
    return { policy, enforcementLevel: "advisory", severity: "low", notRunnable: false, message, location: { file: "Pulumi.prod.yaml", line: 3 }, ...extra };
}

describe("findingGroups: groupPlaceholders", () => {
    it("makes the findings of one value one finding, located where the value is written, naming every place", () => {
        const findings = [
            placeholderFinding(CLUSTER_URN, "vpcConfig.publicAccessCidrs[0]", "203.0.113.0/24", RFC5737, 10),
            placeholderFinding(RULE_URN, "cidrBlocks[0]", "203.0.113.0/24", RFC5737, 11),
            placeholderFinding(ROLE_URN, "ingress[1].cidrBlocks[0]", "203.0.113.0/24", RFC5737, 12),
        ];
        const asked: string[] = [];
        const grouped = groupPlaceholders(findings, (value) => {
            asked.push(value);
            return { file: "Pulumi.prod.yaml", line: 42 };
        });
        assert.strictEqual(grouped.length, 1);
        const [one] = grouped;
        assert.deepStrictEqual(asked, ["203.0.113.0/24"]);
        assert.deepStrictEqual(one.location, { file: "Pulumi.prod.yaml", line: 42 });
        assert.strictEqual(
            one.message,
            '"203.0.113.0/24" is an RFC 5737 documentation address range, a placeholder: replace it before deploying. ' +
                'It reaches 3 resources: Cluster "prod" (vpcConfig.publicAccessCidrs[0]), SecurityGroupRule "office" (cidrBlocks[0]) and Role "ci" (ingress[1].cidrBlocks[0]).',
        );
        assert.strictEqual(one.fact, "placeholder 203.0.113.0/24");
        // The first finding's resource stays the finding's resource; the others are also-at, with their paths.
        assert.deepStrictEqual(one.resource, resourceOf(CLUSTER_URN));
        assert.deepStrictEqual(one.alsoAt, [
            { ...resourceOf(RULE_URN), detail: "cidrBlocks[0]" },
            { ...resourceOf(ROLE_URN), detail: "ingress[1].cidrBlocks[0]" },
        ]);
        assert.strictEqual(one.policy, PLACEHOLDER_POLICY);
        assert.strictEqual(one.enforcementLevel, "mandatory");
        assert.strictEqual(one.notRunnable, false);
    });

    it("keeps two different values as two findings, each at the place of its first finding", () => {
        const findings = [
            placeholderFinding(CLUSTER_URN, "vpcConfig.publicAccessCidrs[0]", "203.0.113.0/24", RFC5737, 10),
            placeholderFinding(ROLE_URN, "assumeRolePolicy.Statement[0].Principal.AWS", "arn:aws:iam::123456789012:root", ACCOUNT, 20),
            placeholderFinding(RULE_URN, "cidrBlocks[0]", "203.0.113.0/24", RFC5737, 11),
        ];
        const grouped = groupPlaceholders(findings, (value) => (value === "203.0.113.0/24" ? { file: "Pulumi.prod.yaml", line: 42 } : { file: "Pulumi.yaml", line: 7 }));
        assert.strictEqual(grouped.length, 2);
        assert.deepStrictEqual(
            grouped.map((f) => f.fact),
            ["placeholder 203.0.113.0/24", "placeholder arn:aws:iam::123456789012:root"],
        );
        assert.deepStrictEqual(grouped[0].location, { file: "Pulumi.prod.yaml", line: 42 });
        assert.deepStrictEqual(grouped[1].location, { file: "Pulumi.yaml", line: 7 });
        assert.match(grouped[0].message, /It reaches 2 resources: Cluster "prod" \(vpcConfig\.publicAccessCidrs\[0\]\) and SecurityGroupRule "office" \(cidrBlocks\[0\]\)\.$/);
        assert.strictEqual(
            grouped[1].message,
            '"arn:aws:iam::123456789012:root" is an AWS documentation account ID, a placeholder: replace it before deploying. It reaches Role "ci" (assumeRolePolicy.Statement[0].Principal.AWS).',
        );
        assert.strictEqual(grouped[1].alsoAt, undefined);
    });

    it("passes other findings and not-runnable placeholder notes through unchanged, in their order", () => {
        const before = otherFinding("eks-public-endpoint", "Cluster \"prod\" has a public endpoint");
        const notRunnable: ReportFinding = {
            ...placeholderFinding(RULE_URN, "cidrBlocks[0]", "203.0.113.0/24", RFC5737, 11),
            notRunnable: true,
            message: "can't run policy 'eks-placeholder-values' from policy pack 'eks-guard@v0.1.0' during preview: string value at .cidrBlocks can't be known during preview",
        };
        // The placeholder policy with a message that is not a placeholder message passes through too.
        const unparsed = otherFinding(PLACEHOLDER_POLICY, "something else entirely");
        const after = otherFinding("eks-logging", "Cluster \"prod\" logs no audit events", { resource: resourceOf(CLUSTER_URN) });
        const placeholders = [
            placeholderFinding(CLUSTER_URN, "vpcConfig.publicAccessCidrs[0]", "198.51.100.7", RFC5737, 10),
            placeholderFinding(ROLE_URN, "x", "198.51.100.7", RFC5737, 12),
        ];
        const input = [before, placeholders[0], notRunnable, unparsed, placeholders[1], after];
        const snapshot = JSON.parse(JSON.stringify(input));
        const grouped = groupPlaceholders(input, () => undefined);
        assert.strictEqual(grouped.length, 5);
        assert.strictEqual(grouped[0], before);
        assert.strictEqual(grouped[1].fact, "placeholder 198.51.100.7");
        assert.strictEqual(grouped[2], notRunnable);
        assert.strictEqual(grouped[3], unparsed);
        assert.strictEqual(grouped[4], after);
        assert.strictEqual(grouped[2].fact, undefined);
        // The input findings themselves are not changed.
        assert.deepStrictEqual(JSON.parse(JSON.stringify(input)), snapshot);
    });

    it("keeps the first finding's location when locate finds nothing", () => {
        const findings = [
            placeholderFinding(CLUSTER_URN, "vpcConfig.publicAccessCidrs[0]", "192.0.2.10/32", RFC5737, 10),
            placeholderFinding(RULE_URN, "cidrBlocks[0]", "192.0.2.10/32", RFC5737, 11),
        ];
        const [one] = groupPlaceholders(findings, () => undefined);
        assert.deepStrictEqual(one.location, { file: "Pulumi.prod.yaml", line: 10 });
        assert.strictEqual(one.alsoAt?.length, 1);
    });

    it("says a single placeholder without a count and without alsoAt", () => {
        const [one] = groupPlaceholders([placeholderFinding(CLUSTER_URN, "vpcConfig.publicAccessCidrs[0]", "203.0.113.0/24", RFC5737, 10)], () => ({ file: "Pulumi.prod.yaml", line: 5 }));
        assert.strictEqual(
            one.message,
            '"203.0.113.0/24" is an RFC 5737 documentation address range, a placeholder: replace it before deploying. It reaches Cluster "prod" (vpcConfig.publicAccessCidrs[0]).',
        );
        assert.ok(!("alsoAt" in one), "no alsoAt key for a single placeholder");
        assert.strictEqual(one.fact, "placeholder 203.0.113.0/24");
        assert.deepStrictEqual(one.location, { file: "Pulumi.prod.yaml", line: 5 });
    });

    it("names a value found at the top of an object as 'its value'", () => {
        const [one] = groupPlaceholders([placeholderFinding(ROLE_URN, "", "123456789012", ACCOUNT, 10)], () => undefined);
        assert.match(one.message, /It reaches Role "ci" \(its value\)\.$/);
    });
});

const KEY_URN = "urn:pulumi:prod::eks-platform::aws:kms/key:Key::secrets";
const BUCKET_URN = "urn:pulumi:prod::eks-platform::aws:s3/bucket:Bucket::logs";
const POLICY_URN = "urn:pulumi:prod::eks-platform::aws:iam/policy:Policy::secrets-read";
const SUBNET_A = "urn:pulumi:prod::eks-platform::aws:ec2/subnet:Subnet::private-a";
const SUBNET_B = "urn:pulumi:prod::eks-platform::aws:ec2/subnet:Subnet::private-b";
const SG_URN = "urn:pulumi:prod::eks-platform::aws:ec2/securityGroup:SecurityGroup::cluster";
const NAT_URN = "urn:pulumi:prod::eks-platform::aws:ec2/natGateway:NatGateway::nat-a";

function links(urn: string, propertyDependencies: Record<string, string[]> = {}): PlannedLinks {
    return { ...resourceOf(urn), propertyDependencies };
}

const planOf = (...resources: PlannedLinks[]) => new Map(resources.map((r) => [r.urn, r]));

const preview = (policy: string, what: string, at: string) => `can't run policy '${policy}' from policy pack 'eks-guard@v0.1.0' during preview: ${what} value at ${at} can't be known during preview`;

describe("findingGroups: explainNotRunnable", () => {
    it("names the KMS key whose ARN a policy document is built from", () => {
        const policy = links(POLICY_URN, { policy: [KEY_URN, BUCKET_URN] });
        const plan = planOf(policy, links(KEY_URN), links(BUCKET_URN));
        const explained = explainNotRunnable(preview("P", "string", ".policy"), policy, plan);
        assert.strictEqual(
            explained.message,
            'Its policy is built from the ARN of Key "secrets", which AWS assigns when it creates it. pulumi up runs P on the real value before it creates Policy "secrets-read"; nothing is wrong yet.',
        );
        assert.strictEqual(explained.fact, `unknown P .policy from ${KEY_URN}`);
    });

    it("names only the NAT gateway behind a public access CIDR, with the list index as [1]", () => {
        const cluster = links(CLUSTER_URN, { vpcConfig: [SUBNET_A, SUBNET_B, SG_URN, NAT_URN] });
        const plan = planOf(cluster, links(SUBNET_A), links(SUBNET_B), links(SG_URN), links(NAT_URN));
        const explained = explainNotRunnable(preview("eks-endpoint-cidrs", "string", ".vpcConfig.publicAccessCidrs.1"), cluster, plan);
        assert.strictEqual(
            explained.message,
            'Its vpcConfig.publicAccessCidrs[1] is built from the public IP of NatGateway "nat-a", which AWS assigns when it creates it. pulumi up runs eks-endpoint-cidrs on the real value before it creates Cluster "prod"; nothing is wrong yet.',
        );
        assert.doesNotMatch(explained.message, /Subnet|SecurityGroup/);
        assert.strictEqual(explained.fact, `unknown eks-endpoint-cidrs .vpcConfig.publicAccessCidrs.1 from ${NAT_URN}`);
    });

    it("names every dependency when none is of the kind the value comes from", () => {
        const cluster = links(CLUSTER_URN, { vpcConfig: [SUBNET_A, SUBNET_B, SG_URN] });
        const plan = planOf(cluster, links(SUBNET_A), links(SUBNET_B), links(SG_URN));
        const explained = explainNotRunnable(preview("eks-endpoint-cidrs", "string", ".vpcConfig.publicAccessCidrs.0"), cluster, plan);
        assert.match(explained.message, /^Its vpcConfig\.publicAccessCidrs\[0\] is built from the values of Subnet "private-a", Subnet "private-b" and SecurityGroup "cluster", which AWS assigns when it creates them\./);
        assert.strictEqual(explained.fact, `unknown eks-endpoint-cidrs .vpcConfig.publicAccessCidrs.0 from ${SUBNET_A},${SUBNET_B},${SG_URN}`);
    });

    it("says the value comes from a resource not created yet when the property has no dependencies", () => {
        const cluster = links(CLUSTER_URN, {});
        const explained = explainNotRunnable(preview("P", "string", ".roleArn"), cluster, planOf(cluster));
        assert.strictEqual(
            explained.message,
            'Its roleArn comes from a resource AWS has not created yet. pulumi up runs P on the real value before it creates Cluster "prod"; nothing is wrong yet.',
        );
        assert.strictEqual(explained.fact, "unknown P .roleArn from ?");
    });

    it("ignores dependencies that are not in the plan", () => {
        const cluster = links(CLUSTER_URN, { roleArn: [ROLE_URN] });
        const explained = explainNotRunnable(preview("P", "string", ".roleArn"), cluster, planOf(cluster));
        assert.match(explained.message, /^Its roleArn comes from a resource AWS has not created yet\./);
    });

    it("explains the stack-level relations form", () => {
        const message = "can't run policy 'eks-network-layout' from policy pack 'eks-guard@v0.1.0' during preview: Object value at .relations not known yet (the subnets of Vpc \"main\") can't be known during preview";
        assert.deepStrictEqual(explainNotRunnable(message, undefined, new Map()), {
            message: 'eks-network-layout cannot decide before the resources exist: the subnets of Vpc "main" is not known yet. pulumi up judges it after the update, on the real values; nothing is wrong yet.',
            fact: 'relations the subnets of Vpc "main"',
        });
        const several = message.replace('the subnets of Vpc "main"', "X; Y");
        assert.match(explainNotRunnable(several, undefined, new Map()).message, /: X; Y are not known yet\./);
    });

    it("passes an unrecognised message through, and a resource-level one without its resource", () => {
        const odd = "can't run policy 'P' from policy pack 'eks-guard@v0.1.0': something unexpected";
        assert.deepStrictEqual(explainNotRunnable(odd, links(CLUSTER_URN), new Map()), { message: odd, fact: odd });
        const noResource = preview("P", "string", ".policy");
        assert.deepStrictEqual(explainNotRunnable(noResource, undefined, new Map()), { message: noResource, fact: noResource });
    });

    it("gives one fact for one policy, path and sources, and different facts for different sources", () => {
        const plan = planOf(links(KEY_URN), links(ROLE_URN));
        const fromKey = (urn: string) => explainNotRunnable(preview("P", "string", ".policy"), links(urn, { policy: [KEY_URN] }), plan);
        const a = fromKey("urn:pulumi:prod::eks-platform::aws:iam/policy:Policy::a");
        const b = fromKey("urn:pulumi:prod::eks-platform::aws:iam/policy:Policy::b");
        assert.strictEqual(a.fact, b.fact);
        assert.notStrictEqual(a.message, b.message);
        const fromRole = explainNotRunnable(preview("P", "string", ".policy"), links("urn:pulumi:prod::eks-platform::aws:iam/policy:Policy::a", { policy: [ROLE_URN] }), plan);
        assert.notStrictEqual(fromRole.fact, a.fact);
        assert.match(fromRole.message, /the ARN of Role "ci"/);
        // Another path or policy is another fact too.
        assert.notStrictEqual(explainNotRunnable(preview("Q", "string", ".policy"), links(POLICY_URN, { policy: [KEY_URN] }), plan).fact, a.fact);
    });
});
