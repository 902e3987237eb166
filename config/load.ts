// Turns raw stack config into a validated EnvironmentConfig, or throws one ConfigValidationError
// listing every problem. Runs before any resource is declared.
import { readAddonRoles } from "./addonRoles";
import { readCluster } from "./cluster";
import { checkCompute } from "./compute";
import { checkAccessPaths, checkAddonRoles, checkNameLengths, checkNodesCanJoin, checkNodeVersionSkew, checkRegion } from "./crossChecks";
import { EnvironmentConfig } from "./environment";
import { readFargateProfiles } from "./fargateProfiles";
import { CONFIG_KEY_NAMES, keySpec } from "./keys";
import { readNetwork } from "./network";
import { readNodeGroups } from "./nodeGroups";
import { refusePlaceholders } from "./placeholders";
import { CONFIG_NAMESPACE, ConfigProblems } from "./problems";
import { closest } from "./suggest";
import { readBoolean, readStringMap } from "./values";
import { checkTransitions, DeployedCluster } from "./transitions";
import { chooseZones, RegionFacts } from "./zones";

export interface LoadContext {
    project: string;
    stack: string;
    /** Day the Kubernetes version support status is judged on. */
    today: Date;
    /** The stack's region and its zones, read before validation so zones and ARNs are checked against them. */
    region: RegionFacts;
    /**
     * A real `pulumi up` (not a preview): documentation placeholders are refused. A preview accepts
     * them so a new user can look at the plan; the policy pack reports each one.
     */
    deploying: boolean;
    /** The cluster as it runs, when it exists: transitions EKS refuses are config errors. */
    deployed?: DeployedCluster;
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

function reportUnknownKeys(problems: ConfigProblems, raw: RawConfig): void {
    for (const key of Object.keys(raw)) {
        if (CONFIG_KEY_NAMES.has(key)) {
            continue;
        }
        const suggestion = closest(key, CONFIG_KEY_NAMES);
        const hint = suggestion ? `did you mean ${CONFIG_NAMESPACE}:${suggestion}? ` : "";
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
    const nodeGroups = readNodeGroups(problems, value("nodeGroups"));
    const cluster = readCluster(problems, value, isSet, {
        name: `${context.project}-${context.stack}`,
        today: context.today,
        nodeGroupCount: nodeGroups?.length ?? 0,
    });
    const fargateProfiles = readFargateProfiles(problems, value("fargateProfiles"));
    const addonRoles = readAddonRoles(problems, value("addonRoles"));
    const zones = network ? chooseZones(problems, context.region, network.zoneEntries, network.zoneCount) : undefined;

    if (network && cluster && nodeGroups && fargateProfiles) {
        checkNodesCanJoin(problems, { network, cluster, nodeGroups, fargateProfiles });
        checkAccessPaths(problems, network, cluster);
    }
    if (cluster) {
        checkRegion(problems, cluster, context.region);
        checkTransitions(problems, cluster, context.deployed);
    }
    if (cluster && nodeGroups) {
        checkNodeVersionSkew(problems, cluster, nodeGroups);
    }
    if (cluster && nodeGroups && addonRoles) {
        checkAddonRoles(problems, cluster, nodeGroups, addonRoles);
    }
    if (network && cluster && nodeGroups && fargateProfiles && addonRoles) {
        checkCompute(problems, { network, cluster, nodeGroups, fargateProfiles, addonRoles });
    }
    if (cluster && nodeGroups && fargateProfiles && addonRoles) {
        checkNameLengths(problems, { cluster, nodeGroups, fargateProfiles, addonRoles });
    }
    if (context.deploying) {
        refusePlaceholders(problems, raw);
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
            zones: zones!,
            publicSubnetCidrs: network!.subnets.publicSubnetCidrs,
            privateSubnetCidrs: network!.subnets.privateSubnetCidrs,
            natStrategy: network!.natStrategy,
            mapPublicIpOnLaunch: hasPublicNodes,
            ...(network!.transitGateway ? { transitGateway: network!.transitGateway } : {}),
            externalRouting: network!.acknowledgeExternalRouting,
        },
        cluster: cluster!,
        nodeGroups: nodeGroups!,
        fargateProfiles: fargateProfiles!,
        addonRoles: addonRoles!,
    };
}
