// Reads `cluster.hybridNodes`: EKS Hybrid Nodes, on-premises machines joined to the cluster. The
// remote node and pod networks become the cluster's remoteNetworkConfig; the nodes get an IAM role
// (SSM hybrid activations or IAM Roles Anywhere) and a HYBRID_LINUX access entry.
//
// Sources: EKS User Guide hybrid-nodes-networking.adoc ("Be within one of the following IPv4
// RFC-1918 ranges ... Not overlap with each other, the VPC CIDR for your EKS cluster, or your
// Kubernetes service IPv4 CIDR"; routes in the VPC route tables to the TGW or VGW),
// hybrid-nodes-cluster-update.adoc (IPv4 clusters, API or API_AND_CONFIG_MAP authentication;
// "Public and Private" endpoints "can prevent your hybrid nodes from joining the cluster"),
// hybrid-nodes-creds.adoc (the role, SSM or IAM Roles Anywhere, "You should not use both");
// EKS API RemoteNodeNetwork ("Minimum allowed size is /32, maximum allowed size is /8").
import { cidrsOverlap, isRfc1918, parseIpv4Cidr } from "../policies/lib/cidr";
import { readIpv4CidrList } from "./cidrValues";
import { ConfigProblems } from "./problems";
import { RawValue, readEnum, readObject, readString } from "./values";

export const HYBRID_CREDENTIALS = ["ssm", "rolesAnywhere"] as const;
export type HybridCredentials = (typeof HYBRID_CREDENTIALS)[number];

export interface HybridNodesConfig {
    /** The on-premises networks the hybrid nodes are in. */
    nodeCidrs: string[];
    /** The pod networks of the hybrid nodes, when pods there are routable (webhooks on hybrid nodes). */
    podCidrs: string[];
    credentials: HybridCredentials;
    /** IAM Roles Anywhere's trust anchor, with `rolesAnywhere`. */
    trustAnchorArn?: string;
}

/**
 * EKS gives a cluster created without a service CIDR "either the 10.100.0.0/16 or 172.20.0.0/16"
 * block (EKS User Guide, create-cluster.adoc) and does not say which: neither may be overlapped.
 */
const DEFAULT_SERVICE_CIDRS = ["10.100.0.0/16", "172.20.0.0/16"];
const TRUST_ANCHOR_ARN = /^arn:aws[a-z-]*:rolesanywhere:[a-z0-9-]+:\d{12}:trust-anchor\/[0-9a-f-]{36}$/;

export function readHybridNodes(problems: ConfigProblems, value: RawValue): HybridNodesConfig | undefined {
    const key = "cluster.hybridNodes";
    const entry = readObject(problems, key, value, ["nodeCidrs", "podCidrs", "credentials", "trustAnchorArn"]);
    if (!entry) {
        return undefined;
    }
    const before = problems.count;
    if (entry.nodeCidrs === undefined) {
        problems.add(`${key}.nodeCidrs`, undefined, "required: the on-premises networks of the hybrid nodes, RFC 1918 blocks such as 192.168.0.0/16");
    }
    const nodeCidrs = entry.nodeCidrs === undefined ? [] : readIpv4CidrList(problems, `${key}.nodeCidrs`, entry.nodeCidrs);
    const podCidrs = entry.podCidrs === undefined ? [] : readIpv4CidrList(problems, `${key}.podCidrs`, entry.podCidrs);
    if (entry.nodeCidrs !== undefined && nodeCidrs?.length === 0) {
        problems.add(`${key}.nodeCidrs`, [], "list at least one network");
    }
    const credentials = readEnum(problems, `${key}.credentials`, entry.credentials ?? "ssm", HYBRID_CREDENTIALS);
    const trustAnchorArn = entry.trustAnchorArn === undefined ? undefined : readString(problems, `${key}.trustAnchorArn`, entry.trustAnchorArn);
    if (trustAnchorArn !== undefined && !TRUST_ANCHOR_ARN.test(trustAnchorArn)) {
        problems.add(`${key}.trustAnchorArn`, trustAnchorArn, "expected an IAM Roles Anywhere trust anchor ARN such as arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/<uuid>");
    }
    if (credentials === "rolesAnywhere" && entry.trustAnchorArn === undefined) {
        problems.add(`${key}.trustAnchorArn`, undefined, "required with credentials: rolesAnywhere: the trust anchor whose certificates the nodes present");
    }
    if (credentials === "ssm" && entry.trustAnchorArn !== undefined) {
        problems.add(`${key}.trustAnchorArn`, trustAnchorArn, 'applies to credentials: rolesAnywhere only ("You should not use both AWS SSM hybrid activations and AWS IAM Roles Anywhere")');
    }
    const lists: [string, string[] | undefined][] = [["nodeCidrs", nodeCidrs], ["podCidrs", podCidrs]];
    for (const [field, cidrs] of lists) {
        cidrs?.forEach((text, i) => {
            const block = parseIpv4Cidr(text)!;
            if (!isRfc1918(block)) {
                problems.add(`${key}.${field}[${i}]`, text, "must lie within an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): EKS takes no other remote network");
            } else if (block.prefixLength < 8) {
                problems.add(`${key}.${field}[${i}]`, text, "must be /8 to /32 (EKS API, RemoteNodeNetwork)");
            }
        });
    }
    if (problems.count > before) {
        return undefined;
    }
    return { nodeCidrs: nodeCidrs!, podCidrs: podCidrs!, credentials: credentials!, ...(trustAnchorArn ? { trustAnchorArn } : {}) };
}

