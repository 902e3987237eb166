// Changes EKS does not allow on a cluster that exists, refused before anything is declared (a
// provider would otherwise replace the cluster, or fail half way).
import { ClusterConfig } from "./environment";
import { principalOf } from "./accessEntries";
import { ConfigProblems } from "./problems";
import { AvailabilityZone } from "./zones";

/** What the program reads back from the deployed cluster (components/awsContext.ts). */
export interface DeployedCluster {
    authenticationMode?: string;
    /**
     * How the cluster's secrets are encrypted, from the tag the program sets (secretsEncryptionTag):
     * "none", "createKey", or the ARN of the existing key; undefined for a cluster without the tag.
     */
    secretsEncryption?: string;
    /** EKS Auto Mode's compute capability is on (DescribeCluster computeConfig.enabled). */
    autoMode?: boolean;
    /**
     * The cluster has run EKS Auto Mode: its computeConfig names a node role. Such a cluster keeps
     * its three Auto Mode settings declared, turned off, for good (components/cluster.ts).
     */
    autoModeNodeRoleArn?: string;
    /** The Kubernetes version the control plane runs. */
    version?: string;
    /**
     * The zone IDs of the control plane's subnets: the zones it was created in, which EKS never
     * changes ("All subnets that you add must be in the same set of AZs as originally provided when
     * you created the cluster", EKS User Guide, network-reqs.adoc).
     */
    zoneIds?: string[];
    /** The cluster's IP family (DescribeCluster kubernetesNetworkConfig.ipFamily), fixed at creation. */
    ipFamily?: string;
    /** ARC zonal shift is on (DescribeCluster zonalShiftConfig.enabled). */
    zonalShift?: boolean;
    /** The provisioned control-plane tier it runs (controlPlaneScalingConfig.tier). */
    controlPlaneTier?: string;
    /** Its control plane's egress mode (resourcesVpcConfig.controlPlaneEgressMode). */
    controlPlaneEgressMode?: string;
}

/** The value of the cluster's secrets-encryption tag for a config. */
export function secretsEncryptionTag(encryption: ClusterConfig["secretsEncryption"]): string {
    return encryption.kind === "existingKey" ? encryption.kmsKeyArn : encryption.kind;
}

/**
 * Authentication modes only move towards access entries: "Once the access entry method is enabled,
 * it cannot be disabled", and "If the ConfigMap method is not enabled during cluster creation, it
 * cannot be enabled later" (EKS User Guide, grant-k8s-access.adoc).
 */
const MODE_ORDER = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"];

export function checkTransitions(problems: ConfigProblems, cluster: ClusterConfig, deployed: DeployedCluster | undefined): void {
    if (!deployed) {
        return;
    }
    const from = deployed.authenticationMode;
    if (from && MODE_ORDER.indexOf(cluster.authenticationMode) < MODE_ORDER.indexOf(from)) {
        problems.add(
            "cluster.authenticationMode",
            cluster.authenticationMode,
            `the cluster runs ${from}; EKS only moves authentication towards access entries (CONFIG_MAP -> API_AND_CONFIG_MAP -> API) and never back. Keep ${from}${from === "API" ? "" : " or move to API"}`,
        );
    }
    if (deployed.autoMode && cluster.compute.kind === "nodeGroups") {
        // Removing computeConfig from the program sends nothing to EKS, so Auto Mode would stay on
        // with no settings declared for it: turning it off is an explicit update of all three
        // capabilities (EKS User Guide, "Disable EKS Auto Mode", automode/auto-disable.adoc).
        problems.add(
            "cluster.compute",
            "nodeGroups",
            "the cluster runs EKS Auto Mode, and leaving its settings out does not turn it off. First keep cluster.compute: autoMode and set cluster.autoMode.enabled: false (with node groups declared to take the pods), run `pulumi up`, then switch to nodeGroups",
        );
    }
    if (cluster.compute.kind === "autoMode" && !cluster.compute.enabled && !deployed.autoMode && !deployed.autoModeNodeRoleArn) {
        // EKS answers "Cannot modify EKS Auto Mode configuration. Auto Mode is not enabled on this
        // cluster" (aws-controllers-k8s/community#3046).
        problems.add("cluster.autoMode.enabled", false, 'the cluster has never run EKS Auto Mode, so there is nothing to turn off, and EKS refuses the update; use cluster.compute: "nodeGroups"');
    }
    const now = deployed.secretsEncryption;
    const wanted = secretsEncryptionTag(cluster.secretsEncryption);
    if (now && now !== "none" && wanted === "none") {
        problems.add(
            "cluster.secretsEncryption",
            "none",
            "the cluster encrypts its secrets, and EKS cannot turn that off (\"You can't disable secrets encryption after enabling it\", EKS User Guide); the provider would replace the cluster instead. Keep the encryption",
        );
    } else if (now && now !== "none" && now !== wanted) {
        problems.add(
            "cluster.secretsEncryption",
            wanted,
            `the cluster's secrets are encrypted with ${now === "createKey" ? "the key this stack created" : now}; EKS associates one key with a cluster (AssociateEncryptionConfig adds encryption to a cluster without it) and this program does not move secrets to another key. Keep ${now === "createKey" ? '"createKey"' : now}; rotate the key's material with KMS key rotation instead`,
        );
    }
}

