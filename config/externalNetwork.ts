// A network the stack does not declare: `network.existing` (a VPC given by a network team, outside
// Pulumi or in another project) or `network.fromStack` (the `network` output of a stack of this
// program run with `stackRole: network`, or of any stack that exports the same shape). Both read into
// one shape; the cluster stack then places the cluster, node groups and Fargate profiles in it.
import { parseIpv4Cidr } from "../policies/lib/cidr";
import { AvailabilityZone, RegionFacts, unsupportedZoneIds } from "./zones";
import { ConfigProblems } from "./problems";
import { RawValue, reportDuplicates } from "./values";

export interface ExternalSubnet {
    id: string;
    zone: AvailabilityZone;
}

export type NetworkOrigin = { kind: "existing" } | { kind: "stack"; stack: string };

export interface ExternalNetworkConfig {
    origin: NetworkOrigin;
    vpcId: string;
    vpcCidr: string;
    privateSubnets: ExternalSubnet[];
    publicSubnets: ExternalSubnet[];
    /** With a public-only endpoint, nodes reach the API from these: they are added to the allow-list. */
    natGatewayPublicIps: string[];
    privateRouteTableIds: string[];
}

/** The fields of `network.existing`, and of a network stack's `network` output. */
export const EXTERNAL_NETWORK_FIELDS = ["vpcId", "vpcCidr", "privateSubnets", "publicSubnets", "natGatewayPublicIps", "privateRouteTableIds"];

/** What a stack reference name may be: `stack`, `project/stack` or `organization/project/stack`. */
export const STACK_REFERENCE_NAME = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;

const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const ROUTE_TABLE_ID = /^rtb-([0-9a-f]{8}|[0-9a-f]{17})$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * Reads the network. Hand-written ids (`network.existing`) must look like AWS ids; a stack's
 * outputs are ids AWS returned, so only their shape is checked.
 */
export function readExternalNetwork(problems: ConfigProblems, origin: NetworkOrigin, value: RawValue, region: RegionFacts): ExternalNetworkConfig | undefined {
    const before = problems.count;
    const stack = origin.kind === "stack" ? origin.stack : undefined;
    const add = (field: string, found: unknown, allowed: string) =>
        stack
            ? problems.add("network.fromStack", stack, `its output network${field ? `.${field}` : ""} = ${JSON.stringify(found) ?? "(not set)"}: ${allowed}`)
            : problems.add(`network.existing${field ? `.${field}` : ""}`, found, allowed);
    const idMatches = (pattern: RegExp, id: string) => stack !== undefined || pattern.test(id);

    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        add("", value, stack ? "the stack exports no network object; run it with stackRole: network (or export { vpcId, vpcCidr, privateSubnets, publicSubnets } as network)" : "expected a map: { vpcId, vpcCidr, privateSubnets: [{ id, zone }], publicSubnets: [{ id, zone }], natGatewayPublicIps? }");
        return undefined;
    }
    const entry = value as Record<string, unknown>;
    for (const key of Object.keys(entry).filter((k) => !EXTERNAL_NETWORK_FIELDS.includes(k))) {
        add(key, entry[key], `unknown field; known fields: ${EXTERNAL_NETWORK_FIELDS.join(", ")}`);
    }
    const vpcId = entry.vpcId;
    if (typeof vpcId !== "string" || !idMatches(VPC_ID, vpcId)) {
        add("vpcId", vpcId, "expected a VPC id such as vpc-0a1b2c3d4e5f67890");
    }
    const vpcCidr = entry.vpcCidr;
    if (typeof vpcCidr !== "string" || !parseIpv4Cidr(vpcCidr)) {
        add("vpcCidr", vpcCidr, "expected the VPC's IPv4 CIDR, such as 10.0.0.0/16 (the API's security group and the private access checks need it)");
    }
    const unsupported = unsupportedZoneIds(region.region);
    const readSubnets = (field: "privateSubnets" | "publicSubnets"): ExternalSubnet[] | undefined => {
        const list = entry[field] ?? [];
        if (!Array.isArray(list)) {
            add(field, list, "expected a list of { id, zone }");
            return undefined;
        }
        const subnets: ExternalSubnet[] = [];
        list.forEach((item, i) => {
            const subnet = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
            const id = subnet.id;
            if (typeof id !== "string" || !idMatches(SUBNET_ID, id)) {
                add(`${field}[${i}].id`, id, "expected a subnet id such as subnet-0a1b2c3d4e5f67890");
                return;
            }
            const zone = region.zones.find((z) => z.name === subnet.zone || z.id === subnet.zone);
            if (!zone) {
                add(`${field}[${i}].zone`, subnet.zone, `expected the subnet's zone, as a name or zone ID of ${region.region}: ${region.zones.map((z) => `${z.name} (${z.id})`).join(", ")}`);
                return;
            }
            if (unsupported.has(zone.id)) {
                add(`${field}[${i}].zone`, subnet.zone, `is zone ID ${zone.id}, where EKS does not accept cluster subnets (EKS User Guide, subnet requirements for clusters)`);
                return;
            }
            subnets.push({ id, zone });
        });
        reportDuplicates(problems, stack ? "network.fromStack" : `network.existing.${field}`, subnets.map((s) => s.id));
        return subnets;
    };
    const privateSubnets = readSubnets("privateSubnets");
    const publicSubnets = readSubnets("publicSubnets");
    const readList = (field: string, valid: (value: string) => boolean, what: string): string[] => {
        const list = entry[field] ?? [];
        if (!Array.isArray(list) || list.some((v) => typeof v !== "string" || !valid(v))) {
            add(field, list, `expected a list of ${what}`);
            return [];
        }
        return list as string[];
    };
    // Addresses are checked wherever they come from: the cluster's allow-list is built from them.
    const natGatewayPublicIps = readList("natGatewayPublicIps", (v) => IPV4.test(v), "IPv4 addresses (the NAT gateways' public addresses)");
    const privateRouteTableIds = readList("privateRouteTableIds", (v) => idMatches(ROUTE_TABLE_ID, v), "route table ids such as rtb-0a1b2c3d4e5f67890");
    if (privateSubnets && publicSubnets) {
        const clusterSubnets = privateSubnets.length > 0 ? privateSubnets : publicSubnets;
        const zones = new Set(clusterSubnets.map((s) => s.zone.id));
        if (zones.size < 2) {
            add(
                privateSubnets.length > 0 ? "privateSubnets" : "publicSubnets",
                clusterSubnets.map((s) => s.id),
                "the cluster's subnets (the private ones when there are any) must be in at least two zones (EKS requires it)",
            );
        }
    }
    if (problems.count > before) {
        return undefined;
    }
    return { origin, vpcId: vpcId as string, vpcCidr: vpcCidr as string, privateSubnets: privateSubnets!, publicSubnets: publicSubnets!, natGatewayPublicIps, privateRouteTableIds };
}
