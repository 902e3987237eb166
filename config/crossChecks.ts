// Checks that span sections of the config: whether nodes can join the cluster, whether every
// private access path can work, whether ARNs belong to the stack's region, and what add-on roles
// need. Each refuses a setup AWS would accept but that cannot work, and says why.
import { MAX_PUBLIC_ACCESS_CIDRS } from "../policies/lib/eksLimits";
import { cidrContains, parseIpv4Cidr } from "../policies/lib/cidr";
import { KMS_KEY_ARN } from "./cluster";
import { autoModeRuns } from "./compute";
import { AddonRoles, ClusterConfig, FargateProfileConfig, NodeGroupConfig } from "./environment";
import { NetworkSection } from "./network";
import { ConfigProblems } from "./problems";
import { AUTONAME_SUFFIX_LENGTH, limitedNames } from "./resourceNames";
import { RegionFacts } from "./zones";

/** How many NAT gateways (and so Elastic IPs) a strategy creates. */
export function natGatewayCount(strategy: string, zoneCount: number, privateSubnets: boolean): number {
    if (!privateSubnets || strategy === "none") {
        return 0;
    }
    return strategy === "single" ? 1 : zoneCount;
}

interface Sections {
    network: NetworkSection;
    cluster: ClusterConfig;
    nodeGroups: NodeGroupConfig[];
    fargateProfiles: FargateProfileConfig[];
}

/**
 * Nodes register with the API server, so they need a way to it: nodes and Fargate pods in private
 * subnets reach a public-only endpoint from their NAT gateway's address (which the program adds to
 * the allow-list), nodes in public subnets from their own public IPs (which nobody can list ahead).
 * Nodes are NotReady without a CNI, and bootstrapSelfManagedAddons is off, so vpc-cni is required.
 * Source: EKS User Guide, "Cluster API server endpoint" (the CIDR blocks must include the addresses
 * nodes and Fargate pods come from).
 */
export function checkNodesCanJoin(problems: ConfigProblems, { network, cluster, nodeGroups, fargateProfiles }: Sections): void {
    nodeGroups.forEach((group, i) => {
        if (group.subnets === "private" && !network.privateSubnets) {
            problems.add(`nodeGroups[${i}].subnets`, group.subnets, 'there are no private subnets (network.privateSubnets is false); use "public" or enable private subnets');
        }
    });
    if (network.external) {
        nodeGroups.forEach((group, i) => {
            if (group.subnets === "public") {
                problems.add(`nodeGroups[${i}].subnets`, group.subnets, 'the public subnets belong to a network declared elsewhere, and whether they give nodes public IPs (which nodes there need to reach anything) is not known here; use "private"');
            }
        });
    }
    // A NAT strategy is this stack's only for a network it declares; one declared elsewhere is judged there.
    const ownNat = !network.external;
    const privateGroups = nodeGroups.filter((g) => g.subnets === "private").map((g) => g.name);
    if (ownNat && network.privateSubnets && network.natStrategy === "none" && privateGroups.length > 0 && !network.acknowledgeNoEgress) {
        problems.add(
            "network.natStrategy",
            "none",
            `private node groups (${privateGroups.join(", ")}) would have no internet egress to pull images or reach AWS APIs; use "single" or "onePerAz", or set network.acknowledgeNoEgress: true if the VPC gets VPC endpoints`,
        );
    }
    if (fargateProfiles.length > 0 && !network.privateSubnets) {
        problems.add("fargateProfiles", fargateProfiles.map((p) => p.name), "Fargate runs only in private subnets, and network.privateSubnets is false");
    }
    const endpoint = cluster.endpoint;
    if (endpoint.mode === "public") {
        const openToAll = endpoint.publicAccessCidrs.includes("0.0.0.0/0");
        nodeGroups.forEach((group, i) => {
            if (group.subnets === "public" && !openToAll) {
                problems.add(
                    `nodeGroups[${i}].subnets`,
                    group.subnets,
                    'with a public-only endpoint, nodes in public subnets reach the API from their own public IPs, which cannot be listed in cluster.endpoint.publicAccessCidrs ahead of time, so they never join; use "private" subnets (their NAT addresses are allowed), or cluster.endpoint.mode "publicAndPrivate"',
                );
            }
        });
        const privateCompute = [
            ...privateGroups.map((g) => `node group ${g}`),
            ...fargateProfiles.map((p) => `Fargate profile ${p.name}`),
            ...(autoModeRuns(cluster.compute) ? ["EKS Auto Mode nodes"] : []),
        ];
        if (ownNat && network.privateSubnets && network.natStrategy === "none" && privateCompute.length > 0) {
            problems.add(
                "network.natStrategy",
                "none",
                `with a public-only endpoint, ${privateCompute.join(", ")} reach the API only through a NAT gateway (VPC endpoints do not serve the public endpoint); use "single" or "onePerAz", or cluster.endpoint.mode "publicAndPrivate"`,
            );
        }
        const natAddresses = network.external ? network.external.natGatewayPublicIps.length : natGatewayCount(network.natStrategy, network.zoneCount, network.privateSubnets);
        const total = endpoint.publicAccessCidrs.length + natAddresses;
        if (natAddresses > 0 && total > MAX_PUBLIC_ACCESS_CIDRS) {
            problems.add(
                "cluster.endpoint.publicAccessCidrs",
                endpoint.publicAccessCidrs,
                `with a public-only endpoint the ${natAddresses} NAT gateway address(es) are added so nodes can reach the API; that makes ${total}, over the EKS limit of ${MAX_PUBLIC_ACCESS_CIDRS}`,
            );
        }
    }
    if (nodeGroups.length > 0 && !cluster.addons.some((a) => a.name === "vpc-cni")) {
        problems.add(
            "cluster.addons",
            cluster.addons.map((a) => a.name),
            "node groups need the vpc-cni add-on: the cluster is created without self-managed add-ons, so without it nodes stay NotReady and the node group never becomes ACTIVE",
        );
    }
}

