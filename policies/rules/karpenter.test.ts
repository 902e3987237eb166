import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { eksStack, KARPENTER_QUEUE_ARN, withKarpenter } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { stackUrn, validateStack } from "../testing/validateStack";
import { karpenterControllerCapacity, karpenterInterruptionQueue } from "./karpenter";

const document = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements.map((s) => ({ Effect: "Allow", ...s })) });
const podTrust = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }] });

describe("eks-karpenter-controller-capacity", () => {
    for (const knownIds of [true, false]) {
        it(`passes a controller with a node group of its cluster (${knownIds ? "known" : "unknown"} ids)`, async () => {
            const fixture = withKarpenter(eksStack({ knownIds }));
            assert.deepStrictEqual(await validateStack(karpenterControllerCapacity, fixture.resources), { violations: [] });
        });

        it(`flags a controller with no node group to run on (${knownIds ? "known" : "unknown"} ids)`, async () => {
            const fixture = withKarpenter(eksStack({ knownIds }));
            fixture.remove("general");
            const { violations } = await validateStack(karpenterControllerCapacity, fixture.resources);
            assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.podIdentityAssociation, "binding")]);
            assert.match(violations[0].message, /gives Karpenter's controller \(kube-system\/karpenter\) its role in Cluster "cluster", and no node group runs there/);
        });
    }

    it("flags a Fargate profile that takes the controller's pods, not one that selects others", async () => {
        const fixture = withKarpenter(eksStack({ knownIds: true }));
        const role = "fargate-role.arn";
        fixture.add(AWS.fargateProfile, "system", { selectors: [{ namespace: "kube-system" }] }, { clusterName: "cluster.name", podExecutionRoleArn: role });
        fixture.add(AWS.fargateProfile, "karpenter-labelled", { selectors: [{ namespace: "kube-system", labels: { "app.kubernetes.io/name": "karpenter" } }] }, { clusterName: "cluster.name", podExecutionRoleArn: role });
        fixture.add(AWS.fargateProfile, "coredns", { selectors: [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }] }, { clusterName: "cluster.name", podExecutionRoleArn: role });
        const { violations } = await validateStack(karpenterControllerCapacity, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.fargateProfile, "system"), stackUrn(AWS.fargateProfile, "karpenter-labelled")]);
        assert.match(violations[0].message, /FargateProfile "system" selects the pods of namespace kube-system, Karpenter's controller's among them: they would run on Fargate, where PodIdentityAssociation "binding" gives them no credentials/);
    });

    it("counts only node groups and Fargate profiles of the controller's own cluster", async () => {
        const fixture = withKarpenter(eksStack({ knownIds: true }));
        fixture.add(AWS.cluster, "other", { name: "other", version: "1.35" });
        fixture.get("general").props.clusterName = "other";
        fixture.get("general").deps!.clusterName = ["other"];
        fixture.add(AWS.fargateProfile, "other-system", { selectors: [{ namespace: "kube-system" }] }, { clusterName: "other.name", podExecutionRoleArn: "fargate-role.arn" });
        const { violations } = await validateStack(karpenterControllerCapacity, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.podIdentityAssociation, "binding")], "the other cluster's group does not count, nor is its profile judged");
    });

    it("flags a profile when any of its selectors takes the controller's pods, and says what it could not read", async () => {
        const fixture = withKarpenter(eksStack({ knownIds: true }));
        fixture.add(AWS.fargateProfile, "mixed", { selectors: [{ namespace: "apps" }, { namespace: "kube-system" }] }, { clusterName: "cluster.name", podExecutionRoleArn: "fargate-role.arn" });
        fixture.add(AWS.fargateProfile, "unread", { selectors: UNKNOWN }, { clusterName: "cluster.name", podExecutionRoleArn: "fargate-role.arn" });
        const outcome = await validateStack(karpenterControllerCapacity, fixture.resources);
        assert.deepStrictEqual(outcome.violations.map((v) => v.urn), [stackUrn(AWS.fargateProfile, "mixed")]);
        assert.match(outcome.unknown!, /the selectors of FargateProfile "unread"/);
        fixture.get("binding").props.namespace = UNKNOWN;
        const unknownNamespace = await validateStack(karpenterControllerCapacity, fixture.resources);
        assert.deepStrictEqual(unknownNamespace.violations, []);
        assert.match(unknownNamespace.unknown!, /the namespace of PodIdentityAssociation "binding"/);
    });

    it("leaves a Pod Identity role that launches nothing alone, with or without node groups", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("general");
        fixture.add(AWS.role, "external-dns", { name: "external-dns", arn: "arn:aws:iam::111122223333:role/external-dns", assumeRolePolicy: podTrust });
        fixture.add(AWS.rolePolicy, "external-dns-policy", { policy: document({ Action: "route53:ChangeResourceRecordSets", Resource: "arn:aws:route53:::hostedzone/Z1" }) }, { role: "external-dns.name" });
        fixture.add(AWS.podIdentityAssociation, "external-dns-binding", { namespace: "external-dns", serviceAccount: "external-dns" }, { clusterName: "cluster.name", roleArn: "external-dns.arn" });
        assert.deepStrictEqual(await validateStack(karpenterControllerCapacity, fixture.resources), { violations: [] });
    });

    it("counts a role allowed ec2:* as one that can launch nodes", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("general");
        fixture.add(AWS.role, "broad", { name: "broad", arn: "arn:aws:iam::111122223333:role/broad", assumeRolePolicy: podTrust });
        fixture.add(AWS.rolePolicy, "broad-policy", { policy: document({ Action: "ec2:*", Resource: "*" }) }, { role: "broad.name" });
        fixture.add(AWS.podIdentityAssociation, "broad-binding", { namespace: "karpenter", serviceAccount: "karpenter" }, { clusterName: "cluster.name", roleArn: "broad.arn" });
        const { violations } = await validateStack(karpenterControllerCapacity, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.podIdentityAssociation, "broad-binding")]);
    });
});

