// What an IAM role is allowed to do, gathered from every place a stack can grant it: managed
// policy ARNs and inline policies on the role, policy attachments, and role policies.
import { PolicyResource } from "@pulumi/policy";
import { managedPolicyName, Statement, statementsOf } from "./iamDocuments";
import { ifKnown, listOf, PropertyBag } from "./props";
import { AWS } from "./resourceTypes";
import { label, StackContext } from "./stackContext";

export interface Grants {
    /** AWS managed policy ARNs. */
    managed: string[];
    statements: { source: string; statement: Statement }[];
}

/** The role's grants, or undefined (noted) when some attachment could not be resolved or read. */
export function grantsOf(context: StackContext, role: PolicyResource): Grants | undefined {
    const { grants, complete } = collectGrants(context, role);
    if (!complete) {
        context.note(`the policies attached to ${label(role)}`);
    }
    return complete ? grants : undefined;
}

/** What is known of the role's grants so far: enough to say what a role can do, not what it cannot. */
export function knownGrantsOf(context: StackContext, role: PolicyResource): Grants {
    return collectGrants(context, role).grants;
}

function collectGrants(context: StackContext, role: PolicyResource): { grants: Grants; complete: boolean } {
    const graph = context.graph;
    const grants: Grants = { managed: [...listOf<string>(role.props, "managedPolicyArns")], statements: [] };
    for (const inline of listOf<PropertyBag>(role.props, "inlinePolicies")) {
        statementsOf(inline.policy).forEach((statement) => grants.statements.push({ source: `inline policy "${inline.name ?? ""}"`, statement }));
    }
    const attachments = graph.referrers("role policy attachments by role", () => graph.ofType(AWS.rolePolicyAttachment), ["role"], [AWS.role]);
    const rolePolicies = graph.referrers("role policies by role", () => graph.ofType(AWS.rolePolicy), ["role"], [AWS.role]);
    // An attachment whose role is unknown may be this role's: the grants are then incomplete.
    let complete = !attachments.someUnresolved && !rolePolicies.someUnresolved;
    for (const attachment of attachments.of(role.urn)) {
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
    for (const rolePolicy of rolePolicies.of(role.urn)) {
        const document = ifKnown(() => rolePolicy.props.policy);
        if (document === undefined) {
            complete = false;
        } else {
            statementsOf(document).forEach((statement) => grants.statements.push({ source: label(rolePolicy), statement }));
        }
    }
    return { grants, complete };
}

/** The statements of a role's trust policy; undefined when it is not known yet. */
export function trustOf(role: PolicyResource): Statement[] | undefined {
    const document = ifKnown(() => role.props.assumeRolePolicy);
    return document === undefined ? undefined : statementsOf(document);
}
