// Turns raw stack config into a validated EnvironmentConfig, or throws one ConfigValidationError
// listing every problem. Runs before any resource is declared.
import { MAX_PUBLIC_ACCESS_CIDRS } from "../policies/lib/eksLimits";
import { readCluster } from "./cluster";
import { EnvironmentConfig } from "./environment";
import { readFargateProfiles } from "./fargateProfiles";
import { CONFIG_KEY_NAMES, keySpec } from "./keys";
import { readNetwork } from "./network";
import { readNodeGroups } from "./nodeGroups";
import { CONFIG_NAMESPACE, ConfigProblems } from "./problems";
import { readBoolean, readStringMap } from "./values";

export interface LoadContext {
    project: string;
    stack: string;
    /** Day the Kubernetes version support status is judged on. */
    today: Date;
}

/**
 * Raw config of the project namespace, keyed without the `eks-platform:` prefix, with values as
 * Pulumi hands them to programs: plain strings, structured values as JSON text.
 */
export type RawConfig = Readonly<Record<string, string>>;

/** Accepts `pulumi.runtime.allConfig()` output and keeps this project's keys. */
export function projectConfig(all: Readonly<Record<string, string>>): Record<string, string> {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const result: Record<string, string> = {};
    for (const [key, value] of Object.entries(all)) {
        if (key.startsWith(prefix)) {
            result[key.slice(prefix.length)] = value;
        }
    }
    return result;
}

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

function reportUnknownKeys(problems: ConfigProblems, raw: RawConfig): void {
    for (const key of Object.keys(raw)) {
        if (CONFIG_KEY_NAMES.has(key)) {
            continue;
        }
        const closest = [...CONFIG_KEY_NAMES].sort((a, b) => editDistance(key, a) - editDistance(key, b))[0];
        const hint = editDistance(key, closest) <= 3 ? `did you mean ${CONFIG_NAMESPACE}:${closest}? ` : "";
        problems.add(key, raw[key], `unknown key; ${hint}see the README's configuration table`);
    }
}

export function loadEnvironmentConfig(raw: RawConfig, context: LoadContext): EnvironmentConfig {
    const problems = new ConfigProblems();
    reportUnknownKeys(problems, raw);

    const isSet = (key: string) => raw[key] !== undefined;
    // A required key that is unset reads as undefined, and its reader reports it with what is allowed.
    const value = (key: string): unknown => (isSet(key) ? raw[key] : keySpec(key).default);

    const protect = readBoolean(problems, "protect", value("protect"));
    const tags = readStringMap(problems, "tags", value("tags"));
    const network = readNetwork(problems, value, isSet);
    const cluster = readCluster(problems, value, {
        name: `${context.project}-${context.stack}`,
        today: context.today,
    });
    const nodeGroups = readNodeGroups(problems, value("nodeGroups"));
    const fargateProfiles = readFargateProfiles(problems, value("fargateProfiles"));

    if (network && nodeGroups) {
        nodeGroups.forEach((group, i) => {
            if (group.subnets === "private" && !network.privateSubnets) {
                problems.add(`nodeGroups[${i}].subnets`, group.subnets, 'there are no private subnets (network.privateSubnets is false); use "public" or enable private subnets');
            }
        });
        const egressless = nodeGroups.filter((g) => g.subnets === "private").map((g) => g.name);
        if (network.privateSubnets && network.natStrategy === "none" && egressless.length > 0 && !network.acknowledgeNoEgress) {
            problems.add(
                "network.natStrategy",
                "none",
                `private node groups (${egressless.join(", ")}) would have no internet egress to pull images or reach AWS APIs; use "single" or "onePerAz", or set network.acknowledgeNoEgress: true if the VPC gets VPC endpoints`,
            );
        }
    }
    if (network && fargateProfiles && fargateProfiles.length > 0 && !network.privateSubnets) {
        problems.add("fargateProfiles", fargateProfiles.map((p) => p.name), "Fargate runs only in private subnets, and network.privateSubnets is false");
    }
    if (network && cluster && cluster.endpoint.mode === "public") {
        const natAddresses = natGatewayCount(network.natStrategy, network.zoneCount, network.privateSubnets);
        const total = cluster.endpoint.publicAccessCidrs.length + natAddresses;
        if (natAddresses > 0 && total > MAX_PUBLIC_ACCESS_CIDRS) {
            problems.add(
                "cluster.endpoint.publicAccessCidrs",
                cluster.endpoint.publicAccessCidrs,
                `with a public-only endpoint the ${natAddresses} NAT gateway address(es) are added so nodes can reach the API; that makes ${total}, over the EKS limit of ${MAX_PUBLIC_ACCESS_CIDRS}`,
            );
        }
    }

    problems.throwIfAny();
    const hasPublicNodes = nodeGroups!.some((g) => g.subnets === "public");
    return {
        environment: context.stack,
        protect: protect!,
        tags: tags!,
        network: {
            vpcCidr: network!.vpcCidr,
            zoneCount: network!.zoneCount,
            ...(network!.zoneNames ? { zoneNames: network!.zoneNames } : {}),
            publicSubnetCidrs: network!.subnets.publicSubnetCidrs,
            privateSubnetCidrs: network!.subnets.privateSubnetCidrs,
            natStrategy: network!.natStrategy,
            mapPublicIpOnLaunch: hasPublicNodes,
        },
        cluster: cluster!,
        nodeGroups: nodeGroups!,
        fargateProfiles: fargateProfiles!,
    };
}

/** How many NAT gateways (and so Elastic IPs) a strategy creates. */
export function natGatewayCount(strategy: string, zoneCount: number, privateSubnets: boolean): number {
    if (!privateSubnets || strategy === "none") {
        return 0;
    }
    return strategy === "single" ? 1 : zoneCount;
}
