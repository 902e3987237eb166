// Reads `teams`: the teams that share the cluster, each with its namespaces, its people (access
// entries scoped to those namespaces) and its workloads (service accounts bound to IAM roles with
// EKS Pod Identity, only in the team's namespaces).
//
// Sources: EKS User Guide, pod-id-association.adoc (an association binds one service account of one
// namespace to a role); pod-id-role.adoc (trust pods.eks.amazonaws.com, sts:AssumeRole and
// sts:TagSession); EKS API CreatePodIdentityAssociation (targetRoleArn: a role EKS assumes with the
// association's role, for access in another account; disableSessionTags); grant-k8s-access.adoc
// (access policies scoped to namespaces).
import { checkPrincipalArn } from "./accessEntries";
import { EKS_ACCESS_POLICIES, EksAccessPolicy } from "./environment";
import { checkNamespace } from "./kubernetesNames";
import { ConfigProblems } from "./problems";
import { didYouMean } from "./suggest";
import { RawValue, readArray, readBoolean, readEnum, readObject, readString, readStringArray, reportDuplicates } from "./values";

export interface TeamPrincipal {
    principalArn: string;
    /** An EKS access policy, scoped to the team's namespaces. */
    policy: EksAccessPolicy;
}

export interface PolicyStatementConfig {
    effect: "Allow" | "Deny";
    actions: string[];
    resources: string[];
}

export interface TeamWorkload {
    serviceAccount: string;
    namespace: string;
    policyArns: string[];
    statements: PolicyStatementConfig[];
    /** A role in another account EKS assumes with this one: the pods get its credentials. */
    targetRoleArn?: string;
    /** EKS does not tag the sessions (their tags count against the packed policy size). */
    disableSessionTags: boolean;
}

export interface TeamConfig {
    name: string;
    namespaces: string[];
    principals: TeamPrincipal[];
    workloads: TeamWorkload[];
}

/** Team names go into IAM role names: short DNS labels. */
const TEAM_NAME = /^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/;
/** A service account name is a DNS subdomain (RFC 1123): lowercase alphanumerics, '-' and '.', at most 253. */
const SERVICE_ACCOUNT = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const ADMIN_POLICY = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;
const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*]+)$/;

function readStatements(problems: ConfigProblems, path: string, value: RawValue): PolicyStatementConfig[] | undefined {
    const items = readArray(problems, path, value);
    if (!items) {
        return undefined;
    }
    const before = problems.count;
    const statements = items.map((item, i) => {
        const at = `${path}[${i}]`;
        const entry = readObject(problems, at, item, ["effect", "actions", "resources"]);
        if (!entry) {
            return undefined;
        }
        const effect = readEnum(problems, `${at}.effect`, entry.effect ?? "Allow", ["Allow", "Deny"] as const);
        const actions = readStringArray(problems, `${at}.actions`, entry.actions) ?? [];
        const resources = readStringArray(problems, `${at}.resources`, entry.resources) ?? [];
        actions.forEach((action, j) => {
            if (!ACTION.test(action)) {
                problems.add(`${at}.actions[${j}]`, action, "expected an IAM action such as s3:GetObject (service:Action, * allowed in the action)");
            }
        });
        if (effect === "Allow" && actions.some((a) => a === "*" || a.endsWith(":*")) && resources.includes("*")) {
            problems.add(at, { actions, resources }, "allows every action of a service on every resource; name the actions and the resources (ARNs) the workload uses");
        }
        if (entry.actions !== undefined && actions.length === 0) {
            problems.add(`${at}.actions`, actions, "list at least one action");
        }
        if (entry.resources !== undefined && resources.length === 0) {
            problems.add(`${at}.resources`, resources, "list at least one resource ARN");
        }
        return { effect: effect!, actions, resources };
    });
    return problems.count > before ? undefined : (statements as PolicyStatementConfig[]);
}

