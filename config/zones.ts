// Chooses the availability zones of the environment by zone ID, never one where EKS refuses
// control-plane subnets, and checks explicit zones (names or IDs) against the stack's region.
//
// Zone names map to different physical zones (zone IDs) in each account, and EKS refuses cluster
// subnets in some zone IDs, so a name-based choice fails in CreateCluster after the VPC exists.
import unsupportedData from "./data/eks-unsupported-zone-ids.json";
import { ConfigProblems } from "./problems";
import { reportDuplicates } from "./values";

export interface AvailabilityZone {
    /** The account-specific name, e.g. us-east-1a; used in resource names and subnet placement. */
    name: string;
    /** The physical zone, the same in every account, e.g. use1-az1. */
    id: string;
}

/** What the program learns about the stack's region before validating zones. */
export interface RegionFacts {
    region: string;
    /** The region's standard zones (no Local or Wavelength Zones), in name order. */
    zones: AvailabilityZone[];
}

const UNSUPPORTED: Readonly<Record<string, readonly string[]>> = unsupportedData.zoneIdsByRegion;

/** Zone IDs where EKS does not accept cluster subnets in this region (cited data). */
export function unsupportedZoneIds(region: string): ReadonlySet<string> {
    return new Set(UNSUPPORTED[region] ?? []);
}

/** A zone name (us-east-1a) or zone ID (use1-az1), as `network.zones` accepts. */
export const ZONE_NAME_OR_ID = /^([a-z]{2}(-[a-z]+)+-\d+[a-z]|[a-z]{2,6}\d-az\d+)$/;
const ZONE_NAME_REGION = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/;

function describeZones(zones: readonly AvailabilityZone[]): string {
    return zones.map((z) => `${z.name} (${z.id})`).join(", ");
}

function unknownZoneMessage(entry: string, facts: RegionFacts, supported: readonly AvailabilityZone[]): string {
    const region = ZONE_NAME_REGION.exec(entry)?.[1];
    if (region && region !== facts.region) {
        return `is a zone of ${region}, but the stack deploys to ${facts.region} (aws:region); zones EKS accepts there: ${describeZones(supported)}`;
    }
    return `is not a zone name or zone ID of ${facts.region}; zones EKS accepts there: ${describeZones(supported)}`;
}

/**
 * The zones to use: the explicit ones resolved to name and ID, or the first `zoneCount` standard
 * zones in name order whose ID EKS accepts. Name order is stable: a zone AWS adds later sorts after
 * the existing ones, and no availability state is filtered on, so an impaired zone during a later
 * `pulumi up` does not shift the choice (and replace every subnet).
 */
export function chooseZones(problems: ConfigProblems, facts: RegionFacts, requested: readonly string[] | undefined, zoneCount: number): AvailabilityZone[] | undefined {
    const unsupported = unsupportedZoneIds(facts.region);
    const supported = facts.zones.filter((z) => !unsupported.has(z.id));
    if (!requested) {
        if (supported.length < zoneCount) {
            const refused = facts.zones.filter((z) => unsupported.has(z.id));
            const why = refused.length > 0 ? `; EKS does not accept ${describeZones(refused)} (EKS User Guide, subnet requirements for clusters)` : "";
            problems.add("network.zoneCount", zoneCount, `the region ${facts.region} has only ${supported.length} zones EKS accepts (${describeZones(supported)})${why}`);
            return undefined;
        }
        return supported.slice(0, zoneCount);
    }
    const before = problems.count;
    const resolved: (AvailabilityZone | undefined)[] = requested.map((entry, i) => {
        const zone = facts.zones.find((z) => z.name === entry || z.id === entry);
        if (!zone) {
            problems.add(`network.zones[${i}]`, entry, unknownZoneMessage(entry, facts, supported));
            return undefined;
        }
        if (unsupported.has(zone.id)) {
            problems.add(
                `network.zones[${i}]`,
                entry,
                `is zone ID ${zone.id}${zone.name === entry ? "" : ` (${zone.name} in this account)`}, where EKS does not accept cluster subnets (EKS User Guide, subnet requirements for clusters); choose from ${describeZones(supported)}`,
            );
            return undefined;
        }
        return zone;
    });
    // A name and its ID name the same zone.
    reportDuplicates(problems, "network.zones", resolved.map((z) => z?.id));
    return problems.count > before ? undefined : (resolved as AvailabilityZone[]);
}
