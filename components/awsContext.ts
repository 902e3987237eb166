// What the program asks AWS before validating and declaring anything: partition, account, region
// and the region's zones. These are data-source reads, not resources.
import * as aws from "@pulumi/aws";
import { RegionFacts } from "../config/zones";
import { AwsContext } from "./policyDocuments";

export async function lookupAwsContext(): Promise<AwsContext> {
    const [partition, identity, region] = await Promise.all([aws.getPartition(), aws.getCallerIdentity(), aws.getRegion()]);
    return { partition: partition.partition, accountId: identity.accountId, region: region.region };
}

/**
 * The region's standard zones with their IDs, in name order. No `state` filter: a zone that is
 * impaired during a later `pulumi up` must not drop out of the derived choice (config/zones.ts).
 * `opt-in-not-required` leaves out Local and Wavelength Zones, where EKS places no control plane.
 */
export async function lookupRegionFacts(region: string): Promise<RegionFacts> {
    const zones = await aws.getAvailabilityZones({ filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] });
    const listed = zones.names.map((name, i) => ({ name, id: zones.zoneIds[i] }));
    return { region, zones: listed.sort((a, b) => a.name.localeCompare(b.name)) };
}
