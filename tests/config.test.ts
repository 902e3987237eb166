import * as assert from "assert";
import { loadEnvironmentConfig } from "../config/load";
import { evaluationDate } from "../config/evaluationDate";
import { ConfigValidationError } from "../config/problems";
import { load, nodeGroup, problemsOf, rawConfig, TODAY } from "./support/configFixtures";

interface FailingCase {
    what: string;
    overrides: Record<string, unknown>;
    /** The full key of the expected problem. */
    key: string;
    /** Text the problem must contain (what is allowed). */
    says: string | RegExp;
}

const zones3 = { "network.zoneCount": "3" };
const manyCidrs = (n: number) => Array.from({ length: n }, (_, i) => `198.18.${i}.0/24`);

const FAILING: FailingCase[] = [
    // network
    { what: "one zone", overrides: { "network.zoneCount": "1" }, key: "eks-platform:network.zoneCount", says: "from 2 to 6" },
    { what: "seven zones", overrides: { "network.zoneCount": "7" }, key: "eks-platform:network.zoneCount", says: "from 2 to 6" },
    { what: "a zone count that is not a number", overrides: { "network.zoneCount": "three" }, key: "eks-platform:network.zoneCount", says: "expected an integer" },
    { what: "one explicit zone", overrides: { "network.zones": ["us-east-1a"] }, key: "eks-platform:network.zones", says: "2 to 6 zones" },
    { what: "a duplicate zone", overrides: { "network.zones": ["us-east-1a", "us-east-1a"] }, key: "eks-platform:network.zones[1]", says: "duplicate" },
    { what: "a malformed zone name", overrides: { "network.zones": ["us-east-1a", "east"] }, key: "eks-platform:network.zones[1]", says: "availability zone name" },
    { what: "zones and a different zone count", overrides: { "network.zones": ["us-east-1a", "us-east-1b"], "network.zoneCount": "3" }, key: "eks-platform:network.zoneCount", says: "conflicts with network.zones" },
    { what: "a malformed VPC CIDR", overrides: { "network.vpcCidr": "10.0.0/16" }, key: "eks-platform:network.vpcCidr", says: "expected an IPv4 CIDR" },
    { what: "a VPC prefix over 32", overrides: { "network.vpcCidr": "10.0.0.0/33" }, key: "eks-platform:network.vpcCidr", says: "expected an IPv4 CIDR" },
    { what: "a VPC CIDR with host bits", overrides: { "network.vpcCidr": "10.0.0.1/16" }, key: "eks-platform:network.vpcCidr", says: "did you mean 10.0.0.0/16" },
    { what: "a VPC larger than /16", overrides: { "network.vpcCidr": "10.0.0.0/8" }, key: "eks-platform:network.vpcCidr", says: "/16 to /28" },
    { what: "a VPC too small for the zones", overrides: { "network.vpcCidr": "10.0.0.0/27" }, key: "eks-platform:network.vpcCidr", says: "too small" },
    { what: "subnets too large for the VPC", overrides: { "network.privateSubnetPrefixLength": "17", ...zones3 }, key: "eks-platform:network.vpcCidr", says: "too small for 3 public" },
    { what: "a subnet prefix override out of range", overrides: { "network.publicSubnetPrefixLength": "29" }, key: "eks-platform:network.publicSubnetPrefixLength", says: "from 16 to 28" },
    { what: "a private subnet outside the VPC", overrides: { "network.zoneCount": "2", "network.privateSubnetCidrs": ["10.0.0.0/19", "10.1.0.0/19"] }, key: "eks-platform:network.privateSubnetCidrs[1]", says: "inside the VPC CIDR 10.0.0.0/16" },
    { what: "overlapping subnets", overrides: { "network.zoneCount": "2", "network.privateSubnetCidrs": ["10.0.0.0/19", "10.0.16.0/20"] }, key: "eks-platform:network.privateSubnetCidrs[1]", says: "overlaps" },
    { what: "a public subnet overlapping a private one", overrides: { "network.zoneCount": "2", "network.privateSubnetCidrs": ["10.0.0.0/19", "10.0.32.0/19"], "network.publicSubnetCidrs": ["10.0.64.0/24", "10.0.32.0/24"] }, key: "eks-platform:network.privateSubnetCidrs[1]", says: "overlaps eks-platform:network.publicSubnetCidrs[1]".replace("eks-platform:", "") },
    { what: "one subnet CIDR for two zones", overrides: { "network.zoneCount": "2", "network.publicSubnetCidrs": ["10.0.64.0/24"] }, key: "eks-platform:network.publicSubnetCidrs", says: "exactly one CIDR per zone (2)" },
    { what: "a malformed subnet CIDR", overrides: { "network.zoneCount": "2", "network.publicSubnetCidrs": ["10.0.64.0/24", "10.0.65.0"] }, key: "eks-platform:network.publicSubnetCidrs[1]", says: "expected an IPv4 CIDR" },
    { what: "an unknown NAT strategy", overrides: { "network.natStrategy": "perAz" }, key: "eks-platform:network.natStrategy", says: '"none", "single", "onePerAz"' },
    { what: "no NAT with private node groups", overrides: { "network.natStrategy": "none" }, key: "eks-platform:network.natStrategy", says: "no internet egress" },
    { what: "NAT without private subnets", overrides: { "network.privateSubnets": "false", nodeGroups: nodeGroup({ subnets: "public" }) }, key: "eks-platform:network.natStrategy", says: 'must be "none"' },
    { what: "a private node group without private subnets", overrides: { "network.privateSubnets": "false", "network.natStrategy": "none" }, key: "eks-platform:nodeGroups[0].subnets", says: "no private subnets" },
    { what: "a Fargate profile without private subnets", overrides: { "network.privateSubnets": "false", "network.natStrategy": "none", nodeGroups: [], fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps" }] }] }, key: "eks-platform:fargateProfiles", says: "only in private subnets" },
    // cluster
    { what: "no Kubernetes version", overrides: { "cluster.version": undefined }, key: "eks-platform:cluster.version", says: "Kubernetes minor version" },
    { what: "a version that is not a minor version", overrides: { "cluster.version": "latest" }, key: "eks-platform:cluster.version", says: 'such as "1.35"' },
    { what: "a version EKS never had", overrides: { "cluster.version": "1.99" }, key: "eks-platform:cluster.version", says: "not in the EKS version calendar" },
    { what: "1.30 written as a YAML number (1.3)", overrides: { "cluster.version": "1.3" }, key: "eks-platform:cluster.version", says: "not in the EKS version calendar" },
    { what: "a version past end of extended support", overrides: { "cluster.version": "1.29" }, key: "eks-platform:cluster.version", says: "past end of extended support" },
    { what: "an extended-support version with STANDARD policy", overrides: { "cluster.version": "1.33" }, key: "eks-platform:cluster.version", says: "cluster.upgradePolicy: EXTENDED" },
    { what: "an unknown upgrade policy", overrides: { "cluster.upgradePolicy": "LTS" }, key: "eks-platform:cluster.upgradePolicy", says: '"STANDARD", "EXTENDED"' },
    { what: "no endpoint mode", overrides: { "cluster.endpoint.mode": undefined }, key: "eks-platform:cluster.endpoint.mode", says: "choose explicitly" },
    { what: "an unknown endpoint mode", overrides: { "cluster.endpoint.mode": "internal" }, key: "eks-platform:cluster.endpoint.mode", says: '"public", "publicAndPrivate", "private"' },
    { what: "a public endpoint without CIDRs", overrides: { "cluster.endpoint.mode": "publicAndPrivate" }, key: "eks-platform:cluster.endpoint.publicAccessCidrs", says: "0.0.0.0/0" },
    { what: "public CIDRs on a private endpoint", overrides: { "cluster.endpoint.publicAccessCidrs": ["203.0.113.0/24"] }, key: "eks-platform:cluster.endpoint.publicAccessCidrs", says: "no public endpoint" },
    { what: "a private endpoint without an access path", overrides: { "cluster.endpoint.privateAccessCidrs": [] }, key: "eks-platform:cluster.endpoint.privateAccessCidrs", says: "locked out" },
    { what: "a private access path on a public-only endpoint", overrides: { "cluster.endpoint.mode": "public", "cluster.endpoint.publicAccessCidrs": ["203.0.113.0/24"] }, key: "eks-platform:cluster.endpoint.mode", says: "no private endpoint" },
    { what: "41 public access CIDRs", overrides: { "cluster.endpoint.mode": "publicAndPrivate", "cluster.endpoint.publicAccessCidrs": manyCidrs(41) }, key: "eks-platform:cluster.endpoint.publicAccessCidrs", says: "at most 40" },
    { what: "39 public CIDRs plus 3 NAT addresses", overrides: { ...zones3, "cluster.endpoint.mode": "public", "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.publicAccessCidrs": manyCidrs(39) }, key: "eks-platform:cluster.endpoint.publicAccessCidrs", says: "makes 42" },
    { what: "a malformed public CIDR", overrides: { "cluster.endpoint.mode": "publicAndPrivate", "cluster.endpoint.publicAccessCidrs": ["203.0.113.0/33"] }, key: "eks-platform:cluster.endpoint.publicAccessCidrs[0]", says: "expected an IPv4 CIDR" },
    { what: "an IPv6 public CIDR", overrides: { "cluster.endpoint.mode": "publicAndPrivate", "cluster.endpoint.publicAccessCidrs": ["::/0"] }, key: "eks-platform:cluster.endpoint.publicAccessCidrs[0]", says: "IPv6" },
    { what: "a malformed access security group", overrides: { "cluster.endpoint.privateAccessSecurityGroupIds": ["bastion"] }, key: "eks-platform:cluster.endpoint.privateAccessSecurityGroupIds[0]", says: "security group id" },
    { what: "an unknown log type", overrides: { "cluster.logTypes": ["apiserver"] }, key: "eks-platform:cluster.logTypes[0]", says: '"api", "audit"' },
    { what: "a duplicate log type", overrides: { "cluster.logTypes": ["audit", "audit"] }, key: "eks-platform:cluster.logTypes[1]", says: "duplicate" },
    { what: "a log retention CloudWatch does not offer", overrides: { "cluster.logRetentionDays": "45" }, key: "eks-platform:cluster.logRetentionDays", says: "CloudWatch retention value" },
    { what: "an unknown secrets encryption", overrides: { "cluster.secretsEncryption": "kms" }, key: "eks-platform:cluster.secretsEncryption", says: "KMS key ARN" },
    { what: "an unknown authentication mode", overrides: { "cluster.authenticationMode": "IAM" }, key: "eks-platform:cluster.authenticationMode", says: '"API", "API_AND_CONFIG_MAP", "CONFIG_MAP"' },
    { what: "access entries with CONFIG_MAP", overrides: { "cluster.authenticationMode": "CONFIG_MAP" }, key: "eks-platform:cluster.authenticationMode", says: "access entries" },
    { what: "no admin at all", overrides: { "cluster.adminPrincipalArns": [] }, key: "eks-platform:cluster.adminPrincipalArns", says: "nobody could administer" },
    { what: "an assumed-role admin ARN", overrides: { "cluster.adminPrincipalArns": ["arn:aws:sts::111122223333:assumed-role/admin/me"] }, key: "eks-platform:cluster.adminPrincipalArns[0]", says: "IAM role or user ARN" },
    { what: "a malformed add-on", overrides: { "cluster.addons": ["VPC CNI"] }, key: "eks-platform:cluster.addons[0]", says: "add-on name" },
    { what: "a duplicate add-on", overrides: { "cluster.addons": ["coredns", "coredns@v1.11.4-eksbuild.2"] }, key: "eks-platform:cluster.addons[1]", says: "duplicate" },
    { what: "an invalid cluster name", overrides: { "cluster.name": "-bad" }, key: "eks-platform:cluster.name", says: "starting with a letter or digit" },
    // node groups
    { what: "min above desired", overrides: { nodeGroups: nodeGroup({ minSize: 4, desiredSize: 3 }) }, key: "eks-platform:nodeGroups[0]", says: "minSize <= desiredSize <= maxSize" },
    { what: "desired above max", overrides: { nodeGroups: nodeGroup({ desiredSize: 7 }) }, key: "eks-platform:nodeGroups[0]", says: "minSize <= desiredSize <= maxSize" },
    { what: "max above the node quota", overrides: { nodeGroups: nodeGroup({ maxSize: 451 }) }, key: "eks-platform:nodeGroups[0].maxSize", says: "450 nodes per managed node group" },
    { what: "a size given as text", overrides: { nodeGroups: nodeGroup({ maxSize: "six" }) }, key: "eks-platform:nodeGroups[0].maxSize", says: "expected an integer" },
    { what: "a disk below the AMI snapshot", overrides: { nodeGroups: nodeGroup({ diskSizeGiB: 10 }) }, key: "eks-platform:nodeGroups[0].diskSizeGiB", says: "20 GiB" },
    { what: "an unknown capacity type", overrides: { nodeGroups: nodeGroup({ capacityType: "SPOTTY" }) }, key: "eks-platform:nodeGroups[0].capacityType", says: '"ON_DEMAND", "SPOT"' },
    { what: "no instance type", overrides: { nodeGroups: nodeGroup({ instanceTypes: [] }) }, key: "eks-platform:nodeGroups[0].instanceTypes", says: "at least one" },
    { what: "a malformed instance type", overrides: { nodeGroups: nodeGroup({ instanceTypes: ["large"] }) }, key: "eks-platform:nodeGroups[0].instanceTypes[0]", says: "EC2 instance type" },
    { what: "mixed architectures", overrides: { nodeGroups: nodeGroup({ instanceTypes: ["m6i.large", "m6g.large"] }) }, key: "eks-platform:nodeGroups[0].instanceTypes", says: "mixes arm64" },
    { what: "an ARM AMI on x86 types", overrides: { nodeGroups: nodeGroup({ amiType: "AL2023_ARM_64_STANDARD" }) }, key: "eks-platform:nodeGroups[0].amiType", says: "instance types are x86_64" },
    { what: "an unknown placement", overrides: { nodeGroups: nodeGroup({ subnets: "dmz" }) }, key: "eks-platform:nodeGroups[0].subnets", says: '"private", "public"' },
    { what: "a misspelt node group field", overrides: { nodeGroups: nodeGroup({ instanceType: "m6i.large" }) }, key: "eks-platform:nodeGroups[0].instanceType", says: "unknown field" },
    { what: "duplicate node group names", overrides: { nodeGroups: [...nodeGroup({}), ...nodeGroup({})] }, key: "eks-platform:nodeGroups[1]", says: "duplicate" },
    { what: "an invalid node group name", overrides: { nodeGroups: nodeGroup({ name: "general pool" }) }, key: "eks-platform:nodeGroups[0].name", says: "1-63 letters" },
    { what: "a non-string label", overrides: { nodeGroups: nodeGroup({ labels: { spot: true } }) }, key: "eks-platform:nodeGroups[0].labels.spot", says: "quote numbers and booleans" },
    { what: "an unknown taint effect", overrides: { nodeGroups: nodeGroup({ taints: [{ key: "a", effect: "NoSchedule" }] }) }, key: "eks-platform:nodeGroups[0].taints[0].effect", says: '"NO_SCHEDULE"' },
    { what: "SSH without sources", overrides: { nodeGroups: nodeGroup({ ssh: { keyName: "ops" } }) }, key: "eks-platform:nodeGroups[0].ssh", says: "0.0.0.0/0" },
    { what: "SSH from the internet", overrides: { nodeGroups: nodeGroup({ ssh: { keyName: "ops", sourceCidrs: ["0.0.0.0/0"] } }) }, key: "eks-platform:nodeGroups[0].ssh.sourceCidrs[0]", says: "whole internet" },
    { what: "SSH without a key", overrides: { nodeGroups: nodeGroup({ ssh: { sourceCidrs: ["10.100.0.0/16"] } }) }, key: "eks-platform:nodeGroups[0].ssh.keyName", says: "non-empty string" },
    { what: "external-dns on no zone", overrides: { nodeGroups: nodeGroup({ addonPermissions: { externalDns: { hostedZoneArns: [] } } }) }, key: "eks-platform:nodeGroups[0].addonPermissions.externalDns.hostedZoneArns", says: "never granted on all zones" },
    { what: "external-dns on a wildcard", overrides: { nodeGroups: nodeGroup({ addonPermissions: { externalDns: { hostedZoneArns: ["*"] } } }) }, key: "eks-platform:nodeGroups[0].addonPermissions.externalDns.hostedZoneArns[0]", says: "hosted zone ARN" },
    { what: "an unknown add-on permission", overrides: { nodeGroups: nodeGroup({ addonPermissions: { admin: true } }) }, key: "eks-platform:nodeGroups[0].addonPermissions.admin", says: "unknown field" },
    // Fargate
    { what: "a Fargate profile named eks-*", overrides: { fargateProfiles: [{ name: "eks-apps", selectors: [{ namespace: "apps" }] }] }, key: "eks-platform:fargateProfiles[0].name", says: 'must not start with "eks-"' },
    { what: "a Fargate profile without selectors", overrides: { fargateProfiles: [{ name: "apps", selectors: [] }] }, key: "eks-platform:fargateProfiles[0].selectors", says: "1 to 5 selectors" },
    { what: "six Fargate selectors", overrides: { fargateProfiles: [{ name: "apps", selectors: Array.from({ length: 6 }, (_, i) => ({ namespace: `ns${i}` })) }] }, key: "eks-platform:fargateProfiles[0].selectors", says: "1 to 5 selectors" },
    { what: "a selector without namespace", overrides: { fargateProfiles: [{ name: "apps", selectors: [{ labels: { app: "web" } }] }] }, key: "eks-platform:fargateProfiles[0].selectors[0].namespace", says: "non-empty string" },
    { what: "six selector labels", overrides: { fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps", labels: { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6" } }] }] }, key: "eks-platform:fargateProfiles[0].selectors[0].labels", says: "at most 5" },
    { what: "duplicate Fargate profile names", overrides: { fargateProfiles: [{ name: "apps", selectors: [{ namespace: "a" }] }, { name: "apps", selectors: [{ namespace: "b" }] }] }, key: "eks-platform:fargateProfiles[1]", says: "duplicate" },
    // types from YAML and unknown keys
    { what: "a boolean given as yes", overrides: { protect: "yes" }, key: "eks-platform:protect", says: "true or false" },
    { what: "node groups given as plain text", overrides: { nodeGroups: "general" }, key: "eks-platform:nodeGroups", says: "YAML list or map" },
    { what: "node groups given as a map", overrides: { nodeGroups: { general: {} } }, key: "eks-platform:nodeGroups", says: "expected a list" },
    { what: "a list given as a scalar", overrides: { "cluster.logTypes": "audit" }, key: "eks-platform:cluster.logTypes", says: "YAML list or map" },
    { what: "a misspelt key", overrides: { "cluster.endpoint.mod": "private" }, key: "eks-platform:cluster.endpoint.mod", says: "did you mean eks-platform:cluster.endpoint.mode?" },
];

