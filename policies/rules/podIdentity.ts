// Stack rule on the IAM roles EKS Pod Identity hands to pods.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { onEveryHostedZone } from "../lib/addonPermissions";
import { broadActions, broadManagedPolicies } from "../lib/broadGrants";
import { ADMIN_MANAGED_POLICY, isAdminStatement, managedPolicyName, Statement } from "../lib/iamDocuments";
import { ifKnown, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { grantsOf, trustOf } from "../lib/roleGrants";
import { label, stackValidation } from "../lib/stackContext";

/** The service principal EKS Pod Identity assumes roles as (EKS User Guide, "Create IAM role with trust policy required by EKS Pod Identity"). */
export const POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";
const POD_IDENTITY_ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const SCALING_ACTION = /^autoscaling:(SetDesiredCapacity|TerminateInstanceInAutoScalingGroup|UpdateAutoScalingGroup|\*)$/i;
const ROUTE53_WRITE = /^route53:(\*|Change.*|Create.*|Delete.*|Update.*)$/i;

/** The statement admits sessions of one namespace only: a condition on the kubernetes-namespace session tag. */
function scopesNamespace(statement: Statement): boolean {
    return Object.values(statement.conditions).some((keys) => Object.keys(keys ?? {}).some((key) => /^aws:(RequestTag|PrincipalTag)\/kubernetes-namespace$/i.test(key)));
}

function trustsPodIdentity(trust: Statement[]): boolean {
    return trust.some((s) => s.effect === "Allow" && s.services.includes(POD_IDENTITY_SERVICE));
}

/** A tag condition limits scaling to the cluster's groups (cluster-autoscaler's minimal policy). */
function hasTagCondition(statement: Statement): boolean {
    return Object.values(statement.conditions).some((keys) => Object.keys(keys ?? {}).some((key) => /ResourceTag\//i.test(key)));
}

// Sources: EKS User Guide, "Create IAM role with trust policy required by EKS Pod Identity" (trust:
// pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession); EKS Best Practices (Security, IAM:
// scope add-on roles); external-dns AWS tutorial (record changes on named zones); cluster-autoscaler
// AWS README, "Minimal IAM Permissions Policy" (scaling limited by the cluster's tag).
export const podIdentityLeastPrivilege: StackValidationPolicy = {
    name: "eks-pod-identity-least-privilege",
    description: "Roles for EKS Pod Identity are trusted by pods.eks.amazonaws.com alone, with sts:TagSession and a condition on the session's namespace; they carry no administrator access and no sensitive service (S3, IAM, KMS, Secrets Manager, SSM, DynamoDB, STS, Lambda) on every resource, change Route 53 records only in named hosted zones, and scale only Auto Scaling groups tagged for the cluster.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        const graph = context.graph;
        const roles = new Map<string, PolicyResource>();
        for (const role of graph.ofType(AWS.role)) {
            const trust = trustOf(role);
            if (trust && trustsPodIdentity(trust)) {
                roles.set(role.urn, role);
            }
        }
        for (const association of graph.ofType(POD_IDENTITY_ASSOCIATION)) {
            const [role] = graph.targetsOrNote(graph.references(association, ["roleArn"], [AWS.role])) ?? [];
            if (!role) {
                continue;
            }
            const trust = trustOf(role);
            if (!trust) {
                context.note(`the trust policy of ${label(role)}`);
            } else if (!trustsPodIdentity(trust)) {
                reportViolation(`${label(association)} binds ${label(role)}, whose trust policy does not trust ${POD_IDENTITY_SERVICE}, so the pods get no credentials. Trust ${POD_IDENTITY_SERVICE} with sts:AssumeRole and sts:TagSession.`, role.urn);
            }
        }
        for (const role of roles.values()) {
            const trust = trustOf(role)!;
            const podStatements = trust.filter((s) => s.effect === "Allow" && s.services.includes(POD_IDENTITY_SERVICE));
            if (!podStatements.some((s) => s.actions.includes("sts:TagSession") || s.actions.includes("sts:*"))) {
                reportViolation(`Pod Identity role ${label(role)} does not allow sts:TagSession to ${POD_IDENTITY_SERVICE}; EKS Pod Identity tags every session and cannot assume it. Allow sts:AssumeRole and sts:TagSession.`, role.urn);
            }
            const others = trust.filter((s) => s.effect === "Allow").flatMap((s) => [...s.services.filter((p) => p !== POD_IDENTITY_SERVICE), ...s.otherPrincipals]);
            if (others.length > 0) {
                reportViolation(`Pod Identity role ${label(role)} is also trusted by ${[...new Set(others)].join(", ")}, which can then use the add-on's permissions. Trust ${POD_IDENTITY_SERVICE} alone.`, role.urn);
            }
            if (podStatements.length > 0 && !podStatements.every(scopesNamespace)) {
                reportViolation(
                    `Pod Identity role ${label(role)} is trusted by ${POD_IDENTITY_SERVICE} without a condition on the session's kubernetes-namespace tag, so a Pod Identity association in any namespace of any cluster of the account can hand it to pods. Add StringEquals aws:RequestTag/kubernetes-namespace (and kubernetes-service-account, eks-cluster-arn) to its trust policy.`,
                    role.urn,
                );
            }
            const grants = grantsOf(context, role);
            for (const arn of (grants?.managed ?? []).filter((a) => ADMIN_MANAGED_POLICY.test(a))) {
                reportViolation(`Pod Identity role ${label(role)} has ${managedPolicyName(arn)}; any pod of its service account is an administrator. Grant only what the add-on needs.`, role.urn);
            }
            const broad = broadManagedPolicies(grants?.managed ?? []);
            if (broad.length > 0) {
                reportViolation(`Pod Identity role ${label(role)} has ${broad.join(", ")}: its pods reach every resource of ${broad.length === 1 ? "that service" : "those services"} in the account. Grant the actions it uses on the resources (ARNs) it uses.`, role.urn);
            }
            for (const { source, statement } of grants?.statements ?? []) {
                if (isAdminStatement(statement)) {
                    reportViolation(`Pod Identity role ${label(role)} allows Action "*" on Resource "*" through ${source}. Grant only what the add-on needs.`, role.urn);
                    continue;
                }
                if (statement.effect !== "Allow") {
                    continue;
                }
                const everywhere = broadActions(statement);
                if (everywhere.length > 0) {
                    reportViolation(`Pod Identity role ${label(role)} allows ${everywhere.join(", ")} on Resource "*" through ${source}: every resource of the service in the account. Name the resources (ARNs) its pods use.`, role.urn);
                }
                const everyZone = statement.actions.some((a) => ROUTE53_WRITE.test(a)) ? onEveryHostedZone(statement) : [];
                if (everyZone.length > 0) {
                    reportViolation(`Pod Identity role ${label(role)} may change Route 53 records in every hosted zone through ${source} (Resource ${everyZone.join(", ")}). List the hosted zone ARNs instead.`, role.urn);
                }
                if (statement.actions.some((a) => SCALING_ACTION.test(a)) && statement.resources.includes("*") && !hasTagCondition(statement)) {
                    reportViolation(`Pod Identity role ${label(role)} may scale or terminate every Auto Scaling group in the account through ${source}. Add a condition on the cluster's tag (aws:ResourceTag/k8s.io/cluster-autoscaler/<cluster>).`, role.urn);
                }
            }
        }
    }),
};

/** The values a trust statement's condition requires of a session tag, when it names the tag. */
function requiredTag(statements: Statement[], tag: string): string[] | undefined {
    const values = statements.flatMap((s) =>
        Object.entries(s.conditions)
            .filter(([operator]) => /^StringEquals$/i.test(operator))
            .flatMap(([, keys]) => Object.entries(keys ?? {}).filter(([key]) => key.toLowerCase() === `aws:requesttag/${tag}`).flatMap(([, v]) => (Array.isArray(v) ? v.map(String) : [String(v)]))),
    );
    return values.length > 0 ? values : undefined;
}

/** The tag this project puts on a team workload's role: the namespaces it may be bound in, space-separated. */
const TEAM_NAMESPACES_TAG = "eks-platform:team-namespaces";

// Sources: EKS User Guide, pod-id-association.adoc and pod-id-abac.adoc (the session tags EKS Pod
// Identity sets: kubernetes-namespace, kubernetes-service-account; a trust condition on them admits
// only that service account's sessions).
export const podIdentityBinding: StackValidationPolicy = {
    name: "eks-pod-identity-binding",
    description: "Each EKS Pod Identity association binds its role in a namespace and service account the role's trust admits, and a team's workload role only in one of the team's namespaces.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        const graph = context.graph;
        for (const association of graph.ofType(POD_IDENTITY_ASSOCIATION)) {
            const [role] = graph.targetsOrNote(graph.references(association, ["roleArn"], [AWS.role])) ?? [];
            const namespace = ifKnown(() => association.props.namespace) as string | undefined;
            const serviceAccount = ifKnown(() => association.props.serviceAccount) as string | undefined;
            const trust = role ? trustOf(role) : undefined;
            if (!role || !trust || namespace === undefined || serviceAccount === undefined) {
                continue;
            }
            const pod = trust.filter((s) => s.effect === "Allow" && s.services.includes(POD_IDENTITY_SERVICE));
            for (const [tag, value] of [["kubernetes-namespace", namespace], ["kubernetes-service-account", serviceAccount]] as const) {
                const admitted = requiredTag(pod, tag);
                if (admitted && !admitted.includes(value)) {
                    reportViolation(
                        `${label(association)} binds ${label(role)} to ${namespace}/${serviceAccount}, but the role's trust admits ${tag} ${admitted.join(", ")} only: the pods get no credentials. Bind the service account the role is for, or change its trust.`,
                        association.urn,
                    );
                }
            }
            const teamNamespaces = ifKnown(() => ((role.props.tags ?? {}) as PropertyBag)[TEAM_NAMESPACES_TAG]) as string | undefined;
            if (typeof teamNamespaces === "string" && !teamNamespaces.split(" ").includes(namespace)) {
                reportViolation(`${label(association)} binds team role ${label(role)} in ${namespace}, outside its team's namespaces (${teamNamespaces.split(" ").join(", ")}). Bind it in one of them.`, association.urn);
            }
        }
    }),
};
