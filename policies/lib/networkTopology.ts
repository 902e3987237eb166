// What the stack rules need to know about subnets: their route table (explicit association, else
// the VPC's main table), whether it routes to an internet gateway, which NAT gateways carry its
// default route, its zone and VPC. "undefined" always means "cannot tell yet".
import { PolicyResource } from "@pulumi/policy";
import { cidrContains, Ipv4Cidr, parseIpv4Cidr } from "./cidr";
import { effective, ifKnown, isPresent, listOf, PropertyBag } from "./props";
import { describe, ResourceGraph } from "./resourceGraph";
import { AWS, NETWORK } from "./resourceTypes";

type RouteTarget = { kind: "igw" } | { kind: "nat"; nat: PolicyResource } | { kind: "other" } | { kind: "unknown" };

export interface RouteEntry {
    /** Destination CIDR; undefined when unknown. */
    destination?: string;
    target: RouteTarget;
}

export interface SubnetFacts {
    subnet: PolicyResource;
    /** Routes to an internet gateway (a public subnet); undefined when a route target is unknown. */
    internetRoute: boolean | undefined;
    /** NAT gateways its 0.0.0.0/0 route uses; undefined when unknown. */
    defaultRouteNats: PolicyResource[] | undefined;
    zone: string | undefined;
    mapsPublicIp: boolean | undefined;
    vpc: PolicyResource | undefined;
    /** Routes of its route table (none for AWS's own main table); undefined when unknown. */
    routes: RouteEntry[] | undefined;
}

export class NetworkTopology {
    private readonly routesByTable = new Map<string, RouteEntry[]>();
    private readonly tableBySubnet = new Map<string, PolicyResource>();
    private readonly mainTableByVpc = new Map<string, PolicyResource>();
    private readonly facts = new Map<string, SubnetFacts>();
    /** Some association could not be resolved, so a subnet without one may still have one. */
    private associationsIncomplete = false;

    constructor(readonly graph: ResourceGraph) {
        for (const route of graph.ofType(NETWORK.route)) {
            const [table] = graph.targetsOrNote(graph.references(route, ["routeTableId"], [NETWORK.routeTable, NETWORK.defaultRouteTable])) ?? [];
            if (table) {
                const destination = ifKnown(() => route.props.destinationCidrBlock ?? route.props.destinationIpv6CidrBlock) as string | undefined;
                this.addRoute(table, { destination, target: this.targetOf(route, route.props, "gatewayId", "natGatewayId") });
            }
        }
        for (const table of graph.ofType(NETWORK.routeTable, NETWORK.defaultRouteTable)) {
            for (const inline of listOf<PropertyBag>(table.props, "routes")) {
                const destination = ifKnown(() => inline.cidrBlock ?? inline.ipv6CidrBlock) as string | undefined;
                this.addRoute(table, { destination, target: this.targetOf(table, inline, "gatewayId", "natGatewayId", "routes") });
            }
            this.routesByTable.set(table.urn, this.routesByTable.get(table.urn) ?? []);
        }
        for (const association of graph.ofType(NETWORK.routeTableAssociation)) {
            if (!isPresent(association.props, "subnetId")) {
                continue;
            }
            const subnets = graph.targetsOrNote(graph.references(association, ["subnetId"], [AWS.subnet]));
            const tables = graph.targetsOrNote(graph.references(association, ["routeTableId"], [NETWORK.routeTable, NETWORK.defaultRouteTable]));
            if (!subnets || !tables) {
                this.associationsIncomplete = true;
                continue;
            }
            if (subnets[0] && tables[0]) {
                this.tableBySubnet.set(subnets[0].urn, tables[0]);
            }
        }
        for (const main of graph.ofType(NETWORK.mainRouteTableAssociation)) {
            const [vpc] = graph.targetsOrNote(graph.references(main, ["vpcId"], [AWS.vpc])) ?? [];
            const [table] = graph.targetsOrNote(graph.references(main, ["routeTableId"], [NETWORK.routeTable])) ?? [];
            if (vpc && table) {
                this.mainTableByVpc.set(vpc.urn, table);
            }
        }
        for (const table of graph.ofType(NETWORK.defaultRouteTable)) {
            const [vpc] = graph.targetsOrNote(graph.references(table, ["defaultRouteTableId"], [AWS.vpc])) ?? [];
            if (vpc && !this.mainTableByVpc.has(vpc.urn)) {
                this.mainTableByVpc.set(vpc.urn, table);
            }
        }
    }

    private addRoute(table: PolicyResource, entry: RouteEntry): void {
        this.routesByTable.set(table.urn, [...(this.routesByTable.get(table.urn) ?? []), entry]);
    }

