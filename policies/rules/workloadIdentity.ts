// Stack rules on who becomes powerful in the cluster through IAM: roles pods assume through the
// cluster's OIDC provider (IRSA), and roles the aws-auth ConfigMap maps to system:masters.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import YAML from "yaml";
import { broadActions, broadManagedPolicies } from "../lib/broadGrants";
import { ADMIN_MANAGED_POLICY, isAdminStatement, managedPolicyName, Statement } from "../lib/iamDocuments";
import { ifKnown, knownOr, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { grantsOf, trustOf } from "../lib/roleGrants";
import { label, stackValidation } from "../lib/stackContext";

/** An EKS cluster's OIDC provider, as a trust policy names it. */
const EKS_OIDC_PROVIDER = /oidc-provider\/(oidc\.eks\.[^/]+\.amazonaws\.com\/id\/[^/"]+)$/;

/** The OIDC provider hosts a statement trusts for web identities (IRSA). */
function irsaIssuers(statement: Statement): string[] {
    return statement.effect === "Allow" ? statement.otherPrincipals.flatMap((p) => EKS_OIDC_PROVIDER.exec(p)?.[1] ?? []) : [];
}

/** The service accounts a statement's conditions admit on the issuer's `sub` claim; undefined: any. */
function subjects(statement: Statement, issuer: string): string[] | undefined {
    const values = Object.values(statement.conditions).flatMap((keys) => {
        const value = (keys ?? {})[`${issuer}:sub`];
        return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
    });
    return values.length > 0 ? values : undefined;
}

/** A subject pattern that admits more than one namespace's service account. */
const broadSubject = (subject: string) => !/^system:serviceaccount:[^:*?]+:[^:]+$/.test(subject);

// Sources: EKS User Guide, "Assign IAM roles to Kubernetes service accounts" (the trust policy's
// condition on <issuer>:sub names system:serviceaccount:<namespace>:<service-account>; without it
// any service account of the cluster, so any pod, can assume the role); EKS Best Practices
// (Security, IAM: "Scope the IAM Role trust policy for IRSA Roles to the service account name").
export const irsaLeastPrivilege: StackValidationPolicy = {
    name: "eks-irsa-least-privilege",
    description: "Roles pods assume through an EKS cluster's OIDC provider (IRSA) name the service account they are for in a condition on the issuer's sub claim, and carry no administrator access and no sensitive service (S3, IAM, KMS, Secrets Manager, SSM, DynamoDB, STS, Lambda) on every resource.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        for (const role of context.graph.ofType(AWS.role)) {
            const trust = trustOf(role);
            if (!trust) {
                continue;
            }
            const statements = trust.filter((s) => irsaIssuers(s).length > 0);
            if (statements.length === 0) {
                continue;
            }
            for (const statement of statements) {
                for (const issuer of irsaIssuers(statement)) {
                    const admitted = subjects(statement, issuer);
                    if (!admitted) {
                        reportViolation(`IRSA role ${label(role)} trusts ${issuer} without a condition on ${issuer}:sub, so every service account of the cluster, and so any pod, can assume it. Add StringEquals ${issuer}:sub = system:serviceaccount:<namespace>:<service-account>.`, role.urn);
                    } else if (admitted.some(broadSubject)) {
                        reportViolation(`IRSA role ${label(role)} admits ${admitted.filter(broadSubject).join(", ")} on ${issuer}:sub, a pattern more than one namespace's service accounts match. Name the namespace and service account.`, role.urn);
                    }
                }
            }
            const grants = grantsOf(context, role);
            for (const arn of (grants?.managed ?? []).filter((a) => ADMIN_MANAGED_POLICY.test(a))) {
                reportViolation(`IRSA role ${label(role)} has ${managedPolicyName(arn)}; any pod of its service account is an administrator of the account. Grant only what the workload needs.`, role.urn);
            }
            const broad = broadManagedPolicies(grants?.managed ?? []);
            if (broad.length > 0) {
                reportViolation(`IRSA role ${label(role)} has ${broad.join(", ")}: its pods reach every resource of ${broad.length === 1 ? "that service" : "those services"} in the account. Grant the actions it uses on the resources (ARNs) it uses.`, role.urn);
            }
            for (const { source, statement } of grants?.statements ?? []) {
                if (isAdminStatement(statement)) {
                    reportViolation(`IRSA role ${label(role)} allows Action "*" on Resource "*" through ${source}. Grant only what the workload needs.`, role.urn);
                    continue;
                }
                const everywhere = broadActions(statement);
                if (everywhere.length > 0) {
                    reportViolation(`IRSA role ${label(role)} allows ${everywhere.join(", ")} on Resource "*" through ${source}: every resource of the service in the account. Name the resources (ARNs) its pods use.`, role.urn);
                }
            }
        }
    }),
};