describe("config validation", () => {
    it("accepts the base config", () => {
        const env = load();
        assert.strictEqual(env.cluster.endpoint.mode, "private");
        assert.strictEqual(env.nodeGroups.length, 1);
    });

    describe("rejects, naming the key and what is allowed", () => {
        for (const c of FAILING) {
            it(c.what, () => {
                const problems = problemsOf(c.overrides);
                const match = problems.find((p) => p.key === c.key);
                assert.ok(match, `no problem for ${c.key}; got:\n${problems.map((p) => `${p.key}: ${p.allowed}`).join("\n")}`);
                if (typeof c.says === "string") {
                    assert.ok(match.allowed.includes(c.says), `"${match.allowed}" does not say "${c.says}"`);
                } else {
                    assert.match(match.allowed, c.says);
                }
            });
        }
    });

    it("reports every problem in one error, with key, value and what is allowed", () => {
        const run = () =>
            loadEnvironmentConfig(rawConfig({ "network.zoneCount": "1", "cluster.endpoint.mode": "internal", nodeGroups: nodeGroup({ minSize: 9 }) }), {
                project: "eks-platform",
                stack: "test",
                today: TODAY,
            });
        assert.throws(run, (error: unknown) => {
            assert.ok(error instanceof ConfigValidationError);
            assert.strictEqual(error.problems.length, 3);
            assert.match(error.message, /3 problems; no resource was declared/);
            assert.match(error.message, /eks-platform:network\.zoneCount = "1": must be an integer from 2 to 6/);
            assert.match(error.message, /eks-platform:cluster\.endpoint\.mode = "internal": must be one of/);
            assert.match(error.message, /eks-platform:nodeGroups\[0\] = \{"minSize":9,"desiredSize":3,"maxSize":6\}/);
            return true;
        });
    });
});

