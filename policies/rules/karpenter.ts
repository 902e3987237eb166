// Stack rules on Karpenter's AWS side: where its controller can run, and whether it hears of
// interruptions before EC2 takes its nodes. A controller is found by what its role may do
// (lib/karpenter.ts), so a stack declared by hand, by terraform-aws-eks's module or by this program
// is judged alike.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { detailTypesOf, KarpenterController, karpenterControllers } from "../lib/karpenter";
import { selectsControllerPods } from "../lib/karpenterPods";
import karpenterData from "../data/karpenter.json";
import { ifKnown, listOf, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { grantsOf } from "../lib/roleGrants";
import { allows, statementsOf } from "../lib/iamDocuments";
import { label, StackContext, stackValidation } from "../lib/stackContext";

function binding(controller: KarpenterController): string {
    const namespace = ifKnown(() => controller.association.props.namespace) ?? "?";
    const serviceAccount = ifKnown(() => controller.association.props.serviceAccount) ?? "?";
    return `${namespace}/${serviceAccount}`;
}

// Sources: aws/karpenter-provider-aws @ v1.14.1, charts/karpenter/values.yaml (the controller's
// affinity: karpenter.sh/nodepool DoesNotExist) and docs/troubleshooting.md ("Karpenter won't
// launch capacity to run itself"); aws/aws-eks-best-practices content/karpenter/index.md ("Do not
// run Karpenter on a node that is managed by Karpenter"); EKS User Guide, service-accounts.adoc
// (EKS Pod Identity is not available to pods on Fargate).
export const karpenterControllerCapacity: StackValidationPolicy = {
    name: "eks-karpenter-controller-capacity",
    description: "Karpenter's controller, bound with EKS Pod Identity, has a node group of its cluster to run on (never the nodes it launches), and no Fargate profile takes its pods, where Pod Identity gives them no credentials.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        for (const controller of karpenterControllers(context)) {
            const cluster = context.clusterOf(controller.association);
            const sameCluster = (resource: PolicyResource) => !cluster || context.clusterOf(resource) === cluster;
            const groups = [...context.nodeGroups.filter(sameCluster), ...context.selfManagedNodeGroups];
            if (groups.length === 0) {
                reportViolation(
                    `${label(controller.association)} gives Karpenter's controller (${binding(controller)}) its role${cluster ? ` in ${label(cluster)}` : ""}, and no node group runs there: the controller never runs on nodes it launches itself, and EKS Pod Identity credentials do not reach Fargate pods. Add a managed node group (two small nodes) for it and the cluster add-ons.`,
                    controller.association.urn,
                );
            }
            const namespace = ifKnown(() => controller.association.props.namespace) as string | undefined;
            if (namespace === undefined) {
                context.note(`the namespace of ${label(controller.association)}`);
                continue;
            }
            for (const profile of context.graph.ofType(AWS.fargateProfile).filter(sameCluster)) {
                const selectors = ifKnown(() => listOf<PropertyBag>(profile.props, "selectors"));
                if (selectors === undefined) {
                    context.note(`the selectors of ${label(profile)}`);
                    continue;
                }
                if (selectors.some((s) => selectsControllerPods(s, namespace))) {
                    reportViolation(
                        `${label(profile)} selects the pods of namespace ${namespace}, Karpenter's controller's among them: they would run on Fargate, where ${label(controller.association)} gives them no credentials. Select by labels the controller's pods do not carry, or install Karpenter in a namespace of its own.`,
                        profile.urn,
                    );
                }
            }
        }
    }),
};

/** The queues of the stack whose ARN the statements name for sqs:ReceiveMessage; arns not in the stack are returned apart. */
function receivedQueues(context: StackContext, statements: KarpenterController["statements"]): { queues: PolicyResource[]; elsewhere: string[] } {
    const arns = new Set(statements.filter(({ statement }) => allows(statement, "sqs:ReceiveMessage")).flatMap(({ statement }) => statement.resources));
    const queues = context.graph.ofType(AWS.sqsQueue);
    const found: PolicyResource[] = [];
    const elsewhere: string[] = [];
    for (const arn of arns) {
        const queue = queues.find((q) => ifKnown(() => q.props.arn) === arn);
        if (queue) {
            found.push(queue);
        } else {
            elsewhere.push(arn);
        }
    }
    return { queues: found, elsewhere };
}