/**
 * The zones the control plane stays on. A new cluster gets every zone of the network; a running
 * one keeps the zones it was created with, because UpdateClusterConfig refuses a subnet in any other
 * zone (EKS User Guide, network-reqs.adoc; aws/containers-roadmap#2330): a zone added later carries
 * node groups and Fargate pods, never control-plane interfaces. Removing a creation zone cannot be
 * done in place and is refused, naming `key` (where the zones are configured).
 */
export function controlPlaneZones(problems: ConfigProblems, key: string, zones: readonly AvailabilityZone[], deployed: DeployedCluster | undefined): AvailabilityZone[] {
    const kept = deployed?.zoneIds;
    if (!kept || kept.length === 0) {
        return [...zones];
    }
    const missing = kept.filter((id) => !zones.some((z) => z.id === id));
    if (missing.length > 0) {
        problems.add(
            key,
            zones.map((z) => `${z.name} (${z.id})`),
            `the cluster's control plane runs in zones ${kept.join(", ")}, the ones it was created in, and EKS cannot move it: zone${missing.length > 1 ? "s" : ""} ${missing.join(", ")} must stay in the network (add zones, never remove these). Leaving a zone means a new cluster`,
        );
        return [];
    }
    return zones.filter((z) => kept.includes(z.id));
}

/**
 * "You select which IP family you want to use for your cluster when you create it. You can't change
 * the family after you create the cluster" (EKS User Guide, eks-networking-add-ons.adoc, cni-ipv6);
 * kubernetes_network_config.ip_family is ForceNew in the provider (internal/service/eks/cluster.go),
 * so a change would replace the running cluster.
 */
export function checkIpFamily(problems: ConfigProblems, ipFamily: string, deployed: DeployedCluster | undefined): void {
    const running = deployed?.ipFamily;
    if (running && running !== ipFamily) {
        problems.add(
            "network.ipFamily",
            ipFamily,
            `the cluster runs the ${running} family, which EKS fixes at creation: changing it replaces the cluster (and everything on it). Keep "${running}"; to move, create a new ${ipFamily} cluster in another stack and migrate the workloads`,
        );
    }
}

const majorOf = (version: string) => version.split(".")[0];

/**
 * Kubernetes versions move one minor version at a time and never back: "you can update only one
 * minor version at a time" and "You cannot downgrade the Kubernetes of an Amazon EKS cluster" (EKS
 * User Guide, update-cluster.adoc). Refused here, the provider would fail at UpdateClusterVersion.
 */
export function checkVersionStep(problems: ConfigProblems, cluster: ClusterConfig, deployed: DeployedCluster | undefined): void {
    const running = deployed?.version;
    if (!running) {
        return;
    }
    const minor = (version: string) => Number(version.split(".")[1]);
    const [from, to] = [minor(running), minor(cluster.version)];
    if (!Number.isFinite(from) || !Number.isFinite(to) || majorOf(running) !== majorOf(cluster.version)) {
        return;
    }
    if (to < from) {
        problems.add("cluster.version", cluster.version, `the cluster runs Kubernetes ${running}, and EKS cannot downgrade a cluster; keep ${running} or move to ${majorOf(running)}.${from + 1}`);
    } else if (to > from + 1) {
        problems.add("cluster.version", cluster.version, `the cluster runs Kubernetes ${running}, and EKS upgrades one minor version at a time; set ${majorOf(running)}.${from + 1}, run \`pulumi up\`, then the next`);
    }
}

/**
 * With bootstrapCreatorAdmin, EKS gives whoever creates the cluster an access entry of its own; an
 * entry this program declares for the same principal then fails with ResourceInUseException.
 * Checked when the cluster is created by `deployer` (the caller's ARN); a running cluster's creator
 * is not known to the program.
 */
export function checkCreatorEntry(problems: ConfigProblems, cluster: ClusterConfig, deployed: DeployedCluster | undefined, deployer: string | undefined): void {
    const creator = deployer ? principalOf(deployer) : undefined;
    if (deployed || !cluster.bootstrapCreatorAdmin || !creator) {
        return;
    }
    const same = (arn: string) => {
        const p = principalOf(arn);
        return !!p && p.account === creator.account && p.kind === creator.kind && p.name === creator.name;
    };
    const listed = [...cluster.adminPrincipalArns, ...cluster.accessEntries.map((e) => e.principalArn)].find(same);
    if (listed) {
        problems.add(
            "cluster.bootstrapCreatorAdmin",
            true,
            `EKS gives the principal creating the cluster (${deployer}) an access entry of its own, and ${listed} is that principal, listed here too: creating its entry would fail (ResourceInUseException). Set cluster.bootstrapCreatorAdmin: false (it is listed anyway), or remove it from the list`,
        );
    }
}
