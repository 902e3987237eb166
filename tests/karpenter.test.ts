// cluster.compute: karpenter under the mock runtime: what Karpenter needs on the AWS side, as its
// getting-started CloudFormation template declares it (components/karpenter.ts).
import * as assert from "assert";
import { comparePlans, PlannedResource } from "../offline/planChanges";
import { EXISTING_NETWORK, qualifiedConfig } from "./support/configFixtures";
import { ofType, ProgramRun, runProgram, single, valueOf } from "./support/mockProgram";

const prefix = "eks-platform-test";
const T = {
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policy: "aws:iam/policy:Policy",
    podIdentity: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    subnet: "aws:ec2/subnet:Subnet",
    tag: "aws:ec2/tag:Tag",
};
const statements = (document: string) => JSON.parse(document).Statement as any[];

describe("Karpenter (cluster.compute: karpenter)", function () {
    this.timeout(60_000);
    let result: ProgramRun;
    before(async () => {
        result = await runProgram(qualifiedConfig({ "cluster.compute": "karpenter" }));
    });

    it("binds the controller's role to kube-system/karpenter with EKS Pod Identity, once its six policies are attached", () => {
        const role = single(result, T.role, `${prefix}-karpenter-controller`);
        const trust = statements(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.map((s) => [s.Principal.Service, s.Action]), [["pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]]]);
        const association = single(result, T.podIdentity, `${prefix}-karpenter-controller`);
        assert.deepStrictEqual([association.inputs.namespace, association.inputs.serviceAccount, association.inputs.roleArn], ["kube-system", "karpenter", role.outputs.arn]);
        const attachments = ofType(result, T.attachment).filter((a) => a.inputs.role === role.outputs.name);
        assert.strictEqual(attachments.length, 6);
        assert.deepStrictEqual(attachments.filter((a) => !association.dependsOnUrns.includes(a.urn)), [], "created after every attachment");
        const names = ofType(result, T.policy).filter((p) => p.name.startsWith(`${prefix}-karpenter-controller-`)).map((p) => p.name.slice(`${prefix}-karpenter-controller-`.length));
        assert.deepStrictEqual(names.sort(), ["eks-integration", "iam-integration", "interruption", "node-lifecycle", "resource-discovery", "zonal-shift"]);
    });

    it("scopes launching and terminating to this cluster's tags, and passes only the node role", () => {
        const policy = (concern: string) => statements(single(result, T.policy, `-karpenter-controller-${concern}`).inputs.policy);
        const lifecycle = policy("node-lifecycle");
        const launch = lifecycle.find((s) => s.Sid === "AllowScopedEC2InstanceActionsWithTags");
        assert.deepStrictEqual(launch.Condition.StringEquals, { [`aws:RequestTag/kubernetes.io/cluster/${prefix}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": prefix });
        const deletion = lifecycle.find((s) => s.Sid === "AllowScopedDeletion");
        assert.deepStrictEqual(deletion.Action, ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"]);
        assert.deepStrictEqual(deletion.Condition.StringEquals, { [`aws:ResourceTag/kubernetes.io/cluster/${prefix}`]: "owned" });
        const nodeRole = single(result, T.role, `${prefix}-karpenter-nodes`);
        const pass = policy("iam-integration").find((s) => s.Sid === "AllowPassingInstanceRole");
        assert.strictEqual(pass.Resource, nodeRole.outputs.arn);
        const queue = single(result, T.queue);
        assert.deepStrictEqual(policy("interruption")[0].Resource, queue.outputs.arn);
        assert.strictEqual(policy("eks-integration")[0].Resource, `arn:aws:eks:us-east-1:210987654321:cluster/${prefix}`);
        const unscoped = ["node-lifecycle", "iam-integration", "eks-integration", "interruption", "zonal-shift", "resource-discovery"]
            .flatMap(policy)
            .filter((s) => s.Resource === "*")
            .map((s) => s.Sid);
        assert.deepStrictEqual(unscoped, ["AllowZonalShiftStatusReadOnly", "AllowRegionalReadActions", "AllowPricingReadActions", "AllowUnscopedInstanceProfileListAction"], "read-only calls that take no ARN");
    });

    it("gives Karpenter's nodes a role with the node policies and an EC2_LINUX access entry", () => {
        const nodeRole = single(result, T.role, `${prefix}-karpenter-nodes`);
        assert.deepStrictEqual(statements(nodeRole.inputs.assumeRolePolicy)[0].Principal, { Service: "ec2.amazonaws.com" });
        const managed = ofType(result, T.attachment)
            .filter((a) => a.inputs.role === nodeRole.outputs.name)
            .map((a) => a.inputs.policyArn.split("/").pop())
            .sort();
        assert.deepStrictEqual(managed, ["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore"]);
        const entry = ofType(result, T.accessEntry).find((e) => e.inputs.principalArn === nodeRole.outputs.arn)!;
        assert.strictEqual(entry.inputs.type, "EC2_LINUX");
    });

    it("forwards the five interruption events to an encrypted queue that only EventBridge writes to, over TLS", () => {
        const queue = single(result, T.queue);
        assert.deepStrictEqual([queue.inputs.messageRetentionSeconds, queue.inputs.sqsManagedSseEnabled], [300, true]);
        const policy = single(result, T.queuePolicy);
        assert.strictEqual(policy.inputs.queueUrl, queue.outputs.url);
        const [allow, deny] = statements(policy.inputs.policy);
        assert.deepStrictEqual([allow.Principal.Service, allow.Action, allow.Resource], [["events.amazonaws.com", "sqs.amazonaws.com"], "sqs:SendMessage", queue.outputs.arn]);
        assert.deepStrictEqual([deny.Effect, deny.Condition], ["Deny", { Bool: { "aws:SecureTransport": "false" } }]);
        const patterns = ofType(result, T.rule).map((r) => JSON.parse(r.inputs.eventPattern));
        assert.deepStrictEqual(patterns.map((p) => `${p.source[0]}: ${p["detail-type"][0]}`).sort(), [
            "aws.ec2: EC2 Capacity Reservation Instance Interruption Warning",
            "aws.ec2: EC2 Instance Rebalance Recommendation",
            "aws.ec2: EC2 Instance State-change Notification",
            "aws.ec2: EC2 Spot Instance Interruption Warning",
            "aws.health: AWS Health Event",
        ]);
        const targets = ofType(result, T.target);
        assert.deepStrictEqual(targets.map((t) => t.inputs.arn), Array(5).fill(queue.outputs.arn));
        assert.deepStrictEqual(targets.map((t) => t.inputs.rule).sort(), ofType(result, T.rule).map((r) => r.outputs.name).sort());
    });

    it("tags the private subnets and the cluster security group for discovery, not the public subnets", () => {
        const tagged = (s: { inputs: Record<string, any> }) => s.inputs.tags["karpenter.sh/discovery"];
        const subnets = ofType(result, T.subnet);
        const [privateSubnets, publicSubnets] = [subnets.filter((s) => s.name.includes("-private-")), subnets.filter((s) => s.name.includes("-public-"))];
        assert.ok(privateSubnets.length >= 2 && publicSubnets.length >= 2);
        assert.deepStrictEqual(privateSubnets.map(tagged), privateSubnets.map(() => prefix));
        assert.deepStrictEqual(publicSubnets.map(tagged), publicSubnets.map(() => undefined));
        const tag = single(result, T.tag, "-karpenter-discovery");
        assert.deepStrictEqual([tag.inputs.resourceId, tag.inputs.key, tag.inputs.value], ["sg-0cluster000000000", "karpenter.sh/discovery", prefix]);
    });

    it("exports the Helm install command and a first EC2NodeClass with the names it created", async () => {
        const karpenter = result.outputs.karpenter;
        const queue = single(result, T.queue);
        const nodeRole = single(result, T.role, `${prefix}-karpenter-nodes`);
        const command = await valueOf<string>(karpenter.helmInstallCommand);
        assert.match(command, /^helm upgrade --install karpenter oci:\/\/public\.ecr\.aws\/karpenter\/karpenter --version "1\.14\.1" --namespace "kube-system"/);
        assert.ok(command.includes(`--set "settings.clusterName=${prefix}"`), command);
        assert.ok(command.includes(`--set "settings.interruptionQueue=${queue.outputs.name}"`), command);
        assert.ok(!command.includes("serviceAccount.name"), "the release name gives the chart's service account its name");
        const manifest = await valueOf<string>(karpenter.nodeClassManifest);
        assert.ok(manifest.includes(`role: "${nodeRole.outputs.name}"`), manifest);
        assert.strictEqual(manifest.match(/karpenter\.sh\/discovery: "eks-platform-test"/g)?.length, 2, "subnets and security groups by tag");
        assert.strictEqual(await valueOf(karpenter.controllerRoleArn), single(result, T.role, `${prefix}-karpenter-controller`).outputs.arn);
    });

    it("binds another service account when asked, and says so in the install command", async () => {
        const other = await runProgram(qualifiedConfig({ "cluster.compute": "karpenter", "cluster.karpenter.namespace": "karpenter", "cluster.karpenter.serviceAccount": "karpenter-controller" }));
        const association = single(other, T.podIdentity, `${prefix}-karpenter-controller`);
        assert.deepStrictEqual([association.inputs.namespace, association.inputs.serviceAccount], ["karpenter", "karpenter-controller"]);
        const trust = statements(single(other, T.role, `${prefix}-karpenter-controller`).inputs.assumeRolePolicy);
        assert.ok(JSON.stringify(trust).includes("karpenter-controller"), "trust names the service account");
        const command = await valueOf<string>(other.outputs.karpenter.helmInstallCommand);
        assert.ok(command.includes('--namespace "karpenter"') && command.includes('--set "serviceAccount.name=karpenter-controller"'), command);
    });

    it("selects the subnets of a network declared elsewhere by ID, and tags none of them", async () => {
        const run = await runProgram(qualifiedConfig({ "cluster.compute": "karpenter", "network.transitGateway": undefined, "network.existing": EXISTING_NETWORK }));
        const manifest = await valueOf<string>(run.outputs.karpenter.nodeClassManifest);
        assert.ok(manifest.includes('  subnetSelectorTerms:\n    - id: "subnet-0a1b2c3d4e5f60001"\n    - id: "subnet-0a1b2c3d4e5f60002"\n'), manifest);
        assert.match(manifest, /securityGroupSelectorTerms:\n    - tags:\n        karpenter\.sh\/discovery: "eks-platform-test"/);
        const discovery = ofType(run, T.tag).filter((t) => t.inputs.key === "karpenter.sh/discovery");
        assert.deepStrictEqual(discovery.map((t) => t.inputs.resourceId), ["sg-0cluster000000000"], "only the cluster security group gets the discovery tag");
    });

    it("declares none of it with node groups alone", async () => {
        const plain = await runProgram(qualifiedConfig({}));
        assert.deepStrictEqual([T.queue, T.queuePolicy, T.rule, T.target].flatMap((t) => ofType(plain, t)), []);
        assert.strictEqual(plain.outputs.karpenter, undefined);
        assert.ok(ofType(plain, T.subnet).every((s) => s.inputs.tags["karpenter.sh/discovery"] === undefined));
    });
});

describe("Karpenter in --compare", () => {
    const policy = (name: string, actions: string[]): PlannedResource => ({
        urn: `urn:pulumi:p::x::eks-platform:compute:Karpenter$aws:iam/policy:Policy::${name}`,
        type: "aws:iam/policy:Policy",
        name,
        protect: false,
        custom: true,
        inputs: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }) },
    });

    it("says what deleting its launch permission leaves behind, and how to avoid it", () => {
        const lifecycle = policy("c-karpenter-controller-node-lifecycle", ["ec2:RunInstances", "ec2:CreateFleet"]);
        const changes = comparePlans([lifecycle, policy("c-addons-external-dns", ["route53:ChangeResourceRecordSets"])], [], "base");
        assert.deepStrictEqual(changes.findings.map((f) => [f.urn, f.level]), [[lifecycle.urn, "advisory"]]);
        assert.match(changes.findings[0].message, /the nodes it launched keep running, unmanaged, unless its NodePools are deleted first \(kubectl delete nodepools --all/);
    });

    it("says nothing while the permission stays", () => {
        const lifecycle = policy("c-karpenter-controller-node-lifecycle", ["ec2:CreateFleet"]);
        assert.deepStrictEqual(comparePlans([lifecycle], [lifecycle], "base").findings, []);
    });
});
