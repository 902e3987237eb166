// Stack rule on EKS Hybrid Nodes: the remote networks a cluster declares, and the routes to them.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { cidrsOverlap, isRfc1918, parseIpv4Cidr } from "../lib/cidr";
import { routeToward } from "../lib/networkTopology";
import { ifKnown, listOf, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { label, StackContext, stackValidation } from "../lib/stackContext";


/** The remote node and pod CIDRs of a cluster, with where each sits; undefined while unknown. */
function remoteNetworks(cluster: PolicyResource): { path: string; cidr: string }[] | undefined {
    const config = ifKnown(() => cluster.props.remoteNetworkConfig) as PropertyBag | undefined | null;
    if (config === undefined && "remoteNetworkConfig" in cluster.props) {
        return undefined;
    }
    const networks: { path: string; cidr: string }[] = [];
    for (const field of ["remoteNodeNetworks", "remotePodNetworks"]) {
        // The provider takes one object; outputs and state may hold a list of one.
        const value = ifKnown(() => config?.[field]);
        const entries = Array.isArray(value) ? value : value ? [value] : [];
        entries.forEach((entry: PropertyBag, i: number) => {
            const cidrs = ifKnown(() => listOf<string>(entry, "cidrs"));
            if (cidrs === undefined) {
                return;
            }
            cidrs.forEach((cidr, j) => networks.push({ path: `remoteNetworkConfig.${field}${Array.isArray(value) ? `[${i}]` : ""}.cidrs[${j}]`, cidr }));
        });
    }
    return networks;
}

/** The cluster's subnets without a route to the block through a gateway; the unknown ones noted. */
function routes(context: StackContext, cluster: PolicyResource, block: NonNullable<ReturnType<typeof parseIpv4Cidr>>): { missing: string[] } {
    const missing: string[] = [];
    for (const facts of context.subnetsOf(cluster) ?? []) {
        const route = routeToward(facts, block);
        if (route === "no table") {
            context.note(`the route table of ${label(facts.subnet)}`);
        } else if (route === "unknown") {
            context.note(`the routes of ${label(facts.subnet)}`);
        } else if (route === "missing") {
            missing.push(label(facts.subnet));
        }
    }
    return { missing };
}

// Source: EKS User Guide, hybrid-nodes-networking.adoc ("Be within one of the following IPv4
// RFC-1918 ranges"; "Not overlap with each other, the VPC CIDR for your EKS cluster, or your
// Kubernetes service IPv4 CIDR"; "You must configure routes in your VPC routing table for your
// on-premises node and optionally pod CIDRs" to the transit or virtual private gateway); EKS API,
// RemoteNodeNetwork ("Each block must have a route to the VPC").
export const hybridNodesNetworks: StackValidationPolicy = {
    name: "eks-hybrid-nodes-networks",
    description: "A cluster's EKS Hybrid Nodes networks are RFC 1918 blocks that overlap neither each other nor the VPC, and the cluster's subnets route each node network to a gateway (transit, virtual private, peering).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        for (const cluster of context.graph.ofType(AWS.cluster)) {
            const networks = remoteNetworks(cluster);
            if (networks === undefined) {
                context.note(`the remote networks of ${label(cluster)}`);
                continue;
            }
            const vpc = networks.length > 0 ? context.clusterVpc(cluster) : undefined;
            const vpcCidr = vpc ? (ifKnown(() => vpc.props.cidrBlock) as string | undefined) : undefined;
            networks.forEach(({ path, cidr }, i) => {
                const block = parseIpv4Cidr(cidr);
                if (!block || !isRfc1918(block)) {
                    reportViolation(`${label(cluster)} ${path} is ${cidr}, outside the RFC 1918 ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) EKS takes for hybrid nodes. Use the private block the on-premises nodes are in.`, cluster.urn);
                    return;
                }
                if (vpcCidr && parseIpv4Cidr(vpcCidr) && cidrsOverlap(block, parseIpv4Cidr(vpcCidr)!)) {
                    reportViolation(`${label(cluster)} ${path} (${cidr}) overlaps its VPC's ${vpcCidr}: traffic to the hybrid nodes would stay in the VPC. Give the remote network a block of its own.`, cluster.urn);
                    return;
                }
                const other = networks.slice(i + 1).find((o) => {
                    const b = parseIpv4Cidr(o.cidr);
                    return b !== undefined && cidrsOverlap(block, b);
                });
                if (other) {
                    reportViolation(`${label(cluster)} ${path} (${cidr}) overlaps ${other.path} (${other.cidr}); remote node and pod networks must not overlap.`, cluster.urn);
                }
                if (path.includes("remoteNodeNetworks")) {
                    const { missing } = routes(context, cluster, block);
                    if (missing.length > 0) {
                        reportViolation(
                            `${label(cluster)} has hybrid nodes in ${cidr}, and ${missing.join(", ")} ha${missing.length === 1 ? "s" : "ve"} no route to it: the control plane cannot reach their kubelets, nor they it. Route ${cidr} from the cluster's subnets to the transit gateway or virtual private gateway of the on-premises network.`,
                            cluster.urn,
                        );
                    }
                }
            });
        }
    }),
};
