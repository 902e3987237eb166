// Rule on who administers the cluster: Kubernetes access is granted by EKS access entries and access
// policies (EKS User Guide, "Associate access policies with access entries"). AmazonEKSClusterAdminPolicy
// and AmazonEKSAdminPolicy on the `cluster` scope give a principal (nearly) everything in the
// cluster; teams get AmazonEKSEditPolicy or AmazonEKSViewPolicy, or a `namespace` scope.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { notApplicable } from "../lib/notApplicable";
import { PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { forType } from "../lib/typedValidation";

const ADMIN_POLICIES = ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy"];

interface AdminSettings {
    adminPrincipalArns: string[];
}
const adminDefaults: AdminSettings = { adminPrincipalArns: [] };

export const clusterAdminPrincipals: ResourceValidationPolicy = {
    name: "eks-cluster-admin-principals",
    description: "Only the principals the environment lists as admins get an admin access policy on the whole cluster.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults(
        { properties: { adminPrincipalArns: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true } } },
        { ...adminDefaults },
    ),
    validateResource: forType(AWS.accessPolicyAssociation, (args, reportViolation) => {
        const { adminPrincipalArns } = settingsOf(args, adminDefaults);
        if (adminPrincipalArns.length === 0) {
            notApplicable(args, "no adminPrincipalArns are configured for this environment");
        }
        const policy = String(args.props.policyArn ?? "").split("/").pop() ?? "";
        const scope = (args.props.accessScope ?? {}) as PropertyBag;
        if (!ADMIN_POLICIES.includes(policy) || scope.type !== "cluster") {
            return;
        }
        const principal = String(args.props.principalArn);
        if (!adminPrincipalArns.includes(principal)) {
            reportViolation(
                `AccessPolicyAssociation "${args.name}" gives ${principal} ${policy} on the whole cluster, but this environment's admins are ${adminPrincipalArns.join(", ")}. ` +
                    "Give it AmazonEKSEditPolicy or AmazonEKSViewPolicy, or a namespace scope (cluster.accessEntries[].namespaces), or list it in adminPrincipalArns of the policy config.",
            );
        }
    }),
};
