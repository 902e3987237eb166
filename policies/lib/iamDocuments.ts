// Reading IAM policy documents (JSON text or objects) and their statements.
import { PropertyBag } from "./props";

export interface Statement {
    effect: string;
    actions: string[];
    resources: string[];
    /** Service principals the statement names (trust policies). */
    services: string[];
    /** Other principals (AWS accounts, roles, `*`) the statement names (trust policies). */
    otherPrincipals: string[];
    /** Condition operator -> key -> value, as written. */
    conditions: Record<string, Record<string, unknown>>;
}

function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The statements of a policy document; an unparsable document has none. */
export function statementsOf(document: unknown): Statement[] {
    let parsed: any = document;
    if (typeof document === "string") {
        try {
            parsed = JSON.parse(document);
        } catch {
            return [];
        }
    }
    return (asList(parsed?.Statement) as PropertyBag[]).map((s) => {
        const principal = s.Principal;
        const principals = typeof principal === "string" ? { AWS: principal } : ((principal ?? {}) as PropertyBag);
        return {
            effect: String(s.Effect),
            actions: asList(s.Action).map(String),
            resources: asList(s.Resource).map(String),
            services: asList(principals.Service).map(String),
            otherPrincipals: Object.entries(principals)
                .filter(([kind]) => kind !== "Service")
                .flatMap(([, value]) => asList(value).map(String)),
            conditions: (s.Condition ?? {}) as Record<string, Record<string, unknown>>,
        };
    });
}

/** Whether an Allow statement grants the action, by its exact name or a wildcard. */
export function allows(statement: Statement, action: string): boolean {
    if (statement.effect !== "Allow") {
        return false;
    }
    const [service] = action.toLowerCase().split(":");
    return statement.actions.some((a) => {
        const granted = a.toLowerCase();
        return granted === "*" || granted === `${service}:*` || granted === action.toLowerCase();
    });
}

/** Allows every action on every resource. */
export function isAdminStatement(statement: Statement): boolean {
    return statement.effect === "Allow" && statement.actions.some((a) => a === "*" || a === "*:*") && statement.resources.includes("*");
}

export const ADMIN_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess)$/;

/** The AWS managed policy name of an ARN such as arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy. */
export function managedPolicyName(arn: string): string | undefined {
    return /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
}