describe("eks-karpenter-interruption-queue", () => {
    it("passes the queue, its policy and the five rules", async () => {
        const fixture = withKarpenter(eksStack({ knownIds: true }));
        assert.deepStrictEqual(await validateStack(karpenterInterruptionQueue, fixture.resources), { violations: [] });
    });

    it("cannot tell in the preview of a new stack, where the queue's ARN in the role's policy is not known yet", async () => {
        const fixture = withKarpenter(eksStack({ knownIds: false }));
        const outcome = await validateStack(karpenterInterruptionQueue, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown ?? "", /the policies attached to Role "karpenter"/);
    });

    it("names the events no rule forwards to the queue", async () => {
        const events = ["EC2 Spot Instance Interruption Warning", "EC2 Instance State-change Notification", "EC2 Capacity Reservation Instance Interruption Warning"];
        const fixture = withKarpenter(eksStack({ knownIds: true }), { events });
        const { violations } = await validateStack(karpenterInterruptionQueue, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.sqsQueue, "queue")]);
        assert.strictEqual(
            violations[0].message,
            'Queue "queue", Karpenter\'s interruption queue, gets no "AWS Health Event", "EC2 Instance Rebalance Recommendation" events: no EventBridge rule forwards them to it, so Karpenter does not drain nodes ahead of them. Add a rule per event with the queue as its target.',
        );
    });

    it("flags a queue EventBridge may not send to", async () => {
        const fixture = withKarpenter(eksStack({ knownIds: true }), { queuePolicy: false });
        const { violations } = await validateStack(karpenterInterruptionQueue, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.sqsQueue, "queue")]);
        assert.match(violations[0].message, /has no policy that lets events\.amazonaws\.com call sqs:SendMessage/);
    });

    it("flags a controller that reads no queue, once its whole policy is known", async () => {
        const fixture = withKarpenter(eksStack({ knownIds: true }), { reads: false });
        const { violations } = await validateStack(karpenterInterruptionQueue, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.role, "karpenter")]);
        assert.match(violations[0].message, /^Karpenter's role Role "karpenter" reads no interruption queue: spot interruptions/);
    });

    it("does not judge rules that forward to another queue as this one's", async () => {
        const fixture = withKarpenter(eksStack({ knownIds: true }), { events: [] });
        fixture.add(AWS.sqsQueue, "other", { name: "other", arn: "arn:aws:sqs:us-east-1:111122223333:other" });
        fixture.add(AWS.eventRule, "other-rule", { name: "other-rule", eventPattern: JSON.stringify({ "detail-type": ["AWS Health Event"] }) });
        fixture.add(AWS.eventTarget, "other-target", {}, { rule: "other-rule.name", arn: "other.arn" });
        const { violations } = await validateStack(karpenterInterruptionQueue, fixture.resources);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /gets no "AWS Health Event", "EC2 Spot Instance Interruption Warning"/);
    });

    it("says what it could not read: a queue of another stack, a rule's pattern, the queue's policy", async () => {
        const fixture = withKarpenter(eksStack({ knownIds: true }));
        fixture.get("rule-aws-health-event").props.eventPattern = UNKNOWN;
        fixture.get("queue-policy").props.policy = UNKNOWN;
        const outcome = await validateStack(karpenterInterruptionQueue, fixture.resources);
        assert.match(outcome.violations[0]?.message ?? "", /gets no "AWS Health Event" events/);
        assert.match(outcome.unknown!, /the event pattern of EventRule "rule-aws-health-event"/);
        assert.match(outcome.unknown!, /the policy of Queue "queue"/);
        const elsewhere = withKarpenter(eksStack({ knownIds: true }), { events: [], queuePolicy: false });
        elsewhere.remove("queue");
        const other = await validateStack(karpenterInterruptionQueue, elsewhere.resources);
        assert.deepStrictEqual(other.violations, []);
        assert.match(other.unknown!, /the interruption queue arn:aws:sqs:us-east-1:111122223333:prod-karpenter of Role "karpenter", not declared in this stack/);
    });

    it("wants EventBridge itself allowed to send, by a policy of this queue", async () => {
        const cases: [string, Record<string, unknown>][] = [
            ["only SQS may send", { Effect: "Allow", Principal: { Service: "sqs.amazonaws.com" }, Action: "sqs:SendMessage", Resource: KARPENTER_QUEUE_ARN }],
            ["EventBridge may only read", { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:ReceiveMessage", Resource: KARPENTER_QUEUE_ARN }],
        ];
        for (const [what, statement] of cases) {
            const fixture = withKarpenter(eksStack({ knownIds: true }));
            fixture.get("queue-policy").props.policy = JSON.stringify({ Statement: [statement] });
            const { violations } = await validateStack(karpenterInterruptionQueue, fixture.resources);
            assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.sqsQueue, "queue")], what);
        }
        const another = withKarpenter(eksStack({ knownIds: true }), { queuePolicy: false });
        another.add(AWS.sqsQueue, "other", { id: "https://sqs.us-east-1.amazonaws.com/111122223333/other", name: "other", arn: "arn:aws:sqs:us-east-1:111122223333:other" });
        another.add(AWS.sqsQueuePolicy, "other-policy", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*" }] }) }, { queueUrl: "other.id" });
        const { violations } = await validateStack(karpenterInterruptionQueue, another.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.sqsQueue, "queue")], "another queue's policy does not count");
    });
});

