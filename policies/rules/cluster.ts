// Rules on the EKS control plane: logging, secrets encryption, version, upgrade policy, access.
import { AWS } from "../lib/resourceTypes";
import { forType } from "../lib/typedValidation";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { clusterInputs } from "../lib/clusterInputs";
import { CONTROL_PLANE_LOG_TYPES } from "../lib/eksLimits";
import { daysUntil, findEksVersion, supportStatus, versionsInStatus } from "../lib/eksVersions";
import { DAY, evaluationDay } from "../lib/evaluationDate";
import { effective, isChosen, listOf, PropertyBag } from "../lib/props";
import { schemaWithDefaults, settingsOf } from "../lib/settings";

const LOG_TYPES: string[] = [...CONTROL_PLANE_LOG_TYPES];

interface LoggingSettings {
    requiredLogTypes: string[];
}
const loggingDefaults: LoggingSettings = { requiredLogTypes: [...LOG_TYPES] };

// Source: Amazon EKS User Guide, "Send control plane logs to CloudWatch Logs"; EKS Best Practices
// (Security, Detective controls): enable audit logs.
export const controlPlaneLogging: ResourceValidationPolicy = {
    name: "eks-control-plane-logging",
    description: "EKS clusters send the required control-plane log types to CloudWatch Logs.",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: schemaWithDefaults(
        { properties: { requiredLogTypes: { type: "array", items: { type: "string", enum: LOG_TYPES }, uniqueItems: true } } },
        { ...loggingDefaults },
    ),
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const { requiredLogTypes } = settingsOf(args, loggingDefaults);
        const enabled = listOf<string>(cluster.props, "enabledClusterLogTypes");
        const missing = requiredLogTypes.filter((type) => !enabled.includes(type));
        if (missing.length > 0) {
            reportViolation(
                `${cluster.label} does not send the ${missing.join(", ")} control-plane log${missing.length === 1 ? "" : "s"} to CloudWatch ` +
                    `(enabledClusterLogTypes: [${enabled.join(", ")}]). Add ${missing.map((t) => `"${t}"`).join(", ")} to enabledClusterLogTypes.`,
            );
        }
    }),
};

// Source: Amazon EKS User Guide, "Encrypt Kubernetes secrets with KMS on existing clusters";
// EKS Best Practices (Security, Encryption at rest).
export const secretsEncryption: ResourceValidationPolicy = {
    name: "eks-secrets-encryption",
    description: "EKS clusters encrypt Kubernetes secrets with a KMS key (envelope encryption).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const config = cluster.props.encryptionConfig as PropertyBag | undefined;
        const resources = listOf<string>(config, "resources");
        // An unknown key ARN (a key created in this update) still means a key is configured.
        const hasKey = isChosen(config?.provider as PropertyBag | undefined, "keyArn");
        if (!config || !resources.includes("secrets") || !hasKey) {
            const fix = cluster.kind === "aws" ? `Set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.` : "Set the @pulumi/eks Cluster's encryptionConfigKeyArn to a KMS key ARN.";
            reportViolation(`${cluster.label} does not encrypt Kubernetes secrets with KMS. ${fix}`);
        }
    }),
};

interface VersionSettings {
    allowExtendedSupport: boolean;
    warnDaysBeforeEnd: number;
    evaluationDate?: string;
}
const versionDefaults: VersionSettings = { allowExtendedSupport: false, warnDaysBeforeEnd: 60 };

// Source: Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS" (14 months of
// standard support, 12 more of extended support at extra cost); calendar in data/eks-versions.json.
export const kubernetesVersion: ResourceValidationPolicy = {
    name: "eks-kubernetes-version",
    description: "EKS clusters pin a Kubernetes version that is in standard support on the evaluation date (or extended support where allowed), and not within warnDaysBeforeEnd days of its end: that notice is a violation at the policy's level, so at mandatory it fails the check.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: schemaWithDefaults(
        {
            properties: {
                allowExtendedSupport: { type: "boolean" },
                warnDaysBeforeEnd: { type: "integer", minimum: 0 },
                evaluationDate: { type: "string", pattern: DAY.source },
            },
        },
        { ...versionDefaults },
    ),
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const settings = settingsOf(args, versionDefaults);
        if (!isChosen(cluster.props, "version")) {
            reportViolation(`${cluster.label} does not pin a Kubernetes version, so EKS picks its current default and upgrades become accidental. Set version (e.g. "1.35").`);
            return;
        }
        const version = String(cluster.props.version);
        const day = evaluationDay(settings.evaluationDate);
        const today = day.toISOString().slice(0, 10);
        const entry = findEksVersion(version);
        const status = supportStatus(version, day);
        const standard = versionsInStatus("standard", day).join(", ");
        if (!entry || status === "unknown" || status === "notReleased") {
            reportViolation(`${cluster.label} uses Kubernetes ${version}, which is not in the EKS version calendar on ${today}. Use a version in standard support: ${standard}.`);
        } else if (status === "ended") {
            reportViolation(`${cluster.label} uses Kubernetes ${version}, past end of extended support (${entry.endOfExtendedSupport}). Upgrade to ${standard}.`);
        } else if (status === "extended" && !settings.allowExtendedSupport) {
            reportViolation(
                `${cluster.label} uses Kubernetes ${version}, past end of standard support (${entry.endOfStandardSupport}); extended support costs 6x per cluster hour. Upgrade to ${standard}.`,
            );
        } else if (status === "standard") {
            const days = daysUntil(entry.endOfStandardSupport, day);
            if (days <= settings.warnDaysBeforeEnd) {
                reportViolation(
                    `${cluster.label} uses Kubernetes ${version}, whose standard support ends on ${entry.endOfStandardSupport} (in ${days} days). Plan the upgrade to a newer version (${standard}).`,
                );
            }
        }
    }),
};

