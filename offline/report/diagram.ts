// Mermaid diagrams of a planned environment for a pull-request comment, drawn from the same graph
// the rules use, in two parts so each stays readable in a comment's ~800 px at Mermaid's own label
// size (tests/diagramRendering.test.ts renders them in Chromium and measures):
// - the network: each VPC with its zones one below the other, in name order (Mermaid's layout
//   reorders side-by-side groups, so zones are chained top to bottom), each zone's private subnets
//   with where their default route goes and its public subnets with their NAT gateways;
// - the cluster: the control plane outside the VPC, the traffic paths of the endpoint mode as the EKS
//   User Guide ("Cluster API server endpoint") describes them, and what runs where:
//   - kubectl to the API server: from the internet (public endpoint), or only from the VPC and the
//     networks routed to it (private endpoint), here through the transit gateway or the access host;
//   - the kubelet on the nodes to the API server: through the NAT gateway and the public endpoint when
//     private access is off, else through the private endpoint in the VPC;
//   - the API server to the kubelet: always through the EKS-owned network interfaces EKS places in
//     the cluster's subnets.
// With --compare, what the change adds, replaces or updates is coloured, and what it removes listed.
import { PolicyResource } from "@pulumi/policy";
import { ifKnown, listOf, PropertyBag } from "../../policies/lib/props";
import { AWS, NETWORK } from "../../policies/lib/resourceTypes";
import { StackContext } from "../../policies/lib/stackContext";
import { SubnetFacts } from "../../policies/lib/networkTopology";

export interface Diagram {
    title: string;
    mermaid: string;
    /** What the diagram cannot show, said under it (removed resources, the colours' meaning). */
    legend?: string;
    /** Something drawn in it is coloured by the change (--compare). */
    changed?: boolean;
}

/** What a change does, by URN, for colouring (--compare). */
export interface DiagramMarks {
    added: ReadonlySet<string>;
    replaced: ReadonlySet<string>;
    updated: ReadonlySet<string>;
    removed: readonly { type: string; name: string }[];
    /** Old and new values by resource, so a label shows what moves (Kubernetes 1.35 → 1.36). */
    values?: ReadonlyMap<string, readonly { path: string; before?: unknown; after?: unknown }[]>;
}

export interface DiagramOptions {
    marks?: DiagramMarks;
    /** The stack the network is declared in, when another one (network.fromStack). */
    networkStack?: string;
}