describe("config results", () => {
    it("derives private /19 and public /21 subnets for a /16 in 3 zones", () => {
        const env = load({ "network.zoneCount": "3" });
        assert.deepStrictEqual(env.network.privateSubnetCidrs, ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
        assert.deepStrictEqual(env.network.publicSubnetCidrs, ["10.0.96.0/21", "10.0.104.0/21", "10.0.112.0/21"]);
    });

    it("derives private /18 and public /20 subnets for a /16 in 2 zones", () => {
        const env = load({ "network.zoneCount": "2", "network.vpcCidr": "10.10.0.0/16" });
        assert.deepStrictEqual(env.network.privateSubnetCidrs, ["10.10.0.0/18", "10.10.64.0/18"]);
        assert.deepStrictEqual(env.network.publicSubnetCidrs, ["10.10.128.0/20", "10.10.144.0/20"]);
    });

    it("honours prefix-length overrides", () => {
        const env = load({ "network.zoneCount": "2", "network.privateSubnetPrefixLength": "20", "network.publicSubnetPrefixLength": "24" });
        assert.deepStrictEqual(env.network.privateSubnetCidrs, ["10.0.0.0/20", "10.0.16.0/20"]);
        assert.deepStrictEqual(env.network.publicSubnetCidrs, ["10.0.32.0/24", "10.0.33.0/24"]);
    });

    it("plans the derived side around explicit subnets of the other side", () => {
        const env = load({ "network.zoneCount": "2", "network.publicSubnetCidrs": ["10.0.0.0/24", "10.0.1.0/24"] });
        assert.deepStrictEqual(env.network.publicSubnetCidrs, ["10.0.0.0/24", "10.0.1.0/24"]);
        assert.deepStrictEqual(env.network.privateSubnetCidrs, ["10.0.64.0/18", "10.0.128.0/18"]);
    });

    it("takes explicit zones and counts them", () => {
        const env = load({ "network.zones": ["eu-west-1a", "eu-west-1b"] });
        assert.deepStrictEqual(env.network.zoneNames, ["eu-west-1a", "eu-west-1b"]);
        assert.strictEqual(env.network.zoneCount, 2);
    });

    it("allows no NAT for private node groups when egress is acknowledged", () => {
        const env = load({ "network.natStrategy": "none", "network.acknowledgeNoEgress": "true" });
        assert.strictEqual(env.network.natStrategy, "none");
    });

    it("maps public IPs on launch only when a node group is public", () => {
        assert.strictEqual(load().network.mapPublicIpOnLaunch, false);
        const env = load({ nodeGroups: nodeGroup({ subnets: "public" }) });
        assert.strictEqual(env.network.mapPublicIpOnLaunch, true);
    });

    it("accepts an extended-support version with the EXTENDED policy", () => {
        const env = load({ "cluster.version": "1.33", "cluster.upgradePolicy": "EXTENDED" });
        assert.strictEqual(env.cluster.version, "1.33");
    });

    it("reads secrets encryption as a created key, an existing key or none", () => {
        assert.deepStrictEqual(load().cluster.secretsEncryption, { kind: "createKey" });
        const arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert.deepStrictEqual(load({ "cluster.secretsEncryption": arn }).cluster.secretsEncryption, { kind: "existingKey", kmsKeyArn: arn });
        assert.deepStrictEqual(load({ "cluster.secretsEncryption": "none" }).cluster.secretsEncryption, { kind: "none" });
    });

    it("lets the creator be admin instead of listed principals when asked", () => {
        const env = load({ "cluster.adminPrincipalArns": [], "cluster.bootstrapCreatorAdmin": "true" });
        assert.strictEqual(env.cluster.bootstrapCreatorAdmin, true);
    });

    it("defaults the cluster name, log types, add-ons and upgrade policy", () => {
        const env = load();
        assert.strictEqual(env.cluster.name, "eks-platform-test");
        assert.deepStrictEqual(env.cluster.logTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        assert.deepStrictEqual(env.cluster.addons.map((a) => a.name), ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"]);
        assert.strictEqual(env.cluster.upgradePolicy, "STANDARD");
        assert.strictEqual(env.cluster.authenticationMode, "API");
    });

    it("reads add-on versions", () => {
        const env = load({ "cluster.addons": ["vpc-cni@v1.19.2-eksbuild.1", "coredns"] });
        assert.deepStrictEqual(env.cluster.addons, [{ name: "vpc-cni", version: "v1.19.2-eksbuild.1" }, { name: "coredns" }]);
    });

    it("fills node group defaults and picks the AMI architecture from the instance types", () => {
        const [x86] = load().nodeGroups;
        assert.deepStrictEqual(
            { capacityType: x86.capacityType, diskSizeGiB: x86.diskSizeGiB, subnets: x86.subnets, amiType: x86.amiType },
            { capacityType: "ON_DEMAND", diskSizeGiB: 50, subnets: "private", amiType: "AL2023_x86_64_STANDARD" },
        );
        const [arm] = load({ nodeGroups: nodeGroup({ instanceTypes: ["m7g.large", "m6g.large"] }) }).nodeGroups;
        assert.strictEqual(arm.amiType, "AL2023_ARM_64_STANDARD");
    });

    it("defaults desiredSize to minSize", () => {
        const [group] = load({ nodeGroups: [{ name: "g", instanceTypes: ["m6i.large"], minSize: 2, maxSize: 4 }] }).nodeGroups;
        assert.strictEqual(group.desiredSize, 2);
    });

    it("reads SSH access and add-on permissions", () => {
        const zone = "arn:aws:route53:::hostedzone/Z0123456789EXAMPLE";
        const [group] = load({
            nodeGroups: nodeGroup({
                ssh: { keyName: "ops", sourceCidrs: ["10.100.0.0/16"], sourceSecurityGroupIds: ["sg-0123456789abcdef0"] },
                addonPermissions: { externalDns: { hostedZoneArns: [zone] }, ebsCsi: true },
            }),
        }).nodeGroups;
        assert.deepStrictEqual(group.ssh, { keyName: "ops", sourceCidrs: ["10.100.0.0/16"], sourceSecurityGroupIds: ["sg-0123456789abcdef0"] });
        assert.deepStrictEqual(group.addonPermissions, { externalDnsHostedZoneArns: [zone], ebsCsi: true, clusterAutoscaler: false });
    });

    it("reads Fargate profiles with label selectors", () => {
        const env = load({ fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps", labels: { tier: "web" } }, { namespace: "jobs" }] }] });
        assert.deepStrictEqual(env.fargateProfiles, [{ name: "apps", selectors: [{ namespace: "apps", labels: { tier: "web" } }, { namespace: "jobs", labels: {} }] }]);
    });
});

describe("evaluation date", () => {
    it("is today unless pinned", () => {
        const now = new Date("2030-01-02T03:04:05Z");
        assert.strictEqual(evaluationDate({}, now), now);
        assert.strictEqual(evaluationDate({ EKS_PLATFORM_EVALUATION_DATE: "2027-04-01" }, now).toISOString(), "2027-04-01T00:00:00.000Z");
    });

    it("rejects a malformed pinned date", () => {
        assert.throws(() => evaluationDate({ EKS_PLATFORM_EVALUATION_DATE: "next year" }), /EKS_PLATFORM_EVALUATION_DATE = "next year": expected a date as YYYY-MM-DD/);
    });
});
