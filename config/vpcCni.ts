// Reads `cluster.vpcCni.*`, the project's own settings of the vpc-cni add-on, and refuses what the
// VPC CNI cannot do. Sources: EKS User Guide, cni-increase-ip-addresses-procedure.adoc ("your
// nodes must be AWS Nitro-based"; VPC CNI 1.9.0 or later) and aws/amazon-vpc-cni-k8s README
// (ENABLE_PREFIX_DELEGATION "v1.9.0+").
import xenTypes from "./data/xen-instance-types.json";
import { ClusterConfig, NodeGroupConfig } from "./environment";
import { findInstanceType, InstanceType } from "../policies/lib/instanceTypes";
import { ADDRESSES_PER_PREFIX, prefixMaxPods } from "../policies/lib/maxPods";
import { ConfigProblems } from "./problems";
import { RawValue, readBoolean } from "./values";

export interface VpcCniConfig {
    /** Nodes get /28 prefixes instead of single secondary addresses. */
    prefixDelegation: boolean;
}

/** Instance types on the Xen hypervisor, where the VPC CNI hands out single addresses only. */
const XEN_TYPES: ReadonlySet<string> = new Set(xenTypes.xen);

/** The first vpc-cni release with prefix delegation. */
const PREFIX_DELEGATION_SINCE = [1, 9, 0];

export function readVpcCni(problems: ConfigProblems, value: (key: string) => RawValue): VpcCniConfig | undefined {
    const prefixDelegation = readBoolean(problems, "cluster.vpcCni.prefixDelegation", value("cluster.vpcCni.prefixDelegation"));
    return prefixDelegation === undefined ? undefined : { prefixDelegation };
}

/** "v1.8.0-eksbuild.1" is older than [1, 9, 0]. */
function olderThan(version: string, since: number[]): boolean {
    const parts = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number);
    if (!parts) {
        return false;
    }
    for (let i = 0; i < since.length; i++) {
        if (parts[i] !== since[i]) {
            return parts[i] < since[i];
        }
    }
    return false;
}

/**
 * Custom networking keeps pods off the primary ENI ("no IP addresses assigned to the primary network
 * interface are assigned to Pods", EKS User Guide, cni-custom-network.adoc), while the max pods EKS
 * gives managed node groups counts every ENI (no source says it knows about custom networking). With
 * prefix delegation the ENIs left hold (ENIs - 1) x (IPv4 per ENI - 1) /28 prefixes: enough for
 * EKS's 110 or 250 on most types, and refused on the ones where they are not.
 */
function checkCustomNetworking(problems: ConfigProblems, podCidr: string, cluster: ClusterConfig, nodeGroups: readonly NodeGroupConfig[]): void {
    if (!cluster.vpcCni.prefixDelegation) {
        problems.add(
            "network.podCidr",
            podCidr,
            "custom networking needs cluster.vpcCni.prefixDelegation: true here: EKS gives managed node groups a max pods that counts the primary ENI, which custom networking keeps from pods, so without prefixes nodes would accept pods they have no address for",
        );
        return;
    }
    nodeGroups.forEach((group, i) => {
        const types = group.instanceTypes.map((t) => findInstanceType(t)).filter((t): t is InstanceType => t !== undefined);
        if (types.length === 0) {
            return;
        }
        const maxPods = Math.min(...types.map(prefixMaxPods));
        types.forEach((type) => {
            const room = (type.maxEnis - 1) * (type.ipv4PerEni - 1) * ADDRESSES_PER_PREFIX + 2;
            if (room < maxPods) {
                problems.add(
                    `nodeGroups[${i}].instanceTypes[${group.instanceTypes.indexOf(type.name)}]`,
                    type.name,
                    `holds ${room} pods on the ENIs custom networking leaves them ((${type.maxEnis} - 1) x (${type.ipv4PerEni} - 1) x 16 + 2), fewer than the ${maxPods} EKS gives the group's nodes; choose a larger type`,
                );
            }
        });
    });
}

/** `podCidr`: network.podCidr, when custom networking is asked for. */
export function checkVpcCni(problems: ConfigProblems, cluster: ClusterConfig, nodeGroups: readonly NodeGroupConfig[], podCidr?: string): void {
    if (podCidr) {
        checkCustomNetworking(problems, podCidr, cluster, nodeGroups);
    }
    if (!cluster.vpcCni.prefixDelegation) {
        return;
    }
    const index = cluster.addons.findIndex((a) => a.name === "vpc-cni");
    if (index < 0) {
        problems.add(
            "cluster.vpcCni.prefixDelegation",
            true,
            "is a setting of the vpc-cni add-on, which cluster.addons does not list (EKS Auto Mode without node groups runs pod networking itself); add vpc-cni, or remove the setting",
        );
        return;
    }
    const pinned = cluster.addons[index].version;
    if (pinned && olderThan(pinned, PREFIX_DELEGATION_SINCE)) {
        problems.add(`cluster.addons[${index}]`, `vpc-cni@${pinned}`, "prefix delegation (cluster.vpcCni.prefixDelegation) needs vpc-cni v1.9.0 or later");
    }
    nodeGroups.forEach((group, i) =>
        group.instanceTypes.forEach((type, j) => {
            if (XEN_TYPES.has(type)) {
                problems.add(
                    `nodeGroups[${i}].instanceTypes[${j}]`,
                    type,
                    "is not a Nitro instance type, and VPC CNI prefix delegation (cluster.vpcCni.prefixDelegation) needs Nitro-based nodes; choose a current generation type (m6i, m7i, m7g, ...)",
                );
            }
        }),
    );
}
