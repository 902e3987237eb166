// The configuration values of the add-ons: the project's own settings (the VPC CNI's prefix
// delegation and custom networking, CoreDNS on Fargate) merged with what `cluster.addons` entries
// give, so neither silently drops the other. The user's values win over the project's defaults;
// a setting the project needs for a chosen option is refused when the user's value contradicts it.
import { ClusterConfig, FargateProfileConfig } from "./environment";
import { isJsonMap, JsonMap } from "./mergeMaps";
import { ConfigProblems } from "./problems";


/** The labels the CoreDNS add-on puts on its pods. */
const COREDNS_POD_LABELS: Record<string, string> = { "k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns" };

/** CoreDNS must be told to run on Fargate when a profile selects its pods. */
export function coreDnsOnFargate(fargateProfiles: readonly FargateProfileConfig[]): boolean {
    return fargateProfiles.some((p) => p.selectors.some((s) => s.namespace === "kube-system" && Object.entries(s.labels).every(([k, v]) => COREDNS_POD_LABELS[k] === v)));
}

/** What the project sets on an add-on: `required` by an option chosen elsewhere (with the option's key), `defaults` the user may change. */
export interface ProjectAddonSettings {
    required: JsonMap;
    defaults: JsonMap;
    /** The config key whose choice requires the settings, for messages. */
    because: string;
}

/** The project's settings per add-on, before values known only at deployment (custom networking's subnet ids). */
export function projectAddonSettings(cluster: ClusterConfig, fargateProfiles: readonly FargateProfileConfig[], customNetworking: boolean): Record<string, ProjectAddonSettings> {
    const settings: Record<string, ProjectAddonSettings> = {};
    const prefixes = cluster.vpcCni.prefixDelegation;
    if (prefixes || customNetworking) {
        settings["vpc-cni"] = {
            required: {
                env: {
                    ...(prefixes ? { ENABLE_PREFIX_DELEGATION: "true" } : {}),
                    ...(customNetworking ? { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" } : {}),
                },
            },
            defaults: prefixes ? { env: { WARM_PREFIX_TARGET: "1" } } : {},
            because: customNetworking && !prefixes ? "network.podCidr" : customNetworking ? "cluster.vpcCni.prefixDelegation and network.podCidr" : "cluster.vpcCni.prefixDelegation",
        };
    }
    if (coreDnsOnFargate(fargateProfiles)) {
        settings.coredns = { required: { computeType: "Fargate" }, defaults: {}, because: "fargateProfiles (a profile selects CoreDNS's pods)" };
    }
    return settings;
}

/** Each leaf of `required` the user's values set differently, as [path, user's value, required value]. */
function contradictions(user: JsonMap, required: JsonMap, path: string): [string, unknown, unknown][] {
    return Object.entries(required).flatMap(([key, wanted]): [string, unknown, unknown][] => {
        if (!(key in user)) {
            return [];
        }
        const given = user[key];
        if (isJsonMap(wanted)) {
            return isJsonMap(given) ? contradictions(given, wanted, `${path}.${key}`) : [[`${path}.${key}`, given, wanted]];
        }
        return String(given) === String(wanted) ? [] : [[`${path}.${key}`, given, wanted]];
    });
}

/**
 * Refuses user values that contradict what a chosen option needs, and custom networking's ENIConfigs
 * given by hand beside the ones the project declares from network.podCidr.
 */
export function checkAddonConfiguration(problems: ConfigProblems, cluster: ClusterConfig, fargateProfiles: readonly FargateProfileConfig[], customNetworking: boolean): void {
    const project = projectAddonSettings(cluster, fargateProfiles, customNetworking);
    cluster.addons.forEach((addon, i) => {
        const user = addon.configurationValues;
        const settings = project[addon.name];
        if (!user || !settings) {
            return;
        }
        const path = `cluster.addons[${i}].configurationValues`;
        for (const [at, given, wanted] of contradictions(user, settings.required, path)) {
            problems.add(at, given, `${settings.because} sets it to ${JSON.stringify(wanted)}; remove it here, or change that option instead`);
        }
        if (addon.name === "vpc-cni" && customNetworking && "eniConfig" in user) {
            problems.add(`${path}.eniConfig`, user.eniConfig, "network.podCidr declares the ENIConfigs, a pod subnet per zone; remove eniConfig here");
        }
    });
}
