// Stack rules for clusters with a private API endpoint.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { cidrContains, Ipv4Cidr, parseIpv4Cidr } from "../lib/cidr";
import { routeToward } from "../lib/networkTopology";
import { effective, ifKnown, listOf, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { ResourceGraph } from "../lib/resourceGraph";
import { label, StackContext, stackValidation } from "../lib/stackContext";

function endpointFlags(cluster: PolicyResource): { isPublic: boolean; isPrivate: boolean } | undefined {
    const vpcConfig = (cluster.props.vpcConfig ?? {}) as PropertyBag;
    const isPublic = ifKnown(() => effective<boolean>(vpcConfig, "endpointPublicAccess", true));
    const isPrivate = ifKnown(() => effective<boolean>(vpcConfig, "endpointPrivateAccess", false));
    return isPublic === undefined || isPrivate === undefined ? undefined : { isPublic, isPrivate };
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
            const vpc = context.clusterVpc(cluster);
            if (!vpc) {
                context.noteNetwork(`the VPC of ${label(cluster)}`);
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

/** A source an ingress rule admits on 443: a CIDR (which needs a route back), or a security group. */
interface AdmittedSource {
    rule: string;
    /** Undefined for a security group or prefix list source (reached inside the VPC or its peerings). */
    cidr?: string;
}

function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? [...value] : value === undefined || value === null || value === "" || value === false ? [] : [value];
}

/**
 * The sources of one rule that admits 443; undefined when its CIDRs are unknown yet. A source group
 * that is unknown (created in the same update) is still a group: something was set.
 */
function sourcesOf(ruleLabel: string, cidrs: () => unknown, groups: () => unknown): AdmittedSource[] | undefined {
    const cidrList = ifKnown(() => asList(cidrs()));
    if (cidrList === undefined || cidrList.some((c) => typeof c !== "string")) {
        return undefined;
    }
    const groupList = ifKnown(() => asList(groups())) ?? ["(unknown)"];
    const sources: AdmittedSource[] = (cidrList as string[]).map((cidr) => ({ rule: ruleLabel, cidr }));
    // A group, a prefix list, `self` or an IPv6 range: not an IPv4 network to route back to here.
    return groupList.length > 0 || sources.length === 0 ? [...sources, { rule: ruleLabel }] : sources;
}

interface AccessPathSettings {
    externallyRoutedCidrs: string[];
}
const accessPathDefaults: AccessPathSettings = { externallyRoutedCidrs: [] };

/** Security group rules that admit traffic in: ingress rules, and the group rules of type ingress. */
function standaloneIngressRules(graph: ResourceGraph): PolicyResource[] {
    return graph.ofType(AWS.securityGroupIngressRule, AWS.securityGroupRule).filter((rule) => rule.type !== AWS.securityGroupRule || ifKnown(() => rule.props.type) === "ingress");
}

// Source: Amazon EKS User Guide, "Cluster API server endpoint" ("Accessing a private only API
// server"): with only private access, the API is reachable only from the VPC or a connected network;
// the cluster security group must admit HTTPS (443) from that network, and the connected network must
// be routed: the control plane's network interfaces answer through the route tables of the cluster's
// subnets, whose default route leads to a NAT or internet gateway, not back to a VPN.
export const privateEndpointAccessPath: StackValidationPolicy = {
    name: "eks-private-endpoint-access-path",
    description: "A private-only cluster admits TCP 443 from its operators' network to its cluster or additional security group, and every admitted network outside the VPC has a route back from the cluster's subnets (transit gateway, VPN gateway or peering).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults(
        { properties: { externallyRoutedCidrs: { type: "array", items: { type: "string" }, description: "Networks routed to the cluster's subnets by another stack; their 443 rules need no route here." } } },
        { ...accessPathDefaults },
    ),
    validateStack: stackValidation((context, reportViolation, args) => {
        const { externallyRoutedCidrs } = settingsOf(args, accessPathDefaults);
        const externallyRouted = externallyRoutedCidrs.flatMap((c) => parseIpv4Cidr(c) ?? []);
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
            const sources: AdmittedSource[] = [];
            let unsure = false;
            const collect = (found: AdmittedSource[] | undefined) => (found ? sources.push(...found) : (unsure = true));
            for (const group of groups) {
                for (const rule of listOf<PropertyBag>(group.props, "ingress")) {
                    if (ifKnown(() => admitsHttps(rule.protocol, rule.fromPort, rule.toPort))) {
                        collect(sourcesOf(`an ingress rule of ${label(group)}`, () => rule.cidrBlocks, () => [...asList(rule.securityGroups), ...asList(rule.self)]));
                    }
                }
            }
            const standalone = graph.referrers("ingress rules by security group", () => standaloneIngressRules(graph), ["securityGroupId"], [AWS.securityGroup, AWS.cluster]);
            unsure ||= standalone.someUnresolved;
            for (const rule of standalone.of(...targets)) {
                const ingressRule = rule.type === AWS.securityGroupIngressRule;
                const protocol = ingressRule ? rule.props.ipProtocol : rule.props.protocol;
                if (ifKnown(() => admitsHttps(protocol, rule.props.fromPort, rule.props.toPort)) !== true) {
                    continue;
                }
                const props = rule.props;
                collect(
                    ingressRule
                        ? sourcesOf(label(rule), () => props.cidrIpv4, () => [...asList(props.referencedSecurityGroupId), ...asList(props.prefixListId)])
                        : sourcesOf(label(rule), () => props.cidrBlocks, () => [...asList(props.sourceSecurityGroupId), ...asList(props.self), ...asList(props.prefixListIds)]),
                );
            }
            if (sources.length === 0) {
                if (unsure) {
                    context.note(`the security group rules that may admit HTTPS to ${label(cluster)}`);
                } else {
                    reportViolation(
                        `${label(cluster)} has only a private endpoint and no ingress rule on TCP 443 to its cluster or additional security groups, so nobody outside the cluster can reach its API. Admit 443 from your VPN, bastion or peered network.`,
                        cluster.urn,
                    );
                }
                continue;
            }
            checkRoutesBack(context, cluster, sources, externallyRouted, reportViolation);
        }
    }),
};