/**
 * Every private access CIDR must be routed back from the control plane's network interfaces: they
 * sit in the private subnets, whose only default route is the NAT gateway, so replies to an
 * off-VPC network are lost unless a route leads there (EKS User Guide, "Cluster API server
 * endpoint": a private endpoint is reachable from a connected network only through that network's
 * connection to the VPC).
 */
export function checkAccessPaths(problems: ConfigProblems, network: NetworkSection, cluster: ClusterConfig): void {
    const endpoint = cluster.endpoint;
    if (endpoint.mode === "public") {
        return;
    }
    const vpc = parseIpv4Cidr(network.vpcCidr)!;
    const routes = (network.transitGateway?.routes ?? []).map((r) => parseIpv4Cidr(r)!);
    // The routes of a network declared elsewhere are its owner's (and judged in its stack).
    const routed = network.external ? [] : endpoint.privateAccessCidrs;
    routed.forEach((cidr, i) => {
        const block = parseIpv4Cidr(cidr)!;
        const reachable = cidrContains(vpc, block) || routes.some((route) => cidrContains(route, block)) || network.acknowledgeExternalRouting;
        if (!reachable) {
            problems.add(
                `cluster.endpoint.privateAccessCidrs[${i}]`,
                cidr,
                `is outside the VPC (${network.vpcCidr}) and nothing routes it: the API's replies would follow 0.0.0.0/0 to the NAT gateway and be lost. Route it through a transit gateway (network.transitGateway with a route covering ${cidr}), or set network.acknowledgeExternalRouting: true if another stack adds the routes (the private route table ids are exported for it)`,
            );
        }
    });
    if (endpoint.accessHost) {
        if (!network.privateSubnets) {
            problems.add("cluster.endpoint.accessHost", true, "runs in a private subnet, and network.privateSubnets is false");
        } else if (!network.external && network.natStrategy === "none" && !network.acknowledgeNoEgress) {
            problems.add(
                "cluster.endpoint.accessHost",
                true,
                'reaches AWS Systems Manager through a NAT gateway, and network.natStrategy is "none"; use "single" or "onePerAz", or set network.acknowledgeNoEgress: true if the VPC gets the ssm, ssmmessages and ec2messages endpoints',
            );
        }
    }
}

/** kubelet may be up to three minor versions older than kube-apiserver, never newer (Kubernetes >= 1.28). */
export const MAX_NODE_VERSION_SKEW = 3;

/**
 * A node group pinned to a version must stay within the skew EKS supports: EKS User Guide, "Update
 * existing cluster to new Kubernetes version" ("kubelet may be up to three minor versions older than
 * kube-apiserver") and the Kubernetes version skew policy (never newer than the control plane).
 */
export function checkNodeVersionSkew(problems: ConfigProblems, cluster: ClusterConfig, nodeGroups: NodeGroupConfig[]): void {
    const minor = (v: string) => Number(v.split(".")[1]);
    nodeGroups.forEach((group, i) => {
        if (!group.version) {
            return;
        }
        const behind = minor(cluster.version) - minor(group.version);
        if (behind < 0) {
            problems.add(`nodeGroups[${i}].version`, group.version, `is newer than the control plane (cluster.version ${cluster.version}); nodes may not run ahead of it. Upgrade the cluster first`);
        } else if (behind > MAX_NODE_VERSION_SKEW) {
            problems.add(`nodeGroups[${i}].version`, group.version, `is ${behind} minor versions behind cluster.version ${cluster.version}; EKS supports nodes at most ${MAX_NODE_VERSION_SKEW} behind. Upgrade the node group (or leave version out to follow the cluster)`);
        }
    });
}

