// The Kubernetes side of Karpenter, which this program does not manage: the Helm install command
// and a first EC2NodeClass and NodePool, filled in with the names the stack created, exported for
// `pulumi stack output`. Both follow Karpenter's getting-started guide (aws/karpenter-provider-aws
// website/content/en/docs/getting-started/getting-started-with-karpenter/scripts/
// step08-apply-helm-chart.sh and step12-add-nodepool.sh @ v1.14.1).
import { KARPENTER_DISCOVERY_TAG } from "./naming";

/** The chart version the guide installs (charts/karpenter/Chart.yaml @ v1.14.1, 2026-08-20). */
export const KARPENTER_CHART_VERSION = "1.14.1";

export interface KarpenterInstallValues {
    clusterName: string;
    interruptionQueueName: string;
    nodeRoleName: string;
    namespace: string;
    serviceAccount: string;
    /** Subnets by ID when the network is not this stack's (its subnets carry no discovery tag of this cluster). */
    subnetIds?: string[];
}

/**
 * `helm upgrade --install`, as the guide runs it. The release is named `karpenter`, so the chart
 * names its service account `karpenter` (charts/karpenter/templates/_helpers.tpl); another service
 * account is set explicitly.
 */
export function helmInstallCommand(v: KarpenterInstallValues): string {
    const lines = [
        `helm upgrade --install karpenter oci://public.ecr.aws/karpenter/karpenter --version "${KARPENTER_CHART_VERSION}" --namespace "${v.namespace}" --create-namespace`,
        `  --set "settings.clusterName=${v.clusterName}"`,
        `  --set "settings.interruptionQueue=${v.interruptionQueueName}"`,
        ...(v.serviceAccount === "karpenter" ? [] : [`  --set "serviceAccount.name=${v.serviceAccount}"`]),
        "  --set controller.resources.requests.cpu=1",
        "  --set controller.resources.requests.memory=1Gi",
        "  --set controller.resources.limits.cpu=1",
        "  --set controller.resources.limits.memory=1Gi",
        "  --wait",
    ];
    return lines.join(" \\\n");
}

/** A first EC2NodeClass and NodePool (the guide's), for `kubectl apply -f -`. */
export function nodeClassManifest(v: KarpenterInstallValues): string {
    const discovery = [`    - tags:`, `        ${KARPENTER_DISCOVERY_TAG}: "${v.clusterName}"`];
    const subnets = v.subnetIds ? v.subnetIds.map((id) => `    - id: "${id}"`) : discovery;
    return [
        "apiVersion: karpenter.k8s.aws/v1",
        "kind: EC2NodeClass",
        "metadata:",
        "  name: default",
        "spec:",
        `  role: "${v.nodeRoleName}"`,
        "  amiSelectorTerms:",
        "    # Pin a version (al2023@v<date>) to roll new AMIs out when you choose: with latest, every new AMI drifts every node.",
        '    - alias: "al2023@latest"',
        "  subnetSelectorTerms:",
        ...subnets,
        "  securityGroupSelectorTerms:",
        ...discovery,
        "---",
        "apiVersion: karpenter.sh/v1",
        "kind: NodePool",
        "metadata:",
        "  name: default",
        "spec:",
        "  template:",
        "    spec:",
        "      requirements:",
        "        - key: kubernetes.io/arch",
        "          operator: In",
        '          values: ["amd64"]',
        "        - key: kubernetes.io/os",
        "          operator: In",
        '          values: ["linux"]',
        "        - key: karpenter.sh/capacity-type",
        "          operator: In",
        '          values: ["on-demand"]',
        "        - key: karpenter.k8s.aws/instance-category",
        "          operator: In",
        '          values: ["c", "m", "r"]',
        "        - key: karpenter.k8s.aws/instance-generation",
        "          operator: Gt",
        '          values: ["2"]',
        "      nodeClassRef:",
        "        group: karpenter.k8s.aws",
        "        kind: EC2NodeClass",
        "        name: default",
        "      expireAfter: 720h",
        "  limits:",
        "    cpu: 1000",
        "  disruption:",
        "    consolidationPolicy: WhenEmptyOrUnderutilized",
        "    consolidateAfter: 1m",
        "",
    ].join("\n");
}
