// Reads `cluster.accessEntries`: Kubernetes access for teams, not only admins. Each entry maps an IAM
// principal to an EKS access policy, cluster-wide or in some namespaces, as terraform-aws-eks's
// `access_entries` does. Sources: EKS User Guide, "Associate access policies with access entries"
// (the access policies and the `cluster` / `namespace` access scopes) and "Create access entries";
// EKS API AssociateAccessPolicy: accessScope.type `cluster` | `namespace`, namespaces required for the latter.
import { AccessEntryConfig, EKS_ACCESS_POLICIES, EksAccessPolicy } from "./environment";
import { checkScopeNamespace } from "./kubernetesNames";
import { ConfigProblems } from "./problems";
import { didYouMean } from "./suggest";
import { RawValue, readArray, readObject, readString, readStringArray, reportDuplicates } from "./values";

/** An IAM role or user ARN: access entries do not take STS assumed-role ARNs. */
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/** Reports a principal an access entry cannot take (cluster.adminPrincipalArns and cluster.accessEntries). */
export function checkPrincipalArn(problems: ConfigProblems, path: string, arn: string): void {
    if (!IAM_PRINCIPAL_ARN.test(arn)) {
        problems.add(path, arn, "expected an IAM role or user ARN (arn:aws:iam::<account>:role/<name>); access entries do not take STS assumed-role ARNs");
    }
}

/**
 * The IAM principal an access entry names for a caller: an assumed role's session is its role
 * (arn:aws:sts::<account>:assumed-role/<role>/<session> -> kind "role", name <role>).
 */
export function principalOf(arn: string): { account: string; kind: string; name: string } | undefined {
    const match = /^arn:[^:]+:(?:iam|sts)::(\d{12}):(assumed-role|role|user)\/(.+)$/.exec(arn);
    if (!match) {
        return undefined;
    }
    const [, account, kind, rest] = match;
    const parts = rest.split("/");
    return kind === "assumed-role" ? { account, kind: "role", name: parts[0] } : { account, kind, name: parts[parts.length - 1] };
}

function readEntry(problems: ConfigProblems, path: string, value: RawValue): AccessEntryConfig | undefined {
    const entry = readObject(problems, path, value, ["principalArn", "policy", "namespaces"]);
    if (!entry) {
        return undefined;
    }
    const before = problems.count;
    const principalArn = readString(problems, `${path}.principalArn`, entry.principalArn);
    if (principalArn !== undefined) {
        checkPrincipalArn(problems, `${path}.principalArn`, principalArn);
    }
    const policy = readString(problems, `${path}.policy`, entry.policy);
    if (policy !== undefined && !(EKS_ACCESS_POLICIES as readonly string[]).includes(policy)) {
        problems.add(`${path}.policy`, policy, `${didYouMean(policy, EKS_ACCESS_POLICIES)}must be one of ${EKS_ACCESS_POLICIES.join(", ")}`);
    }
    let namespaces: string[] | undefined;
    if (entry.namespaces !== undefined) {
        namespaces = readStringArray(problems, `${path}.namespaces`, entry.namespaces);
        if (namespaces && namespaces.length === 0) {
            problems.add(`${path}.namespaces`, namespaces, "must list at least one namespace; leave it out for access to the whole cluster");
        }
        namespaces?.forEach((ns, i) => checkScopeNamespace(problems, `${path}.namespaces[${i}]`, ns));
        if (namespaces) {
            reportDuplicates(problems, `${path}.namespaces`, namespaces);
        }
    }
    if (problems.count > before) {
        return undefined;
    }
    return { principalArn: principalArn!, policy: policy as EksAccessPolicy, ...(namespaces ? { namespaces } : {}) };
}

export function readAccessEntries(problems: ConfigProblems, value: RawValue): AccessEntryConfig[] | undefined {
    const items = readArray(problems, "cluster.accessEntries", value);
    if (!items) {
        return undefined;
    }
    const before = problems.count;
    const entries = items.map((item, i) => readEntry(problems, `cluster.accessEntries[${i}]`, item));
    // EKS has one access entry per principal (CreateAccessEntry refuses a second).
    const first = new Map<string, number>();
    entries.forEach((e, i) => {
        if (e && first.has(e.principalArn)) {
            problems.add(`cluster.accessEntries[${i}].principalArn`, e.principalArn, `already has an access entry (cluster.accessEntries[${first.get(e.principalArn)}]); EKS allows one per principal`);
        } else if (e) {
            first.set(e.principalArn, i);
        }
    });
    return problems.count > before ? undefined : (entries as AccessEntryConfig[]);
}
