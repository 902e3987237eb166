// What the program asks AWS before declaring anything: partition, account, region, and the zones
// to use. These are data-source reads, not resources.
import * as aws from "@pulumi/aws";
import { EnvironmentConfig } from "../config/environment";
import { ConfigProblems } from "../config/problems";
import { AwsContext } from "./policyDocuments";

export async function lookupAwsContext(): Promise<AwsContext> {
    const [partition, identity, region] = await Promise.all([aws.getPartition(), aws.getCallerIdentity(), aws.getRegion()]);
    return { partition: partition.partition, accountId: identity.accountId, region: region.region };
}

/** The configured zones, or the first available standard zones of the region (no Local Zones). */
export async function resolveZones(env: EnvironmentConfig): Promise<string[]> {
    if (env.network.zoneNames) {
        return env.network.zoneNames;
    }
    const available = await aws.getAvailabilityZones({
        state: "available",
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    const wanted = env.network.zoneCount;
    if (available.names.length < wanted) {
        const problems = new ConfigProblems();
        problems.add("network.zoneCount", wanted, `the region has only ${available.names.length} available zones (${available.names.join(", ")})`);
        problems.throwIfAny();
    }
    return available.names.slice(0, wanted);
}
