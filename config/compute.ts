// Reads `cluster.compute` and `cluster.autoMode.*`: managed node groups declared here, or EKS Auto
// Mode (AWS provisions, scales and updates the nodes, and runs networking, DNS, block storage and
// load balancing itself); and refuses the combinations AWS refuses or that cannot work.
//
// Sources (EKS User Guide, awsdocs/amazon-eks-user-guide):
// - "Create an Auto Mode cluster" (clusters/create-cluster-auto.adoc): a node role is needed when a
//   built-in node pool is enabled and cannot be changed after creation; "EKS Auto Mode requires EKS
//   access entries"; the add-ons are installed "only on self-managed nodes and node groups".
// - "Enable EKS Auto Mode on existing EKS clusters" (automode/migrate-auto.adoc): Kubernetes 1.29
//   or later, which every version cluster.version accepts is (1.29 left extended support in 2026); "The compute, block storage, and load balancing capabilities must all be enabled or
//   disabled in the same request" (automode/auto-enable-existing.adoc, auto-disable.adoc).
// - "EKS Auto Mode" (automode/automode.adoc): pod networking, DNS and EBS CSI are core components,
//   and "You do not have to install the EKS Pod Identity Agent on EKS Auto Mode clusters".
import { AddonRoles, AUTO_MODE_NODE_POOLS, AutoModeNodePool, ClusterConfig, COMPUTE_KINDS, ComputeConfig, FargateProfileConfig, NodeGroupConfig } from "./environment";
import { DEFAULT_ADDONS } from "./keys";
import { NetworkSection } from "./network";
import { selectsControllerPods } from "../policies/lib/karpenterPods";
import { readBinding } from "./addonRoles";
import { ConfigProblems } from "./problems";
import { didYouMean } from "./suggest";
import { RawValue, readBoolean, readEnum, readStringArray, reportDuplicates } from "./values";

/**
 * Managed add-ons whose work Auto Mode does on its own nodes; their pods schedule only on node
 * groups. aws-ebs-csi-driver is not among them: volumes it created stay with it (AWS does not migrate
 * them to Auto Mode block storage, migrate-auto.adoc), so it may keep running.
 */
export const AUTO_MODE_BUILT_IN_ADDONS = ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"];

const AUTO_MODE_KEYS = ["cluster.autoMode.nodePools", "cluster.autoMode.enabled"];
const KARPENTER_KEYS = ["cluster.karpenter.namespace", "cluster.karpenter.serviceAccount"];

/**
 * Where the Karpenter getting-started guide installs the chart (KARPENTER_NAMESPACE="kube-system",
 * release "karpenter", whose service account the chart names after it): aws/karpenter-provider-aws
 * website/content/en/docs/getting-started/getting-started-with-karpenter/_index.md and
 * scripts/step08-apply-helm-chart.sh @ v1.14.1; terraform-aws-eks modules/karpenter has the same
 * defaults (variables.tf `namespace`, `service_account`).
 */
export const KARPENTER_DEFAULTS = { namespace: "kube-system", serviceAccount: "karpenter" } as const;

