// Reads `cluster.vpcCni.*`, the project's own settings of the vpc-cni add-on, and refuses what the
// VPC CNI cannot do. Sources: EKS User Guide, cni-increase-ip-addresses-procedure.adoc ("your
// nodes must be AWS Nitro-based"; VPC CNI 1.9.0 or later) and aws/amazon-vpc-cni-k8s README
// (ENABLE_PREFIX_DELEGATION "v1.9.0+"); for IPv6 clusters eks-networking-add-ons.adoc, cni-ipv6
// ("Nitro-based EC2 nodes required", "Deploy Amazon VPC CNI version 1.10.1 or later", "The FSx
// for Lustre CSI driver is not supported").
import xenTypes from "./data/xen-instance-types.json";
import { ClusterConfig, NodeGroupConfig } from "./environment";
import { findInstanceType, InstanceType } from "../policies/lib/instanceTypes";
import { ADDRESSES_PER_PREFIX, prefixMaxPods } from "../policies/lib/maxPods";
import type { IpFamily } from "./network";
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
/** The first vpc-cni release an IPv6 cluster may run. */
const IPV6_SINCE = [1, 10, 1];

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

/** Where the VPC CNI's settings come from: network.podCidr (custom networking) and network.ipFamily. */
export interface PodNetworking {
    podCidr?: string;
    ipFamily: IpFamily;
}

export function checkVpcCni(problems: ConfigProblems, cluster: ClusterConfig, nodeGroups: readonly NodeGroupConfig[], networking: PodNetworking): void {
    if (networking.podCidr) {
        checkCustomNetworking(problems, networking.podCidr, cluster, nodeGroups);
    }
    const ipv6 = networking.ipFamily === "ipv6";
    if (ipv6) {
        cluster.addons.forEach((addon, i) => {
            if (addon.name === "aws-fsx-csi-driver") {
                problems.add(`cluster.addons[${i}]`, addon.name, 'is not supported in an IPv6 cluster (EKS User Guide: "The FSx for Lustre CSI driver is not supported" with IPv6); remove it, or use network.ipFamily: "ipv4"');
            }
        });
    }
    if (!cluster.vpcCni.prefixDelegation && !ipv6) {
        return;
    }
    // What asks for prefixes, named in the messages: an IPv6 cluster always gets them.
    const cause = ipv6 ? "an IPv6 cluster (network.ipFamily: ipv6)" : "prefix delegation (cluster.vpcCni.prefixDelegation)";
    const index = cluster.addons.findIndex((a) => a.name === "vpc-cni");
    if (index < 0 && !ipv6) {
        problems.add(
            "cluster.vpcCni.prefixDelegation",
            true,
            "is a setting of the vpc-cni add-on, which cluster.addons does not list (EKS Auto Mode without node groups runs pod networking itself); add vpc-cni, or remove the setting",
        );
        return;
    }
    const pinned = index < 0 ? undefined : cluster.addons[index].version;
    const since = ipv6 ? IPV6_SINCE : PREFIX_DELEGATION_SINCE;
    if (pinned && olderThan(pinned, since)) {
        problems.add(`cluster.addons[${index}]`, `vpc-cni@${pinned}`, `${cause} needs vpc-cni v${since.join(".")} or later`);
    }
    nodeGroups.forEach((group, i) =>
        group.instanceTypes.forEach((type, j) => {
            if (XEN_TYPES.has(type)) {
                problems.add(
                    `nodeGroups[${i}].instanceTypes[${j}]`,
                    type,
                    `is not a Nitro instance type, and ${cause} needs Nitro-based nodes (the VPC CNI hands them prefixes); choose a current generation type (m6i, m7i, m7g, ...)`,
                );
            }
        }),
    );
}
