// Stack rule on the IAM role of EKS nodes.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ADMIN_MANAGED_POLICY, isAdminStatement, managedPolicyName, Statement, statementsOf } from "../lib/iamDocuments";
import { ifKnown, listOf, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, StackContext, stackValidation } from "../lib/stackContext";

/** Amazon EKS User Guide, "Amazon EKS node IAM role". Either ECR policy grants image pulls. */
const REQUIRED = [["AmazonEKSWorkerNodePolicy"], ["AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryReadOnly"]];
const CNI_POLICY = "AmazonEKS_CNI_Policy";
const ROUTE53_WRITE = /^route53:(\*|Change.*|Create.*|Delete.*|Update.*)$/i;

interface NodeRoleSettings {
    requireCniPolicy: boolean;
}
const nodeRoleDefaults: NodeRoleSettings = { requireCniPolicy: true };

interface Grants {
    managed: string[];
    statements: { source: string; statement: Statement }[];
}

function grantsOf(context: StackContext, role: PolicyResource): Grants | undefined {
    const graph = context.graph;
    const grants: Grants = { managed: [...listOf<string>(role.props, "managedPolicyArns")], statements: [] };
    for (const inline of listOf<PropertyBag>(role.props, "inlinePolicies")) {
        statementsOf(inline.policy).forEach((statement) => grants.statements.push({ source: `inline policy "${inline.name ?? ""}"`, statement }));
    }
    let complete = true;
    const onRole = (resource: PolicyResource) => {
        const resolution = graph.references(resource, ["role"], [AWS.role]);
        if (!resolution.resolved) {
            complete = false;
        }
        return resolution.resolved && resolution.targets.some((t) => t.urn === role.urn);
    };
    for (const attachment of graph.ofType(AWS.rolePolicyAttachment).filter(onRole)) {
        const arn = ifKnown(() => attachment.props.policyArn) as string | undefined;
        if (arn && managedPolicyName(arn)) {
            grants.managed.push(arn);
            continue;
        }
        const [policy] = graph.targetsOrNote(graph.references(attachment, ["policyArn"], [AWS.policy])) ?? [];
        const document = policy ? ifKnown(() => policy.props.policy) : undefined;
        if (document === undefined) {
            complete = false;
        } else {
            statementsOf(document).forEach((statement) => grants.statements.push({ source: label(policy!), statement }));
        }
    }
    for (const rolePolicy of graph.ofType(AWS.rolePolicy).filter(onRole)) {
        const document = ifKnown(() => rolePolicy.props.policy);
        if (document === undefined) {
            complete = false;
        } else {
            statementsOf(document).forEach((statement) => grants.statements.push({ source: label(rolePolicy), statement }));
        }
    }
    if (!complete) {
        context.note(`the policies attached to ${label(role)}`);
    }
    return complete ? grants : undefined;
}

// Sources: Amazon EKS User Guide "Amazon EKS node IAM role" (required policies); EKS Best Practices
// (Security, IAM: least privilege for the node role); external-dns AWS tutorial (record changes
// scoped to hosted zones).
export const nodeRoleLeastPrivilege: StackValidationPolicy = {
    name: "eks-node-role-least-privilege",
    description: "Node roles carry the required worker policies, nothing administrator-like, and Route 53 write access only on named hosted zones.",
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
            for (const arn of (grants?.managed ?? []).filter((a) => ADMIN_MANAGED_POLICY.test(a))) {
                reportViolation(`Node role ${label(role)} has ${managedPolicyName(arn)}; every pod on the node can use it. Remove it and grant only what the nodes need.`, role.urn);
            }
            for (const { source, statement } of grants?.statements ?? []) {
                if (isAdminStatement(statement)) {
                    reportViolation(`Node role ${label(role)} allows Action "*" on Resource "*" through ${source}. Remove it.`, role.urn);
                } else if (statement.effect === "Allow" && statement.actions.some((a) => ROUTE53_WRITE.test(a) || a === "*")) {
                    const broad = statement.resources.filter((r) => r === "*" || /hostedzone\/\*$/.test(r));
                    if (broad.length > 0) {
                        reportViolation(`Node role ${label(role)} may change Route 53 records in every hosted zone through ${source} (Resource ${broad.join(", ")}). List the hosted zone ARNs instead.`, role.urn);
                    }
                }
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
