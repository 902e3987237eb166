// Reads the `network.*` keys into the network part of the environment.
import { ExternalNetworkConfig } from "./externalNetwork";
import { canonicalIpv4Cidr, cidrsOverlap, hasHostBitsSet, parseIpv4Cidr } from "../policies/lib/cidr";
import { readIpv4CidrList } from "./cidrValues";
import { NAT_STRATEGIES, NatStrategy, TransitGatewayConfig } from "./environment";
import { keySpec } from "./keys";
import { PodNetwork, readPodCidr } from "./podCidr";
import { ConfigProblems } from "./problems";
import { MAX_PREFIX, MIN_PREFIX, planSubnets, SubnetPlan } from "./subnetPlan";
import { RawValue, readBoolean, readEnum, readInteger, readObject, readString, readStringArray, reportDuplicates } from "./values";
import { ZONE_NAME_OR_ID } from "./zones";

export const MIN_ZONES = 2;

/** The cluster's IP family: what Kubernetes gives pods and services. */
export const IP_FAMILIES = ["ipv4", "ipv6"] as const;
export type IpFamily = (typeof IP_FAMILIES)[number];
export const MAX_ZONES = 6;

const TRANSIT_GATEWAY_ID = /^tgw-([0-9a-f]{8}|[0-9a-f]{17})$/;

export interface NetworkSection {
    vpcCidr: string;
    zoneCount: number;
    /** Explicit zone names or IDs, resolved against the region later. */
    zoneEntries?: string[];
    privateSubnets: boolean;
    subnets: SubnetPlan;
    natStrategy: NatStrategy;
    acknowledgeNoEgress: boolean;
    transitGateway?: TransitGatewayConfig;
    acknowledgeExternalRouting: boolean;
    /** The secondary CIDR for pods (custom networking) and its pod subnets. */
    pods?: PodNetwork;
    /** `ipv6`: a dual-stack VPC and an IPv6 cluster (pods and services get IPv6 addresses). */
    ipFamily: IpFamily;
    /** Declared elsewhere: checks on NAT gateways and routes this stack cannot see are skipped. */
    external?: ExternalNetworkConfig;
}

function readTransitGateway(problems: ConfigProblems, value: RawValue, vpc: ReturnType<typeof parseIpv4Cidr>): TransitGatewayConfig | undefined {
    const key = "network.transitGateway";
    const entry = readObject(problems, key, value, ["id", "routes"]);
    if (!entry) {
        return undefined;
    }
    const before = problems.count;
    const id = readString(problems, `${key}.id`, entry.id);
    if (id !== undefined && !TRANSIT_GATEWAY_ID.test(id)) {
        problems.add(`${key}.id`, id, "expected a transit gateway id such as tgw-0a1b2c3d4e5f67890 (an existing gateway shared with this account)");
    }
    const routes = readIpv4CidrList(problems, `${key}.routes`, entry.routes);
    if (entry.routes === undefined) {
        problems.add(`${key}.routes`, undefined, "list the destinations (VPN, on-premises or peered ranges) to route to the transit gateway from every private route table");
    }
    routes?.forEach((route, i) => {
        const block = parseIpv4Cidr(route)!;
        if (block.prefixLength === 0) {
            problems.add(`${key}.routes[${i}]`, route, "the default route belongs to the NAT gateways; list the access networks only");
        } else if (vpc && cidrsOverlap(vpc, block)) {
            problems.add(`${key}.routes[${i}]`, route, `overlaps the VPC CIDR, which the local route already serves; list networks outside the VPC`);
        }
    });
    if (routes && routes.length === 0) {
        problems.add(`${key}.routes`, routes, "list at least one destination; an attachment without routes carries no traffic");
    }
    return problems.count > before ? undefined : { id: id!, routes: routes! };
}

