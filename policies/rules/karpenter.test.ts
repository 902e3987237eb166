import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { eksStack, withKarpenter } from "../testing/stackFixture";
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
});