function readWorkload(problems: ConfigProblems, path: string, value: RawValue, namespaces: readonly string[]): TeamWorkload | undefined {
    const entry = readObject(problems, path, value, ["serviceAccount", "namespace", "policyArns", "statements", "targetRoleArn", "disableSessionTags"]);
    if (!entry) {
        return undefined;
    }
    const before = problems.count;
    const serviceAccount = readString(problems, `${path}.serviceAccount`, entry.serviceAccount);
    if (serviceAccount !== undefined && !SERVICE_ACCOUNT.test(serviceAccount)) {
        problems.add(`${path}.serviceAccount`, serviceAccount, "expected a Kubernetes service account name (lowercase letters, digits, '-' and '.')");
    }
    const namespace = entry.namespace === undefined ? namespaces[0] : readString(problems, `${path}.namespace`, entry.namespace);
    if (namespace !== undefined && !namespaces.includes(namespace)) {
        problems.add(`${path}.namespace`, namespace, `is not one of the team's namespaces (${namespaces.join(", ")}); a team's workloads run only in its own namespaces`);
    }
    const policyArns = readStringArray(problems, `${path}.policyArns`, entry.policyArns ?? []) ?? [];
    policyArns.forEach((arn, i) => {
        if (!POLICY_ARN.test(arn)) {
            problems.add(`${path}.policyArns[${i}]`, arn, "expected an IAM policy ARN such as arn:aws:iam::111122223333:policy/payments-api");
        } else if (ADMIN_POLICY.test(arn)) {
            problems.add(`${path}.policyArns[${i}]`, arn, "gives the workload's pods the account (or its IAM); grant what the workload uses instead");
        }
    });
    const statements = entry.statements === undefined ? [] : readStatements(problems, `${path}.statements`, entry.statements);
    const targetRoleArn = entry.targetRoleArn === undefined ? undefined : readString(problems, `${path}.targetRoleArn`, entry.targetRoleArn);
    if (targetRoleArn !== undefined && !ROLE_ARN.test(targetRoleArn)) {
        problems.add(`${path}.targetRoleArn`, targetRoleArn, "expected an IAM role ARN (arn:aws:iam::<account>:role/<name>) in the account the workload works in");
    }
    const disableSessionTags = readBoolean(problems, `${path}.disableSessionTags`, entry.disableSessionTags ?? false);
    if (policyArns.length === 0 && (statements?.length ?? 0) === 0 && targetRoleArn === undefined) {
        problems.add(path, value, "grants nothing: give policyArns, statements, or a targetRoleArn whose permissions the pods get");
    }
    if (problems.count > before) {
        return undefined;
    }
    return { serviceAccount: serviceAccount!, namespace: namespace!, policyArns, statements: statements!, ...(targetRoleArn ? { targetRoleArn } : {}), disableSessionTags: disableSessionTags! };
}

function readTeam(problems: ConfigProblems, path: string, value: RawValue): TeamConfig | undefined {
    const entry = readObject(problems, path, value, ["name", "namespaces", "principals", "workloads"]);
    if (!entry) {
        return undefined;
    }
    const before = problems.count;
    const name = readString(problems, `${path}.name`, entry.name);
    if (name !== undefined && !TEAM_NAME.test(name)) {
        problems.add(`${path}.name`, name, "1-20 lowercase letters, digits or hyphens (it goes into IAM role names), starting and ending with a letter or digit");
    }
    const namespaces = readStringArray(problems, `${path}.namespaces`, entry.namespaces) ?? [];
    if (entry.namespaces === undefined || namespaces.length === 0) {
        problems.add(`${path}.namespaces`, entry.namespaces, "list the team's namespaces (at least one): its access and its workloads are scoped to them");
    }
    namespaces.forEach((ns, i) => checkNamespace(problems, `${path}.namespaces[${i}]`, ns));
    if (namespaces.join(" ").length > 256) {
        problems.add(`${path}.namespaces`, namespaces, "are more than 256 characters together, IAM's limit for the tag that carries them on the team's roles; use fewer or shorter namespaces");
    }
    reportDuplicates(problems, `${path}.namespaces`, namespaces);
    const principals = (readArray(problems, `${path}.principals`, entry.principals ?? []) ?? []).map((item, i) => {
        const at = `${path}.principals[${i}]`;
        const principal = readObject(problems, at, item, ["principalArn", "policy"]);
        if (!principal) {
            return undefined;
        }
        const principalArn = readString(problems, `${at}.principalArn`, principal.principalArn);
        if (principalArn !== undefined) {
            checkPrincipalArn(problems, `${at}.principalArn`, principalArn);
        }
        const policy = readString(problems, `${at}.policy`, principal.policy ?? "AmazonEKSEditPolicy");
        if (policy !== undefined && !(EKS_ACCESS_POLICIES as readonly string[]).includes(policy)) {
            problems.add(`${at}.policy`, policy, `${didYouMean(policy, EKS_ACCESS_POLICIES)}must be one of ${EKS_ACCESS_POLICIES.join(", ")} (scoped to the team's namespaces)`);
        }
        return { principalArn: principalArn!, policy: policy as EksAccessPolicy };
    });
    const workloads = (readArray(problems, `${path}.workloads`, entry.workloads ?? []) ?? []).map((item, i) => readWorkload(problems, `${path}.workloads[${i}]`, item, namespaces));
    if (problems.count > before) {
        return undefined;
    }
    return { name: name!, namespaces, principals: principals as TeamPrincipal[], workloads: workloads as TeamWorkload[] };
}

