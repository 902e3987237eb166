// The typed model of one environment, produced by loadEnvironmentConfig from stack config.
// Components take these types and never read config themselves.
import { CONTROL_PLANE_LOG_TYPES } from "../policies/lib/eksLimits";
import { ExternalNetworkConfig } from "./externalNetwork";
import type { ControlPlaneConfig, DeclaredControlPlane } from "./controlPlane";
import type { HybridNodesConfig } from "./hybridNodes";
import type { CapabilityConfig } from "./capabilities";
import type { TeamConfig } from "./teams";
import type { IpFamily } from "./network";
import { VpcCniConfig } from "./vpcCni";
import { AvailabilityZone } from "./zones";

export { CONTROL_PLANE_LOG_TYPES };

export const NAT_STRATEGIES = ["none", "single", "onePerAz"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

export const ENDPOINT_MODES = ["public", "publicAndPrivate", "private"] as const;
export type EndpointMode = (typeof ENDPOINT_MODES)[number];

export type ControlPlaneLogType = (typeof CONTROL_PLANE_LOG_TYPES)[number];

export const AUTHENTICATION_MODES = ["API", "API_AND_CONFIG_MAP", "CONFIG_MAP"] as const;
export type AuthenticationMode = (typeof AUTHENTICATION_MODES)[number];

export const SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;
export type SupportType = (typeof SUPPORT_TYPES)[number];

export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

export const SUBNET_PLACEMENTS = ["private", "public"] as const;
export type SubnetPlacement = (typeof SUBNET_PLACEMENTS)[number];

export const TAINT_EFFECTS = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

export const AMI_TYPES = [
    "AL2023_x86_64_STANDARD",
    "AL2023_ARM_64_STANDARD",
    "AL2023_x86_64_NVIDIA",
    "AL2023_ARM_64_NVIDIA",
    "AL2023_x86_64_NEURON",
    "BOTTLEROCKET_x86_64",
    "BOTTLEROCKET_ARM_64",
] as const;
export type AmiType = (typeof AMI_TYPES)[number];

export interface TransitGatewayConfig {
    /** An existing transit gateway (tgw-...), shared with this account. */
    id: string;
    /** Destinations routed to it from every private route table (VPN, peered networks). */
    routes: string[];
}

export interface NetworkConfig {
    vpcCidr: string;
    /** How many zones get a public and a private subnet. */
    zoneCount: number;
    /** The zones, resolved to name and ID, in plan order. */
    zones: AvailabilityZone[];
    /**
     * The IDs of the zones the control plane's subnets are in: every zone for a new cluster, the
     * creation zones for a running one (config/transitions.ts controlPlaneZones).
     */
    controlPlaneZoneIds: string[];
    /** Planned subnet CIDRs, one per zone, in zone order. */
    publicSubnetCidrs: string[];
    /** Empty when the environment has no private subnets. */
    privateSubnetCidrs: string[];
    /** A secondary CIDR of the VPC for pod addresses (VPC CNI custom networking), with a pod subnet per zone. */
    pods?: { podCidr: string; podSubnetCidrs: string[] };
    /** `ipv6`: a dual-stack VPC (an Amazon-provided IPv6 block, a /64 per subnet) and an IPv6 cluster. */
    ipFamily: IpFamily;
    natStrategy: NatStrategy;
    /** Public subnets map public IPs on launch only when a node group is placed in them. */
    mapPublicIpOnLaunch: boolean;
    /** Attach the private subnets to a transit gateway and route the listed destinations to it. */
    transitGateway?: TransitGatewayConfig;
    /** Routes to off-VPC access networks are added by another stack: export the private route tables. */
    externalRouting: boolean;
    /** The network is declared elsewhere (network.existing, network.fromStack); the plan above is unused. */
    external?: ExternalNetworkConfig;
}

/** `all`: network and cluster in one stack; `network`: only the network, for cluster stacks on it. */
export const STACK_ROLES = ["all", "network"] as const;
export type StackRole = (typeof STACK_ROLES)[number];

/** A stack with `stackRole: network`. */
export interface NetworkStackConfig {
    environment: string;
    /** Prefix of the resource names and Name tags: `<project>-<stack>`. */
    name: string;
    protect: boolean;
    tags: Record<string, string>;
    network: NetworkConfig;
}

export interface EndpointConfig {
    mode: EndpointMode;
    /** Who may reach the public endpoint; empty in `private` mode. */
    publicAccessCidrs: string[];
    /** The private access path: sources allowed to reach the API on 443 inside the VPC. */
    privateAccessCidrs: string[];
    privateAccessSecurityGroupIds: string[];
    /** An SSM-reachable host in a private subnet, admitted on 443: a private access path without a VPN. */
    accessHost?: AccessHostConfig;
}

export interface AccessHostConfig {
    instanceType: string;
}

export type SecretsEncryption = { kind: "createKey" } | { kind: "existingKey"; kmsKeyArn: string } | { kind: "none" };

export interface AddonConfig {
    name: string;
    /** Omitted: EKS installs its default version for the cluster's Kubernetes version. */
    version?: string;
    /** The add-on's configuration (its schema: aws eks describe-addon-configuration), merged with the project's own settings. */
    configurationValues?: Record<string, unknown>;
}

/** Who runs the nodes: managed node groups declared here, EKS Auto Mode, or Karpenter beside node groups. */
export const COMPUTE_KINDS = ["nodeGroups", "autoMode", "karpenter"] as const;
export type ComputeKind = (typeof COMPUTE_KINDS)[number];

/** The built-in node pools of EKS Auto Mode (EKS User Guide, "Enable or Disable Built-in NodePools"). */
export const AUTO_MODE_NODE_POOLS = ["general-purpose", "system"] as const;
export type AutoModeNodePool = (typeof AUTO_MODE_NODE_POOLS)[number];

export type ComputeConfig =
    | { kind: "nodeGroups" }
    /**
     * `enabled: false` is the explicit step that turns Auto Mode off on a running cluster before the
     * switch to node groups: removing the settings alone leaves it on (see config/compute.ts).
     */
    | { kind: "autoMode"; enabled: boolean; nodePools: AutoModeNodePool[] }
    /**
     * Karpenter launches the nodes of the NodePools applied to the cluster; the node groups run its
     * controller (never on nodes it manages) and the add-ons. `namespace` and `serviceAccount` are
     * the controller's, bound to its role with EKS Pod Identity.
     */
    | { kind: "karpenter"; namespace: string; serviceAccount: string };

export interface ClusterConfig {
    name: string;
    version: string;
    compute: ComputeConfig;
    endpoint: EndpointConfig;
    logTypes: ControlPlaneLogType[];
    logRetentionDays: number;
    secretsEncryption: SecretsEncryption;
    authenticationMode: AuthenticationMode;
    adminPrincipalArns: string[];
    /** Access for teams: a principal, an EKS access policy, and the whole cluster or some namespaces. */
    accessEntries: AccessEntryConfig[];
    bootstrapCreatorAdmin: boolean;
    upgradePolicy: SupportType;
    addons: AddonConfig[];
    oidcProvider: boolean;
    vpcCni: VpcCniConfig;
    controlPlane: ControlPlaneConfig;
    /** EKS Hybrid Nodes: remote networks, the nodes' role and access entry. */
    hybridNodes?: HybridNodesConfig;
    /** EKS Capabilities (managed Argo CD, ACK, kro), each with a role of its own. */
    capabilities: CapabilityConfig[];
    /** The control-plane settings the cluster resource declares (config/controlPlane.ts); none until loaded against the running cluster. */
    declaredControlPlane?: DeclaredControlPlane;
}

export interface Taint {
    key: string;
    value?: string;
    effect: TaintEffect;
}

export interface SshAccess {
    keyName: string;
    sourceSecurityGroupIds: string[];
    sourceCidrs: string[];
}

/** The add-ons that get an IAM role of their own through EKS Pod Identity. */
export const ADDON_ROLE_NAMES = ["ebsCsi", "externalDns", "clusterAutoscaler", "loadBalancerController"] as const;
export type AddonRoleName = (typeof ADDON_ROLE_NAMES)[number];

export interface AddonRole {
    /** The Kubernetes service account the role is bound to. */
    namespace: string;
    serviceAccount: string;
}

export interface AddonRoles {
    ebsCsi?: AddonRole;
    /** Route 53 record changes, only on these hosted zones. */
    externalDns?: AddonRole & { hostedZoneArns: string[] };
    clusterAutoscaler?: AddonRole;
    loadBalancerController?: AddonRole;
}

export const UPDATE_STRATEGIES = ["DEFAULT", "MINIMAL"] as const;
export type UpdateStrategy = (typeof UPDATE_STRATEGIES)[number];

/**
 * How a version or launch template update replaces a group's nodes: how many may be unavailable at
 * once (a count or a percentage, exactly one), and whether new nodes start before old ones stop
 * (DEFAULT) or after (MINIMAL).
 */
export type NodeGroupUpdate = ({ maxUnavailable: number } | { maxUnavailablePercentage: number }) & { strategy?: UpdateStrategy };

export interface NodeGroupConfig {
    name: string;
    instanceTypes: string[];
    capacityType: CapacityType;
    minSize: number;
    desiredSize: number;
    maxSize: number;
    diskSizeGiB: number;
    subnets: SubnetPlacement;
    amiType: AmiType;
    labels: Record<string, string>;
    taints: Taint[];
    ssh?: SshAccess;
    /** IMDSv2 response hop limit; 1 keeps pods off the node role's credentials. */
    imdsHopLimit: number;
    /** Kubernetes version pinned for a staged upgrade; absent: the cluster's version, upgraded after it. */
    version?: string;
    /** AMI release version pinned (e.g. 1.35.0-20260115); absent: the latest for the version. */
    releaseVersion?: string;
    update: NodeGroupUpdate;
    /** EKS node auto repair: replace or reboot nodes that report unhealthy. */
    autoRepair: boolean;
    /** Scheduled sizes: Auto Scaling scheduled actions on the group's Auto Scaling group. */
    schedule?: NodeGroupSchedule;
}

export interface ScheduledSize {
    name: string;
    /** Weekly Unix cron: "minute hour * * day-of-week" (policies/lib/weeklySchedule.ts). */
    cron: string;
    desiredSize: number;
}

export interface NodeGroupSchedule {
    /** The IANA time zone the crons are read in. */
    timeZone: string;
    actions: ScheduledSize[];
}

export interface FargateSelector {
    namespace: string;
    labels: Record<string, string>;
}

export interface FargateProfileConfig {
    name: string;
    selectors: FargateSelector[];
}

export interface EnvironmentConfig {
    /** The stack name: dev, staging, prod, ... */
    environment: string;
    protect: boolean;
    tags: Record<string, string>;
    network: NetworkConfig;
    cluster: ClusterConfig;
    nodeGroups: NodeGroupConfig[];
    fargateProfiles: FargateProfileConfig[];
    addonRoles: AddonRoles;
    /** The teams sharing the cluster: their access entries and workload roles. */
    teams: TeamConfig[];
}

/** The EKS access policies an access entry can be given (EKS User Guide, "Review access policy permissions"). */
export const EKS_ACCESS_POLICIES = ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy"] as const;
export type EksAccessPolicy = (typeof EKS_ACCESS_POLICIES)[number];

export interface AccessEntryConfig {
    principalArn: string;
    policy: EksAccessPolicy;
    /** Absent: the whole cluster. */
    namespaces?: string[];
}
