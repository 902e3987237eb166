// Stack rules for clusters with a private API endpoint.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { effective, ifKnown, listOf, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { label, StackContext, stackValidation } from "../lib/stackContext";

function endpointFlags(cluster: PolicyResource): { isPublic: boolean; isPrivate: boolean } | undefined {
    const vpcConfig = (cluster.props.vpcConfig ?? {}) as PropertyBag;
    const isPublic = ifKnown(() => effective<boolean>(vpcConfig, "endpointPublicAccess", true));
    const isPrivate = ifKnown(() => effective<boolean>(vpcConfig, "endpointPrivateAccess", false));
    return isPublic === undefined || isPrivate === undefined ? undefined : { isPublic, isPrivate };
}

function clusterVpc(context: StackContext, cluster: PolicyResource): PolicyResource | undefined {
    const vpcs = [...new Map((context.subnetsOf(cluster) ?? []).flatMap((s) => (s.vpc ? [[s.vpc.urn, s.vpc] as const] : []))).values()];
    return vpcs[0];
}

// Source: Amazon EKS User Guide, "Cluster API server endpoint": private access needs the VPC's
// enableDnsHostnames and enableDnsSupport set to true.
export const privateEndpointDns: StackValidationPolicy = {
    name: "eks-private-endpoint-dns",
    description: "A cluster with private endpoint access is in a VPC with DNS support and DNS hostnames on.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        for (const cluster of context.clusters) {
            const flags = endpointFlags(cluster);
            if (!flags) {
                context.note(`the endpoint access of ${label(cluster)}`);
                continue;
            }
            if (!flags.isPrivate) {
                continue;
            }
            const vpc = clusterVpc(context, cluster);
            if (!vpc) {
                context.note(`the VPC of ${label(cluster)}`);
                continue;
            }
            const support = ifKnown(() => effective<boolean>(vpc.props, "enableDnsSupport", true));
            const hostnames = ifKnown(() => effective<boolean>(vpc.props, "enableDnsHostnames", false));
            if (support === undefined || hostnames === undefined) {
                context.note(`the DNS settings of ${label(vpc)}`);
                continue;
            }
            const off = [support ? "" : "enableDnsSupport", hostnames ? "" : "enableDnsHostnames"].filter(Boolean);
            if (off.length > 0) {
                reportViolation(`${label(cluster)} has a private endpoint, but ${label(vpc)} does not enable ${off.join(" and ")}, so the endpoint name does not resolve inside the VPC. Set ${off.map((o) => `${o}: true`).join(" and ")}.`, cluster.urn);
            }
        }
    }),
};

/** An ingress rule admits TCP 443 when it is TCP (or all traffic) with 443 in its port range. */
function admitsHttps(protocol: unknown, fromPort: unknown, toPort: unknown): boolean {
    const p = String(protocol).toLowerCase();
    return p === "-1" || p === "all" || ((p === "tcp" || p === "6") && Number(fromPort) <= 443 && 443 <= Number(toPort));
}

// Source: Amazon EKS User Guide, "Cluster API server endpoint" ("Accessing a private only API
// server"): with only private access, the API is reachable only from the VPC or a connected network,
// and the cluster security group must admit HTTPS (443) from that network.
export const privateEndpointAccessPath: StackValidationPolicy = {
    name: "eks-private-endpoint-access-path",
    description: "A private-only cluster has an ingress rule on TCP 443 to its cluster or additional security group, so its operators can reach the API.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        const graph = context.graph;
        for (const cluster of context.clusters) {
            const flags = endpointFlags(cluster);
            if (!flags) {
                context.note(`the endpoint access of ${label(cluster)}`);
                continue;
            }
            if (flags.isPublic || !flags.isPrivate) {
                continue;
            }
            const groups = graph.targetsOrNote(graph.references(cluster, ["vpcConfig", "securityGroupIds"], [AWS.securityGroup], true));
            if (!groups) {
                continue;
            }
            // The cluster's own security group is an output of the cluster; rules on it depend on the cluster.
            const targets = new Set([cluster.urn, ...groups.map((g) => g.urn)]);
            let found = false;
            let unsure = false;
            for (const group of groups) {
                found ||= listOf<PropertyBag>(group.props, "ingress").some((rule) => admitsHttps(rule.protocol, rule.fromPort, rule.toPort));
            }
            const ruleTypes = [AWS.securityGroupIngressRule, AWS.securityGroupRule];
            for (const rule of graph.ofType(...ruleTypes)) {
                if (rule.type === AWS.securityGroupRule && ifKnown(() => rule.props.type) !== "ingress") {
                    continue;
                }
                const resolution = graph.references(rule, ["securityGroupId"], [AWS.securityGroup, AWS.cluster]);
                if (!resolution.resolved) {
                    unsure = true;
                    continue;
                }
                if (!resolution.targets.some((t) => targets.has(t.urn))) {
                    continue;
                }
                const protocol = rule.type === AWS.securityGroupIngressRule ? rule.props.ipProtocol : rule.props.protocol;
                found ||= ifKnown(() => admitsHttps(protocol, rule.props.fromPort, rule.props.toPort)) === true;
            }
            if (!found && unsure) {
                context.note(`the security group rules that may admit HTTPS to ${label(cluster)}`);
            } else if (!found) {
                reportViolation(
                    `${label(cluster)} has only a private endpoint and no ingress rule on TCP 443 to its cluster or additional security groups, so nobody outside the cluster can reach its API. Admit 443 from your VPN, bastion or peered network.`,
                    cluster.urn,
                );
            }
        }
    }),
};
