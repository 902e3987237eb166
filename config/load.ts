// Turns raw stack config into a validated EnvironmentConfig, or throws one ConfigValidationError
// listing every problem. Runs before any resource is declared.
import { readAddonRoles } from "./addonRoles";
import { readCluster } from "./cluster";
import { checkCompute, retiredAutoMode } from "./compute";
import { checkAccessPaths, checkAddonRoles, checkNameLengths, checkNodesCanJoin, checkNodeVersionSkew, checkRegion } from "./crossChecks";
import { EnvironmentConfig, NetworkConfig, NetworkStackConfig } from "./environment";
import { ExternalNetworkConfig } from "./externalNetwork";
import { readNetworkSource, readStackRole, ReferencedNetwork } from "./networkSource";
import { readFargateProfiles } from "./fargateProfiles";
import { CONFIG_KEYS, CONFIG_KEY_NAMES, isNetworkStackKey, keySpec } from "./keys";
import { NetworkSection, readNetwork } from "./network";
import { readNodeGroups } from "./nodeGroups";
import { refusePlaceholders } from "./placeholders";
import { checkVpcCni } from "./vpcCni";
import { checkControlPlaneTransitions, declaredControlPlane } from "./controlPlane";
import { checkAddonConfiguration } from "./addonConfiguration";
import { checkHybridNodes, HybridNodesConfig } from "./hybridNodes";
import { checkTeams, readTeams } from "./teams";
import { CONFIG_NAMESPACE, ConfigProblems } from "./problems";
import { closest } from "./suggest";
import { readBoolean, readStringMap } from "./values";
import { checkCreatorEntry, checkIpFamily, checkTransitions, checkVersionStep, controlPlaneZones, DeployedCluster } from "./transitions";
import { AvailabilityZone, chooseZones, RegionFacts } from "./zones";

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
    /** The ARN of the caller running the program (getCallerIdentity): the creator of a new cluster. */
    deployer?: string;
    /** The `network` output of the stack `network.fromStack` names, read before validation. */
    referencedNetwork?: ReferencedNetwork;
}

/** What a stack declares: an environment (network and cluster), or only a network. */
export type StackConfig = { role: "all"; env: EnvironmentConfig } | { role: "network"; network: NetworkStackConfig };

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
        problems.add(key, raw[key], `unknown key; ${hint}see the key table in docs/configuration.md`);
    }
}

/** A stack with an EKS cluster (stackRole all); loadStackConfig reads either kind. */
export function loadEnvironmentConfig(raw: RawConfig, context: LoadContext): EnvironmentConfig {
    const loaded = loadStackConfig(raw, context);
    if (loaded.role !== "all") {
        throw new Error("internal: a network stack has no environment; use loadStackConfig");
    }
    return loaded.env;
}

/** Keys of a cluster that Pulumi.yaml declares no default for, so a value in a stack file was set there. */
const CLUSTER_ONLY_KEYS = CONFIG_KEYS.map((k) => k.key).filter((key) => !isNetworkStackKey(key));