/** Whether some policy of the queue lets EventBridge send to it. */
function eventBridgeMaySend(context: StackContext, queue: PolicyResource): boolean | undefined {
    const graph = context.graph;
    let unknown = false;
    for (const policy of graph.ofType(AWS.sqsQueuePolicy)) {
        const [target] = graph.targetsOrNote(graph.references(policy, ["queueUrl"], [AWS.sqsQueue])) ?? [];
        if (target !== queue) {
            continue;
        }
        const document = ifKnown(() => policy.props.policy);
        if (document === undefined) {
            unknown = true;
            continue;
        }
        if (statementsOf(document).some((s) => allows(s, "sqs:SendMessage") && s.services.includes("events.amazonaws.com"))) {
            return true;
        }
    }
    return unknown ? undefined : false;
}

// Sources: aws/karpenter-provider-aws @ v1.14.1, website/content/en/docs/concepts/disruption.md
// ("Karpenter requires that an SQS queue be provisioned and EventBridge rules and targets be added
// that forward interruption events from AWS services to the SQS queue") and cloudformation.yaml
// (the queue, its policy and the five rules).
export const karpenterInterruptionQueue: StackValidationPolicy = {
    name: "eks-karpenter-interruption-queue",
    description: "Karpenter's controller reads an interruption queue to which EventBridge forwards spot interruption warnings, rebalance recommendations, instance state changes, AWS Health scheduled changes and capacity reservation interruptions, so it drains a node before EC2 takes it.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateStack: stackValidation((context, reportViolation) => {
        const graph = context.graph;
        for (const controller of karpenterControllers(context)) {
            const { queues, elsewhere } = receivedQueues(context, controller.statements);
            if (queues.length === 0 && elsewhere.length === 0) {
                // Only the role's whole grants can say it reads no queue.
                if (grantsOf(context, controller.role)) {
                    reportViolation(
                        `Karpenter's role ${label(controller.role)} reads no interruption queue: spot interruptions, rebalance recommendations and scheduled maintenance then stop its nodes without draining them first. Declare an SQS queue with EventBridge rules for those events, allow the role sqs:ReceiveMessage on it, and set the chart's settings.interruptionQueue.`,
                        controller.role.urn,
                    );
                }
                continue;
            }
            for (const arn of elsewhere) {
                context.note(`the interruption queue ${arn} of ${label(controller.role)}, not declared in this stack`);
            }
            for (const queue of queues) {
                const heard = new Set<string>();
                for (const target of graph.ofType(AWS.eventTarget)) {
                    const [to] = graph.targetsOrNote(graph.references(target, ["arn"], [AWS.sqsQueue])) ?? [];
                    if (to !== queue) {
                        continue;
                    }
                    const [rule] = graph.targetsOrNote(graph.references(target, ["rule"], [AWS.eventRule])) ?? [];
                    const types = rule ? detailTypesOf(rule) : undefined;
                    if (rule && types === undefined) {
                        context.note(`the event pattern of ${label(rule)}`);
                    }
                    (types ?? []).forEach((t) => heard.add(t));
                }
                const missing = karpenterData.interruptionEvents.filter((e) => !heard.has(e.detailType)).map((e) => `"${e.detailType}"`);
                if (missing.length > 0) {
                    reportViolation(
                        `${label(queue)}, Karpenter's interruption queue, gets no ${missing.join(", ")} events: no EventBridge rule forwards them to it, so Karpenter does not drain nodes ahead of them. Add a rule per event with the queue as its target.`,
                        queue.urn,
                    );
                }
                const sends = eventBridgeMaySend(context, queue);
                if (sends === undefined) {
                    context.note(`the policy of ${label(queue)}`);
                } else if (!sends) {
                    reportViolation(
                        `${label(queue)}, Karpenter's interruption queue, has no policy that lets events.amazonaws.com call sqs:SendMessage, so EventBridge cannot deliver the interruption events. Add a queue policy allowing it.`,
                        queue.urn,
                    );
                }
            }
        }
    }),
};

export const karpenterPolicies: StackValidationPolicy[] = [karpenterControllerCapacity, karpenterInterruptionQueue];
