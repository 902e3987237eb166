// Reads the `network.*` keys into the network part of the environment.
import { canonicalIpv4Cidr, hasHostBitsSet, parseIpv4Cidr } from "../policies/lib/cidr";
import { NAT_STRATEGIES, NatStrategy } from "./environment";
import { ConfigProblems } from "./problems";
import { MAX_PREFIX, MIN_PREFIX, planSubnets, SubnetPlan } from "./subnetPlan";
import { RawValue, readBoolean, readEnum, readInteger, readStringArray, reportDuplicates } from "./values";

export const MIN_ZONES = 2;
export const MAX_ZONES = 6;

/** Zone names such as us-east-1a, eu-central-1c or a Local Zone's us-east-1-bos-1a. */
const ZONE_NAME = /^[a-z]{2}(-[a-z0-9]+)+[a-z]$/;

export interface NetworkSection {
    vpcCidr: string;
    zoneCount: number;
    zoneNames?: string[];
    privateSubnets: boolean;
    subnets: SubnetPlan;
    natStrategy: NatStrategy;
    acknowledgeNoEgress: boolean;
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

    let zoneNames: string[] | undefined;
    let zoneCount: number | undefined;
    if (isSet("network.zones")) {
        zoneNames = readStringArray(problems, "network.zones", value("network.zones"));
        if (zoneNames) {
            zoneNames.forEach((zone, i) => {
                if (!ZONE_NAME.test(zone)) {
                    problems.add(`network.zones[${i}]`, zone, "expected an availability zone name such as us-east-1a");
                }
            });
            reportDuplicates(problems, "network.zones", zoneNames);
            if (zoneNames.length < MIN_ZONES || zoneNames.length > MAX_ZONES) {
                problems.add("network.zones", zoneNames, `must list ${MIN_ZONES} to ${MAX_ZONES} zones (${zoneWhy})`);
            }
            zoneCount = zoneNames.length;
            if (isSet("network.zoneCount") && String(value("network.zoneCount")) !== String(zoneCount)) {
                problems.add("network.zoneCount", value("network.zoneCount"), `conflicts with network.zones, which lists ${zoneCount}; set only one of them`);
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
    if (privateSubnets === false && natStrategy !== undefined && natStrategy !== "none") {
        problems.add("network.natStrategy", natStrategy, `must be "none" when network.privateSubnets is false (NAT gateways only serve private subnets, and each costs money)`);
    }

    if (problems.count > before || !vpc || zoneCount === undefined || privateSubnets === undefined) {
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
    if (!subnets || natStrategy === undefined || acknowledgeNoEgress === undefined) {
        return undefined;
    }
    return { vpcCidr: vpcText as string, zoneCount, zoneNames, privateSubnets, subnets, natStrategy, acknowledgeNoEgress };
}
