// Karpenter as the pack finds it in a stack: its controller is a role bound to pods by an EKS Pod
// Identity association that may call ec2:CreateFleet, which Karpenter launches every node with
// (AllowScopedEC2InstanceActionsWithTags in aws/karpenter-provider-aws cloudformation.yaml
// @ v1.14.1) and which no EKS add-on's role needs. What is known of the role's policies is enough to
// say it can (a preview may not know every policy yet).
import { PolicyResource } from "@pulumi/policy";
import { allows, Statement } from "./iamDocuments";
import { ifKnown, PropertyBag } from "./props";
import { knownGrantsOf } from "./roleGrants";
import { AWS } from "./resourceTypes";
import { StackContext } from "./stackContext";

export interface KarpenterController {
    association: PolicyResource;
    role: PolicyResource;
    /** The statements known so far. */
    statements: { source: string; statement: Statement }[];
}

export function karpenterControllers(context: StackContext): KarpenterController[] {
    const graph = context.graph;
    const controllers: KarpenterController[] = [];
    for (const association of graph.ofType(AWS.podIdentityAssociation)) {
        const [role] = graph.targetsOrNote(graph.references(association, ["roleArn"], [AWS.role])) ?? [];
        if (!role) {
            continue;
        }
        const { statements } = knownGrantsOf(context, role);
        if (statements.some(({ statement }) => allows(statement, "ec2:CreateFleet"))) {
            controllers.push({ association, role, statements });
        }
    }
    return controllers;
}

/** The detail-types an EventBridge rule's pattern matches, or undefined when not known yet. */
export function detailTypesOf(rule: PolicyResource): string[] | undefined {
    const text = ifKnown(() => rule.props.eventPattern) as string | undefined;
    if (typeof text !== "string") {
        return undefined;
    }
    try {
        const pattern = JSON.parse(text) as PropertyBag;
        const types = pattern["detail-type"];
        return Array.isArray(types) ? types.filter((t): t is string => typeof t === "string") : [];
    } catch {
        return [];
    }
}