export function readNetwork(
    problems: ConfigProblems,
    value: (key: string) => RawValue,
    isSet: (key: string) => boolean,
): NetworkSection | undefined {
    const before = problems.count;
    const zoneWhy = "EKS needs subnets in at least two zones; a region has at most six";

    const vpcText = value("network.vpcCidr");
    let vpc = typeof vpcText === "string" ? parseIpv4Cidr(vpcText) : undefined;
    if (!vpc) {
        problems.add("network.vpcCidr", vpcText, "expected an IPv4 CIDR such as 10.0.0.0/16");
    } else if (hasHostBitsSet(vpc)) {
        problems.add("network.vpcCidr", vpcText, `host bits are set; did you mean ${canonicalIpv4Cidr(vpc)}?`);
        vpc = undefined;
    } else if (vpc.prefixLength < MIN_PREFIX || vpc.prefixLength > MAX_PREFIX) {
        problems.add("network.vpcCidr", vpcText, `VPC prefix length must be /${MIN_PREFIX} to /${MAX_PREFIX} (AWS limits)`);
        vpc = undefined;
    }

    let zoneEntries: string[] | undefined;
    let zoneCount: number | undefined;
    if (isSet("network.zones")) {
        zoneEntries = readStringArray(problems, "network.zones", value("network.zones"));
        if (zoneEntries) {
            zoneEntries.forEach((zone, i) => {
                if (!ZONE_NAME_OR_ID.test(zone)) {
                    problems.add(`network.zones[${i}]`, zone, "expected an availability zone name such as us-east-1a or a zone ID such as use1-az1");
                }
            });
            reportDuplicates(problems, "network.zones", zoneEntries);
            if (zoneEntries.length < MIN_ZONES || zoneEntries.length > MAX_ZONES) {
                problems.add("network.zones", zoneEntries, `must list ${MIN_ZONES} to ${MAX_ZONES} zones (${zoneWhy})`);
            }
            zoneCount = zoneEntries.length;
            // The Pulumi CLI hands the program Pulumi.yaml's default (3) as if it were set, so only a
            // count that is neither the default nor the list's length is a conflict.
            const count = value("network.zoneCount");
            const declaredDefault = String(keySpec("network.zoneCount").default);
            if (isSet("network.zoneCount") && String(count) !== String(zoneCount) && String(count) !== declaredDefault) {
                problems.add("network.zoneCount", count, `conflicts with network.zones, which lists ${zoneCount}; set only one of them`);
            }
        }
    } else {
        zoneCount = readInteger(problems, "network.zoneCount", value("network.zoneCount"), { min: MIN_ZONES, max: MAX_ZONES, why: zoneWhy });
    }

    const privateSubnets = readBoolean(problems, "network.privateSubnets", value("network.privateSubnets"));
    const optionalPrefix = (key: string) =>
        isSet(key) ? readInteger(problems, key, value(key), { min: MIN_PREFIX, max: MAX_PREFIX, why: "AWS subnet limits" }) : undefined;
    const privatePrefixLength = optionalPrefix("network.privateSubnetPrefixLength");
    const publicPrefixLength = optionalPrefix("network.publicSubnetPrefixLength");
    const privateCidrs = isSet("network.privateSubnetCidrs") ? readStringArray(problems, "network.privateSubnetCidrs", value("network.privateSubnetCidrs")) : undefined;
    const publicCidrs = isSet("network.publicSubnetCidrs") ? readStringArray(problems, "network.publicSubnetCidrs", value("network.publicSubnetCidrs")) : undefined;

    const natStrategy = readEnum(problems, "network.natStrategy", value("network.natStrategy"), NAT_STRATEGIES);
    const acknowledgeNoEgress = readBoolean(problems, "network.acknowledgeNoEgress", value("network.acknowledgeNoEgress"));
    const transitGateway = isSet("network.transitGateway") ? readTransitGateway(problems, value("network.transitGateway"), vpc) : undefined;
    const acknowledgeExternalRouting = readBoolean(problems, "network.acknowledgeExternalRouting", value("network.acknowledgeExternalRouting"));
    const ipFamily = readEnum(problems, "network.ipFamily", value("network.ipFamily"), IP_FAMILIES);
    const unreadable = problems.count > before;

    // Values that read well but do not go together still make a network, so the sections built on
    // it are checked too and every problem is in one message.
    if (privateSubnets === false && natStrategy !== undefined && natStrategy !== "none") {
        problems.add("network.natStrategy", natStrategy, `must be "none" when network.privateSubnets is false (NAT gateways only serve private subnets, and each costs money)`);
    }
    if (transitGateway && privateSubnets === false) {
        problems.add("network.transitGateway", transitGateway, "attaches the private subnets, and network.privateSubnets is false");
    }

    if (ipFamily === "ipv6" && isSet("network.podCidr")) {
        // EKS User Guide, eks-networking-add-ons.adoc (IPv6 feature support): "You can't use custom
        // networking with IPv6"; pods then take addresses from the subnets' IPv6 blocks instead.
        problems.add("network.podCidr", value("network.podCidr"), 'custom networking does not work in an IPv6 cluster (network.ipFamily: ipv6), and is not needed: pods take IPv6 addresses, not the subnets\' IPv4 ones. Remove network.podCidr, or use network.ipFamily: "ipv4"');
    }

    if (unreadable || !vpc || zoneCount === undefined || privateSubnets === undefined) {
        return undefined;
    }
    const subnets = planSubnets(problems, {
        vpc,
        zoneCount,
        privateSubnets,
        privatePrefixLength,
        publicPrefixLength,
        privateCidrs,
        publicCidrs,
    });
    const pods = isSet("network.podCidr") ? readPodCidr(problems, value("network.podCidr"), { vpc, zoneCount, privateSubnets, ...(transitGateway ? { transitGateway } : {}) }) : undefined;
    if (!subnets || natStrategy === undefined || acknowledgeNoEgress === undefined || acknowledgeExternalRouting === undefined || ipFamily === undefined || (isSet("network.podCidr") && !pods)) {
        return undefined;
    }
    return {
        vpcCidr: vpcText as string,
        zoneCount,
        zoneEntries,
        privateSubnets,
        subnets,
        natStrategy,
        acknowledgeNoEgress,
        ...(transitGateway ? { transitGateway } : {}),
        acknowledgeExternalRouting,
        ...(pods ? { pods } : {}),
        ipFamily,
    };
}
