// A Mermaid diagram of a planned environment, drawn from the same graph the rules use, to be read
// in a pull-request comment (about 800 px wide): the VPC with its zones in order, each zone's public
// subnets with their NAT gateways and its private subnets, the internet gateway, the cluster's
// control plane outside the VPC, node groups and Fargate profiles (selectors with their labels),
// and the traffic paths of the endpoint mode as the EKS User Guide ("Cluster API server endpoint")
// describes them:
// - kubectl to the API server: from the internet (public endpoint), or only from the VPC and the
//   networks routed to it (private endpoint), here through the transit gateway or the access host;
// - the kubelet on the nodes to the API server: through the NAT gateway and the public endpoint when
//   private access is off, else through the private endpoint in the VPC;
// - the API server to the kubelet: always through the EKS-owned network interfaces EKS places in the
//   cluster's subnets.
import { PolicyResource } from "@pulumi/policy";
import { ifKnown, listOf, PropertyBag } from "../../policies/lib/props";
import { AWS, NETWORK } from "../../policies/lib/resourceTypes";
import { StackContext } from "../../policies/lib/stackContext";

const text = (value: unknown) => String(value ?? "?").replace(/"/g, "#quot;");
const known = (read: () => unknown) => ifKnown(read) ?? "?";

function endpointMode(cluster: PolicyResource): string {
    const vpc = (cluster.props.vpcConfig ?? {}) as PropertyBag;
    const isPublic = ifKnown(() => vpc.endpointPublicAccess ?? true);
    const isPrivate = ifKnown(() => vpc.endpointPrivateAccess ?? false);
    if (isPublic === undefined || isPrivate === undefined) {
        return "unknown";
    }
    return isPublic && isPrivate ? "publicAndPrivate" : isPublic ? "public" : isPrivate ? "private" : "none";
}

/** Fargate selectors as read on one line each: `apps (app=web, tier=front)`. */
function selectorText(profile: PolicyResource): string {
    const selectors = ifKnown(() => listOf<PropertyBag>(profile.props, "selectors"));
    if (!selectors) {
        return "selectors ?";
    }
    return selectors
        .map((s) => {
            const labels = Object.entries((s.labels ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${v}`);
            return `${text(s.namespace)}${labels.length ? ` (${text(labels.join(", "))})` : ""}`;
        })
        .join("<br/>");
}

/** The diagram of a plan, from its context (see planContext). */
export function environmentDiagram(context: StackContext): string {
    const { graph, network } = context;
    const ids = new Map<string, string>();
    const id = (r: PolicyResource) => ids.get(r.urn) ?? (ids.set(r.urn, `n${ids.size}`), ids.get(r.urn)!);
    const lines = ["flowchart TB"];
    const clusters = context.clusters;
    const modes = new Set(clusters.map(endpointMode));
    const publicEndpoint = modes.has("public") || modes.has("publicAndPrivate");
    const accessHosts = graph.ofType(NETWORK.instance).filter((i) => /access-host$/.test(i.name));

    if (publicEndpoint || graph.ofType(NETWORK.internetGateway).length > 0) {
        lines.push(`  internet(("Internet"))`);
    }
    for (const vpc of graph.ofType(AWS.vpc)) {
        lines.push(`  subgraph ${id(vpc)}["VPC ${text(known(() => vpc.props.cidrBlock))}"]`);
        lines.push("    direction LR");
        for (const igw of graph.ofType(NETWORK.internetGateway)) {
            lines.push(`    ${id(igw)}[["internet gateway"]]`);
        }
        const subnets = graph.ofType(AWS.subnet).filter((s) => network.subnet(s).vpc?.urn === vpc.urn);
        const zoneOf = (s: PolicyResource) => network.subnet(s).zone ?? "zone ?";
        // Zones in name order (us-east-1a, 1b, 1c), side by side; in each, public above private.
        const zones = [...new Set(subnets.map(zoneOf))].sort();
        zones.forEach((zone, z) => {
            lines.push(`    subgraph ${id(vpc)}z${z}["${text(zone)}"]`, "      direction TB");
            const inZone = subnets.filter((s) => zoneOf(s) === zone);
            const rank = (s: PolicyResource) => (network.subnet(s).internetRoute === true ? 0 : 1);
            for (const subnet of [...inZone].sort((a, b) => rank(a) - rank(b))) {
                const facts = network.subnet(subnet);
                const kind = facts.internetRoute === true ? "public" : facts.internetRoute === false ? "private" : "subnet";
                lines.push(`      ${id(subnet)}["${kind} ${text(known(() => subnet.props.cidrBlock))}"]`);
            }
            for (const nat of graph.ofType(NETWORK.natGateway).filter((n) => network.natZone(n) === zone)) {
                lines.push(`      ${id(nat)}(["NAT gateway"])`);
                const [home] = graph.targetsOrNote(graph.references(nat, ["subnetId"], [AWS.subnet])) ?? [];
                if (home) {
                    lines.push(`      ${id(home)} --- ${id(nat)}`);
                }
            }
            lines.push("    end");
        });
        for (const host of accessHosts) {
            lines.push(`    ${id(host)}[/"SSM access host"/]`);
        }
        lines.push("  end");
    }
    for (const igw of graph.ofType(NETWORK.internetGateway)) {
        lines.push(`  ${id(igw)} <--> internet`);
    }
    for (const subnet of graph.ofType(AWS.subnet)) {
        for (const nat of network.subnet(subnet).defaultRouteNats ?? []) {
            lines.push(`  ${id(subnet)} -->|0.0.0.0/0| ${id(nat)}`);
        }
    }
    for (const cluster of clusters) {
        const mode = endpointMode(cluster);
        const plane = id(cluster);
        lines.push(`  ${plane}{{"EKS ${text(known(() => cluster.props.name))} (${text(known(() => cluster.props.version))})<br/>endpoint: ${mode}"}}`);
        const clusterSubnets = context.subnetsOf(cluster) ?? [];
        lines.push(`  ${plane}eni[["EKS-owned network interfaces<br/>in ${clusterSubnets.length} cluster subnets"]]`);
        for (const subnet of clusterSubnets) {
            lines.push(`  ${plane}eni -.- ${id(subnet.subnet)}`);
        }
        lines.push(`  ${plane} -->|"API server to kubelet"| ${plane}eni`);
        if (mode === "public" || mode === "publicAndPrivate") {
            lines.push(`  internet -->|"kubectl (public endpoint)"| ${plane}`);
        }
        if (mode === "private" || mode === "publicAndPrivate") {
            lines.push(`  ${plane}eni -->|"kubelet to API server (private endpoint)"| ${plane}`);
        }
        if (mode === "public") {
            lines.push(`  internet -->|"kubelet to API server (public endpoint, through NAT)"| ${plane}`);
        }
        if (mode === "private") {
            // Only networks routed to the VPC reach a private-only endpoint.
            const paths = [
                ...graph.ofType(NETWORK.transitGatewayAttachment).map((a) => ({ node: `${id(a)}[["transit gateway"]]`, from: id(a), label: "kubectl from connected networks" })),
                ...accessHosts.map((h) => ({ node: "", from: id(h), label: "kubectl through SSM port forwarding" })),
            ];
            if (paths.length === 0) {
                paths.push({ node: `${plane}vpn[["VPN or peering (not in this stack)"]]`, from: `${plane}vpn`, label: "kubectl from routed networks" });
            }
            for (const path of paths) {
                if (path.node) {
                    lines.push(`  ${path.node}`);
                }
                lines.push(`  ${path.from} -->|"${path.label}"| ${plane}eni`);
            }
        }
    }
    for (const group of context.nodeGroups) {
        const scaling = (ifKnown(() => group.props.scalingConfig) ?? {}) as PropertyBag;
        const types = ifKnown(() => listOf<string>(group.props, "instanceTypes").join(", ")) ?? "?";
        const capacity = ifKnown(() => group.props.capacityType) ?? "ON_DEMAND";
        lines.push(`  ${id(group)}[/"node group ${text(group.name)}<br/>${text(types)} · ${text(capacity)} · ${text(known(() => scaling.minSize))}-${text(known(() => scaling.maxSize))}"/]`);
        for (const subnet of context.subnetsOf(group) ?? []) {
            lines.push(`  ${id(group)} --> ${id(subnet.subnet)}`);
        }
    }
    for (const cluster of context.autoModeClusters) {
        const pools = ifKnown(() => listOf<string>((cluster.props.computeConfig ?? {}) as PropertyBag, "nodePools").join(", ")) ?? "?";
        lines.push(`  ${id(cluster)}auto[/"EKS Auto Mode nodes<br/>node pools: ${text(pools || "none")}"/]`);
        for (const subnet of context.subnetsOf(cluster) ?? []) {
            lines.push(`  ${id(cluster)}auto --> ${id(subnet.subnet)}`);
        }
    }
    for (const profile of context.fargateProfiles) {
        lines.push(`  ${id(profile)}[\\"Fargate ${text(known(() => profile.props.fargateProfileName))}<br/>${selectorText(profile)}"\\]`);
        for (const subnet of context.subnetsOf(profile) ?? []) {
            lines.push(`  ${id(profile)} --> ${id(subnet.subnet)}`);
        }
    }
    return lines.join("\n");
}
