// The VPC CNI as the pack reads it from a stack: whether the vpc-cni add-on hands nodes /28
// prefixes, and where custom networking puts the pods' ENIs (what that costs in addresses is
// maxPods.ts). Source: aws/amazon-vpc-cni-k8s README @ b5218838 (ENABLE_PREFIX_DELEGATION;
// WARM_PREFIX_TARGET, one free /28 kept per node in the add-on's defaults; WARM_IP_TARGET or
// MINIMUM_IP_TARGET override it; AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG and ENIConfigs).
import { PolicyResource } from "@pulumi/policy";
import { PrefixSettings } from "./maxPods";
import { ifKnown, knownOr } from "./props";
import { label, StackContext } from "./stackContext";

const ADDON = "aws:eks/addon:Addon";

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

function vpcCniAddons(context: StackContext): PolicyResource[] {
    return context.graph.ofType(ADDON).filter((a) => ifKnown(() => a.props.addonName) === "vpc-cni");
}

/** The subnet id per zone an eniConfig setting names (entries without a string id left out); undefined without subnets. */
function eniConfigSubnetIds(eniConfig: Record<string, unknown> | undefined): Record<string, string> | undefined {
    const subnets = eniConfig?.subnets;
    if (!subnets || typeof subnets !== "object") {
        return undefined;
    }
    return Object.fromEntries(Object.entries(subnets as Record<string, { id?: unknown }>).flatMap(([zone, entry]) => (typeof entry?.id === "string" ? [[zone, entry.id]] : [])));
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
    const addons = vpcCniAddons(context);
    const cluster = context.clusterOf(host);
    const addon = addons.length === 1 ? addons[0] : addons.find((a) => cluster && context.clusterOf(a) === cluster);
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
    const podSubnetIds = eniConfig?.create === true ? eniConfigSubnetIds(eniConfig) : undefined;
    return { prefixes, customNetworking: podSubnetIds ? { podSubnetIds } : {} };
}

/**
 * The pod subnets of custom networking in the stack (the subnets the vpc-cni add-ons' ENIConfigs
 * name), and the add-ons whose configuration is not known yet, which may name more.
 */
export function podSubnetIdsOf(context: StackContext): { ids: Set<string>; unknownAddons: PolicyResource[] } {
    const ids = new Set<string>();
    const unknownAddons: PolicyResource[] = [];
    for (const addon of vpcCniAddons(context)) {
        const configuration = cniConfiguration(addon);
        if (!configuration) {
            unknownAddons.push(addon);
            continue;
        }
        Object.values(eniConfigSubnetIds(configuration.eniConfig) ?? {}).forEach((id) => ids.add(id));
    }
    return { ids, unknownAddons };
}