const CONFIG_MAP = ["kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:ConfigMapPatch"];

/** The aws-auth ConfigMap of kube-system: the one EKS reads. */
function isAwsAuth(configMap: PolicyResource): boolean {
    const metadata = ifKnown(() => configMap.props.metadata as PropertyBag | undefined);
    return metadata?.name === "aws-auth" && metadata.namespace === "kube-system";
}

/** The role ARNs aws-auth maps to system:masters; undefined when its mappings are not known. */
function masterRoles(configMap: PolicyResource): string[] | undefined {
    const UNKNOWN = Symbol("not known yet");
    const mapRoles = knownOr(() => (configMap.props.data as PropertyBag | undefined)?.mapRoles, UNKNOWN);
    if (mapRoles === UNKNOWN) {
        return undefined;
    }
    if (mapRoles === undefined) {
        return [];
    }
    // "silent": mappings that are not YAML read as whatever they parse to, never as an error.
    const entries: unknown = YAML.parse(String(mapRoles), { logLevel: "silent" });
    return (Array.isArray(entries) ? entries : [])
        .filter((e) => Array.isArray(e?.groups) && e.groups.includes("system:masters") && typeof e.rolearn === "string")
        .map((e) => String(e.rolearn).trim());
}

/** The account whose every principal a trust policy principal stands for: its root ARN, or its bare id. */
export function accountOfPrincipal(principal: string): string | undefined {
    return (/^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(principal) ?? /^(\d{12})$/.exec(principal))?.[1];
}

/** Who may assume a role without naming them: anyone ("*"), or any principal of an account. */
function openTrust(trust: Statement[]): string | undefined {
    for (const statement of trust.filter((s) => s.effect === "Allow" && Object.keys(s.conditions).length === 0)) {
        if (statement.otherPrincipals.includes("*")) {
            return "anyone, in any AWS account";
        }
        const account = statement.otherPrincipals.map(accountOfPrincipal).find((a) => a !== undefined);
        if (account) {
            return `any principal of account ${account} its IAM policies allow`;
        }
    }
    return undefined;
}

// Sources: EKS User Guide, "Grant IAM users access to Kubernetes with a ConfigMap" (mapRoles:
// rolearn, username, groups; system:masters is cluster-admin) and access entries (the way that
// replaces it); IAM User Guide, "IAM JSON policy elements: Principal" (an account's root as
// principal delegates to every principal of that account its IAM policies allow).
export const awsAuthMasters: StackValidationPolicy = {
    name: "eks-aws-auth-masters",
    description: "The aws-auth ConfigMap maps to system:masters only roles that name who may assume them, not roles any principal of an account (or anyone) can assume.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateStack: stackValidation((context, reportViolation) => {
        for (const configMap of context.graph.ofType(...CONFIG_MAP).filter(isAwsAuth)) {
            const roles = masterRoles(configMap);
            if (roles === undefined) {
                context.note(`the roles ${label(configMap)} maps`);
                continue;
            }
            for (const arn of roles) {
                const role = context.graph.byIdentifier(arn, [AWS.role]);
                const trust = role ? trustOf(role) : undefined;
                const who = trust ? openTrust(trust) : undefined;
                if (role && who) {
                    reportViolation(
                        `${label(configMap)} maps ${label(role)} to system:masters, and its trust policy lets ${who} assume it without a condition: each of them is cluster-admin. Trust the named roles or users that administer the cluster (with MFA), or move to access entries with a scoped access policy.`,
                        configMap.urn,
                    );
                }
            }
        }
    }),
};

export const workloadIdentityPolicies = [irsaLeastPrivilege, awsAuthMasters];
