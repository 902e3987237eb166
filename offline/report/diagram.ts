// A Mermaid diagram of a planned environment: VPC, zones, subnets, NAT gateways, the cluster and
// its endpoint mode, node groups and Fargate profiles, drawn from the same graph the rules use.
import { PolicyResource } from "@pulumi/policy";
import { NetworkTopology } from "../../policies/lib/networkTopology";
import { ifKnown, listOf, PropertyBag } from "../../policies/lib/props";
import { ResourceGraph } from "../../policies/lib/resourceGraph";
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

/** The diagram of a plan, from its context (see planContext). */
export function environmentDiagram(context: StackContext): string {
    const graph: ResourceGraph = context.graph;
    const network: NetworkTopology = context.network;
    const ids = new Map<string, string>();
    const id = (r: PolicyResource) => ids.get(r.urn) ?? (ids.set(r.urn, `n${ids.size}`), ids.get(r.urn)!);
    const lines = ["flowchart TB"];

    for (const vpc of graph.ofType(AWS.vpc)) {
        lines.push(`  subgraph ${id(vpc)}["VPC ${text(known(() => vpc.props.cidrBlock))}"]`);
        const subnets = graph.ofType(AWS.subnet).filter((s) => network.subnet(s).vpc?.urn === vpc.urn);
        const zones = [...new Set(subnets.map((s) => network.subnet(s).zone ?? "zone ?"))].sort();
        zones.forEach((zone, z) => {
            lines.push(`    subgraph ${id(vpc)}z${z}["${text(zone)}"]`);
            for (const subnet of subnets.filter((s) => (network.subnet(s).zone ?? "zone ?") === zone)) {
                const facts = network.subnet(subnet);
                const kind = facts.internetRoute === true ? "public" : facts.internetRoute === false ? "private" : "subnet";
                lines.push(`      ${id(subnet)}["${kind} ${text(known(() => subnet.props.cidrBlock))}"]`);
            }
            for (const nat of graph.ofType(NETWORK.natGateway).filter((n) => network.natZone(n) === zone)) {
                lines.push(`      ${id(nat)}(["NAT gateway"])`);
            }
            lines.push("    end");
        });
        lines.push("  end");
    }
    for (const subnet of graph.ofType(AWS.subnet)) {
        for (const nat of network.subnet(subnet).defaultRouteNats ?? []) {
            lines.push(`  ${id(subnet)} -->|0.0.0.0/0| ${id(nat)}`);
        }
    }
    for (const cluster of context.clusters) {
        lines.push(`  ${id(cluster)}{{"EKS ${text(known(() => cluster.props.name))} (${text(known(() => cluster.props.version))})<br/>endpoint: ${endpointMode(cluster)}"}}`);
        for (const subnet of context.subnetsOf(cluster) ?? []) {
            lines.push(`  ${id(cluster)} -.- ${id(subnet.subnet)}`);
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
    for (const profile of context.fargateProfiles) {
        const namespaces = ifKnown(() => listOf<PropertyBag>(profile.props, "selectors").map((s) => s.namespace).join(", ")) ?? "?";
        lines.push(`  ${id(profile)}[\\"Fargate ${text(known(() => profile.props.fargateProfileName))}<br/>${text(namespaces)}"\\]`);
        for (const subnet of context.subnetsOf(profile) ?? []) {
            lines.push(`  ${id(profile)} --> ${id(subnet.subnet)}`);
        }
    }
    return lines.join("\n");
}
