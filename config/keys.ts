// Every config key of the project, with its type, default and meaning. Loading reads defaults from
// here; a test keeps Pulumi.yaml's `config:` block in step with it, and docs/configuration.md's key
// table is generated from it (`npm run docs`).

export type ConfigKeyType = "string" | "integer" | "boolean" | "array" | "object";

export interface ConfigKeySpec {
    /** Key name within the `eks-platform` namespace. */
    key: string;
    type: ConfigKeyType;
    /** Element type of an array key. */
    items?: "string" | "object";
    /** Used when the stack sets nothing; absent means "derived" or "not used" (see description). */
    default?: unknown;
    /** How the docs show the default of a key without one here (derived, required, or set in code). */
    shownDefault?: string;
    /** The stack must set it: there is no safe default (Pulumi.yaml declares it without a default). */
    required?: boolean;
    description: string;
}

export const DEFAULT_ADDONS = ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"];

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
    { key: "stackRole", type: "string", default: "all", description: "`all`: the network and the cluster in one stack. `network`: only the VPC, exported as `network` for cluster stacks on it; every cluster key its file sets is refused. See [An environment across several stacks](#an-environment-across-several-stacks)." },
    { key: "protect", type: "boolean", default: false, description: "Declare the VPC, the cluster and the KMS key with `protect` (and EKS deletion protection), so `pulumi destroy` cannot remove them. On in prod." },
    { key: "tags", type: "object", default: {}, description: "Extra tags for every resource whose AWS arguments take tags (security group rules included), beside `eks-platform:environment`, `eks-platform:project` and `ManagedBy: pulumi`; map of string to string." },
    { key: "network.existing", type: "object", shownDefault: "none", description: "A VPC this stack does not declare: `{ vpcId, vpcCidr, privateSubnets: [{ id, zone }], publicSubnets: [{ id, zone }], natGatewayPublicIps?, privateRouteTableIds? }`, zones as names or zone IDs of the region. The planning keys below are then not used." },
    { key: "network.fromStack", type: "string", shownDefault: "none", description: "The stack reference name (`organization/project/stack`) of a network stack: its `network` output, in the shape of `network.existing`, is read at the start of each run." },
    { key: "network.vpcCidr", type: "string", default: "10.0.0.0/16", description: "IPv4 CIDR of the VPC, /16 to /28 (the AWS VPC limits)." },
    { key: "network.zoneCount", type: "integer", default: 3, description: "Number of availability zones, 2 to 6: the first N zones of the region in name order whose zone ID EKS accepts (see `network.zones`). EKS requires subnets in at least two zones." },
    { key: "network.zones", type: "array", items: "string", shownDefault: "derived", description: "Explicit zones, as names (`us-east-1a`) or zone IDs (`use1-az1`, the same physical zone in every account); with them set, leave `network.zoneCount` unset: a count other than the list's length is an error, except 3, Pulumi.yaml's default, which the Pulumi CLI hands over as if the stack had set it, so it cannot be told apart and is ignored. Zones of another region and zone IDs EKS refuses (`use1-az3`, `usw1-az2`, `cac1-az3`) are errors. Derived when unset: the first N zones of the region in name order whose ID EKS accepts; pin them here to keep them whatever the region adds." },
    { key: "network.privateSubnets", type: "boolean", default: true, description: "Create one private subnet per zone. Fargate and private node groups need them." },
    { key: "network.privateSubnetPrefixLength", type: "integer", shownDefault: "derived", description: "Prefix length of each private subnet. Default: VPC prefix + 3: each of six fixed zone slots is an eighth of the VPC (pods use VPC addresses), so adding a zone never moves a subnet." },
    { key: "network.publicSubnetPrefixLength", type: "integer", shownDefault: "derived", description: "Prefix length of each public subnet. Default: the private prefix + 2 (a quarter of a private slot; they hold only load balancers and NAT gateways), in six fixed slots after the private ones." },
    { key: "network.privateSubnetCidrs", type: "array", items: "string", shownDefault: "derived", description: "Explicit private subnet CIDRs, one per zone in zone order; overrides the derived plan." },
    { key: "network.publicSubnetCidrs", type: "array", items: "string", shownDefault: "derived", description: "Explicit public subnet CIDRs, one per zone in zone order; overrides the derived plan." },
    { key: "network.podCidr", type: "string", shownDefault: "none", description: "A secondary IPv4 CIDR of the VPC for pod addresses, within 100.64.0.0/10 (e.g. `100.64.0.0/16`): a pod subnet per zone (an eighth each), and the VPC CNI set for custom networking, so pods stop using the node subnets' addresses. Needs `cluster.vpcCni.prefixDelegation: true`; on a network of this stack only. See [Pod addresses: custom networking](#pod-addresses-custom-networking)." },
    { key: "network.ipFamily", type: "string", default: "ipv4", description: "`ipv4` or `ipv6`: the IP family of the cluster, which EKS fixes at creation. `ipv6`: the VPC gets an Amazon-provided IPv6 block, every subnet a /64 of it and IPv6 addresses on launch, private subnets an egress-only internet gateway, the cluster `kubernetesNetworkConfig.ipFamily: ipv6`, and node roles the IPv6 CNI policy; pods and services take IPv6 addresses, so pods no longer use the subnets' IPv4 addresses. Not with `network.podCidr`, a network of another stack, or a running IPv4 cluster. See [Pod addresses: IPv6](#pod-addresses-ipv6)." },
    { key: "network.natStrategy", type: "string", default: "onePerAz", description: "`none`, `single` (one NAT gateway, in the first zone) or `onePerAz` (one per zone, each private route table uses its own zone's; no cross-zone single point of failure)." },
    { key: "network.acknowledgeNoEgress", type: "boolean", default: false, description: "Allow `natStrategy: none` with private node groups, for VPCs that reach AWS through VPC endpoints instead of the internet." },
    { key: "network.transitGateway", type: "object", shownDefault: "none", description: "Attach the private subnets to an existing transit gateway and route destinations to it from every private route table: `{ id: tgw-..., routes: [CIDR, ...] }`. The way back for `cluster.endpoint.privateAccessCidrs` outside the VPC (VPN, on-premises, peered networks)." },
    { key: "network.acknowledgeExternalRouting", type: "boolean", default: false, description: "Routes to private access networks outside the VPC are added by another stack or team: accept `privateAccessCidrs` no route here covers. The private route table ids are exported (`privateRouteTableIds`) for it." },
    { key: "cluster.name", type: "string", shownDefault: "derived", description: "EKS cluster name. Default: `<project>-<stack>` (e.g. `eks-platform-dev`). Subnet tags need it before the cluster exists, so it is never auto-generated." },
    { key: "cluster.version", type: "string", shownDefault: "**required** with a cluster", description: "Kubernetes minor version, e.g. `1.35`. Must be in the EKS calendar and not past end of support; past end of standard support it needs `cluster.upgradePolicy: EXTENDED`." },
    { key: "cluster.compute", type: "string", default: "nodeGroups", description: "Who runs the nodes: `nodeGroups` (the managed node groups of `nodeGroups`), `autoMode` (EKS Auto Mode provisions, scales and updates the nodes and runs pod networking, DNS, block storage and load balancing itself), or `karpenter` (Karpenter launches the nodes of the NodePools you apply; the node groups run its controller and the add-ons). See [Compute: node groups or EKS Auto Mode](#compute-node-groups-or-eks-auto-mode) and [Karpenter](#karpenter)." },
    { key: "cluster.autoMode.nodePools", type: "array", items: "string", shownDefault: "`[\"general-purpose\",\"system\"]`", description: "With `autoMode`: the built-in node pools to run, at least one (`system` is tainted `CriticalAddonsOnly`). Refused with `nodeGroups`." },
    { key: "cluster.autoMode.enabled", type: "boolean", shownDefault: "`true`", description: "With `autoMode`: `false` is the explicit step that turns Auto Mode off on a running cluster (EKS terminates its nodes) before the switch to `nodeGroups`, which then keeps the settings declared, off. Refused with `nodeGroups`, and on a cluster that never ran Auto Mode." },
    { key: "cluster.karpenter.namespace", type: "string", shownDefault: "`kube-system`", description: "With `karpenter`: the namespace its Helm chart is installed in (the getting-started guide's), where the controller's service account is bound to its role. Refused otherwise." },
    { key: "cluster.karpenter.serviceAccount", type: "string", shownDefault: "`karpenter`", description: "With `karpenter`: the controller's service account (the chart names it after the release, `karpenter` in the install command the stack exports). Refused otherwise." },
    { key: "cluster.endpoint.mode", type: "string", shownDefault: "**required** with a cluster", description: "API server endpoint access: `public`, `publicAndPrivate` or `private`. Required: the AWS default (public, open to 0.0.0.0/0) is never chosen silently." },
    { key: "cluster.endpoint.publicAccessCidrs", type: "array", items: "string", default: [], description: "IPv4 CIDRs allowed to reach the public endpoint (at most 40, counting the NAT addresses added in `public` mode). Required in `public` and `publicAndPrivate` modes; write `0.0.0.0/0` explicitly to open it." },
    { key: "cluster.endpoint.privateAccessCidrs", type: "array", items: "string", default: [], description: "IPv4 CIDRs (VPN, bastion, peered networks) allowed to reach the private endpoint on TCP 443." },
    { key: "cluster.endpoint.privateAccessSecurityGroupIds", type: "array", items: "string", default: [], description: "Security groups (e.g. a bastion's) allowed to reach the private endpoint on TCP 443. In `private` mode this, `privateAccessCidrs` or `accessHost` must be set, or nobody outside the cluster can reach the API." },
    { key: "cluster.endpoint.accessHost", type: "boolean", default: false, description: "An access host with no inbound rules in a private subnet, reached with AWS Systems Manager port forwarding and admitted to the API on TCP 443: a private access path that needs no VPN (see Reaching a private endpoint in docs/configuration.md)." },
    { key: "cluster.endpoint.accessHostInstanceType", type: "string", default: "t4g.nano", description: "Instance type of the access host; it only forwards TCP. Its architecture picks the Amazon Linux 2023 AMI." },
    { key: "cluster.logTypes", type: "array", items: "string", default: ["api", "audit", "authenticator", "controllerManager", "scheduler"], description: "Control-plane log types sent to CloudWatch: any of `api`, `audit`, `authenticator`, `controllerManager`, `scheduler`." },
    { key: "cluster.logRetentionDays", type: "integer", default: 90, description: "Retention of the control-plane log group, in days (a CloudWatch retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653). EKS would otherwise create the group with no expiry." },
    { key: "cluster.secretsEncryption", type: "string", default: "createKey", description: "Envelope encryption of Kubernetes secrets: `createKey` (a KMS key with rotation), a KMS key ARN to use, or `none`." },
    { key: "cluster.authenticationMode", type: "string", default: "API", description: "`API` (access entries only), `API_AND_CONFIG_MAP` or `CONFIG_MAP`. Access entries need one of the first two." },
    { key: "cluster.adminPrincipalArns", type: "array", items: "string", default: [], description: "IAM role or user ARNs given an access entry with AmazonEKSClusterAdminPolicy on the whole cluster. The cluster needs an administrator: at least one here, or a `cluster.accessEntries` entry with `AmazonEKSClusterAdminPolicy` and no `namespaces`, or `cluster.bootstrapCreatorAdmin: true`." },
    { key: "cluster.accessEntries", type: "array", items: "object", default: [], description: "Kubernetes access for teams: each `{ principalArn, policy, namespaces? }` gives an IAM role or user an access entry with an EKS access policy (`AmazonEKSClusterAdminPolicy`, `AmazonEKSAdminPolicy`, `AmazonEKSEditPolicy`, `AmazonEKSViewPolicy`), in the listed namespaces (EKS's wildcards too: `dev-*`), or the whole cluster without `namespaces`. One entry per principal (EKS allows no second), none also in `cluster.adminPrincipalArns`; an empty `namespaces` list is an error (leave it out for the whole cluster). Resources are named `<cluster>-access-<principal>`, apart from the admins' `-admin-` entries, so adding a team renames nothing; each aliases the other list's name, so moving a principal between the lists keeps its entry. A changed `namespaces` or `policy` replaces the association, deleting the old one first (a new one created first would be the same association, which the old one's delete would then remove): the principal is without access for the seconds in between." },
    { key: "cluster.bootstrapCreatorAdmin", type: "boolean", default: false, description: "Give whoever runs `pulumi up` implicit cluster admin. Off: admins are the listed principals, not whichever credentials happened to deploy." },
    { key: "cluster.upgradePolicy", type: "string", default: "STANDARD", description: "`STANDARD` (auto-upgrade at end of standard support) or `EXTENDED` (stay, at 6x the cluster-hour price). The AWS API default is EXTENDED, so it is always set." },
    { key: "cluster.addons", type: "array", items: "string", shownDefault: "`[\"vpc-cni\",\"kube-proxy\",\"coredns\",\"eks-pod-identity-agent\"]`; `[]` with `cluster.compute: autoMode` and no node groups", description: "Managed add-ons, as `name` or `name@version` (e.g. `vpc-cni@v1.19.2-eksbuild.1`); without a version EKS's default for the cluster version is installed, and kept until the Kubernetes version moves. Names are the EKS add-ons from AWS and the community (`config/eksAddons.ts`, from the EKS User Guide) or Marketplace `<vendor>_<product>` names; `vpc-cni` is required with node groups, `eks-pod-identity-agent` with `addonRoles`, and `aws-ebs-csi-driver` needs `addonRoles.ebsCsi`." },
    { key: "cluster.oidcProvider", type: "boolean", default: false, description: "Create the IAM OIDC provider for IRSA. EKS Pod Identity (the default add-on) does not need it." },
    { key: "cluster.vpcCni.prefixDelegation", type: "boolean", default: false, description: "VPC CNI prefix delegation: each node gets /28 prefixes (16 addresses each) instead of single addresses, so it runs up to 110 pods (250 above 30 vCPUs), as EKS caps managed node groups, where without it an m6i.large runs 29. Set on the `vpc-cni` add-on's configuration (`ENABLE_PREFIX_DELEGATION`, `WARM_PREFIX_TARGET` 1); Nitro instance types only; running nodes keep their max pods until they are replaced. See [Pod addresses](#pod-addresses-prefix-delegation)." },
    { key: "nodeGroups", type: "array", items: "object", default: [], description: "Managed node groups; see the node group fields below." },
    { key: "addonRoles", type: "object", default: {}, description: "An IAM role per add-on, bound with EKS Pod Identity to its service account: `ebsCsi`, `externalDns` (with `hostedZoneArns`), `clusterAutoscaler`, `loadBalancerController`, each `true` or `{ namespace, serviceAccount }`; see the add-on role fields below. Node roles keep only what nodes need." },
    { key: "fargateProfiles", type: "array", items: "object", default: [], description: "Fargate profiles; see the Fargate profile fields below." },
];

export const CONFIG_KEY_NAMES: ReadonlySet<string> = new Set(CONFIG_KEYS.map((k) => k.key));

/** What a network stack (`stackRole: network`) reads: its own VPC's keys; every other key is a cluster stack's. */
export function isNetworkStackKey(key: string): boolean {
    return ["stackRole", "protect", "tags"].includes(key) || (key.startsWith("network.") && key !== "network.existing" && key !== "network.fromStack");
}

export function keySpec(key: string): ConfigKeySpec {
    const spec = CONFIG_KEYS.find((k) => k.key === key);
    if (!spec) {
        throw new Error(`internal: config key ${key} is not declared in config/keys.ts`);
    }
    return spec;
}