export function loadStackConfig(raw: RawConfig, context: LoadContext): StackConfig {
    const problems = new ConfigProblems();
    reportUnknownKeys(problems, raw);

    const isSet = (key: string) => raw[key] !== undefined;
    // A required key that is unset reads as undefined, and its reader reports it with what is allowed.
    const value = (key: string): unknown => (isSet(key) ? raw[key] : keySpec(key).default);
    if (readStackRole(problems, value) === "network") {
        return { role: "network", network: loadNetworkStack(problems, raw, context, value, isSet) };
    }

    const protect = readBoolean(problems, "protect", value("protect"));
    const tags = readStringMap(problems, "tags", value("tags"));
    const network = readNetwork(problems, value, isSet);
    const source = readNetworkSource(problems, value, isSet, context.region, context.referencedNetwork);
    const external = source.external;
    const nodeGroups = readNodeGroups(problems, value("nodeGroups"));
    const cluster = readCluster(problems, value, isSet, {
        name: `${context.project}-${context.stack}`,
        today: context.today,
        nodeGroupCount: nodeGroups?.length ?? 0,
    });
    if (cluster && cluster.compute.kind === "nodeGroups" && context.deployed?.autoModeNodeRoleArn && !context.deployed.autoMode) {
        cluster.compute = retiredAutoMode();
    }
    const fargateProfiles = readFargateProfiles(problems, value("fargateProfiles"));
    const addonRoles = readAddonRoles(problems, value("addonRoles"));
    const teams = isSet("teams") ? readTeams(problems, value("teams")) : [];
    const zones = external ? externalZones(external) : network ? chooseZones(problems, context.region, network.zoneEntries, network.zoneCount) : undefined;
    // The checks see the network as it is: for one declared elsewhere, its CIDR and subnets.
    const section = network && external ? { ...network, external, vpcCidr: external.vpcCidr, zoneCount: zones!.length, privateSubnets: external.privateSubnets.length > 0 } : network;

    if (network?.ipFamily === "ipv6" && external) {
        problems.add("network.ipFamily", "ipv6", "makes the VPC this stack declares dual-stack, and this one's is declared elsewhere (network.existing, network.fromStack); not supported yet");
    }
    if (network && !external) {
        checkIpFamily(problems, network.ipFamily, context.deployed);
    }
    if (network?.pods && external) {
        problems.add("network.podCidr", network.pods.podCidr, "adds pod subnets to a VPC this stack declares, and this one's is declared elsewhere (network.existing, network.fromStack); not supported yet");
    }
    if (section && cluster && nodeGroups && fargateProfiles) {
        checkNodesCanJoin(problems, { network: section, cluster, nodeGroups, fargateProfiles });
        checkAccessPaths(problems, section, cluster);
    }
    if (cluster) {
        checkRegion(problems, cluster, context.region);
        checkTransitions(problems, cluster, context.deployed);
        checkVersionStep(problems, cluster, context.deployed);
        checkCreatorEntry(problems, cluster, context.deployed, context.deployer);
        checkControlPlaneTransitions(problems, cluster.controlPlane, context.deployed);
        cluster.declaredControlPlane = declaredControlPlane(cluster.controlPlane, context.deployed);
    }
    const zonesKey = isSet("network.fromStack") ? "network.fromStack" : isSet("network.existing") ? "network.existing" : isSet("network.zones") ? "network.zones" : "network.zoneCount";
    const kept = zones ? controlPlaneZones(problems, zonesKey, zones, context.deployed) : undefined;
    if (cluster && nodeGroups) {
        checkNodeVersionSkew(problems, cluster, nodeGroups);
        checkVpcCni(problems, cluster, nodeGroups, { podCidr: network?.pods?.podCidr, ipFamily: external ? "ipv4" : (network?.ipFamily ?? "ipv4") });
    }
    if (cluster && nodeGroups && addonRoles) {
        checkAddonRoles(problems, cluster, nodeGroups, addonRoles, fargateProfiles ?? []);
    }
    if (section && cluster && nodeGroups && fargateProfiles && addonRoles) {
        checkCompute(problems, { network: section, cluster, nodeGroups, fargateProfiles, addonRoles });
    }
    if (cluster?.hybridNodes && section) {
        checkHybridNodes(problems, cluster.hybridNodes, {
            vpcCidrs: [section.vpcCidr, ...(section.pods ? [section.pods.podCidr] : [])],
            ipFamily: external ? "ipv4" : section.ipFamily,
            authenticationMode: cluster.authenticationMode,
            endpointMode: cluster.endpoint.mode,
            transitGateway: !external && section.transitGateway !== undefined,
            acknowledgeExternalRouting: section.acknowledgeExternalRouting,
        });
    }
    if (cluster && teams && teams.length > 0 && addonRoles && fargateProfiles) {
        checkTeams(problems, teams, {
            adminPrincipalArns: cluster.adminPrincipalArns,
            accessEntryArns: cluster.accessEntries.map((e) => e.principalArn),
            authenticationMode: cluster.authenticationMode,
            addons: cluster.addons.map((a) => a.name),
            boundServiceAccounts: new Map([
                ...Object.entries(addonRoles).map(([addon, role]) => [`${role!.namespace}/${role!.serviceAccount}`, `addonRoles.${addon}`] as const),
                ...(cluster.compute.kind === "karpenter" ? [[`${cluster.compute.namespace}/${cluster.compute.serviceAccount}`, "cluster.karpenter"] as const] : []),
            ]),
            fargateNamespaces: new Map(fargateProfiles.flatMap((p) => p.selectors.filter((s) => Object.keys(s.labels).length === 0).map((s) => [s.namespace, p.name] as const))),
        });
    }
    if (cluster && fargateProfiles) {
        checkAddonConfiguration(problems, cluster, fargateProfiles, !external && network?.pods !== undefined);
    }
    if (cluster && nodeGroups && fargateProfiles && addonRoles) {
        checkNameLengths(problems, { cluster, nodeGroups, fargateProfiles, addonRoles, ...(teams ? { teams } : {}) });
    }
    if (context.deploying) {
        refusePlaceholders(problems, raw);
    }

    problems.throwIfAny();
    const hasPublicNodes = nodeGroups!.some((g) => g.subnets === "public");
    const networkConfig: NetworkConfig = external
        ? {
              vpcCidr: external.vpcCidr,
              zoneCount: zones!.length,
              zones: zones!,
              controlPlaneZoneIds: kept!.map((z) => z.id),
              publicSubnetCidrs: [],
              privateSubnetCidrs: [],
              natStrategy: network!.natStrategy,
              ipFamily: "ipv4",
              mapPublicIpOnLaunch: false,
              externalRouting: true,
              external,
          }
        : declaredNetwork(withRemoteRoutes(network!, cluster!.hybridNodes), zones!, hasPublicNodes, kept!);
    return {
        role: "all",
        env: {
            environment: context.stack,
            protect: protect!,
            tags: tags!,
            network: networkConfig,
            cluster: cluster!,
            nodeGroups: nodeGroups!,
            fargateProfiles: fargateProfiles!,
            addonRoles: addonRoles!,
            teams: teams!,
        },
    };
}