/** EKS encrypts secrets only with a KMS key in the cluster's own region (CreateCluster encryptionConfig). */
export function checkRegion(problems: ConfigProblems, cluster: ClusterConfig, region: RegionFacts): void {
    if (cluster.secretsEncryption.kind === "existingKey") {
        const keyRegion = KMS_KEY_ARN.exec(cluster.secretsEncryption.kmsKeyArn)?.[1];
        if (keyRegion !== region.region) {
            problems.add(
                "cluster.secretsEncryption",
                cluster.secretsEncryption.kmsKeyArn,
                `is a KMS key in ${keyRegion}, but the cluster is in ${region.region} (aws:region); EKS needs a key in the cluster's region`,
            );
        }
    }
}

/**
 * Pod Identity needs its agent, except on Auto Mode nodes, which run it themselves (automode.adoc);
 * the EBS CSI add-on needs its role or it cannot create volumes.
 */
export function checkAddonRoles(problems: ConfigProblems, cluster: ClusterConfig, nodeGroups: NodeGroupConfig[], roles: AddonRoles, fargateProfiles: FargateProfileConfig[] = []): void {
    const addons = new Set(cluster.addons.map((a) => a.name));
    const named = Object.keys(roles);
    if (roles.clusterAutoscaler) {
        // The autoscaler sets desired sizes from pending pods: the pods a scheduled scale-down leaves
        // unscheduled would make it scale the group straight back up.
        nodeGroups.forEach((group, i) => {
            if (group.schedule) {
                problems.add(
                    `nodeGroups[${i}].schedule`,
                    group.schedule.actions.map((a) => a.name),
                    "the Cluster Autoscaler (addonRoles.clusterAutoscaler) owns this group's desired size and would scale it back up for the pods a scheduled scale-down leaves pending; schedule the workloads instead (scale their Deployments to zero), or leave the autoscaler out",
                );
            }
        });
    }
    const agentBuiltIn = autoModeRuns(cluster.compute) && nodeGroups.length === 0;
    if (named.length > 0 && !addons.has("eks-pod-identity-agent") && !agentBuiltIn) {
        problems.add(
            "cluster.addons",
            [...addons],
            `addonRoles (${named.join(", ")}) are bound with EKS Pod Identity, which needs the eks-pod-identity-agent add-on; add it`,
        );
    }
    if (addons.has("aws-ebs-csi-driver") && !roles.ebsCsi) {
        problems.add("addonRoles.ebsCsi", undefined, "the aws-ebs-csi-driver add-on needs an IAM role to create and attach volumes; set addonRoles.ebsCsi: true");
    }
    // EKS Pod Identity does not reach pods on Fargate ("Linux and Windows pods that run on AWS
    // Fargate (Fargate) aren't supported", EKS User Guide, service-accounts.adoc, Pod Identity
    // considerations): a role bound in a namespace that a profile takes whole would never be used.
    for (const [addon, role] of Object.entries(roles) as [string, { namespace: string } | undefined][]) {
        const profile = fargateProfiles.find((p) => p.selectors.some((s) => s.namespace === role?.namespace && Object.keys(s.labels).length === 0));
        if (role && profile) {
            problems.add(
                `addonRoles.${addon}.namespace`,
                role.namespace,
                `every pod of this namespace runs on Fargate (profile "${profile.name}" selects it without labels), and EKS Pod Identity does not work on Fargate; run the add-on in a namespace on nodes, or narrow the profile's selector with labels`,
            );
        }
    }
}

/**
 * Every auto-named resource name with a length limit fits, with Pulumi's suffix. Reported on the key
 * that makes it long (the cluster name, or a node group name), with the longest value that fits.
 */
export function checkNameLengths(problems: ConfigProblems, env: Parameters<typeof limitedNames>[0]): void {
    const reported = new Set<string>();
    for (const { key, value, name, limit, what } of limitedNames(env)) {
        const length = name.length + AUTONAME_SUFFIX_LENGTH;
        if (length <= limit || reported.has(key)) {
            continue;
        }
        reported.add(key);
        const room = value.length - (length - limit);
        problems.add(
            key,
            value,
            `makes the ${what} name "${name}" ${length} characters with Pulumi's ${AUTONAME_SUFFIX_LENGTH}-character auto-name suffix, over the AWS limit of ${limit}; use at most ${Math.max(room, 0)} characters here`,
        );
    }
}
