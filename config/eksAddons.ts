// The EKS add-on names the config accepts, and the form of an add-on version.

/**
 * Add-ons from AWS: Amazon EKS User Guide, "AWS add-ons"
 * (awsdocs/amazon-eks-user-guide latest/ug/workloads/workloads-add-ons-available-eks.adoc
 * @ 027430e09023d12ec3beccce4c646a11a270a5cb, "The Amazon EKS add-on name is ...").
 */
export const AWS_ADDONS = [
    "vpc-cni",
    "coredns",
    "kube-proxy",
    "eks-pod-identity-agent",
    "aws-ebs-csi-driver",
    "aws-efs-csi-driver",
    "aws-fsx-csi-driver",
    "aws-mountpoint-s3-csi-driver",
    "snapshot-controller",
    "eks-node-monitoring-agent",
    "amazon-sagemaker-hyperpod-taskgovernance",
    "aws-network-flow-monitoring-agent",
    "adot",
    "aws-guardduty-agent",
    "amazon-cloudwatch-observability",
    "aws-privateca-connector-for-kubernetes",
] as const;

/**
 * Community add-ons: Amazon EKS User Guide, "Community add-ons"
 * (latest/ug/workloads/community-addons.adoc @ 013856044148d6eeed4723027a45aa2180536bcb, plus
 * sriov-network-metrics-exporter from awsdocs/amazon-eks-user-guide#1069).
 */
export const COMMUNITY_ADDONS = [
    "metrics-server",
    "kube-state-metrics",
    "prometheus-node-exporter",
    "cert-manager",
    "external-dns",
    "fluent-bit",
    "sriov-network-metrics-exporter",
] as const;

export const KNOWN_ADDONS: ReadonlySet<string> = new Set([...AWS_ADDONS, ...COMMUNITY_ADDONS]);

/** AWS Marketplace add-ons are named `<vendor>_<product>` (e.g. `kubecost_kubecost`, same guide). */
export const MARKETPLACE_ADDON = /^[a-z0-9-]+_[a-z0-9-]+$/;

/** Add-on versions look like `v1.19.2-eksbuild.1` (DescribeAddonVersions); `latest` is not one. */
export const ADDON_VERSION = /^v\d+\.\d+\.\d+(-[A-Za-z0-9.]+)?$/;
