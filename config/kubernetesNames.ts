// Kubernetes label (and taint) key and value syntax, so EKS and the kubelet never reject what the
// config accepted. Source: Kubernetes docs, "Labels and Selectors", "Syntax and character set"
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set).
import { ConfigProblems } from "./problems";

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_PREFIX = 253;

/** What is wrong with a label key, or undefined when Kubernetes accepts it. */
export function labelKeyProblem(key: string): string | undefined {
    const slash = key.lastIndexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (prefix !== undefined && (prefix.length > MAX_PREFIX || !DNS_SUBDOMAIN.test(prefix))) {
        return `the prefix "${prefix}" must be a lowercase DNS subdomain of at most ${MAX_PREFIX} characters (Kubernetes label syntax)`;
    }
    if (!NAME.test(name)) {
        return `the name "${name}" must be 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (Kubernetes label syntax)`;
    }
    return undefined;
}

/** What is wrong with a label value (empty is allowed), or undefined when Kubernetes accepts it. */
export function labelValueProblem(value: string): string | undefined {
    return value === "" || NAME.test(value)
        ? undefined
        : 'must be empty or 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (Kubernetes label syntax)';
}

/** Reports every key and value of a label map that Kubernetes would reject. */
export function checkLabels(problems: ConfigProblems, path: string, labels: Record<string, string>): void {
    for (const [key, value] of Object.entries(labels)) {
        const keyProblem = labelKeyProblem(key);
        if (keyProblem) {
            problems.add(`${path}.${key}`, key, `is not a valid label key: ${keyProblem}`);
        }
        const valueProblem = labelValueProblem(value);
        if (valueProblem) {
            problems.add(`${path}.${key}`, value, `is not a valid label value: it ${valueProblem}`);
        }
    }
}

/** A Kubernetes namespace is an RFC 1123 label: lowercase letters, digits and hyphens, at most 63. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Reports a namespace name Kubernetes would refuse; true when it is a valid name. */
export function checkNamespace(problems: ConfigProblems, path: string, namespace: string): boolean {
    if (NAMESPACE.test(namespace)) {
        return true;
    }
    problems.add(path, namespace, "expected a Kubernetes namespace name (lowercase letters, digits and hyphens, at most 63)");
    return false;
}

/** A namespace or, ending in `*`, the start of namespace names: `dev-*`. */
const NAMESPACE_PATTERN = /^[a-z0-9][-a-z0-9]{0,61}\*$/;

/**
 * An access scope's namespace: a name, or a wildcard that EKS accepts there ("You can use wildcard
 * characters for a namespace name ... `dev-*`", EKS User Guide, grant-k8s-access.adoc). True when
 * EKS takes it.
 */
export function checkScopeNamespace(problems: ConfigProblems, path: string, namespace: string): boolean {
    if (NAMESPACE.test(namespace) || NAMESPACE_PATTERN.test(namespace)) {
        return true;
    }
    const hint = namespace === "*" ? "; for every namespace leave namespaces out (the cluster scope)" : "";
    problems.add(path, namespace, `expected a Kubernetes namespace name (lowercase letters, digits and hyphens, at most 63), or the start of one ending in "*" such as dev-*${hint}`);
    return false;
}