export function readTeams(problems: ConfigProblems, value: RawValue): TeamConfig[] | undefined {
    const items = readArray(problems, "teams", value);
    if (!items) {
        return undefined;
    }
    const before = problems.count;
    const teams = items.map((item, i) => readTeam(problems, `teams[${i}]`, item));
    reportDuplicates(problems, "teams", teams.map((t) => t?.name));
    if (problems.count > before) {
        return undefined;
    }
    const read = teams as TeamConfig[];
    // A namespace belongs to one team; a service account of a namespace to one role; a principal to one entry.
    const owner = new Map<string, string>();
    const bindings = new Map<string, string>();
    const names = new Map<string, string>();
    const principals = new Map<string, string>();
    read.forEach((team, i) => {
        team.namespaces.forEach((ns, j) => {
            if (owner.has(ns)) {
                problems.add(`teams[${i}].namespaces[${j}]`, ns, `is already team ${owner.get(ns)}'s; a namespace belongs to one team`);
            }
            owner.set(ns, team.name);
        });
        team.workloads.forEach((w, j) => {
            const key = `${w.namespace}/${w.serviceAccount}`;
            // Resource names join namespace and service account with a hyphen: a-b/c and a/b-c meet.
            const named = `${w.namespace}-${w.serviceAccount}`;
            if (bindings.has(key)) {
                problems.add(`teams[${i}].workloads[${j}].serviceAccount`, w.serviceAccount, `is already bound in ${w.namespace} (${bindings.get(key)}); EKS Pod Identity takes one association per service account`);
            } else if (names.has(named)) {
                problems.add(`teams[${i}].workloads[${j}].serviceAccount`, w.serviceAccount, `gives the same role name as ${names.get(named)} (${named}-pod); rename one of the service accounts`);
            }
            bindings.set(key, `teams[${i}].workloads[${j}]`);
            names.set(named, `teams[${i}].workloads[${j}]`);
        });
        team.principals.forEach((p, j) => {
            if (principals.has(p.principalArn)) {
                problems.add(`teams[${i}].principals[${j}].principalArn`, p.principalArn, `already has an access entry (${principals.get(p.principalArn)}); EKS allows one per principal`);
            }
            principals.set(p.principalArn, `teams[${i}].principals[${j}]`);
        });
    });
    return problems.count > before ? undefined : read;
}

export interface TeamContext {
    adminPrincipalArns: readonly string[];
    accessEntryArns: readonly string[];
    authenticationMode: string;
    addons: readonly string[];
    /** Service accounts bound elsewhere (add-on roles, Karpenter), as namespace/name with the key that binds them. */
    boundServiceAccounts: ReadonlyMap<string, string>;
    /** Namespaces a Fargate profile takes whole, with the profile's name. */
    fargateNamespaces: ReadonlyMap<string, string>;
}

/** What teams must not collide with elsewhere in the config, and what their workloads need. */
export function checkTeams(problems: ConfigProblems, teams: readonly TeamConfig[], context: TeamContext): void {
    const withWorkloads = teams.some((t) => t.workloads.length > 0);
    if (withWorkloads && !context.addons.includes("eks-pod-identity-agent")) {
        problems.add("cluster.addons", [...context.addons], "teams' workloads are bound with EKS Pod Identity, which needs the eks-pod-identity-agent add-on; add it");
    }
    if (context.authenticationMode === "CONFIG_MAP" && teams.some((t) => t.principals.length > 0)) {
        problems.add("cluster.authenticationMode", context.authenticationMode, 'teams\' principals get access entries, which need "API" or "API_AND_CONFIG_MAP"');
    }
    teams.forEach((team, i) => {
        team.principals.forEach((p, j) => {
            if (context.adminPrincipalArns.includes(p.principalArn) || context.accessEntryArns.includes(p.principalArn)) {
                problems.add(`teams[${i}].principals[${j}].principalArn`, p.principalArn, "already has an access entry (cluster.adminPrincipalArns or cluster.accessEntries); EKS allows one per principal: keep it in one place");
            }
        });
        team.workloads.forEach((w, j) => {
            const bound = context.boundServiceAccounts.get(`${w.namespace}/${w.serviceAccount}`);
            if (bound) {
                problems.add(`teams[${i}].workloads[${j}].serviceAccount`, w.serviceAccount, `is bound by ${bound} in ${w.namespace} already; EKS Pod Identity takes one association per service account`);
            }
            const profile = context.fargateNamespaces.get(w.namespace);
            if (profile) {
                problems.add(`teams[${i}].workloads[${j}].namespace`, w.namespace, `every pod of this namespace runs on Fargate (profile "${profile}"), and EKS Pod Identity does not work on Fargate`);
            }
        });
    });
}
