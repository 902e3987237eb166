// Rule on the settings EKS Auto Mode needs together, which the EKS API refuses one by one at
// `pulumi up` (after everything before the cluster was created): caught at preview instead.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { clusterInputs } from "../lib/clusterInputs";
import { effective, ifKnown, isPresent, listOf, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { forType } from "../lib/typedValidation";

const NOT_SET = "not set";

/** Where each Auto Mode capability's switch sits in aws.eks.Cluster. */
const CAPABILITIES: { path: string; read: (props: PropertyBag) => unknown }[] = [
    { path: "computeConfig.enabled", read: (p) => (p.computeConfig as PropertyBag | undefined)?.enabled },
    { path: "storageConfig.blockStorage.enabled", read: (p) => ((p.storageConfig as PropertyBag | undefined)?.blockStorage as PropertyBag | undefined)?.enabled },
    { path: "kubernetesNetworkConfig.elasticLoadBalancing.enabled", read: (p) => ((p.kubernetesNetworkConfig as PropertyBag | undefined)?.elasticLoadBalancing as PropertyBag | undefined)?.enabled },
];

// Sources: EKS User Guide, "Enable EKS Auto Mode on existing EKS clusters" and "Disable EKS Auto
// Mode" ("The compute, block storage, and load balancing capabilities must all be enabled or
// disabled in the same request"); "Create an Auto Mode cluster" (a node role with the built-in node
// pools; "EKS Auto Mode requires EKS access entries"). bootstrapSelfManagedAddons is not judged:
// it only acts when a cluster is created (@pulumi/eks ignores later changes to it, pulumi/pulumi-eks
// nodejs/eks/cluster/cluster.ts), so a cluster that moved to Auto Mode keeps its first value.
export const autoModeSettings: ResourceValidationPolicy = {
    name: "eks-auto-mode-settings",
    description: "EKS clusters that use EKS Auto Mode turn its compute, block storage and load balancing capabilities on or off together, give built-in node pools a node role, and use access entries.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const switches = CAPABILITIES.map((c) => ({ ...c, value: ifKnown(() => c.read(cluster.props) ?? NOT_SET) }));
        const on = switches.filter((s) => s.value === true);
        // An unknown switch (computed from another resource) is judged when it is known.
        const known = switches.every((s) => s.value !== undefined);
        if (known && on.length > 0 && on.length < CAPABILITIES.length) {
            const off = switches.filter((s) => s.value !== true).map((s) => `${s.path} is ${s.value === NOT_SET ? "not set" : String(s.value)}`);
            reportViolation(
                `${cluster.label} turns on part of EKS Auto Mode (${on.map((s) => s.path).join(", ")}) but ${off.join(", ")}; EKS accepts the three capabilities only all on or all off, in the same request. Set all three to true, or all to false.`,
            );
        }
        if (!on.some((s) => s.path === "computeConfig.enabled")) {
            return;
        }
        const compute = cluster.props.computeConfig as PropertyBag | undefined;
        if (listOf<string>(compute, "nodePools").length > 0 && !isPresent(compute, "nodeRoleArn")) {
            reportViolation(`${cluster.label} enables the built-in node pools (computeConfig.nodePools) without computeConfig.nodeRoleArn; EKS needs the role to give Auto Mode nodes. Create a node role (AmazonEKSWorkerNodeMinimalPolicy, AmazonEC2ContainerRegistryPullOnly) and set it.`);
        }
        const mode = effective((cluster.props.accessConfig ?? {}) as PropertyBag, "authenticationMode", "CONFIG_MAP");
        if (mode === "CONFIG_MAP") {
            reportViolation(`${cluster.label} runs EKS Auto Mode with authentication mode CONFIG_MAP; Auto Mode requires access entries. Set accessConfig.authenticationMode to "API" (or "API_AND_CONFIG_MAP").`);
        }
    }),
};