export interface HybridNodesContext {
    vpcCidrs: string[];
    ipFamily: string;
    authenticationMode: string;
    endpointMode: string;
    /** Routes to the remote networks come from this stack's transit gateway. */
    transitGateway: boolean;
    acknowledgeExternalRouting: boolean;
}

/** What the remote networks must not overlap, and what the cluster must be, for hybrid nodes to join. */
export function checkHybridNodes(problems: ConfigProblems, hybrid: HybridNodesConfig, context: HybridNodesContext): void {
    const key = "cluster.hybridNodes";
    const all = [...hybrid.nodeCidrs.map((c, i) => ({ at: `${key}.nodeCidrs[${i}]`, c })), ...hybrid.podCidrs.map((c, i) => ({ at: `${key}.podCidrs[${i}]`, c }))];
    all.forEach(({ at, c }, i) => {
        const block = parseIpv4Cidr(c)!;
        const vpc = context.vpcCidrs.find((v) => cidrsOverlap(block, parseIpv4Cidr(v)!));
        if (vpc) {
            problems.add(at, c, `overlaps the VPC's ${vpc}; remote networks must not overlap the cluster's VPC`);
        }
        const service = DEFAULT_SERVICE_CIDRS.find((s) => cidrsOverlap(block, parseIpv4Cidr(s)!));
        if (service) {
            problems.add(at, c, `overlaps ${service}, one of the two blocks EKS gives the cluster's Kubernetes services (10.100.0.0/16 or 172.20.0.0/16, without saying which)`);
        }
        const other = all.slice(i + 1).find((o) => cidrsOverlap(block, parseIpv4Cidr(o.c)!));
        if (other) {
            problems.add(at, c, `overlaps ${other.at} (${other.c}); remote node and pod networks must not overlap each other`);
        }
    });
    if (context.ipFamily !== "ipv4") {
        problems.add(key, hybrid.nodeCidrs, 'EKS Hybrid Nodes need an IPv4 cluster ("Your cluster must use IPv4 address family"), and network.ipFamily is ipv6');
    }
    if (context.authenticationMode === "CONFIG_MAP") {
        problems.add(key, hybrid.nodeCidrs, "hybrid nodes join through a HYBRID_LINUX access entry, which needs cluster.authenticationMode API or API_AND_CONFIG_MAP");
    }
    if (context.endpointMode === "publicAndPrivate") {
        problems.add(key, hybrid.nodeCidrs, 'with cluster.endpoint.mode publicAndPrivate the endpoint resolves to its public addresses outside the VPC, which "can prevent your hybrid nodes from joining the cluster" (EKS User Guide); choose public or private');
    }
    if (!context.transitGateway && !context.acknowledgeExternalRouting) {
        problems.add(
            key,
            hybrid.nodeCidrs,
            "the VPC needs routes to the remote networks (through a transit gateway or virtual private gateway): set network.transitGateway, which gets them, or network.acknowledgeExternalRouting if another stack adds them",
        );
    }
}
