// What an IAM role is allowed to do, gathered from every place a stack can grant it: managed
// policy ARNs and inline policies on the role, policy attachments, and role policies.
import { PolicyResource } from "@pulumi/policy";
import { managedPolicyName, Statement, statementsOf } from "./iamDocuments";
import { ifKnown, listOf, PropertyBag } from "./props";
import { AWS } from "./resourceTypes";
import { ResourceGraph } from "./resourceGraph";
import { label, StackContext } from "./stackContext";

export interface Grants {
    /** AWS managed policy ARNs. */
    managed: string[];
    statements: { source: string; statement: Statement }[];
}

/** Policy attachments and role policies by the URN of their role; whether some role is unknown. */
interface RoleAttachments {
    attachments: Map<string, PolicyResource[]>;
    rolePolicies: Map<string, PolicyResource[]>;
    someUnresolved: boolean;
}

// Built once per stack: looking the attachments of each role up in the whole stack was quadratic.
const attachmentIndexes = new WeakMap<ResourceGraph, RoleAttachments>();

function attachmentsByRole(graph: ResourceGraph): RoleAttachments {
    let index = attachmentIndexes.get(graph);
    if (!index) {
        const built: RoleAttachments = { attachments: new Map(), rolePolicies: new Map(), someUnresolved: false };
        const add = (into: Map<string, PolicyResource[]>, resource: PolicyResource) => {
            const resolution = graph.references(resource, ["role"], [AWS.role]);
            if (!resolution.resolved) {
                built.someUnresolved = true;
                return;
            }
            for (const urn of new Set(resolution.targets.map((t) => t.urn))) {
                into.set(urn, [...(into.get(urn) ?? []), resource]);
            }
        };
        graph.ofType(AWS.rolePolicyAttachment).forEach((a) => add(built.attachments, a));
        graph.ofType(AWS.rolePolicy).forEach((p) => add(built.rolePolicies, p));
        attachmentIndexes.set(graph, built);
        index = built;
    }
    return index;
}

/** The role's grants, or undefined (noted) when some attachment could not be resolved or read. */
export function grantsOf(context: StackContext, role: PolicyResource): Grants | undefined {
    const graph = context.graph;
    const grants: Grants = { managed: [...listOf<string>(role.props, "managedPolicyArns")], statements: [] };
    for (const inline of listOf<PropertyBag>(role.props, "inlinePolicies")) {
        statementsOf(inline.policy).forEach((statement) => grants.statements.push({ source: `inline policy "${inline.name ?? ""}"`, statement }));
    }
    const index = attachmentsByRole(graph);
    // An attachment whose role is unknown may be this role's: the grants are then incomplete.
    let complete = !index.someUnresolved;
    for (const attachment of index.attachments.get(role.urn) ?? []) {
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
    for (const rolePolicy of index.rolePolicies.get(role.urn) ?? []) {
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

/** The statements of a role's trust policy; undefined when it is not known yet. */
export function trustOf(role: PolicyResource): Statement[] | undefined {
    const document = ifKnown(() => role.props.assumeRolePolicy);
    return document === undefined ? undefined : statementsOf(document);
}
