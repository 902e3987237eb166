// Stack rule on the instance metadata of managed node groups without a launch template, whose
// nodes get EKS's default launch template (eks-nodes-imdsv2 judges the templates a program writes).
import { StackValidationPolicy } from "@pulumi/policy";
import { knownOr } from "../lib/props";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, stackValidation } from "../lib/stackContext";

interface DefaultImdsSettings {
    maxHopLimit: number;
}
const defaults: DefaultImdsSettings = { maxHopLimit: 1 };

/** Kubernetes minor version from which EKS creates managed node groups with AL2023 by default. */
const AL2023_DEFAULT_FROM = 30;

/** What a managed node group's AMI type is, as far as the plan or state says. */
function amiTypeOf(props: Record<string, any>): { amiType?: string; unknown?: boolean } {
    return knownOr(() => {
        if (props.amiType) {
            return { amiType: String(props.amiType) };
        }
        const version = props.version ? /^1\.(\d+)$/.exec(String(props.version)) : null;
        if (version) {
            return { amiType: Number(version[1]) >= AL2023_DEFAULT_FROM ? "AL2023 (EKS's default from Kubernetes 1.30)" : "AL2_x86_64 (EKS's default before Kubernetes 1.30)" };
        }
        return { unknown: true };
    }, { unknown: true });
}

// Sources: EKS User Guide, launch-templates.adoc: "If you deploy a managed node group without using
// a custom launch template, this value [the metadata response hop limit of 2] is automatically set
// for the node group in the default launch template"; al2023.adoc: "AL2023 requires IMDSv2 by
// default" and "the default hop count for managed node groups is set to 1"; eks-optimized-ami.adoc:
// new managed node groups default to AL2023 from Kubernetes 1.30, to AL2 before. AnalyzeStack sees
// outputs, so a deployed group's AMI type is known even where the program set none.
export const nodeGroupDefaultImds: StackValidationPolicy = {
    name: "eks-nodegroup-imds-default",
    description: "Managed node groups without a launch template run an AMI type whose default instance metadata settings keep pods away from the node role (AL2023: IMDSv2 only, hop limit 1); others get EKS's default hop limit of 2.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults({ properties: { maxHopLimit: { type: "integer", minimum: 1, maximum: 64 } } }, { ...defaults }),
    validateStack: stackValidation((context, reportViolation, args) => {
        const { maxHopLimit } = settingsOf(args, defaults);
        for (const group of context.nodeGroups) {
            // A launch template not known yet is a launch template all the same.
            if (knownOr(() => group.props.launchTemplate, "unknown")) {
                continue;
            }
            const { amiType, unknown } = amiTypeOf(group.props);
            if (unknown) {
                context.note(`the AMI type EKS gives ${label(group)}`);
                continue;
            }
            if (amiType!.startsWith("AL2023") || maxHopLimit >= 2) {
                continue;
            }
            reportViolation(
                `${label(group)} has no launch template, so its nodes get EKS's default one, which sets the metadata hop limit to 2 for ${amiType}: every pod can read the node role's credentials from instance metadata (only AL2023 AMI types get 1, with IMDSv2 required). Move it to an AL2023 AMI type, or give it a launch template with metadataOptions httpTokens "required" and httpPutResponseHopLimit ${maxHopLimit}; give add-ons that need AWS access their own role with EKS Pod Identity.`,
                group.urn,
            );
        }
    }),
};