    private targetOf(owner: PolicyResource, route: PropertyBag, gatewayKey: string, natKey: string, dependencyKey?: string): RouteTarget {
        const graph = this.graph;
        const resolve = (key: string, type: string) => {
            if (dependencyKey === undefined) {
                return graph.references(owner, [key], [type]);
            }
            // Inline routes share one dependency list: usable only when it names a single target of the type.
            const value = ifKnown(() => route[key]);
            if (value !== undefined) {
                const target = graph.byIdentifier(String(value), [type]);
                return target ? { resolved: true as const, targets: [target] } : { resolved: false as const, reason: `${describe(owner)} routes to ${value}, which this stack does not declare` };
            }
            const candidates = (owner.propertyDependencies[dependencyKey] ?? []).filter((d) => d.type === type);
            return candidates.length === 1
                ? { resolved: true as const, targets: candidates }
                : { resolved: false as const, reason: `${describe(owner)} has an inline route whose ${key} is unknown` };
        };
        const isSet = (key: string) => isPresent(route, key) && !["", null].includes(ifKnown(() => route[key]) as string | null);
        if (isSet(natKey)) {
            const nat = graph.targetsOrNote(resolve(natKey, NETWORK.natGateway));
            return nat && nat[0] ? { kind: "nat", nat: nat[0] } : { kind: "unknown" };
        }
        if (isSet(gatewayKey)) {
            const known = ifKnown(() => route[gatewayKey]);
            if (typeof known === "string" && !graph.byIdentifier(known, [NETWORK.internetGateway])) {
                // An id not declared here: igw- is an internet gateway, vgw-/local are not.
                return known.startsWith("igw-") ? { kind: "igw" } : { kind: "other" };
            }
            const igw = graph.targetsOrNote(resolve(gatewayKey, NETWORK.internetGateway));
            return igw && igw[0] ? { kind: "igw" } : { kind: "unknown" };
        }
        return { kind: "other" };
    }

    /** The VPC a subnet (or anything with vpcId) belongs to. */
    vpcOf(resource: PolicyResource): PolicyResource | undefined {
        const [vpc] = this.graph.targetsOrNote(this.graph.references(resource, ["vpcId"], [AWS.vpc])) ?? [];
        return vpc;
    }

    private routeTableOf(subnet: PolicyResource, vpc: PolicyResource | undefined): PolicyResource | "implicitMain" | undefined {
        const explicit = this.tableBySubnet.get(subnet.urn);
        if (explicit) {
            return explicit;
        }
        if (this.associationsIncomplete) {
            this.graph.unresolved.push(`the route table of ${describe(subnet)} (some route table associations are unresolved)`);
            return undefined;
        }
        if (!vpc) {
            return undefined;
        }
        // Without a declared main table, the VPC's main table is the one AWS created: local routes only.
        return this.mainTableByVpc.get(vpc.urn) ?? "implicitMain";
    }

    subnet(subnet: PolicyResource): SubnetFacts {
        const cached = this.facts.get(subnet.urn);
        if (cached) {
            return cached;
        }
        const vpc = this.vpcOf(subnet);
        const table = this.routeTableOf(subnet, vpc);
        const routes = table === "implicitMain" ? [] : table ? this.routesByTable.get(table.urn) ?? [] : undefined;
        let internetRoute: boolean | undefined;
        let defaultRouteNats: PolicyResource[] | undefined;
        if (routes) {
            const unknownTarget = routes.some((r) => r.target.kind === "unknown");
            internetRoute = routes.some((r) => r.target.kind === "igw") ? true : unknownTarget ? undefined : false;
            const defaults = routes.filter((r) => r.destination === "0.0.0.0/0");
            defaultRouteNats = unknownTarget && defaults.length === 0 ? undefined : defaults.flatMap((r) => (r.target.kind === "nat" ? [r.target.nat] : []));
        }
        const zone = (ifKnown(() => subnet.props.availabilityZone) ?? ifKnown(() => subnet.props.availabilityZoneId)) as string | undefined;
        const mapsPublicIp = ifKnown(() => effective<boolean>(subnet.props, "mapPublicIpOnLaunch", false));
        const facts: SubnetFacts = { subnet, internetRoute, defaultRouteNats, zone, mapsPublicIp, vpc, routes };
        this.facts.set(subnet.urn, facts);
        return facts;
    }

    /** The zone of the subnet a NAT gateway sits in. */
    natZone(nat: PolicyResource): string | undefined {
        const [subnet] = this.graph.targetsOrNote(this.graph.references(nat, ["subnetId"], [AWS.subnet])) ?? [];
        return subnet ? this.subnet(subnet).zone : undefined;
    }
}

/**
 * Whether a subnet's route table sends a block to a gateway other than the internet or a NAT (a
 * transit or virtual private gateway, a peering): "routed", "missing", "unknown" (some route is not
 * known yet, and none known routes it), or "no table" (its route table is not known).
 */
export function routeToward(facts: SubnetFacts, block: Ipv4Cidr): "routed" | "missing" | "unknown" | "no table" {
    if (!facts.routes) {
        return "no table";
    }
    const routed = facts.routes.some((route) => {
        const destination = route.destination ? parseIpv4Cidr(route.destination) : undefined;
        return route.target.kind === "other" && destination !== undefined && cidrContains(destination, block);
    });
    if (routed) {
        return "routed";
    }
    return facts.routes.some((route) => route.destination === undefined || route.target.kind === "unknown") ? "unknown" : "missing";
}