interface UpgradePolicySettings {
    allowExtendedSupport: boolean;
}
const upgradeDefaults: UpgradePolicySettings = { allowExtendedSupport: false };

// Source: Amazon EKS User Guide, "Cluster upgrade policy"; EKS API UpgradePolicyRequest: the API
// default is EXTENDED, which keeps a cluster past standard support at the extended price.
export const upgradePolicy: ResourceValidationPolicy = {
    name: "eks-upgrade-policy",
    description: "EKS clusters set upgradePolicy.supportType explicitly, to STANDARD unless extended support is allowed.",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: schemaWithDefaults({ properties: { allowExtendedSupport: { type: "boolean" } } }, { ...upgradeDefaults }),
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const { allowExtendedSupport } = settingsOf(args, upgradeDefaults);
        const policy = cluster.props.upgradePolicy as PropertyBag | undefined;
        if (!isChosen(policy, "supportType")) {
            reportViolation(
                `${cluster.label} leaves upgradePolicy.supportType to the AWS default (EXTENDED: the cluster stays on an old version at 6x the cluster-hour price). Set upgradePolicy: { supportType: "STANDARD" }.`,
            );
        } else if (policy!.supportType === "EXTENDED" && !allowExtendedSupport) {
            reportViolation(`${cluster.label} opts into EXTENDED support (6x the cluster-hour price once the version leaves standard support). Set upgradePolicy.supportType to "STANDARD".`);
        }
    }),
};

interface AuthenticationSettings {
    allowedModes: string[];
    forbidCreatorAdmin: boolean;
}
const authenticationDefaults: AuthenticationSettings = { allowedModes: ["API", "API_AND_CONFIG_MAP"], forbidCreatorAdmin: false };
const AUTHENTICATION_MODES = ["API", "API_AND_CONFIG_MAP", "CONFIG_MAP"];

// Source: Amazon EKS User Guide, "Grant IAM users and roles access to Kubernetes APIs" (access
// entries; the aws-auth ConfigMap is deprecated) and CreateCluster accessConfig (default CONFIG_MAP,
// bootstrapClusterCreatorAdminPermissions default true).
export const authenticationMode: ResourceValidationPolicy = {
    name: "eks-authentication-mode",
    description: "EKS clusters use an allowed authentication mode (access entries), and where configured give no implicit admin to the cluster creator.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults(
        {
            properties: {
                allowedModes: { type: "array", items: { type: "string", enum: AUTHENTICATION_MODES }, minItems: 1, uniqueItems: true },
                forbidCreatorAdmin: { type: "boolean" },
            },
        },
        { ...authenticationDefaults },
    ),
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const settings = settingsOf(args, authenticationDefaults);
        const access = cluster.props.accessConfig as PropertyBag | undefined;
        const where = cluster.kind === "aws" ? "accessConfig.authenticationMode" : "the @pulumi/eks Cluster's authenticationMode";
        const mode = effective(access, "authenticationMode", "CONFIG_MAP");
        const creatorAdmin = effective<boolean>(access, "bootstrapClusterCreatorAdminPermissions", true) !== false;
        const forbidden = settings.forbidCreatorAdmin && creatorAdmin;
        // EKS: "bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode
        // is set to CONFIG_MAP" (CreateCluster's InvalidParameterException). Under CONFIG_MAP the
        // creator's admin is not a separate fix: it can go only once the mode allows access entries.
        const afterMode = forbidden ? " Then the creator's implicit admin can go too: EKS requires it under CONFIG_MAP." : "";
        if (!settings.allowedModes.includes(mode)) {
            reportViolation(
                `${cluster.label} uses authentication mode ${mode}${isChosen(access, "authenticationMode") ? "" : " (the AWS default)"}; allowed: ${settings.allowedModes.join(", ")}. Set ${where} to "API" and grant access with access entries.${mode === "CONFIG_MAP" ? afterMode : ""}`,
            );
            if (mode === "CONFIG_MAP") {
                return;
            }
        } else if (forbidden && mode === "CONFIG_MAP") {
            reportViolation(
                `${cluster.label} uses authentication mode CONFIG_MAP, under which EKS requires the creator's implicit cluster admin, which this policy's forbidCreatorAdmin forbids. Move to "API_AND_CONFIG_MAP" or "API" (${where}), or accept it with forbidCreatorAdmin: false.`,
            );
            return;
        }
        if (forbidden) {
            // Fixed at creation (force-new in the AWS provider): on a running cluster, changing it replaces the cluster.
            const fix =
                cluster.kind === "aws"
                    ? "Set it to false on a new cluster; on a running one that replaces the cluster (it is fixed at creation), so delete the creator's access entry instead once admins have their own"
                    : "@pulumi/eks exposes no input for it: delete the creator's access entry once admins have their own (or, for a new cluster, declare aws.eks.Cluster directly with it false), or accept it with this policy's forbidCreatorAdmin: false";
            reportViolation(
                `${cluster.label} gives whoever creates it implicit cluster admin (accessConfig.bootstrapClusterCreatorAdminPermissions is not false). ${fix}, and grant admins through access entries.`,
            );
        }
    }),
};

export const clusterPolicies = [controlPlaneLogging, secretsEncryption, kubernetesVersion, upgradePolicy, authenticationMode];