const text = (value: unknown) => String(value ?? "?").replace(/"/g, "#quot;");
const listText = (value: unknown) => (Array.isArray(value) ? value.join(", ") : String(value ?? "?"));

/** A value in a label, as `old → new` when the change moves it. */
function moved(marks: DiagramMarks | undefined, urn: string, path: string, now: string): string {
    const change = marks?.values?.get(urn)?.find((c) => c.path === path);
    return change && change.before !== undefined ? `${text(listText(change.before))} → ${now}` : now;
}
const known = (read: () => unknown) => ifKnown(read) ?? "?";
/** At most this many compute boxes side by side; more go in rows below, so the width stays bounded. */
const PER_ROW = 3;

const CLASSES = [
    "  classDef added fill:#e6ffed,stroke:#22863a,stroke-width:2px",
    "  classDef replaced fill:#fff1e5,stroke:#d15704,stroke-width:3px,stroke-dasharray:6 3",
    "  classDef updated fill:#eef6ff,stroke:#0969da,stroke-width:2px",
];

function endpointMode(cluster: PolicyResource): string {
    // A whole vpcConfig may be unknown (an encrypted secret in a state file).
    const vpc = ifKnown(() => (cluster.props.vpcConfig ?? {}) as PropertyBag);
    if (vpc === undefined) {
        return "unknown";
    }
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

/** Ids for Mermaid, and the classes of marked resources. */
class Drawing {
    private readonly ids = new Map<string, string>();
    readonly lines: string[];
    private readonly marked: string[] = [];

    constructor(private readonly marks: DiagramMarks | undefined) {
        this.lines = ["flowchart TB"];
    }

    id(key: string): string {
        if (!this.ids.has(key)) {
            this.ids.set(key, `n${this.ids.size}`);
        }
        return this.ids.get(key)!;
    }

    /** A node for a resource, coloured by what the change does to it. */
    node(resource: PolicyResource, shape: (id: string) => string, indent = "  "): string {
        const id = this.id(resource.urn);
        this.lines.push(`${indent}${shape(id)}`);
        const mark = this.marks?.added.has(resource.urn) ? "added" : this.marks?.replaced.has(resource.urn) ? "replaced" : this.marks?.updated.has(resource.urn) ? "updated" : undefined;
        if (mark) {
            this.marked.push(`  class ${id} ${mark}`);
        }
        return id;
    }

    get changed(): boolean {
        return this.marked.length > 0;
    }

    done(): string {
        return [...this.lines, ...(this.marked.length > 0 ? [...CLASSES, ...this.marked] : [])].join("\n");
    }
}

const zoneShort = (zones: string[]) => {
    const sorted = [...new Set(zones)].sort();
    // us-east-1a, 1b, 1c: the region once.
    const region = /^(.*-\d)[a-z]$/.exec(sorted[0] ?? "")?.[1];
    return region && sorted.every((z) => z.startsWith(region)) ? sorted.map((z, i) => (i === 0 ? z : z.slice(region.length - 1))).join(", ") : sorted.join(", ");
};

function networkDiagram(context: StackContext, vpc: PolicyResource, options: DiagramOptions): Diagram {
    const { graph, network } = context;
    const d = new Drawing(options.marks);
    const igw = graph.ofType(NETWORK.internetGateway).length > 0 ? " · internet gateway" : "";
    const vpcId = d.node(vpc, (id) => `subgraph ${id}["VPC ${text(known(() => vpc.props.cidrBlock))}${igw}${options.networkStack ? ` (stack ${text(options.networkStack)})` : ""}"]`);
    d.lines.push("    direction TB");
    const subnets = graph.ofType(AWS.subnet).filter((s) => network.subnet(s).vpc?.urn === vpc.urn);
    const zoneOf = (s: PolicyResource) => network.subnet(s).zone ?? "zone ?";
    const zones = [...new Set(subnets.map(zoneOf))].sort();
    const hosts = graph.ofType(NETWORK.instance).filter((i) => /access-host$/.test(i.name));
    zones.forEach((zone, z) => {
        d.lines.push(`    subgraph ${vpcId}z${z}["${text(zone)}"]`, "      direction LR");
        const inZone = subnets.filter((s) => zoneOf(s) === zone);
        const nats = graph.ofType(NETWORK.natGateway).filter((n) => network.natZone(n) === zone);
        const publicIds = new Map<string, string>();
        for (const subnet of inZone.filter((s) => network.subnet(s).internetRoute === true)) {
            const here = nats.filter((n) => (graph.targetsOrNote(graph.references(n, ["subnetId"], [AWS.subnet])) ?? [])[0]?.urn === subnet.urn);
            const extra = [...(here.length > 0 ? ["NAT gateway"] : []), ...(network.subnet(subnet).mapsPublicIp ? ["gives public IPs"] : [])];
            publicIds.set(subnet.urn, d.node(subnet, (id) => `${id}["public ${text(known(() => subnet.props.cidrBlock))}${extra.map((e) => `<br/>${e}`).join("")}"]`, "      "));
            here.forEach((nat) => publicIds.set(nat.urn, publicIds.get(subnet.urn)!));
        }
        for (const subnet of inZone.filter((s) => network.subnet(s).internetRoute !== true)) {
            const facts = network.subnet(subnet);
            const kind = facts.internetRoute === false ? "private" : "subnet";
            const [nat] = facts.defaultRouteNats ?? [];
            const natZone = nat ? network.natZone(nat) : undefined;
            // A NAT gateway in this zone is an arrow; one in another zone is said, so zones stay apart.
            const route = !facts.defaultRouteNats ? "<br/>0.0.0.0/0 not known yet" : !nat ? "<br/>no route to the internet" : natZone !== zone ? `<br/>0.0.0.0/0 via the NAT gateway in ${text(natZone ?? "?")}` : "";
            const id = d.node(subnet, (nid) => `${nid}["${kind} ${text(known(() => subnet.props.cidrBlock))}${route}"]`, "      ");
            if (nat && natZone === zone && publicIds.has(nat.urn)) {
                d.lines.push(`      ${id} -->|"0.0.0.0/0 via NAT"| ${publicIds.get(nat.urn)}`);
            }
        }
        for (const host of hosts.filter((h) => (context.graph.targetsOrNote(context.graph.references(h, ["subnetId"], [AWS.subnet])) ?? []).some((s) => zoneOf(s) === zone))) {
            d.node(host, (id) => `${id}[/"SSM access host"/]`, "      ");
        }
        d.lines.push("    end");
    });
    if (zones.length > 1) {
        d.lines.push(`    ${zones.map((_, z) => `${vpcId}z${z}`).join(" ~~~ ")}`);
    }
    d.lines.push("  end");
    const attachments = graph.ofType(NETWORK.transitGatewayAttachment);
    for (const attachment of attachments) {
        const routed = [...new Set(subnets.flatMap((s) => (network.subnet(s).routes ?? []).filter((r) => r.target.kind === "other" && r.destination && r.destination !== "0.0.0.0/0").map((r) => r.destination!)))];
        const tgw = d.node(attachment, (id) => `${id}[["transit gateway attachment${routed.length ? `<br/>routes ${text(routed.join(", "))}` : ""}"]]`);
        d.lines.push(`  ${vpcId} --- ${tgw}`);
    }
    return { title: `Network: VPC ${String(known(() => vpc.props.cidrBlock))}${options.networkStack ? ` (from stack ${options.networkStack})` : ""}`, mermaid: d.done(), changed: d.changed };
}

/** The subnets a host runs in, as one box per distinct set ("private subnets in us-east-1a, 1b, 1c"). */
function placementBox(d: Drawing, placements: Map<string, string>, subnets: SubnetFacts[] | undefined): string {
    const key = subnets ? subnets.map((s) => s.subnet.urn).sort().join(" ") : "?";
    if (!placements.has(key)) {
        const kinds = [...new Set((subnets ?? []).map((s) => (s.internetRoute === true ? "public" : s.internetRoute === false ? "private" : "")))].filter(Boolean);
        const label = subnets ? `${kinds.join(" and ") || "the"} subnets in ${text(zoneShort(subnets.map((s) => s.zone ?? "?")))}` : "subnets not known yet";
        placements.set(key, d.id(`placement ${key}`));
        d.lines.push(`  ${placements.get(key)}["${label}"]`);
    }
    return placements.get(key)!;
}

/** A resource's own part of its name: `general` of `eks-platform-prod-general` in cluster `eks-platform-prod`. */
function shortName(resource: PolicyResource, clusterName: string | undefined): string {
    return clusterName && resource.name.startsWith(`${clusterName}-`) ? resource.name.slice(clusterName.length + 1) : resource.name;
}

/**
 * Top to bottom: where kubectl comes from, the control plane, the network interfaces EKS places in
 * the cluster's subnets, those subnets, and what runs in them (rows of at most PER_ROW).
 */
function clusterDiagram(context: StackContext, cluster: PolicyResource, options: DiagramOptions): Diagram {
    const { graph } = context;
    const d = new Drawing(options.marks);
    const mode = endpointMode(cluster);
    const name = ifKnown(() => cluster.props.name) as string | undefined;
    const placements = new Map<string, string>();
    const sources: string[] = [];
    if (mode === "public" || mode === "publicAndPrivate") {
        d.lines.push(`  internet(("Internet"))`);
        sources.push("internet");
    }
    // Only networks routed to the VPC reach a private-only endpoint.
    const privatePaths: { id: string; label: string }[] = [];
    if (mode === "private") {
        for (const attachment of graph.ofType(NETWORK.transitGatewayAttachment)) {
            privatePaths.push({ id: d.node(attachment, (id) => `${id}[["transit gateway"]]`), label: "kubectl from connected networks" });
        }
        for (const host of graph.ofType(NETWORK.instance).filter((i) => /access-host$/.test(i.name))) {
            privatePaths.push({ id: d.node(host, (id) => `${id}[/"SSM access host"/]`), label: "kubectl through SSM port forwarding" });
        }
        if (privatePaths.length === 0) {
            const vpn = d.id(`${cluster.urn} vpn`);
            d.lines.push(`  ${vpn}[["VPN or peering<br/>(not in this stack)"]]`);
            privatePaths.push({ id: vpn, label: "kubectl from routed networks" });
        }
    }
    const version = moved(options.marks, cluster.urn, "version", text(known(() => cluster.props.version)));
    const plane = d.node(cluster, (id) => `${id}{{"EKS cluster<br/>${text(name ?? "?")}<br/>Kubernetes ${version}<br/>endpoint: ${mode}"}}`);
    // The control plane below where kubectl comes from, above its network interfaces.
    privatePaths.forEach((path) => d.lines.push(`  ${path.id} ~~~ ${plane}`));
    if (mode === "public" || mode === "publicAndPrivate") {
        d.lines.push(`  internet -->|"kubectl (public endpoint)"| ${plane}`);
    }
    const eni = d.id(`${cluster.urn} eni`);
    d.lines.push(`  ${eni}[["EKS-owned network<br/>interfaces"]]`);
    // One edge both ways with a private endpoint: a second, reversed edge would pull the control plane below.
    d.lines.push(
        mode === "private" || mode === "publicAndPrivate"
            ? `  ${plane} <-->|"API server to kubelet, and kubelet to API server (private endpoint)"| ${eni}`
            : `  ${plane} -->|"API server to kubelet"| ${eni}`,
    );
    privatePaths.forEach((path) => d.lines.push(`  ${path.id} -->|"${path.label}"| ${eni}`));
    const clusterSubnets = context.subnetsOf(cluster);
    const clusterBox = placementBox(d, placements, clusterSubnets);
    d.lines.push(`  ${eni} -.- ${clusterBox}`);
    const hosts: { id: string; subnets: SubnetFacts[] | undefined }[] = [];
    for (const group of context.nodeGroups) {
        const scaling = (ifKnown(() => group.props.scalingConfig) ?? {}) as PropertyBag;
        const types = moved(options.marks, group.urn, "instanceTypes", text(ifKnown(() => listOf<string>(group.props, "instanceTypes").join(", ")) || "t3.medium"));
        const capacity = ifKnown(() => group.props.capacityType) === "SPOT" ? "Spot" : "On-Demand";
        const id = d.node(group, (nid) => `${nid}["node group ${text(shortName(group, name))}<br/>${types}<br/>${capacity}, ${text(known(() => scaling.minSize))} to ${text(known(() => scaling.maxSize))} nodes"]`);
        hosts.push({ id, subnets: context.subnetsOf(group) });
    }
    for (const autoMode of context.autoModeClusters.filter((c) => c.urn === cluster.urn)) {
        const pools = ifKnown(() => listOf<string>((autoMode.props.computeConfig ?? {}) as PropertyBag, "nodePools").join(", ")) ?? "?";
        const id = d.id(`${autoMode.urn} auto`);
        d.lines.push(`  ${id}["EKS Auto Mode nodes<br/>node pools: ${text(pools || "none")}"]`);
        hosts.push({ id, subnets: clusterSubnets });
    }
    for (const profile of context.fargateProfiles) {
        const id = d.node(profile, (nid) => `${nid}(["Fargate ${text(shortName(profile, name))}<br/>${selectorText(profile)}"])`);
        hosts.push({ id, subnets: context.subnetsOf(profile) });
    }
    // Subnets above what runs in them, so the boxes sit at the bottom in rows. Subnets the control
    // plane is not in (a zone added after the cluster was created) go below its own, not beside it.
    const stacked = new Set<string>();
    for (const host of hosts) {
        const box = placementBox(d, placements, host.subnets);
        if (box !== clusterBox && !stacked.has(box)) {
            stacked.add(box);
            d.lines.push(`  ${clusterBox} ~~~ ${box}`);
        }
        d.lines.push(`  ${box} --- ${host.id}`);
    }
    hosts.slice(PER_ROW).forEach((host, i) => d.lines.push(`  ${hosts[i].id} ~~~ ${host.id}`));
    if (mode === "public") {
        d.lines.push(`  ${placementBox(d, placements, clusterSubnets)} -->|"kubelet to API server (public endpoint, through NAT)"| internet`);
    }
    return { title: `Cluster ${name ?? "?"}`, mermaid: d.done(), changed: d.changed };
}

const LEGEND = "Coloured by this change: green added, orange dashed replaced, blue updated in place.";

/** The diagrams of a plan, from its context (see planContext): the network of each VPC, then each cluster. */
export function environmentDiagrams(context: StackContext, options: DiagramOptions = {}): Diagram[] {
    const diagrams = [...context.graph.ofType(AWS.vpc).map((vpc) => networkDiagram(context, vpc, options)), ...context.clusters.map((cluster) => clusterDiagram(context, cluster, options))];
    const marks = options.marks;
    if (marks && diagrams.length > 0) {
        const removed = marks.removed.length > 0 ? ` Removed, so not drawn: ${marks.removed.map((r) => `${r.type.split(":").pop()} ${r.name}`).join(", ")}.` : "";
        const any = marks.added.size + marks.replaced.size + marks.updated.size > 0;
        const legend = `${any ? LEGEND : "Nothing drawn here changes."}${removed}`;
        diagrams[diagrams.length - 1] = { ...diagrams[diagrams.length - 1], legend };
    }
    return diagrams;
}