/** The zones of a network declared elsewhere: those of its subnets, the private ones' first. */
function externalZones(external: ExternalNetworkConfig): AvailabilityZone[] {
    const byId = new Map([...external.privateSubnets, ...external.publicSubnets].map((s) => [s.zone.id, s.zone] as const));
    return [...byId.values()];
}

function declaredNetwork(network: NetworkSection, zones: AvailabilityZone[], mapPublicIpOnLaunch: boolean, controlPlane: AvailabilityZone[] = zones): NetworkConfig {
    return {
        vpcCidr: network.vpcCidr,
        zoneCount: network.zoneCount,
        zones,
        controlPlaneZoneIds: controlPlane.map((z) => z.id),
        publicSubnetCidrs: network.subnets.publicSubnetCidrs,
        privateSubnetCidrs: network.subnets.privateSubnetCidrs,
        natStrategy: network.natStrategy,
        ipFamily: network.ipFamily,
        mapPublicIpOnLaunch,
        ...(network.transitGateway ? { transitGateway: network.transitGateway } : {}),
        externalRouting: network.acknowledgeExternalRouting,
        ...(network.pods ? { pods: network.pods } : {}),
    };
}

/** A network-only stack: the VPC and its subnets, exported for the cluster stacks on it. */
function loadNetworkStack(problems: ConfigProblems, raw: RawConfig, context: LoadContext, value: (key: string) => unknown, isSet: (key: string) => boolean): NetworkStackConfig {
    // Pulumi.yaml's defaults reach every stack's config: only a value of the stack's own is refused.
    const isDefault = (key: string) => [JSON.stringify(keySpec(key).default), String(keySpec(key).default)].includes(typeof raw[key] === "string" ? (raw[key] as string) : JSON.stringify(raw[key]));
    for (const key of CLUSTER_ONLY_KEYS.filter((k) => isSet(k) && !isDefault(k))) {
        problems.add(key, value(key), "a network stack (stackRole: network) declares no cluster and takes its network from nowhere; put this in the file of a cluster stack on it (network.fromStack)");
    }
    const protect = readBoolean(problems, "protect", value("protect"));
    const tags = readStringMap(problems, "tags", value("tags"));
    const network = readNetwork(problems, value, isSet);
    if (isSet("network.podCidr")) {
        problems.add("network.podCidr", value("network.podCidr"), "pod subnets for custom networking are declared by a cluster stack with its own network; a network stack does not export them yet");
    }
    if (network?.ipFamily === "ipv6") {
        problems.add("network.ipFamily", "ipv6", "a dual-stack network for IPv6 clusters is declared by a cluster stack with its own network; a network stack does not export IPv6 subnets yet");
    }
    const zones = network ? chooseZones(problems, context.region, network.zoneEntries, network.zoneCount) : undefined;
    if (context.deploying) {
        refusePlaceholders(problems, raw);
    }
    problems.throwIfAny();
    return {
        environment: context.stack,
        name: `${context.project}-${context.stack}`,
        protect: protect!,
        tags: tags!,
        // No node group is placed in its public subnets by this stack.
        network: declaredNetwork(network!, zones!, false),
    };
}

/**
 * Hybrid nodes' networks are reached through the transit gateway, beside the access networks: every
 * private route table gets a route to each ("You must configure routes in your VPC routing table for
 * your on-premises node and optionally pod CIDRs", EKS User Guide, hybrid-nodes-networking.adoc).
 */
function withRemoteRoutes(network: NetworkSection, hybrid: HybridNodesConfig | undefined): NetworkSection {
    if (!hybrid || !network.transitGateway) {
        return network;
    }
    const routes = [...new Set([...network.transitGateway.routes, ...hybrid.nodeCidrs, ...hybrid.podCidrs])];
    return { ...network, transitGateway: { ...network.transitGateway, routes } };
}
