// Changes EKS does not allow on a cluster that exists, refused before anything is declared (a
// provider would otherwise replace the cluster, or fail half way).
import { ClusterConfig } from "./environment";
import { ConfigProblems } from "./problems";

/** What the program reads back from the deployed cluster (components/awsContext.ts). */
export interface DeployedCluster {
    authenticationMode?: string;
    /** From the tag the program sets; undefined for a cluster that does not carry it. */
    secretsEncrypted?: boolean;
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
    if (deployed.secretsEncrypted === true && cluster.secretsEncryption.kind === "none") {
        problems.add(
            "cluster.secretsEncryption",
            "none",
            "the cluster encrypts its secrets, and EKS cannot turn that off (\"You can't disable secrets encryption after enabling it\", EKS User Guide); the provider would replace the cluster instead. Keep the encryption",
        );
    }
}