/** Reports each admitted CIDR outside the VPC that some cluster subnet has no route back to. */
function checkRoutesBack(context: StackContext, cluster: PolicyResource, sources: AdmittedSource[], externallyRouted: Ipv4Cidr[], reportViolation: (message: string, urn?: string) => void): void {
    const offVpc = sources.filter((s) => s.cidr !== undefined);
    if (offVpc.length === 0) {
        return;
    }
    const subnets = context.subnetsOf(cluster);
    const vpc = context.clusterVpc(cluster);
    const vpcCidr = vpc ? (ifKnown(() => vpc.props.cidrBlock) as string | undefined) : undefined;
    if (!subnets || !vpcCidr) {
        context.noteNetwork(`the routes back from the subnets of ${label(cluster)}`);
        return;
    }
    const vpcBlock = parseIpv4Cidr(vpcCidr);
    for (const source of offVpc) {
        const block = parseIpv4Cidr(source.cidr!);
        if (!block || (vpcBlock && cidrContains(vpcBlock, block)) || externallyRouted.some((r) => cidrContains(r, block))) {
            continue;
        }
        const missing: string[] = [];
        for (const facts of subnets) {
            const route = routeToward(facts, block);
            if (route === "no table") {
                context.note(`the route table of ${label(facts.subnet)}`);
            } else if (route === "unknown") {
                context.note(`the routes of ${label(facts.subnet)}`);
            } else if (route === "missing") {
                missing.push(label(facts.subnet));
            }
        }
        if (missing.length > 0) {
            reportViolation(
                `${label(cluster)} admits ${source.cidr} on TCP 443 (${source.rule}), but ${missing.join(", ")} ha${missing.length === 1 ? "s" : "ve"} no route to it: the API's replies follow the default route (NAT or internet gateway) and never reach that network. Route ${source.cidr} from the cluster's subnets to the transit gateway, VPN gateway or peering connection it comes from, or list it in this policy's externallyRoutedCidrs if another stack adds the routes.`,
                cluster.urn,
            );
        }
    }
}
