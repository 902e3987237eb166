// The VPC CNI as the pack reads it from a stack: whether the vpc-cni add-on hands nodes /28
// prefixes, and how many addresses a node then takes at most.
//
// Sources: EKS User Guide, cni-increase-ip-addresses-procedure.adoc (managed node groups without a
// custom AMI compute max pods themselves and cap it at 110 below 30 vCPUs, 250 otherwise, "whether
// prefix delegation is enabled or not"; a group of several types gets the smallest value) and
// choosing-instance-type.adoc (the same caps); awslabs/amazon-eks-ami max-pods-calculator.sh
// @ 0ab84280 (with prefix delegation: ENIs x ((IPv4 per ENI - 1) x 16) + 2, capped; the "+ 2" is
// the host-network pods, aws-node and kube-proxy, which take no pod address); aws/amazon-vpc-cni-k8s
// README @ b5218838 (ENABLE_PREFIX_DELEGATION; WARM_PREFIX_TARGET, one free /28 kept per node in the
// add-on's defaults; WARM_IP_TARGET or MINIMUM_IP_TARGET override it).
import { PolicyResource } from "@pulumi/policy";
import { InstanceType } from "./instanceTypes";
import { ifKnown, knownOr } from "./props";
import { AWS } from "./resourceTypes";
import { label, StackContext } from "./stackContext";

const ADDON = "aws:eks/addon:Addon";
export const ADDRESSES_PER_PREFIX = 16;
const HOST_NETWORK_PODS = 2;

/** A vpc-cni add-on's configurationValues, parsed; undefined when not known yet. */
function cniConfiguration(addon: PolicyResource): { env: Record<string, unknown>; eniConfig?: Record<string, unknown> } | undefined {
    const unknown = Symbol("unknown");
    const text = knownOr(() => addon.props.configurationValues, unknown);
    if (text === unknown) {
        return undefined;
    }
    if (typeof text !== "string" || text.trim() === "") {
        return { env: {} };
    }
    try {
        const parsed = JSON.parse(text) as { env?: unknown; eniConfig?: unknown };
        const object = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
        return { env: object(parsed?.env) ?? {}, ...(object(parsed?.eniConfig) ? { eniConfig: object(parsed.eniConfig) } : {}) };
    } catch {
        return { env: {} };
    }
}

export interface PrefixSettings {
    /** Free /28 prefixes each node keeps (WARM_PREFIX_TARGET, 1 by default). */
    warmPrefixes: number;
}

export interface CniSettings {
    prefixes: PrefixSettings | false;
    /**
     * Custom networking (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG): pods get ENIs in the subnet of the
     * ENIConfig named after the node's zone; `podSubnetIds` by zone name when the add-on creates the
     * ENIConfigs (its eniConfig setting), undefined when they are Kubernetes objects made elsewhere.
     */
    customNetworking?: { podSubnetIds?: Record<string, string> };
}

/**
 * How the VPC CNI gives a group's nodes pod addresses: from the vpc-cni add-on of its cluster (the
 * stack's only one when the cluster cannot be told); undefined (noted) while its configuration is
 * not known. Without a vpc-cni add-on in the stack the VPC CNI runs with its defaults.
 */
export function cniSettingsOf(context: StackContext, host: PolicyResource): CniSettings | undefined {
    const graph = context.graph;
    const addons = graph.ofType(ADDON).filter((a) => ifKnown(() => a.props.addonName) === "vpc-cni");
    const clusterOf = (resource: PolicyResource) => (graph.targetsOrNote(graph.references(resource, ["clusterName"], [AWS.cluster])) ?? [])[0];
    const cluster = clusterOf(host);
    const addon = addons.length === 1 ? addons[0] : addons.find((a) => cluster && clusterOf(a) === cluster);
    if (!addon) {
        return { prefixes: false };
    }
    const configuration = cniConfiguration(addon);
    if (configuration === undefined) {
        context.note(`the configuration of ${label(addon)}`);
        return undefined;
    }
    const { env, eniConfig } = configuration;
    const on = (name: string) => String(env[name]).toLowerCase() === "true";
    const warm = Number(env.WARM_PREFIX_TARGET ?? 1);
    const prefixes = on("ENABLE_PREFIX_DELEGATION") ? { warmPrefixes: Number.isInteger(warm) && warm > 0 ? warm : 1 } : false;
    if (!on("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG")) {
        return { prefixes };
    }
    const subnets = eniConfig && eniConfig.create === true && eniConfig.subnets && typeof eniConfig.subnets === "object" ? (eniConfig.subnets as Record<string, { id?: unknown }>) : undefined;
    const podSubnetIds = subnets ? Object.fromEntries(Object.entries(subnets).flatMap(([zone, entry]) => (typeof entry?.id === "string" ? [[zone, entry.id]] : []))) : undefined;
    return { prefixes, customNetworking: podSubnetIds ? { podSubnetIds } : {} };
}

/**
 * The pod subnets of custom networking in the stack (the subnets the vpc-cni add-ons' ENIConfigs
 * name), and the add-ons whose configuration is not known yet, which may name more.
 */
export function podSubnetIdsOf(context: StackContext): { ids: Set<string>; unknownAddons: PolicyResource[] } {
    const ids = new Set<string>();
    const unknownAddons: PolicyResource[] = [];
    for (const addon of context.graph.ofType(ADDON).filter((a) => ifKnown(() => a.props.addonName) === "vpc-cni")) {
        const configuration = cniConfiguration(addon);
        if (!configuration) {
            unknownAddons.push(addon);
            continue;
        }
        const subnets = configuration.eniConfig?.subnets;
        for (const entry of Object.values(subnets && typeof subnets === "object" ? (subnets as Record<string, { id?: unknown }>) : {})) {
            if (typeof entry?.id === "string") {
                ids.add(entry.id);
            }
        }
    }
    return { ids, unknownAddons };
}

/** The max pods EKS gives a managed node group's nodes of this type with prefix delegation. */
export function prefixMaxPods(type: InstanceType): number {
    const cap = type.vcpu > 30 ? 250 : 110;
    return Math.min(cap, type.maxEnis * ((type.ipv4PerEni - 1) * ADDRESSES_PER_PREFIX) + HOST_NETWORK_PODS);
}

/**
 * The addresses a node takes at most with prefix delegation: the prefixes its pods fill at the
 * group's max pods (the smallest of its types, as EKS applies it) plus the warm ones, and the
 * primary address of each ENI that holds them; `podEnis`, the ENIs pods may use (all but the
 * primary one with custom networking).
 */
export function prefixAddressesPerNode(type: InstanceType, groupMaxPods: number, settings: PrefixSettings, podEnis = type.maxEnis): number {
    const perEni = type.ipv4PerEni - 1;
    const prefixes = Math.min(Math.ceil((groupMaxPods - HOST_NETWORK_PODS) / ADDRESSES_PER_PREFIX) + settings.warmPrefixes, podEnis * perEni);
    return prefixes * ADDRESSES_PER_PREFIX + Math.ceil(prefixes / perEni);
}
