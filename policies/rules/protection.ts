// Stack rule on protecting stateful resources from deletion.
// Source: Pulumi docs, resource option `protect`; an EKS cluster, its VPC and its secrets KMS key
// cannot be recreated without losing workloads, network identity or encrypted data.
import { StackValidationPolicy } from "@pulumi/policy";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, stackValidation } from "../lib/stackContext";
import { notApplicable } from "../lib/notApplicable";

/** The deployed resources; a @pulumi/eks Cluster's protect reaches its child cluster, judged once. */
export const STATEFUL_TYPES = [AWS.cluster, AWS.vpc, NETWORK.kmsKey];

interface ProtectSettings {
    requireProtection: boolean;
}
const protectDefaults: ProtectSettings = { requireProtection: false };

export const protectStateful: StackValidationPolicy = {
    name: "eks-protect-stateful",
    description: "Where required, the cluster, the VPC and the KMS key are declared with protect: true.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults({ properties: { requireProtection: { type: "boolean" } } }, { ...protectDefaults }),
    validateStack: stackValidation((context, reportViolation, args) => {
        if (!settingsOf(args, protectDefaults).requireProtection) {
            notApplicable(args, "protection is not required in this environment");
        }
        for (const resource of context.graph.ofType(...STATEFUL_TYPES)) {
            if (!resource.opts.protect) {
                reportViolation(`${label(resource)} is not protected, so a destroy or a replacing change deletes it. Declare it with { protect: true } (eks-platform: set eks-platform:protect).`, resource.urn);
            }
        }
    }),
};