export function readCompute(problems: ConfigProblems, value: (key: string) => RawValue, isSet: (key: string) => boolean): ComputeConfig | undefined {
    const kind = readEnum(problems, "cluster.compute", value("cluster.compute"), COMPUTE_KINDS);
    if (kind !== "autoMode") {
        for (const key of AUTO_MODE_KEYS.filter(isSet)) {
            problems.add(key, value(key), 'applies only with cluster.compute: autoMode; remove it, or set cluster.compute: "autoMode"');
        }
    }
    if (kind !== "karpenter") {
        for (const key of KARPENTER_KEYS.filter(isSet)) {
            problems.add(key, value(key), 'applies only with cluster.compute: karpenter; remove it, or set cluster.compute: "karpenter"');
        }
    }
    if (kind === "nodeGroups") {
        return { kind };
    }
    if (kind === "karpenter") {
        const binding = readBinding(problems, "cluster.karpenter", { namespace: value("cluster.karpenter.namespace"), serviceAccount: value("cluster.karpenter.serviceAccount") }, KARPENTER_DEFAULTS);
        return binding ? { kind, ...binding } : undefined;
    }
    // No defaults in Pulumi.yaml: the CLI hands a program every declared default as if the stack set
    // it, and these keys are refused with nodeGroups.
    const enabled = readBoolean(problems, "cluster.autoMode.enabled", isSet("cluster.autoMode.enabled") ? value("cluster.autoMode.enabled") : true);
    const pools = readStringArray(problems, "cluster.autoMode.nodePools", isSet("cluster.autoMode.nodePools") ? value("cluster.autoMode.nodePools") : [...AUTO_MODE_NODE_POOLS]);
    const before = problems.count;
    pools?.forEach((pool, i) => {
        if (!(AUTO_MODE_NODE_POOLS as readonly string[]).includes(pool)) {
            problems.add(`cluster.autoMode.nodePools[${i}]`, pool, `${didYouMean(pool, AUTO_MODE_NODE_POOLS)}the built-in node pools are ${AUTO_MODE_NODE_POOLS.map((p) => `"${p}"`).join(" and ")}`);
        }
    });
    if (pools) {
        reportDuplicates(problems, "cluster.autoMode.nodePools", pools);
    }
    if (pools && pools.length === 0 && enabled !== false) {
        problems.add(
            "cluster.autoMode.nodePools",
            pools,
            'list "general-purpose", "system" or both: without a built-in node pool Auto Mode launches no node until a NodePool of your own is applied with kubectl, which this program does not manage',
        );
    }
    if (!kind || enabled === undefined || !pools || problems.count > before) {
        return undefined;
    }
    return { kind, enabled, nodePools: pools as AutoModeNodePool[] };
}

/**
 * What `nodeGroups` means on a cluster that ran Auto Mode and has turned it off: its three settings
 * stay declared, off, with the same node role. Leaving them out makes the provider send an update
 * without them, which EKS refuses ("The type for cluster update was not provided",
 * terraform-aws-modules/terraform-aws-eks#3362, #3457; hashicorp/terraform-provider-aws#40582), on
 * every later `pulumi up`; and a changed node role replaces the cluster (the provider's CustomizeDiff
 * forces new when an existing compute_config.node_role_arn changes, internal/service/eks/cluster.go).
 */
export function retiredAutoMode(): ComputeConfig {
    return { kind: "autoMode", enabled: false, nodePools: [] };
}

/** Auto Mode runs nodes: chosen and not in its `enabled: false` step. */
export function autoModeRuns(compute: ComputeConfig): boolean {
    return compute.kind === "autoMode" && compute.enabled;
}

/** The add-ons when `cluster.addons` is unset: none that Auto Mode runs itself, unless node groups need them. */
export function defaultAddons(compute: ComputeConfig | undefined, nodeGroupCount: number): string[] {
    return compute && autoModeRuns(compute) && nodeGroupCount === 0 ? [] : DEFAULT_ADDONS;
}

interface ComputeSections {
    network: NetworkSection;
    cluster: ClusterConfig;
    nodeGroups: NodeGroupConfig[];
    fargateProfiles: FargateProfileConfig[];
    addonRoles: AddonRoles;
}

export function checkCompute(problems: ConfigProblems, sections: ComputeSections): void {
    const { network, cluster, nodeGroups, fargateProfiles, addonRoles } = sections;
    const compute = cluster.compute;
    if (compute.kind === "karpenter") {
        checkKarpenter(problems, compute, sections);
        return;
    }
    if (compute.kind !== "autoMode") {
        return;
    }
    if (cluster.authenticationMode === "CONFIG_MAP") {
        problems.add("cluster.authenticationMode", cluster.authenticationMode, 'EKS Auto Mode requires access entries: use "API" or "API_AND_CONFIG_MAP"');
    }
    if (!compute.enabled) {
        if (nodeGroups.length === 0 && fargateProfiles.length === 0) {
            problems.add(
                "cluster.autoMode.enabled",
                false,
                "turning Auto Mode off terminates every node it runs, and no node group or Fargate profile is declared to take the pods: add nodeGroups first (with cluster.autoMode.enabled still true), move the workloads, then turn it off",
            );
        }
        return;
    }
    if (!network.privateSubnets) {
        problems.add(
            "cluster.compute",
            "autoMode",
            "Auto Mode places nodes in the cluster's subnets, which without private subnets are the public ones, where its nodes get no public IP and so no way out; keep network.privateSubnets: true",
        );
    } else if (!network.external && network.natStrategy === "none" && !network.acknowledgeNoEgress) {
        problems.add(
            "network.natStrategy",
            "none",
            'EKS Auto Mode nodes in the private subnets would have no internet egress to pull images or reach AWS APIs; use "single" or "onePerAz", or set network.acknowledgeNoEgress: true if the VPC gets VPC endpoints',
        );
    }
    if (nodeGroups.length === 0) {
        cluster.addons.forEach((addon, i) => {
            if (AUTO_MODE_BUILT_IN_ADDONS.includes(addon.name)) {
                problems.add(
                    `cluster.addons[${i}]`,
                    addon.name,
                    "EKS Auto Mode runs this itself on its nodes, and the add-on's pods run only on node groups, of which there are none; remove it (keep it while node groups are declared, e.g. during a migration)",
                );
            }
        });
        if (addonRoles.clusterAutoscaler) {
            problems.add("addonRoles.clusterAutoscaler", true, "EKS Auto Mode scales its nodes itself and there are no node groups for the Cluster Autoscaler to scale; remove it");
        }
    }
}

