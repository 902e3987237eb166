// Stack rule on the IAM role of EKS nodes.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { addonActions, addonOfManagedPolicy, onEveryHostedZone } from "../lib/addonPermissions";
import { ADMIN_MANAGED_POLICY, isAdminStatement, managedPolicyName } from "../lib/iamDocuments";
import { AWS } from "../lib/resourceTypes";
import { grantsOf } from "../lib/roleGrants";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, stackValidation } from "../lib/stackContext";

/** Amazon EKS User Guide, "Amazon EKS node IAM role". Either ECR policy grants image pulls. */
const REQUIRED = [["AmazonEKSWorkerNodePolicy"], ["AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryReadOnly"]];
const CNI_POLICY = "AmazonEKS_CNI_Policy";

interface NodeRoleSettings {
    requireCniPolicy: boolean;
}
const nodeRoleDefaults: NodeRoleSettings = { requireCniPolicy: true };

// Sources: Amazon EKS User Guide "Amazon EKS node IAM role" (required policies) and "Learn how EKS
// Pod Identity grants pods access to AWS services" (add-on permissions on their own role); EKS Best
// Practices (Security, IAM: restrict access to the instance profile assigned to the worker node,
// since every pod that reaches instance metadata gets the node role).
export const nodeRoleLeastPrivilege: StackValidationPolicy = {
    name: "eks-node-role-least-privilege",
    description: "Node roles carry the required worker policies and nothing else: no administrator access, and no add-on permissions (Route 53, autoscaling, load balancer or volume changes), which belong on the add-on's own EKS Pod Identity role.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults({ properties: { requireCniPolicy: { type: "boolean" } } }, { ...nodeRoleDefaults }),
    validateStack: stackValidation((context, reportViolation, args) => {
        const { requireCniPolicy } = settingsOf(args, nodeRoleDefaults);
        const roles = new Map<string, PolicyResource>();
        for (const group of context.nodeGroups) {
            const [role] = context.graph.targetsOrNote(context.graph.references(group, ["nodeRoleArn"], [AWS.role])) ?? [];
            if (role) {
                roles.set(role.urn, role);
            }
        }
        for (const role of roles.values()) {
            const grants = grantsOf(context, role);
            const names = (grants?.managed ?? []).map((arn) => managedPolicyName(arn) ?? arn);
            const addonGrants = new Map<string, string[]>();
            const addGrant = (addon: string, what: string) => addonGrants.set(addon, [...(addonGrants.get(addon) ?? []), what]);
            for (const arn of grants?.managed ?? []) {
                if (ADMIN_MANAGED_POLICY.test(arn)) {
                    reportViolation(`Node role ${label(role)} has ${managedPolicyName(arn)}; every pod on the node can use it. Remove it and grant only what the nodes need.`, role.urn);
                }
                const addon = addonOfManagedPolicy(arn);
                if (addon) {
                    addGrant(addon, managedPolicyName(arn)!);
                }
            }
            for (const { source, statement } of grants?.statements ?? []) {
                if (isAdminStatement(statement)) {
                    reportViolation(`Node role ${label(role)} allows Action "*" on Resource "*" through ${source}. Remove it.`, role.urn);
                    continue;
                }
                for (const [addon, actions] of addonActions(statement)) {
                    const everyZone = addon === "external-dns" ? onEveryHostedZone(statement) : [];
                    const scope = everyZone.length > 0 ? ` in every hosted zone (Resource ${everyZone.join(", ")})` : "";
                    addGrant(addon, `${actions.join(", ")}${scope} through ${source}`);
                }
            }
            for (const [addon, what] of addonGrants) {
                reportViolation(
                    `Node role ${label(role)} carries ${addon}'s permissions (${what.join("; ")}), which every pod on its nodes can use through the instance metadata service. Give ${addon} a role of its own, bound to its service account with EKS Pod Identity (aws.eks.PodIdentityAssociation), and remove them from the node role.`,
                    role.urn,
                );
            }
            if (grants) {
                const required = requireCniPolicy ? [...REQUIRED, [CNI_POLICY]] : REQUIRED;
                const missing = required.filter((alternatives) => !alternatives.some((name) => names.includes(name))).map((a) => a.join(" or "));
                if (missing.length > 0) {
                    reportViolation(`Node role ${label(role)} lacks ${missing.join(", ")}; nodes cannot join the cluster or pull images without them. Attach the AWS managed policies.`, role.urn);
                }
            }
        }
    }),
};
