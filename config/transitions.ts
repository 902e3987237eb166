// Changes EKS does not allow on a cluster that exists, refused before anything is declared (a
// provider would otherwise replace the cluster, or fail half way).
import { ClusterConfig } from "./environment";
import { ConfigProblems } from "./problems";

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