/**
 * What Karpenter needs from the rest of the environment (aws/karpenter-provider-aws @ v1.14.1 and the
 * EKS User Guide):
 * - capacity it does not manage for its controller: the chart's default affinity keeps the
 *   controller off nodes with `karpenter.sh/nodepool` (charts/karpenter/values.yaml), and "Do not
 *   run Karpenter on a node that is managed by Karpenter" (aws/aws-eks-best-practices
 *   content/karpenter/index.md); Fargate is not an option here because the controller's role is
 *   bound with EKS Pod Identity, which does not serve pods on Fargate (service-accounts.adoc);
 * - an EC2_LINUX access entry for its node role, so access entries (grant-k8s-access.adoc);
 * - the Pod Identity agent for the controller's credentials;
 * - private subnets to launch into (tagged karpenter.sh/discovery by components/network.ts).
 */
function checkKarpenter(problems: ConfigProblems, karpenter: { namespace: string; serviceAccount: string }, { network, cluster, nodeGroups, fargateProfiles, addonRoles }: ComputeSections): void {
    if (nodeGroups.length === 0) {
        problems.add(
            "nodeGroups",
            [],
            "cluster.compute: karpenter runs Karpenter's controller on node groups (it never runs on nodes it launches itself, and its Pod Identity credentials do not reach Fargate pods): declare at least one node group, e.g. two small nodes",
        );
    }
    if (cluster.authenticationMode === "CONFIG_MAP") {
        problems.add("cluster.authenticationMode", cluster.authenticationMode, 'Karpenter\'s nodes join through an EC2_LINUX access entry for their role: use "API" or "API_AND_CONFIG_MAP"');
    }
    if (!cluster.addons.some((a) => a.name === "eks-pod-identity-agent")) {
        problems.add("cluster.addons", cluster.addons.map((a) => a.name), "Karpenter's controller gets its AWS credentials through EKS Pod Identity, which needs the eks-pod-identity-agent add-on; add it");
    }
    const privateSubnets = network.external ? network.external.privateSubnets.length > 0 : network.privateSubnets;
    if (!privateSubnets) {
        problems.add("cluster.compute", "karpenter", "Karpenter launches its nodes in the private subnets (they carry its discovery tag), and there are none: keep network.privateSubnets: true");
    }
    fargateProfiles.forEach((profile, i) =>
        profile.selectors.forEach((selector, j) => {
            if (selectsControllerPods(selector, karpenter.namespace)) {
                problems.add(
                    `fargateProfiles[${i}].selectors[${j}]`,
                    { namespace: selector.namespace, labels: selector.labels },
                    `selects Karpenter's controller pods (namespace ${karpenter.namespace}), which would then run on Fargate, where EKS Pod Identity gives them no credentials; add labels that the controller's pods do not carry, or move Karpenter to another namespace (cluster.karpenter.namespace)`,
                );
            }
        }),
    );
    for (const [addon, binding] of Object.entries(addonRoles)) {
        if (binding && binding.namespace === karpenter.namespace && binding.serviceAccount === karpenter.serviceAccount) {
            problems.add(
                `addonRoles.${addon}.serviceAccount`,
                binding.serviceAccount,
                `is Karpenter's service account too (${karpenter.namespace}/${karpenter.serviceAccount}); EKS allows one Pod Identity association per service account: give one of them another name`,
            );
        }
    }
}
