import * as assert from "assert";
import { loadEnvironmentConfig } from "../config/load";
import { evaluationDate } from "../config/evaluationDate";
import { ConfigValidationError } from "../config/problems";
import { TEST_REGION } from "../offline/mockRun";
import { load, nodeGroup, problemsOf, rawConfig, TEST_REGION_FACTS, TODAY } from "./support/configFixtures";

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
    { what: "zones and a different zone count", overrides: { "network.zones": ["us-east-1a", "us-east-1b"], "network.zoneCount": "4" }, key: "eks-platform:network.zoneCount", says: "conflicts with network.zones" },
    { what: "an explicit zone whose ID EKS refuses, by name", overrides: { "network.zones": ["us-east-1a", "us-east-1e"] }, key: "eks-platform:network.zones[1]", says: "is zone ID use1-az3, where EKS does not accept cluster subnets" },
    { what: "an explicit zone EKS refuses, by ID", overrides: { "network.zones": ["use1-az3", "use1-az1"] }, key: "eks-platform:network.zones[0]", says: "is zone ID use1-az3 (us-east-1e in this account), where EKS does not accept" },
    { what: "zones of another region", overrides: { "network.zones": ["eu-west-1a", "eu-west-1b"] }, key: "eks-platform:network.zones[0]", says: "is a zone of eu-west-1, but the stack deploys to us-east-1" },
    { what: "a zone ID the region does not have", overrides: { "network.zones": ["use1-az9", "use1-az1"] }, key: "eks-platform:network.zones[0]", says: "not a zone name or zone ID of us-east-1" },
    { what: "one zone named twice, by name and by ID", overrides: { "network.zones": ["us-east-1a", "use1-az6"] }, key: "eks-platform:network.zones[1]", says: "duplicate" },
    { what: "more zones than EKS accepts in the region", overrides: { "network.zoneCount": "6" }, key: "eks-platform:network.zoneCount", says: "only 5 zones EKS accepts" },
    { what: "a transit gateway id that is not one", overrides: { "network.transitGateway": { id: "tgw-main", routes: ["10.100.0.0/16"] } }, key: "eks-platform:network.transitGateway.id", says: "transit gateway id" },
    { what: "a transit gateway without routes", overrides: { "network.transitGateway": { id: "tgw-0a1b2c3d4e5f67890" } }, key: "eks-platform:network.transitGateway.routes", says: "list the destinations" },
    { what: "a default route to the transit gateway", overrides: { "network.transitGateway": { id: "tgw-0a1b2c3d4e5f67890", routes: ["0.0.0.0/0"] } }, key: "eks-platform:network.transitGateway.routes[0]", says: "default route belongs to the NAT gateways" },
    { what: "a transit gateway route over the VPC", overrides: { "network.transitGateway": { id: "tgw-0a1b2c3d4e5f67890", routes: ["10.0.0.0/8"] } }, key: "eks-platform:network.transitGateway.routes[0]", says: "overlaps the VPC CIDR" },
    { what: "a transit gateway without private subnets", overrides: { "network.privateSubnets": "false", "network.natStrategy": "none", nodeGroups: nodeGroup({ subnets: "public" }) }, key: "eks-platform:network.transitGateway", says: "attaches the private subnets" },
    { what: "a malformed VPC CIDR", overrides: { "network.vpcCidr": "10.0.0/16" }, key: "eks-platform:network.vpcCidr", says: "expected an IPv4 CIDR" },
    { what: "a VPC prefix over 32", overrides: { "network.vpcCidr": "10.0.0.0/33" }, key: "eks-platform:network.vpcCidr", says: "expected an IPv4 CIDR" },
    { what: "a VPC CIDR with host bits", overrides: { "network.vpcCidr": "10.0.0.1/16" }, key: "eks-platform:network.vpcCidr", says: "did you mean 10.0.0.0/16" },
    { what: "a VPC larger than /16", overrides: { "network.vpcCidr": "10.0.0.0/8" }, key: "eks-platform:network.vpcCidr", says: "/16 to /28" },
    { what: "a VPC too small for the zones", overrides: { "network.vpcCidr": "10.0.0.0/27" }, key: "eks-platform:network.vpcCidr", says: "too small" },
    { what: "subnets too large for the VPC", overrides: { "network.privateSubnetPrefixLength": "17", ...zones3 }, key: "eks-platform:network.vpcCidr", says: "too small for 3 zones of public /19 and private /17 subnets in fixed zone slots (0 fit)" },
    { what: "a subnet prefix override out of range", overrides: { "network.publicSubnetPrefixLength": "29" }, key: "eks-platform:network.publicSubnetPrefixLength", says: "from 16 to 28" },
    { what: "a private subnet outside the VPC", overrides: { "network.zoneCount": "2", "network.privateSubnetCidrs": ["10.0.0.0/19", "10.1.0.0/19"] }, key: "eks-platform:network.privateSubnetCidrs[1]", says: "inside the VPC CIDR 10.0.0.0/16" },
    { what: "overlapping subnets", overrides: { "network.zoneCount": "2", "network.privateSubnetCidrs": ["10.0.0.0/19", "10.0.16.0/20"] }, key: "eks-platform:network.privateSubnetCidrs[1]", says: "overlaps" },
    { what: "a public subnet overlapping a private one", overrides: { "network.zoneCount": "2", "network.privateSubnetCidrs": ["10.0.0.0/19", "10.0.32.0/19"], "network.publicSubnetCidrs": ["10.0.64.0/24", "10.0.32.0/24"] }, key: "eks-platform:network.privateSubnetCidrs[1]", says: "overlaps eks-platform:network.publicSubnetCidrs[1]".replace("eks-platform:", "") },
    { what: "one subnet CIDR for two zones", overrides: { "network.zoneCount": "2", "network.publicSubnetCidrs": ["10.0.64.0/24"] }, key: "eks-platform:network.publicSubnetCidrs", says: "exactly one CIDR per zone (2)" },
    { what: "a malformed subnet CIDR", overrides: { "network.zoneCount": "2", "network.publicSubnetCidrs": ["10.0.64.0/24", "10.0.65.0"] }, key: "eks-platform:network.publicSubnetCidrs[1]", says: "expected an IPv4 CIDR" },
    { what: "an unknown NAT strategy", overrides: { "network.natStrategy": "perAz" }, key: "eks-platform:network.natStrategy", says: '"none", "single", "onePerAz"' },
    { what: "no NAT with private node groups", overrides: { "network.natStrategy": "none" }, key: "eks-platform:network.natStrategy", says: "no internet egress" },
    { what: "NAT without private subnets", overrides: { "network.privateSubnets": "false", nodeGroups: nodeGroup({ subnets: "public" }) }, key: "eks-platform:network.natStrategy", says: 'must be "none"' },
    { what: "a private node group without private subnets", overrides: { "network.privateSubnets": "false", "network.natStrategy": "none", "network.transitGateway": undefined }, key: "eks-platform:nodeGroups[0].subnets", says: "no private subnets" },
    { what: "a Fargate profile without private subnets", overrides: { "network.privateSubnets": "false", "network.natStrategy": "none", "network.transitGateway": undefined, nodeGroups: [], fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps" }] }] }, key: "eks-platform:fargateProfiles", says: "only in private subnets" },
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
    { what: "a private access network nothing routes back to", overrides: { "network.transitGateway": undefined }, key: "eks-platform:cluster.endpoint.privateAccessCidrs[0]", says: "is outside the VPC (10.0.0.0/16) and nothing routes it" },
    { what: "a private access network the transit gateway routes do not cover", overrides: { "network.transitGateway": { id: "tgw-0a1b2c3d4e5f67890", routes: ["10.200.0.0/16"] } }, key: "eks-platform:cluster.endpoint.privateAccessCidrs[0]", says: "network.acknowledgeExternalRouting" },
    { what: "an access host on a public-only endpoint", overrides: { "cluster.endpoint.mode": "public", "cluster.endpoint.publicAccessCidrs": ["198.18.0.0/24"], "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.accessHost": "true" }, key: "eks-platform:cluster.endpoint.accessHost", says: '"public" mode has none' },
    { what: "an access host without a way to Systems Manager", overrides: { "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.accessHost": "true", "network.natStrategy": "none", nodeGroups: [] }, key: "eks-platform:cluster.endpoint.accessHost", says: "reaches AWS Systems Manager through a NAT gateway" },
    { what: "an access host of an unknown instance type", overrides: { "cluster.endpoint.accessHost": "true", "cluster.endpoint.accessHostInstanceType": "t4g.nanoo" }, key: "eks-platform:cluster.endpoint.accessHostInstanceType", says: "did you mean t4g.nano?" },
    { what: "public nodes behind a public-only endpoint", overrides: { "cluster.endpoint.mode": "public", "cluster.endpoint.publicAccessCidrs": ["198.18.0.0/24"], "cluster.endpoint.privateAccessCidrs": [], "network.transitGateway": undefined, nodeGroups: nodeGroup({ subnets: "public" }) }, key: "eks-platform:nodeGroups[0].subnets", says: "reach the API from their own public IPs" },
    { what: "private nodes without NAT behind a public-only endpoint", overrides: { "cluster.endpoint.mode": "public", "cluster.endpoint.publicAccessCidrs": ["198.18.0.0/24"], "cluster.endpoint.privateAccessCidrs": [], "network.natStrategy": "none", "network.acknowledgeNoEgress": "true" }, key: "eks-platform:network.natStrategy", says: "reach the API only through a NAT gateway" },
    { what: "node groups without the vpc-cni add-on", overrides: { "cluster.addons": ["kube-proxy", "coredns", "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons", says: "need the vpc-cni add-on" },
    { what: "a KMS key of another region", overrides: { "cluster.secretsEncryption": "arn:aws:kms:eu-west-1:210987654321:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" }, key: "eks-platform:cluster.secretsEncryption", says: "is a KMS key in eu-west-1, but the cluster is in us-east-1" },
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
    { what: "an unknown access policy", overrides: { "cluster.accessEntries": [{ principalArn: "arn:aws:iam::210987654321:role/dev", policy: "AmazonEKSEditorPolicy" }] }, key: "eks-platform:cluster.accessEntries[0].policy", says: "did you mean AmazonEKSEditPolicy?" },
    { what: "an empty namespace list", overrides: { "cluster.accessEntries": [{ principalArn: "arn:aws:iam::210987654321:role/dev", policy: "AmazonEKSEditPolicy", namespaces: [] }] }, key: "eks-platform:cluster.accessEntries[0].namespaces", says: "at least one namespace" },
    { what: "a namespace Kubernetes refuses", overrides: { "cluster.accessEntries": [{ principalArn: "arn:aws:iam::210987654321:role/dev", policy: "AmazonEKSViewPolicy", namespaces: ["Team_A"] }] }, key: "eks-platform:cluster.accessEntries[0].namespaces[0]", says: "Kubernetes namespace name" },
    { what: "a principal with two access entries", overrides: { "cluster.accessEntries": [{ principalArn: "arn:aws:iam::210987654321:role/dev", policy: "AmazonEKSViewPolicy" }, { principalArn: "arn:aws:iam::210987654321:role/dev", policy: "AmazonEKSEditPolicy", namespaces: ["apps"] }] }, key: "eks-platform:cluster.accessEntries[1].principalArn", says: "one per principal" },
    { what: "an access entry for an admin principal", overrides: { "cluster.adminPrincipalArns": ["arn:aws:iam::210987654321:role/admin"], "cluster.accessEntries": [{ principalArn: "arn:aws:iam::210987654321:role/admin", policy: "AmazonEKSViewPolicy" }] }, key: "eks-platform:cluster.accessEntries[0].principalArn", says: "also in cluster.adminPrincipalArns" },
    { what: "an assumed-role access entry", overrides: { "cluster.accessEntries": [{ principalArn: "arn:aws:sts::210987654321:assumed-role/dev/me", policy: "AmazonEKSViewPolicy" }] }, key: "eks-platform:cluster.accessEntries[0].principalArn", says: "IAM role or user ARN" },
    { what: "an access entry field that does not exist", overrides: { "cluster.accessEntries": [{ principalArn: "arn:aws:iam::210987654321:role/dev", policy: "AmazonEKSViewPolicy", scope: "cluster" }] }, key: "eks-platform:cluster.accessEntries[0].scope", says: "unknown field; known fields: principalArn, policy, namespaces" },
    { what: "a malformed add-on", overrides: { "cluster.addons": ["VPC CNI"] }, key: "eks-platform:cluster.addons[0]", says: "add-on name" },
    { what: "a duplicate add-on", overrides: { "cluster.addons": ["vpc-cni", "coredns", "coredns@v1.11.4-eksbuild.2"] }, key: "eks-platform:cluster.addons[2]", says: "duplicate" },
    { what: "a misspelt add-on", overrides: { "cluster.addons": ["vpc-cni", "coredsn"] }, key: "eks-platform:cluster.addons[1]", says: "did you mean coredns?" },
    { what: "an add-on version that is not a version", overrides: { "cluster.addons": ["vpc-cni@latest"] }, key: "eks-platform:cluster.addons[0]", says: '"latest" is not an add-on version' },
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
    { what: "a node group without instance types", overrides: { nodeGroups: nodeGroup({ instanceTypes: undefined }) }, key: "eks-platform:nodeGroups[0].instanceTypes", says: "required" },
    { what: "a misspelt instance type", overrides: { nodeGroups: nodeGroup({ instanceTypes: ["m6i.larg"] }) }, key: "eks-platform:nodeGroups[0].instanceTypes[0]", says: "did you mean m6i.large?" },
    { what: "an instance type EKS nodes do not know", overrides: { nodeGroups: nodeGroup({ instanceTypes: ["m99.large"] }) }, key: "eks-platform:nodeGroups[0].instanceTypes[0]", says: "not an EC2 instance type EKS nodes know" },
    { what: "a node group newer than the control plane", overrides: { nodeGroups: nodeGroup({ version: "1.36" }) }, key: "eks-platform:nodeGroups[0].version", says: "is newer than the control plane (cluster.version 1.35)" },
    { what: "a node group four versions behind", overrides: { "cluster.version": "1.35", nodeGroups: nodeGroup({ version: "1.31" }) }, key: "eks-platform:nodeGroups[0].version", says: "is 4 minor versions behind cluster.version 1.35; EKS supports nodes at most 3 behind" },
    { what: "a node group version that is not a minor version", overrides: { nodeGroups: nodeGroup({ version: "1.35.2" }) }, key: "eks-platform:nodeGroups[0].version", says: "Kubernetes minor version" },
    { what: "an AMI release version that is not one", overrides: { nodeGroups: nodeGroup({ releaseVersion: "latest" }) }, key: "eks-platform:nodeGroups[0].releaseVersion", says: "EKS AMI release version" },
    { what: "add-on permissions on a node group", overrides: { nodeGroups: nodeGroup({ addonPermissions: { ebsCsi: true } }) }, key: "eks-platform:nodeGroups[0].addonPermissions", says: "move them to eks-platform:addonRoles" },
    { what: "an IMDS hop limit of 0", overrides: { nodeGroups: nodeGroup({ imdsHopLimit: 0 }) }, key: "eks-platform:nodeGroups[0].imdsHopLimit", says: "from 1 to 64" },
    { what: "a label key Kubernetes rejects", overrides: { nodeGroups: nodeGroup({ labels: { "team name": "web" } }) }, key: "eks-platform:nodeGroups[0].labels.team name", says: "not a valid label key" },
    { what: "a label prefix that is not a DNS subdomain", overrides: { nodeGroups: nodeGroup({ labels: { "Example.com/tier": "web" } }) }, key: "eks-platform:nodeGroups[0].labels.Example.com/tier", says: "lowercase DNS subdomain" },
    { what: "a label value of 64 characters", overrides: { nodeGroups: nodeGroup({ labels: { tier: "w".repeat(64) } }) }, key: "eks-platform:nodeGroups[0].labels.tier", says: "not a valid label value" },
    { what: "a taint key Kubernetes rejects", overrides: { nodeGroups: nodeGroup({ taints: [{ key: "-dedicated", effect: "NO_SCHEDULE" }] }) }, key: "eks-platform:nodeGroups[0].taints[0].key", says: "not a valid taint key" },
    { what: "a taint value Kubernetes rejects", overrides: { nodeGroups: nodeGroup({ taints: [{ key: "dedicated", value: "a b", effect: "NO_SCHEDULE" }] }) }, key: "eks-platform:nodeGroups[0].taints[0].value", says: "not a valid taint value" },
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
    { what: "SSH sources that add up to the whole internet", overrides: { nodeGroups: nodeGroup({ ssh: { keyName: "ops", sourceCidrs: ["0.0.0.0/1", "128.0.0.0/1"] } }) }, key: "eks-platform:nodeGroups[0].ssh.sourceCidrs", says: "cover every IPv4 address" },
    // add-on roles
    { what: "external-dns without zones", overrides: { addonRoles: { externalDns: true } }, key: "eks-platform:addonRoles.externalDns.hostedZoneArns", says: "required" },
    { what: "external-dns on no zone", overrides: { addonRoles: { externalDns: { hostedZoneArns: [] } } }, key: "eks-platform:addonRoles.externalDns.hostedZoneArns", says: "never granted on all zones" },
    { what: "external-dns on a wildcard", overrides: { addonRoles: { externalDns: { hostedZoneArns: ["*"] } } }, key: "eks-platform:addonRoles.externalDns.hostedZoneArns[0]", says: "hosted zone ARN" },
    { what: "an unknown add-on role", overrides: { addonRoles: { admin: true } }, key: "eks-platform:addonRoles.admin", says: "unknown field" },
    { what: "an add-on role in a namespace Kubernetes rejects", overrides: { addonRoles: { ebsCsi: { namespace: "Kube_System" } } }, key: "eks-platform:addonRoles.ebsCsi.namespace", says: "Kubernetes namespace name" },
    { what: "add-on roles without the Pod Identity agent", overrides: { addonRoles: { ebsCsi: true }, "cluster.addons": ["vpc-cni", "kube-proxy", "coredns"] }, key: "eks-platform:cluster.addons", says: "needs the eks-pod-identity-agent add-on" },
    { what: "the EBS CSI add-on without its role", overrides: { "cluster.addons": ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent", "aws-ebs-csi-driver"] }, key: "eks-platform:addonRoles.ebsCsi", says: "needs an IAM role" },
    // Fargate
    { what: "a Fargate profile named eks-*", overrides: { fargateProfiles: [{ name: "eks-apps", selectors: [{ namespace: "apps" }] }] }, key: "eks-platform:fargateProfiles[0].name", says: 'must not start with "eks-"' },
    { what: "a Fargate profile without selectors", overrides: { fargateProfiles: [{ name: "apps", selectors: [] }] }, key: "eks-platform:fargateProfiles[0].selectors", says: "1 to 5 selectors" },
    { what: "a Fargate profile with no selectors key", overrides: { fargateProfiles: [{ name: "apps" }] }, key: "eks-platform:fargateProfiles[0].selectors", says: "is required: 1 to 5 selectors" },
    { what: "an add-on role in a namespace Fargate takes whole", overrides: { addonRoles: { externalDns: { namespace: "dns", hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1D633PJN98FT9"] } }, fargateProfiles: [{ name: "dns", selectors: [{ namespace: "dns" }] }] }, key: "eks-platform:addonRoles.externalDns.namespace", says: "EKS Pod Identity does not work on Fargate" },
    { what: "every namespace as a wildcard in an access scope", overrides: { "cluster.accessEntries": [{ principalArn: "arn:aws:iam::210987654321:role/dev", policy: "AmazonEKSViewPolicy", namespaces: ["*"] }] }, key: "eks-platform:cluster.accessEntries[0].namespaces[0]", says: "leave namespaces out (the cluster scope)" },
    { what: "an x86 type misspelt close to a Graviton one", overrides: { nodeGroups: nodeGroup({ instanceTypes: ["m6i.medium"] }) }, key: "eks-platform:nodeGroups[0].instanceTypes[0]", says: /^(?!.*m6g)(did you mean [a-z0-9]+\.[a-z0-9]+\? )?not an EC2 instance type/ },
    { what: "six Fargate selectors", overrides: { fargateProfiles: [{ name: "apps", selectors: Array.from({ length: 6 }, (_, i) => ({ namespace: `ns${i}` })) }] }, key: "eks-platform:fargateProfiles[0].selectors", says: "1 to 5 selectors" },
    { what: "a selector without namespace", overrides: { fargateProfiles: [{ name: "apps", selectors: [{ labels: { app: "web" } }] }] }, key: "eks-platform:fargateProfiles[0].selectors[0].namespace", says: "non-empty string" },
    { what: "six selector labels", overrides: { fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps", labels: { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6" } }] }] }, key: "eks-platform:fargateProfiles[0].selectors[0].labels", says: "at most 5" },
    { what: "a Fargate selector label Kubernetes rejects", overrides: { fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps", labels: { "app/": "web" } }] }] }, key: "eks-platform:fargateProfiles[0].selectors[0].labels.app/", says: "not a valid label key" },
    { what: "duplicate Fargate profile names", overrides: { fargateProfiles: [{ name: "apps", selectors: [{ namespace: "a" }] }, { name: "apps", selectors: [{ namespace: "b" }] }] }, key: "eks-platform:fargateProfiles[1]", says: "duplicate" },
    // compute: node groups or EKS Auto Mode
    { what: "an unknown compute choice", overrides: { "cluster.compute": "fargate" }, key: "eks-platform:cluster.compute", says: '"nodeGroups", "autoMode"' },
    { what: "Auto Mode settings with node groups", overrides: { "cluster.autoMode.nodePools": ["system"] }, key: "eks-platform:cluster.autoMode.nodePools", says: "applies only with cluster.compute: autoMode" },
    { what: "the Auto Mode off step with node groups", overrides: { "cluster.autoMode.enabled": "false" }, key: "eks-platform:cluster.autoMode.enabled", says: "applies only with cluster.compute: autoMode" },
    { what: "a misspelt node pool", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "cluster.autoMode.nodePools": ["general"] }, key: "eks-platform:cluster.autoMode.nodePools[0]", says: 'the built-in node pools are "general-purpose" and "system"' },
    { what: "a node pool named twice", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "cluster.autoMode.nodePools": ["system", "system"] }, key: "eks-platform:cluster.autoMode.nodePools[1]", says: "duplicate" },
    { what: "no built-in node pool", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "cluster.autoMode.nodePools": [] }, key: "eks-platform:cluster.autoMode.nodePools", says: "Auto Mode launches no node until a NodePool of your own" },
    { what: "Auto Mode with the ConfigMap only", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "cluster.authenticationMode": "CONFIG_MAP", "cluster.adminPrincipalArns": [], "cluster.bootstrapCreatorAdmin": "true" }, key: "eks-platform:cluster.authenticationMode", says: "EKS Auto Mode requires access entries" },
    { what: "turning Auto Mode off with nothing to run the pods", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "cluster.autoMode.enabled": "false" }, key: "eks-platform:cluster.autoMode.enabled", says: "add nodeGroups first (with cluster.autoMode.enabled still true)" },
    { what: "Auto Mode without private subnets", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "network.privateSubnets": "false", "network.natStrategy": "none", "network.transitGateway": undefined, "cluster.endpoint.mode": "public", "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.publicAccessCidrs": ["198.51.100.0/24"] }, key: "eks-platform:cluster.compute", says: "keep network.privateSubnets: true" },
    { what: "Auto Mode nodes without egress", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "network.natStrategy": "none" }, key: "eks-platform:network.natStrategy", says: "EKS Auto Mode nodes in the private subnets would have no internet egress" },
    { what: "Auto Mode nodes behind a public endpoint without NAT", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "network.natStrategy": "none", "network.acknowledgeNoEgress": "true", "network.transitGateway": undefined, "cluster.endpoint.mode": "public", "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.publicAccessCidrs": ["198.51.100.0/24"] }, key: "eks-platform:network.natStrategy", says: "EKS Auto Mode nodes reach the API only through a NAT gateway" },
    { what: "an add-on Auto Mode runs itself, without node groups", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "cluster.addons": ["coredns"] }, key: "eks-platform:cluster.addons[0]", says: "EKS Auto Mode runs this itself on its nodes" },
    { what: "the Cluster Autoscaler on Auto Mode without node groups", overrides: { "cluster.compute": "autoMode", nodeGroups: [], addonRoles: { clusterAutoscaler: true } }, key: "eks-platform:addonRoles.clusterAutoscaler", says: "EKS Auto Mode scales its nodes itself" },
    // compute: Karpenter
    { what: "an unknown compute choice names Karpenter too", overrides: { "cluster.compute": "fargate" }, key: "eks-platform:cluster.compute", says: '"karpenter"' },
    { what: "Karpenter settings without Karpenter", overrides: { "cluster.karpenter.namespace": "karpenter" }, key: "eks-platform:cluster.karpenter.namespace", says: "applies only with cluster.compute: karpenter" },
    { what: "Karpenter without a node group for its controller", overrides: { "cluster.compute": "karpenter", nodeGroups: [] }, key: "eks-platform:nodeGroups", says: "declare at least one node group" },
    { what: "Karpenter with the ConfigMap only", overrides: { "cluster.compute": "karpenter", "cluster.authenticationMode": "CONFIG_MAP", "cluster.adminPrincipalArns": [], "cluster.bootstrapCreatorAdmin": "true" }, key: "eks-platform:cluster.authenticationMode", says: "EC2_LINUX access entry" },
    { what: "Karpenter without the Pod Identity agent", overrides: { "cluster.compute": "karpenter", "cluster.addons": ["vpc-cni", "kube-proxy", "coredns"] }, key: "eks-platform:cluster.addons", says: "needs the eks-pod-identity-agent add-on" },
    { what: "Karpenter's controller on Fargate", overrides: { "cluster.compute": "karpenter", fargateProfiles: [{ name: "system", selectors: [{ namespace: "kube-system" }] }] }, key: "eks-platform:fargateProfiles[0].selectors[0]", says: "EKS Pod Identity gives them no credentials" },
    { what: "Karpenter's controller on Fargate through its own labels", overrides: { "cluster.compute": "karpenter", "cluster.karpenter.namespace": "karpenter", fargateProfiles: [{ name: "k", selectors: [{ namespace: "karpenter", labels: { "app.kubernetes.io/name": "karpenter" } }] }] }, key: "eks-platform:fargateProfiles[0].selectors[0]", says: "selects Karpenter's controller pods" },
    { what: "an add-on role on Karpenter's service account", overrides: { "cluster.compute": "karpenter", addonRoles: { clusterAutoscaler: { serviceAccount: "karpenter" } } }, key: "eks-platform:addonRoles.clusterAutoscaler.serviceAccount", says: "one Pod Identity association per service account" },
    { what: "a Karpenter namespace Kubernetes refuses", overrides: { "cluster.compute": "karpenter", "cluster.karpenter.namespace": "Kube_System" }, key: "eks-platform:cluster.karpenter.namespace", says: "Kubernetes namespace name" },
    { what: "Karpenter without private subnets", overrides: { "cluster.compute": "karpenter", nodeGroups: nodeGroup({ subnets: "public" }), "network.privateSubnets": "false", "network.natStrategy": "none", "network.transitGateway": undefined, "cluster.endpoint.mode": "public", "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.publicAccessCidrs": ["198.51.100.0/24"] }, key: "eks-platform:cluster.compute", says: "keep network.privateSubnets: true" },
    { what: "a cluster name too long for Karpenter's controller role", overrides: { "cluster.compute": "karpenter", "cluster.name": "c".repeat(40) }, key: "eks-platform:cluster.name", says: `IAM role name "${"c".repeat(40)}-karpenter-controller" 69 characters` },
    // pod addresses: VPC CNI prefix delegation
    { what: "prefix delegation without the vpc-cni add-on", overrides: { "cluster.compute": "autoMode", nodeGroups: [], "cluster.vpcCni.prefixDelegation": "true" }, key: "eks-platform:cluster.vpcCni.prefixDelegation", says: "which cluster.addons does not list" },
    { what: "prefix delegation on a vpc-cni older than 1.9", overrides: { "cluster.vpcCni.prefixDelegation": "true", "cluster.addons": ["vpc-cni@v1.8.0-eksbuild.1", "kube-proxy", "coredns", "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons[0]", says: "needs vpc-cni v1.9.0 or later" },
    { what: "prefix delegation on a Xen instance type", overrides: { "cluster.vpcCni.prefixDelegation": "true", nodeGroups: nodeGroup({ instanceTypes: ["m6i.large", "m4.large"] }) }, key: "eks-platform:nodeGroups[0].instanceTypes[1]", says: "is not a Nitro instance type" },
    { what: "prefix delegation given as a word", overrides: { "cluster.vpcCni.prefixDelegation": "on" }, key: "eks-platform:cluster.vpcCni.prefixDelegation", says: "true or false" },
    // pod addresses: custom networking on a secondary CIDR
    { what: "a pod CIDR outside RFC 6598 space", overrides: { "network.podCidr": "172.20.0.0/16", "cluster.vpcCni.prefixDelegation": "true" }, key: "eks-platform:network.podCidr", says: "must be within 100.64.0.0/10" },
    { what: "a pod CIDR overlapping the VPC", overrides: { "network.vpcCidr": "100.64.0.0/16", "network.transitGateway": undefined, "cluster.endpoint.privateAccessCidrs": ["100.64.0.0/16"], "network.podCidr": "100.64.0.0/17", "cluster.vpcCni.prefixDelegation": "true" }, key: "eks-platform:network.podCidr", says: "overlaps network.vpcCidr" },
    { what: "a pod CIDR too small for a subnet per zone", overrides: { "network.podCidr": "100.64.0.0/26", "cluster.vpcCni.prefixDelegation": "true" }, key: "eks-platform:network.podCidr", says: "must be /16 to /25" },
    { what: "a pod CIDR with host bits", overrides: { "network.podCidr": "100.64.1.0/16", "cluster.vpcCni.prefixDelegation": "true" }, key: "eks-platform:network.podCidr", says: "did you mean 100.64.0.0/16?" },
    { what: "custom networking without prefix delegation", overrides: { "network.podCidr": "100.64.0.0/16" }, key: "eks-platform:network.podCidr", says: "needs cluster.vpcCni.prefixDelegation: true" },
    { what: "a transit gateway route inside the pod CIDR", overrides: { "network.podCidr": "100.64.0.0/16", "cluster.vpcCni.prefixDelegation": "true", "network.transitGateway": { id: "tgw-0a1b2c3d4e5f67890", routes: ["100.64.8.0/24"] } }, key: "eks-platform:network.transitGateway.routes[0]", says: "the same or larger than a destination CIDR range" },
    { what: "custom networking on an instance type whose other ENIs hold fewer pods than EKS allows it", overrides: { "network.podCidr": "100.64.0.0/16", "cluster.vpcCni.prefixDelegation": "true", nodeGroups: nodeGroup({ instanceTypes: ["t3.small"] }) }, key: "eks-platform:nodeGroups[0].instanceTypes[0]", says: "holds 98 pods on the ENIs custom networking leaves them ((3 - 1) x (4 - 1) x 16 + 2), fewer than the 110" },
    // node group rollouts and repair
    { what: "a rollout with both a count and a percentage", overrides: { nodeGroups: nodeGroup({ update: { maxUnavailable: 1, maxUnavailablePercentage: 10 } }) }, key: "eks-platform:nodeGroups[0].update", says: "not both (EKS takes exactly one)" },
    { what: "a rollout with neither a count nor a percentage", overrides: { nodeGroups: nodeGroup({ update: { strategy: "MINIMAL" } }) }, key: "eks-platform:nodeGroups[0].update", says: "set maxUnavailable (nodes) or maxUnavailablePercentage" },
    { what: "more unavailable nodes than EKS updates at once", overrides: { nodeGroups: nodeGroup({ maxSize: 450, update: { maxUnavailable: 101 } }) }, key: "eks-platform:nodeGroups[0].update.maxUnavailable", says: "EKS updates at most 100 nodes at once" },
    { what: "more unavailable nodes than the group has", overrides: { nodeGroups: nodeGroup({ maxSize: 3, update: { maxUnavailable: 4 } }) }, key: "eks-platform:nodeGroups[0].update.maxUnavailable", says: "is more than the group's maxSize (3)" },
    { what: "a percentage of none", overrides: { nodeGroups: nodeGroup({ update: { maxUnavailablePercentage: 0 } }) }, key: "eks-platform:nodeGroups[0].update.maxUnavailablePercentage", says: "a percentage of the group's nodes" },
    { what: "an update strategy EKS does not have", overrides: { nodeGroups: nodeGroup({ update: { maxUnavailable: 1, strategy: "SURGE" } }) }, key: "eks-platform:nodeGroups[0].update.strategy", says: '"DEFAULT", "MINIMAL"' },
    { what: "an unknown rollout field", overrides: { nodeGroups: nodeGroup({ update: { maxSurge: 2 } }) }, key: "eks-platform:nodeGroups[0].update.maxSurge", says: "unknown field; known fields: maxUnavailable, maxUnavailablePercentage, strategy" },
    { what: "auto repair given as a word", overrides: { nodeGroups: nodeGroup({ autoRepair: "yes" }) }, key: "eks-platform:nodeGroups[0].autoRepair", says: "true or false" },
    // scheduled sizes
    ...(() => {
        const schedule = (patch: Record<string, unknown> = {}, actions?: unknown[]) =>
            nodeGroup({ minSize: 0, maxSize: 3, schedule: { timeZone: "Europe/Berlin", actions: actions ?? [{ name: "up", cron: "0 7 * * MON-FRI", desiredSize: 2 }, { name: "down", cron: "0 19 * * MON-FRI", desiredSize: 0 }], ...patch } });
        return [
            { what: "a schedule without a time zone", overrides: { nodeGroups: schedule({ timeZone: undefined }) }, key: "eks-platform:nodeGroups[0].schedule.timeZone", says: "required: the IANA time zone" },
            { what: "a time zone that does not exist", overrides: { nodeGroups: schedule({ timeZone: "Europe/Atlantis" }) }, key: "eks-platform:nodeGroups[0].schedule.timeZone", says: "expected an IANA time zone name" },
            { what: "a UTC offset instead of a zone", overrides: { nodeGroups: schedule({ timeZone: "+02:00" }) }, key: "eks-platform:nodeGroups[0].schedule.timeZone", says: "expected an IANA time zone name" },
            { what: "a schedule of one action", overrides: { nodeGroups: schedule({}, [{ name: "down", cron: "0 19 * * *", desiredSize: 0 }]) }, key: "eks-platform:nodeGroups[0].schedule.actions", says: "at least two actions" },
            { what: "a cron that does not repeat weekly", overrides: { nodeGroups: schedule({}, [{ name: "up", cron: "0 7 1 * *", desiredSize: 2 }, { name: "down", cron: "0 19 * * *", desiredSize: 0 }]) }, key: "eks-platform:nodeGroups[0].schedule.actions[0].cron", says: "day-of-month and month must be * (a schedule that repeats every week); a weekly Unix cron, read in Europe/Berlin" },
            { what: "a scheduled size below the group's minSize", overrides: { nodeGroups: nodeGroup({ minSize: 1, maxSize: 3, schedule: { timeZone: "UTC", actions: [{ name: "up", cron: "0 7 * * *", desiredSize: 2 }, { name: "down", cron: "0 19 * * *", desiredSize: 0 }] } }) }, key: "eks-platform:nodeGroups[0].schedule.actions[1].desiredSize", says: "must lie within the group's minSize (1) and maxSize (3); lower minSize to 0" },
            { what: "two actions at the same minute", overrides: { nodeGroups: schedule({}, [{ name: "up", cron: "0 7 * * MON-FRI", desiredSize: 2 }, { name: "down", cron: "0 7 * * FRI", desiredSize: 0 }]) }, key: "eks-platform:nodeGroups[0].schedule.actions", says: "fire at the same minute of the week" },
            { what: "two actions of one name", overrides: { nodeGroups: schedule({}, [{ name: "up", cron: "0 7 * * *", desiredSize: 2 }, { name: "up", cron: "0 19 * * *", desiredSize: 0 }]) }, key: "eks-platform:nodeGroups[0].schedule.actions[1]", says: "duplicate" },
            { what: "an action name AWS resource names cannot carry", overrides: { nodeGroups: schedule({}, [{ name: "Night Shift", cron: "0 7 * * *", desiredSize: 2 }, { name: "down", cron: "0 19 * * *", desiredSize: 0 }]) }, key: "eks-platform:nodeGroups[0].schedule.actions[0].name", says: "lowercase letters, digits or hyphens" },
            { what: "a schedule the Cluster Autoscaler would undo", overrides: { nodeGroups: schedule(), addonRoles: { clusterAutoscaler: true } }, key: "eks-platform:nodeGroups[0].schedule", says: "the Cluster Autoscaler (addonRoles.clusterAutoscaler) owns this group's desired size" },
        ];
    })(),
    // add-on configuration values
    { what: "add-on configuration values that are not a map", overrides: { "cluster.addons": ["vpc-cni", "kube-proxy", { name: "coredns", configurationValues: "replicaCount: 3" }, "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons[2].configurationValues", says: "expected a map" },
    { what: "empty add-on configuration values", overrides: { "cluster.addons": ["vpc-cni", "kube-proxy", { name: "coredns", configurationValues: {} }, "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons[2].configurationValues", says: "is empty; leave it out" },
    { what: "an unknown add-on entry field", overrides: { "cluster.addons": ["vpc-cni", "kube-proxy", { name: "coredns", values: { replicaCount: 3 } }, "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons[2].values", says: "unknown field; known fields: name, version, configurationValues" },
    { what: "an add-on entry that is neither a name nor a map", overrides: { "cluster.addons": ["vpc-cni", 7] }, key: "eks-platform:cluster.addons[1]", says: "or a map { name, version?, configurationValues? }" },
    { what: "a version in map form that is not one", overrides: { "cluster.addons": [{ name: "vpc-cni", version: "latest" }, "kube-proxy", "coredns", "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons[0]", says: '"latest" is not an add-on version' },
    { what: "VPC CNI values that turn prefix delegation off while the project turns it on", overrides: { "cluster.vpcCni.prefixDelegation": "true", "cluster.addons": [{ name: "vpc-cni", configurationValues: { env: { ENABLE_PREFIX_DELEGATION: "false" } } }, "kube-proxy", "coredns", "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons[0].configurationValues.env.ENABLE_PREFIX_DELEGATION", says: 'cluster.vpcCni.prefixDelegation sets it to "true"; remove it here' },
    { what: "ENIConfigs by hand beside network.podCidr's", overrides: { "network.podCidr": "100.64.0.0/16", "cluster.vpcCni.prefixDelegation": "true", "cluster.addons": [{ name: "vpc-cni", configurationValues: { eniConfig: { create: true } } }, "kube-proxy", "coredns", "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons[0].configurationValues.eniConfig", says: "network.podCidr declares the ENIConfigs" },
    { what: "CoreDNS values that keep it off Fargate while a profile selects it", overrides: { fargateProfiles: [{ name: "coredns", selectors: [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }] }], "cluster.addons": ["vpc-cni", "kube-proxy", { name: "coredns", configurationValues: { computeType: "EC2" } }, "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons[2].configurationValues.computeType", says: 'fargateProfiles (a profile selects CoreDNS\'s pods) sets it to "Fargate"' },
    // EKS Hybrid Nodes
    { what: "hybrid nodes without node networks", overrides: { "cluster.hybridNodes": { podCidrs: ["192.168.128.0/18"] } }, key: "eks-platform:cluster.hybridNodes.nodeCidrs", says: "required: the on-premises networks" },
    { what: "a public block as a remote network", overrides: { "cluster.hybridNodes": { nodeCidrs: ["203.0.113.0/24"] } }, key: "eks-platform:cluster.hybridNodes.nodeCidrs[0]", says: "must lie within an RFC 1918 range" },
    { what: "a remote network overlapping the VPC", overrides: { "cluster.hybridNodes": { nodeCidrs: ["10.0.128.0/20"] } }, key: "eks-platform:cluster.hybridNodes.nodeCidrs[0]", says: "overlaps the VPC's 10.0.0.0/16" },
    { what: "a remote network overlapping a service block EKS may choose", overrides: { "cluster.hybridNodes": { nodeCidrs: ["172.20.0.0/20"] } }, key: "eks-platform:cluster.hybridNodes.nodeCidrs[0]", says: "overlaps 172.20.0.0/16, one of the two blocks EKS gives the cluster's Kubernetes services" },
    { what: "node and pod networks overlapping", overrides: { "cluster.hybridNodes": { nodeCidrs: ["192.168.0.0/16"], podCidrs: ["192.168.128.0/18"] } }, key: "eks-platform:cluster.hybridNodes.nodeCidrs[0]", says: "overlaps cluster.hybridNodes.podCidrs[0] (192.168.128.0/18)" },
    { what: "Roles Anywhere without a trust anchor", overrides: { "cluster.hybridNodes": { nodeCidrs: ["192.168.0.0/18"], credentials: "rolesAnywhere" } }, key: "eks-platform:cluster.hybridNodes.trustAnchorArn", says: "required with credentials: rolesAnywhere" },
    { what: "a trust anchor with SSM activations", overrides: { "cluster.hybridNodes": { nodeCidrs: ["192.168.0.0/18"], trustAnchorArn: "arn:aws:rolesanywhere:us-east-1:210987654321:trust-anchor/4c2e1a7b-9d3f-4e8a-b6c5-0f1e2d3c4b5a" } }, key: "eks-platform:cluster.hybridNodes.trustAnchorArn", says: "applies to credentials: rolesAnywhere only" },
    { what: "hybrid nodes in an IPv6 cluster", overrides: { "network.ipFamily": "ipv6", "cluster.hybridNodes": { nodeCidrs: ["192.168.0.0/18"] } }, key: "eks-platform:cluster.hybridNodes", says: "EKS Hybrid Nodes need an IPv4 cluster" },
    { what: "hybrid nodes behind a public and private endpoint", overrides: { "cluster.endpoint.mode": "publicAndPrivate", "cluster.endpoint.publicAccessCidrs": ["198.51.100.0/24"], "cluster.hybridNodes": { nodeCidrs: ["192.168.0.0/18"] } }, key: "eks-platform:cluster.hybridNodes", says: "can prevent your hybrid nodes from joining the cluster" },
    { what: "hybrid nodes without a way to their network", overrides: { "network.transitGateway": undefined, "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.mode": "public", "cluster.endpoint.publicAccessCidrs": ["198.51.100.0/24"], "cluster.hybridNodes": { nodeCidrs: ["192.168.0.0/18"] } }, key: "eks-platform:cluster.hybridNodes", says: "set network.transitGateway, which gets them, or network.acknowledgeExternalRouting" },
    // EKS Capabilities
    { what: "a capability type EKS does not have", overrides: { "cluster.capabilities": [{ type: "FLUX" }] }, key: "eks-platform:cluster.capabilities[0].type", says: '"ARGOCD", "ACK", "KRO"' },
    { what: "two capabilities of one type", overrides: { "cluster.capabilities": [{ type: "KRO" }, { type: "KRO" }] }, key: "eks-platform:cluster.capabilities[1]", says: "duplicate" },
    { what: "ACK without permissions", overrides: { "cluster.capabilities": [{ type: "ACK" }] }, key: "eks-platform:cluster.capabilities[0].policyArns", says: "required for ACK" },
    { what: "a capability with AdministratorAccess", overrides: { "cluster.capabilities": [{ type: "ACK", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }] }, key: "eks-platform:cluster.capabilities[0].policyArns[0]", says: "gives the capability, and everyone who can create its custom resources" },
    { what: "Argo CD without Identity Center", overrides: { "cluster.capabilities": [{ type: "ARGOCD" }] }, key: "eks-platform:cluster.capabilities[0].argoCd", says: "required for ARGOCD" },
    { what: "Argo CD settings on kro", overrides: { "cluster.capabilities": [{ type: "KRO", argoCd: { idcInstanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef" } }] }, key: "eks-platform:cluster.capabilities[0].argoCd", says: "applies to type ARGOCD only" },
    { what: "an Identity Center ARN that is not one", overrides: { "cluster.capabilities": [{ type: "ARGOCD", argoCd: { idcInstanceArn: "ssoins-1234567890abcdef" } }] }, key: "eks-platform:cluster.capabilities[0].argoCd.idcInstanceArn", says: "expected an IAM Identity Center instance ARN" },
    { what: "an Argo CD role that does not exist", overrides: { "cluster.capabilities": [{ type: "ARGOCD", argoCd: { idcInstanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef", rbacRoleMappings: [{ role: "OWNER", identities: [{ id: "a1b2", type: "SSO_GROUP" }] }] } }] }, key: "eks-platform:cluster.capabilities[0].argoCd.rbacRoleMappings[0].role", says: '"ADMIN", "EDITOR", "VIEWER"' },
    { what: "capabilities on a ConfigMap-only cluster", overrides: { "cluster.authenticationMode": "CONFIG_MAP", "cluster.adminPrincipalArns": [], "cluster.bootstrapCreatorAdmin": "true", "cluster.capabilities": [{ type: "KRO" }] }, key: "eks-platform:cluster.capabilities", says: "needs cluster.authenticationMode API or API_AND_CONFIG_MAP" },
    // teams
    ...(() => {
        const team = (patch: Record<string, unknown> = {}) => ({ name: "payments", namespaces: ["payments", "payments-jobs"], workloads: [{ serviceAccount: "api", policyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] }], ...patch });
        return [
            { what: "a team workload outside the team's namespaces", overrides: { teams: [team({ workloads: [{ serviceAccount: "api", namespace: "orders", policyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] }] })] }, key: "eks-platform:teams[0].workloads[0].namespace", says: "is not one of the team's namespaces (payments, payments-jobs)" },
            { what: "one service account bound twice", overrides: { teams: [team({ workloads: [{ serviceAccount: "api", policyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] }, { serviceAccount: "api", namespace: "payments", statements: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:us-east-1:210987654321:orders"] }] }] })] }, key: "eks-platform:teams[0].workloads[1].serviceAccount", says: "EKS Pod Identity takes one association per service account" },
            { what: "a team workload on an add-on's service account", overrides: { addonRoles: { externalDns: { namespace: "payments", serviceAccount: "api", hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1D633PJN98FT9"] } }, teams: [team()] }, key: "eks-platform:teams[0].workloads[0].serviceAccount", says: "is bound by addonRoles.externalDns in payments already" },
            { what: "a namespace of two teams", overrides: { teams: [team(), team({ name: "orders", namespaces: ["orders", "payments"], workloads: [] })] }, key: "eks-platform:teams[1].namespaces[1]", says: "is already team payments's" },
            { what: "a team workload role name too long for IAM", overrides: { teams: [team({ workloads: [{ serviceAccount: "a-very-long-service-account-name-for-reports", policyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] }] })] }, key: "eks-platform:teams[0].workloads[0].serviceAccount", says: "over the AWS limit of 64" },
            { what: "a team workload that grants nothing", overrides: { teams: [team({ workloads: [{ serviceAccount: "api" }] })] }, key: "eks-platform:teams[0].workloads[0]", says: "grants nothing" },
            { what: "a team workload with AdministratorAccess", overrides: { teams: [team({ workloads: [{ serviceAccount: "api", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }] })] }, key: "eks-platform:teams[0].workloads[0].policyArns[0]", says: "gives the workload's pods the account" },
            { what: "a team statement allowing a whole service on everything", overrides: { teams: [team({ workloads: [{ serviceAccount: "api", statements: [{ actions: ["s3:*"], resources: ["*"] }] }] })] }, key: "eks-platform:teams[0].workloads[0].statements[0]", says: "allows every action of a service on every resource" },
            { what: "a team principal that is also a cluster admin", overrides: { teams: [team({ principals: [{ principalArn: "arn:aws:iam::111122223333:role/platform-admin" }] })] }, key: "eks-platform:teams[0].principals[0].principalArn", says: "already has an access entry (cluster.adminPrincipalArns or cluster.accessEntries)" },
            { what: "a team name IAM role names cannot carry", overrides: { teams: [team({ name: "Payments_Team" })] }, key: "eks-platform:teams[0].name", says: "1-20 lowercase letters, digits or hyphens" },
            { what: "two workloads whose role names would meet", overrides: { teams: [team({ namespaces: ["a", "a-b"], workloads: [{ serviceAccount: "b-c", namespace: "a", statements: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:us-east-1:210987654321:q"] }] }, { serviceAccount: "c", namespace: "a-b", statements: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:us-east-1:210987654321:q"] }] }] })] }, key: "eks-platform:teams[0].workloads[1].serviceAccount", says: "gives the same role name as teams[0].workloads[0] (a-b-c-pod)" },
            { what: "a target role that is not a role ARN", overrides: { teams: [team({ workloads: [{ serviceAccount: "api", targetRoleArn: "arn:aws:iam::123456789012:user/x" }] })] }, key: "eks-platform:teams[0].workloads[0].targetRoleArn", says: "expected an IAM role ARN" },
        ];
    })(),
    // control-plane settings
    { what: "a control-plane tier EKS does not have", overrides: { "cluster.controlPlaneTier": "xl" }, key: "eks-platform:cluster.controlPlaneTier", says: '"standard", "tier-xl"' },
    { what: "an egress mode the provider does not document", overrides: { "cluster.controlPlaneEgressMode": "CUSTOMER_ISOLATED" }, key: "eks-platform:cluster.controlPlaneEgressMode", says: '"AWS_MANAGED", "CUSTOMER_ROUTED"' },
    { what: "zonal shift given as a word", overrides: { "cluster.zonalShift": "on" }, key: "eks-platform:cluster.zonalShift", says: "true or false" },
    // pod addresses: IPv6
    { what: "an IP family EKS does not have", overrides: { "network.ipFamily": "dual" }, key: "eks-platform:network.ipFamily", says: '"ipv4", "ipv6"' },
    { what: "custom networking in an IPv6 cluster", overrides: { "network.ipFamily": "ipv6", "network.podCidr": "100.64.0.0/16", "cluster.vpcCni.prefixDelegation": "true" }, key: "eks-platform:network.podCidr", says: "custom networking does not work in an IPv6 cluster" },
    { what: "an IPv6 cluster on a Xen instance type", overrides: { "network.ipFamily": "ipv6", nodeGroups: nodeGroup({ instanceTypes: ["m4.large"] }) }, key: "eks-platform:nodeGroups[0].instanceTypes[0]", says: "is not a Nitro instance type, and an IPv6 cluster (network.ipFamily: ipv6) needs Nitro-based nodes" },
    { what: "an IPv6 cluster on a vpc-cni older than 1.10.1", overrides: { "network.ipFamily": "ipv6", "cluster.addons": ["vpc-cni@v1.10.0-eksbuild.1", "kube-proxy", "coredns", "eks-pod-identity-agent"] }, key: "eks-platform:cluster.addons[0]", says: "an IPv6 cluster (network.ipFamily: ipv6) needs vpc-cni v1.10.1 or later" },
    { what: "the FSx for Lustre CSI driver in an IPv6 cluster", overrides: { "network.ipFamily": "ipv6", "cluster.addons": ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent", "aws-fsx-csi-driver"] }, key: "eks-platform:cluster.addons[4]", says: "is not supported in an IPv6 cluster" },
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

    it("refuses listing the principal that creates the cluster when EKS gives it an entry already (bootstrapCreatorAdmin)", () => {
        const deployer = "arn:aws:sts::210987654321:assumed-role/deployer/ci-run-42";
        const listed = { "cluster.bootstrapCreatorAdmin": "true", "cluster.adminPrincipalArns": ["arn:aws:iam::210987654321:role/ops/deployer"] };
        const problem = problemsOf(listed, { deployer }).find((p) => p.key === "eks-platform:cluster.bootstrapCreatorAdmin")!;
        assert.match(problem.allowed, /arn:aws:iam::210987654321:role\/ops\/deployer is that principal, listed here too: creating its entry would fail \(ResourceInUseException\)/);
        // Another role, another account, or no creator entry: accepted.
        assert.ok(load({ ...listed, "cluster.adminPrincipalArns": ["arn:aws:iam::210987654321:role/deployer-2"] }, { deployer }));
        assert.ok(load({ ...listed, "cluster.adminPrincipalArns": ["arn:aws:iam::111122223333:role/deployer"] }, { deployer }));
        assert.ok(load({ ...listed, "cluster.bootstrapCreatorAdmin": "false" }, { deployer }));
    });

    it("accepts the namespace wildcards EKS takes in access scopes, and suggests a type of the same architecture", () => {
        const env = load({ "cluster.accessEntries": [{ principalArn: "arn:aws:iam::210987654321:role/dev", policy: "AmazonEKSEditPolicy", namespaces: ["dev-*", "payments"] }] });
        assert.deepStrictEqual(env.cluster.accessEntries[0].namespaces, ["dev-*", "payments"]);
        // A Graviton typo gets a Graviton suggestion.
        const graviton = problemsOf({ nodeGroups: nodeGroup({ instanceTypes: ["m7g.larg"] }) }).find((p) => p.key === "eks-platform:nodeGroups[0].instanceTypes[0]")!;
        assert.match(graviton.allowed, /^did you mean m7g\.large\? /);
        const x86 = problemsOf({ nodeGroups: nodeGroup({ instanceTypes: ["m6i.larg"] }) }).find((p) => p.key === "eks-platform:nodeGroups[0].instanceTypes[0]")!;
        assert.match(x86.allowed, /^did you mean m6i\.large\? /);
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
                region: TEST_REGION_FACTS,
                deploying: false,
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

    it("checks the sections built on the network when the network's own values do not go together", () => {
        // NAT gateways without private subnets, and node groups in private subnets: one message, not one now and one after the fix.
        const keys = problemsOf({ "network.privateSubnets": "false", "network.natStrategy": "onePerAz" }).map((p) => p.key);
        assert.deepStrictEqual(keys, ["eks-platform:network.natStrategy", "eks-platform:network.transitGateway", "eks-platform:nodeGroups[0].subnets"]);
    });
});

describe("config results", () => {
    it("derives private /19 and public /21 subnets for a /16, in fixed zone slots", () => {
        const env = load({ "network.zoneCount": "3" });
        assert.deepStrictEqual(env.network.privateSubnetCidrs, ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
        assert.deepStrictEqual(env.network.publicSubnetCidrs, ["10.0.192.0/21", "10.0.200.0/21", "10.0.208.0/21"]);
    });

    it("keeps every zone's subnets where they are when zones are added: 2, 3, 4 and 6 zones", () => {
        // A region with six zones EKS accepts (us-east-1 has five): the plan depends on the count only.
        const sixZones = { region: "ap-northeast-1", zones: ["a", "b", "c", "d", "e", "f"].map((z, i) => ({ name: `ap-northeast-1${z}`, id: `apne1-az${i + 1}` })) };
        const plans = ["2", "3", "4", "6"].map((n) => load({ "network.zoneCount": n }, { region: sixZones }).network);
        for (const plan of plans) {
            assert.deepStrictEqual(plan.privateSubnetCidrs.slice(0, 2), ["10.0.0.0/19", "10.0.32.0/19"]);
            assert.deepStrictEqual(plan.publicSubnetCidrs.slice(0, 2), ["10.0.192.0/21", "10.0.200.0/21"]);
        }
        assert.deepStrictEqual(plans[2].privateSubnetCidrs.slice(0, 3), plans[1].privateSubnetCidrs);
        assert.deepStrictEqual(plans[3].privateSubnetCidrs, ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19", "10.0.128.0/19", "10.0.160.0/19"]);
        assert.deepStrictEqual(plans[3].publicSubnetCidrs.slice(4), ["10.0.224.0/21", "10.0.232.0/21"]);
    });

    it("honours prefix-length overrides, still in fixed slots", () => {
        const env = load({ "network.zoneCount": "2", "network.privateSubnetPrefixLength": "20", "network.publicSubnetPrefixLength": "24" });
        assert.deepStrictEqual(env.network.privateSubnetCidrs, ["10.0.0.0/20", "10.0.16.0/20"]);
        assert.deepStrictEqual(env.network.publicSubnetCidrs, ["10.0.96.0/24", "10.0.97.0/24"]);
    });

    it("derives the other side in its slots next to explicit subnets, and names an overlap", () => {
        const env = load({ "network.zoneCount": "2", "network.publicSubnetCidrs": ["10.0.250.0/24", "10.0.251.0/24"] });
        assert.deepStrictEqual(env.network.privateSubnetCidrs, ["10.0.0.0/19", "10.0.32.0/19"]);
        const problems = problemsOf({ "network.zoneCount": "2", "network.publicSubnetCidrs": ["10.0.0.0/24", "10.0.1.0/24"] });
        assert.match(problems.find((p) => p.key === "eks-platform:network.privateSubnetCidrs[0]")!.allowed, /overlaps network\.publicSubnetCidrs\[0\]/);
    });

    it("takes explicit zones by name or by ID, resolves both, and counts them", () => {
        const env = load({ "network.zones": ["us-east-1d", "use1-az1"] });
        assert.deepStrictEqual(env.network.zones, [{ name: "us-east-1d", id: "use1-az4" }, { name: "us-east-1b", id: "use1-az1" }]);
        assert.strictEqual(env.network.zoneCount, 2);
    });

    it("takes explicit zones with the zone count Pulumi.yaml declares as default, as the CLI passes it", () => {
        const env = load({ "network.zones": ["us-east-1a", "us-east-1b"], "network.zoneCount": "3" });
        assert.strictEqual(env.network.zoneCount, 2);
    });

    it("derives the first zones in name order, skipping a zone ID EKS refuses", () => {
        const mapping = [
            { name: "us-east-1a", id: "use1-az1" },
            { name: "us-east-1b", id: "use1-az2" },
            { name: "us-east-1c", id: "use1-az3" },
            { name: "us-east-1d", id: "use1-az4" },
        ];
        const env = load({ "network.zoneCount": "3" }, { region: { region: TEST_REGION, zones: mapping } });
        assert.deepStrictEqual(env.network.zones.map((z) => z.name), ["us-east-1a", "us-east-1b", "us-east-1d"]);
        const elsewhere = load({ "network.zoneCount": "3" }, { region: { region: "eu-west-1", zones: mapping.map((z) => ({ ...z, name: z.name.replace("us-east-1", "eu-west-1") })) } });
        assert.deepStrictEqual(elsewhere.network.zones.map((z) => z.id), ["use1-az1", "use1-az2", "use1-az3"], "the refused IDs are per region");
    });

    it("routes private access networks through the transit gateway, or accepts routing managed elsewhere", () => {
        assert.deepStrictEqual(load().network.transitGateway, { id: "tgw-0a1b2c3d4e5f67890", routes: ["10.100.0.0/16"] });
        const external = load({ "network.transitGateway": undefined, "network.acknowledgeExternalRouting": "true" });
        assert.strictEqual(external.network.externalRouting, true);
        assert.strictEqual(external.network.transitGateway, undefined);
        const inVpc = load({ "network.transitGateway": undefined, "cluster.endpoint.privateAccessCidrs": ["10.0.200.0/24"] });
        assert.deepStrictEqual(inVpc.cluster.endpoint.privateAccessCidrs, ["10.0.200.0/24"], "a network inside the VPC is served by the local route");
    });

    it("takes the SSM access host as the only access path of a private endpoint", () => {
        const env = load({ "network.transitGateway": undefined, "cluster.endpoint.privateAccessCidrs": [], "cluster.endpoint.accessHost": "true" });
        assert.deepStrictEqual(env.cluster.endpoint.accessHost, { instanceType: "t4g.nano" });
        assert.strictEqual(load().cluster.endpoint.accessHost, undefined);
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

    it("accepts a node group three minor versions behind, the most EKS supports", () => {
        assert.strictEqual(load({ "cluster.version": "1.35", nodeGroups: nodeGroup({ version: "1.32" }) }).nodeGroups[0].version, "1.32");
    });

    it("reads SSH access and the IMDS hop limit, 1 unless raised", () => {
        const [group] = load({
            nodeGroups: nodeGroup({ ssh: { keyName: "ops", sourceCidrs: ["10.100.0.0/16"], sourceSecurityGroupIds: ["sg-0123456789abcdef0"] } }),
        }).nodeGroups;
        assert.deepStrictEqual(group.ssh, { keyName: "ops", sourceCidrs: ["10.100.0.0/16"], sourceSecurityGroupIds: ["sg-0123456789abcdef0"] });
        assert.strictEqual(group.imdsHopLimit, 1);
        assert.strictEqual(load({ nodeGroups: nodeGroup({ imdsHopLimit: 2 }) }).nodeGroups[0].imdsHopLimit, 2);
    });

    it("reads add-on roles with their default service accounts, or the ones given", () => {
        const zone = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
        const roles = load({
            addonRoles: { ebsCsi: true, externalDns: { hostedZoneArns: [zone] }, clusterAutoscaler: { namespace: "autoscaling" }, loadBalancerController: { serviceAccount: "lbc" }, },
        }).addonRoles;
        assert.deepStrictEqual(roles, {
            ebsCsi: { namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa" },
            externalDns: { namespace: "external-dns", serviceAccount: "external-dns", hostedZoneArns: [zone] },
            clusterAutoscaler: { namespace: "autoscaling", serviceAccount: "cluster-autoscaler" },
            loadBalancerController: { namespace: "kube-system", serviceAccount: "lbc" },
        });
        assert.deepStrictEqual(load({ addonRoles: { ebsCsi: false } }).addonRoles, {});
        assert.deepStrictEqual(load().addonRoles, {});
    });

    it("accepts AWS, community and Marketplace add-ons with versions", () => {
        const env = load({ "cluster.addons": ["vpc-cni@v1.19.2-eksbuild.1", "metrics-server", "kubecost_kubecost", "eks-pod-identity-agent"] });
        assert.deepStrictEqual(env.cluster.addons.map((a) => a.name), ["vpc-cni", "metrics-server", "kubecost_kubecost", "eks-pod-identity-agent"]);
    });

    it("reads EKS Auto Mode with both built-in node pools, and no add-ons it runs itself", () => {
        const env = load({ "cluster.compute": "autoMode", nodeGroups: [] });
        assert.deepStrictEqual(env.cluster.compute, { kind: "autoMode", enabled: true, nodePools: ["general-purpose", "system"] });
        assert.deepStrictEqual(env.cluster.addons, []);
        assert.deepStrictEqual(load({}).cluster.compute, { kind: "nodeGroups" });
    });

    it("keeps the add-ons node groups need on an Auto Mode cluster that has node groups (a migration)", () => {
        const env = load({ "cluster.compute": "autoMode", "cluster.autoMode.nodePools": ["system"] });
        assert.deepStrictEqual(env.cluster.compute, { kind: "autoMode", enabled: true, nodePools: ["system"] });
        assert.deepStrictEqual(env.cluster.addons.map((a) => a.name), ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"]);
    });

    it("takes the explicit step that turns Auto Mode off while node groups take the pods", () => {
        const env = load({ "cluster.compute": "autoMode", "cluster.autoMode.enabled": "false" });
        assert.deepStrictEqual(env.cluster.compute, { kind: "autoMode", enabled: false, nodePools: ["general-purpose", "system"] });
    });

    it("binds add-on roles with Pod Identity on Auto Mode without the agent add-on, which Auto Mode runs", () => {
        const env = load({ "cluster.compute": "autoMode", nodeGroups: [], addonRoles: { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"] } } });
        assert.ok(env.addonRoles.externalDns);
        const withNodeGroups = problemsOf({ "cluster.compute": "autoMode", "cluster.addons": ["vpc-cni"], addonRoles: { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"] } } });
        assert.match(withNodeGroups.find((p) => p.key === "eks-platform:cluster.addons")!.allowed, /needs the eks-pod-identity-agent add-on/);
    });

    it("reads Fargate profiles with label selectors", () => {
        const env = load({ fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps", labels: { tier: "web" } }, { namespace: "jobs" }] }] });
        assert.deepStrictEqual(env.fargateProfiles, [{ name: "apps", selectors: [{ namespace: "apps", labels: { tier: "web" } }, { namespace: "jobs", labels: {} }] }]);
    });
});

describe("placeholders", () => {
    const placeholders = { "cluster.adminPrincipalArns": ["arn:aws:iam::111122223333:role/platform-admin"], "cluster.endpoint.mode": "publicAndPrivate", "cluster.endpoint.publicAccessCidrs": ["203.0.113.0/24"] };

    it("are accepted in a preview, so a new user can look at the plan", () => {
        assert.strictEqual(load(placeholders).cluster.endpoint.publicAccessCidrs[0], "203.0.113.0/24");
    });

    it("are refused when deploying, each named with its key and value", () => {
        const problems = problemsOf(placeholders, { deploying: true });
        const admin = problems.find((p) => p.key === "eks-platform:cluster.adminPrincipalArns[0]");
        assert.ok(admin, problems.map((p) => p.key).join());
        assert.match(admin.allowed, /AWS documentation account ID, a placeholder: replace it before deploying/);
        const cidr = problems.find((p) => p.key === "eks-platform:cluster.endpoint.publicAccessCidrs[0]");
        assert.strictEqual(cidr?.value, '"203.0.113.0/24"');
        assert.match(cidr!.allowed, /RFC 5737 documentation address range/);
    });

    it("are not found in real values", () => {
        const real = { "cluster.adminPrincipalArns": ["arn:aws:iam::210987654321:role/platform-admin"] };
        assert.strictEqual(load(real, { deploying: true }).cluster.adminPrincipalArns[0], "arn:aws:iam::210987654321:role/platform-admin");
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
