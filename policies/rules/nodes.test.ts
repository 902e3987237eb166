import * as assert from "assert";
import { AWS, PULUMI_EKS } from "../lib/resourceTypes";
import { awsNodeGroup, eksManagedNodeGroup } from "../testing/fixtures";
import { UNKNOWN, urnOf, validate } from "../testing/validate";
import { nodeGroupInstanceTypes, nodeGroupRemoteAccess, nodeGroupRollout, nodeGroupScaling, nodesImdsv2 } from "./nodes";

const launchTemplate = (metadataOptions?: Record<string, unknown>) => ({
    type: AWS.launchTemplate,
    name: "general-nodes",
    props: metadataOptions ? { metadataOptions } : {},
});

describe("eks-nodegroup-remote-access", () => {
    it("does not apply without an SSH key", async () => {
        assert.ok((await validate(nodeGroupRemoteAccess, awsNodeGroup())).notApplicable);
    });

    it("passes SSH restricted to security groups", async () => {
        const group = awsNodeGroup({ remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-0123456789abcdef0"] } });
        assert.deepStrictEqual((await validate(nodeGroupRemoteAccess, group)).violations, []);
    });

    it("passes a source group created in the same update (id unknown)", async () => {
        const group = awsNodeGroup({ remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: [UNKNOWN] } });
        assert.deepStrictEqual((await validate(nodeGroupRemoteAccess, group)).violations, []);
    });

    it("flags an SSH key without source groups (port 22 open to the internet)", async () => {
        const group = awsNodeGroup({ remoteAccess: { ec2SshKey: "ops" } });
        const { violations } = await validate(nodeGroupRemoteAccess, group);
        assert.strictEqual(violations[0].urn, urnOf(group));
        assert.match(violations[0].message, /EKS node group "general" allows SSH with key "ops" but no remoteAccess\.sourceSecurityGroupIds, so EKS opens port 22 to 0\.0\.0\.0\/0/);
    });

    it("judges the node group a @pulumi/eks ManagedNodeGroup creates, not the component", async () => {
        const child = { ...awsNodeGroup({ remoteAccess: { ec2SshKey: "ops" } }), parentTypes: [PULUMI_EKS.managedNodeGroup] };
        const { violations } = await validate(nodeGroupRemoteAccess, child);
        assert.match(violations[0].message, /EKS node group "general" \(created by @pulumi\/eks; set it in its node group arguments\) allows SSH/);
        assert.ok((await validate(nodeGroupRemoteAccess, eksManagedNodeGroup({ remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: [] } }))).notApplicable);
    });
});

describe("eks-nodes-imdsv2", () => {
    it("passes IMDSv2 required with hop limit 1", async () => {
        assert.deepStrictEqual((await validate(nodesImdsv2, launchTemplate({ httpTokens: "required", httpPutResponseHopLimit: 1 }))).violations, []);
    });

    it("judges launch configurations of self-managed nodes the same way", async () => {
        const configuration = { type: "aws:ec2/launchConfiguration:LaunchConfiguration", name: "workers-lc", props: { instanceType: "t3.small" } };
        const { violations } = await validate(nodesImdsv2, configuration);
        assert.match(violations[0].message, /^Launch configuration "workers-lc" sets no metadata options/);
        const required = { ...configuration, props: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } } };
        assert.deepStrictEqual((await validate(nodesImdsv2, required)).violations, []);
        assert.ok((await validate(nodesImdsv2, { type: "aws:ec2/instance:Instance", props: {} })).notApplicable);
    });

    it("says what a template without metadata options gets: its AMI's defaults, which its AMI id does not reveal", async () => {
        const resource = launchTemplate();
        const { violations } = await validate(nodesImdsv2, resource);
        assert.strictEqual(violations.length, 1, "one finding, not one per option");
        assert.strictEqual(violations[0].urn, urnOf(resource));
        assert.strictEqual(
            violations[0].message,
            'Launch template "general-nodes" sets no metadata options, so its nodes get their AMI\'s: with an AMI that requires IMDSv2 (ImdsSupport v2.0, as Amazon Linux 2023\'s) a hop limit of 2, which lets every pod read the node role\'s credentials; with any other (Amazon Linux 2, most custom AMIs) IMDSv1, open to SSRF. The template names its AMI by id, so which one is not known here. Set metadataOptions.httpTokens: "required" and httpPutResponseHopLimit: 1, and give add-ons that need AWS access their own role with EKS Pod Identity.',
        );
        // With a hop limit of 2 allowed, only the tokens are in doubt.
        const relaxed = await validate(nodesImdsv2, resource, { maxHopLimit: 2 });
        assert.deepStrictEqual(relaxed.violations.map((v) => v.message.split(",")[0]), ['Launch template "general-nodes" leaves metadataOptions.httpTokens unset']);
    });

    it("flags tokens left unset or optional, and a hop limit left to the AMI, each in its words", async () => {
        const unsetTokens = await validate(nodesImdsv2, launchTemplate({ httpPutResponseHopLimit: 1 }));
        assert.deepStrictEqual(unsetTokens.violations.map((v) => v.message), [
            'Launch template "general-nodes" leaves metadataOptions.httpTokens unset, so IMDSv1 stays allowed unless its AMI requires IMDSv2 (ImdsSupport v2.0, as Amazon Linux 2023\'s; Amazon Linux 2 and most custom AMIs do not), which the template\'s AMI id does not say. Set metadataOptions.httpTokens: "required".',
        ]);
        const optional = await validate(nodesImdsv2, launchTemplate({ httpTokens: "optional", httpPutResponseHopLimit: 1 }));
        assert.deepStrictEqual(optional.violations.map((v) => v.message), ['Launch template "general-nodes" allows IMDSv1 (metadataOptions.httpTokens is "optional"), so any SSRF in a pod can read the node role\'s credentials. Set metadataOptions.httpTokens: "required".']);
        const unsetHop = await validate(nodesImdsv2, launchTemplate({ httpTokens: "required" }));
        assert.match(unsetHop.violations[0].message, /leaves metadataOptions\.httpPutResponseHopLimit unset, so it is 2 when its AMI requires IMDSv2 .* Set it to 1,/);
        assert.deepStrictEqual((await validate(nodesImdsv2, launchTemplate({ httpTokens: "required" }), { maxHopLimit: 2 })).violations, [], "2 at most: fine whatever the AMI");
        // Values the provider filled in are not the program's choice.
        const defaulted = await validate(nodesImdsv2, launchTemplate({ httpTokens: "required", httpPutResponseHopLimit: 1, __defaults: ["httpPutResponseHopLimit"] }));
        assert.match(defaulted.violations[0].message, /httpPutResponseHopLimit unset/);
    });

    it("flags a hop limit of 2 by default, pointing to Pod Identity, and honours a raised maximum", async () => {
        const resource = launchTemplate({ httpTokens: "required", httpPutResponseHopLimit: 2 });
        assert.match((await validate(nodesImdsv2, resource)).violations[0].message, /httpPutResponseHopLimit to 2, above 1, so pods can reach the node's metadata and role\. Set it to 1 or less, and give add-ons that need AWS access their own role with EKS Pod Identity/);
        assert.deepStrictEqual((await validate(nodesImdsv2, resource, { maxHopLimit: 2 })).violations, []);
        const three = launchTemplate({ httpTokens: "required", httpPutResponseHopLimit: 3 });
        assert.match((await validate(nodesImdsv2, three, { maxHopLimit: 2 })).violations[0].message, /to 3, above 2/);
    });

    it("passes a template with the metadata service switched off", async () => {
        assert.deepStrictEqual((await validate(nodesImdsv2, launchTemplate({ httpEndpoint: "disabled" }))).violations, []);
    });

    it("reports unknown metadata options through the framework", async () => {
        const outcome = await validate(nodesImdsv2, launchTemplate({ httpTokens: UNKNOWN }));
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(outcome.unknown);
    });
});

describe("eks-nodegroup-instance-types", () => {
    it("passes types of equal vCPU and memory", async () => {
        assert.deepStrictEqual((await validate(nodeGroupInstanceTypes, awsNodeGroup({ instanceTypes: ["t3.large", "t3a.large", "m5.large"] }))).violations, []);
    });

    it("flags types of different sizes with their specs", async () => {
        const { violations } = await validate(nodeGroupInstanceTypes, awsNodeGroup({ instanceTypes: ["m6i.large", "m6i.xlarge"] }));
        assert.match(violations[0].message, /mixes instance sizes: m6i\.large \(2 vCPU, 8 GiB\), m6i\.xlarge \(4 vCPU, 16 GiB\)/);
    });

    it("reports types it has no data for instead of guessing", async () => {
        const { violations } = await validate(nodeGroupInstanceTypes, awsNodeGroup({ instanceTypes: ["m6i.large", "x9z.large"] }));
        assert.match(violations[0].message, /uses x9z\.large, which eks-guard has no specs for/);
    });

    it("does not apply to a single type", async () => {
        assert.ok((await validate(nodeGroupInstanceTypes, awsNodeGroup({ instanceTypes: ["m6i.large"] }))).notApplicable);
    });

    it("judges the node group @pulumi/eks creates", async () => {
        const child = { ...awsNodeGroup({ instanceTypes: ["c6i.large", "r6i.large"] }), parentTypes: [PULUMI_EKS.cluster] };
        assert.match((await validate(nodeGroupInstanceTypes, child)).violations[0].message, /\(created by @pulumi\/eks; set it in its node group arguments\) mixes instance sizes/);
        assert.ok((await validate(nodeGroupInstanceTypes, eksManagedNodeGroup({ instanceTypes: ["c6i.large", "r6i.large"] }))).notApplicable);
    });
});

describe("eks-nodegroup-scaling", () => {
    it("passes min <= desired <= max within the quota", async () => {
        assert.deepStrictEqual((await validate(nodeGroupScaling, awsNodeGroup())).violations, []);
    });

    it("flags desired above max", async () => {
        const { violations } = await validate(nodeGroupScaling, awsNodeGroup({ scalingConfig: { minSize: 1, desiredSize: 5, maxSize: 3 } }));
        assert.match(violations[0].message, /has minSize 1, desiredSize 5, maxSize 3; EKS requires minSize <= desiredSize <= maxSize/);
    });

    it("flags a max above the 450-node quota", async () => {
        const { violations } = await validate(nodeGroupScaling, awsNodeGroup({ scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 500 } }));
        assert.match(violations[0].message, /maxSize 500, above the EKS quota of 450/);
    });

    it("flags a min below the configured floor", async () => {
        const group = awsNodeGroup({ scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 3 } });
        assert.deepStrictEqual((await validate(nodeGroupScaling, group)).violations, [], "no floor by default");
        assert.match((await validate(nodeGroupScaling, group, { minSizeFloor: 2 })).violations[0].message, /minSize 1, below this environment's floor of 2/);
    });

    it("reports unknown sizes through the framework", async () => {
        const outcome = await validate(nodeGroupScaling, awsNodeGroup({ scalingConfig: { minSize: UNKNOWN, desiredSize: 1, maxSize: 3 } }));
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(outcome.unknown);
    });

    it("judges the sizes of the node group @pulumi/eks creates (its defaults included), not the component", async () => {
        const child = { ...awsNodeGroup({ scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 2 } }), parentTypes: [PULUMI_EKS.managedNodeGroup] };
        assert.match((await validate(nodeGroupScaling, child, { minSizeFloor: 2 })).violations[0].message, /\(created by @pulumi\/eks; set it in its node group arguments\) has minSize 1, below this environment's floor of 2/);
        assert.ok((await validate(nodeGroupScaling, eksManagedNodeGroup({}), { minSizeFloor: 2 })).notApplicable, "no inputs is no violation");
    });
});

describe("node group rules: boundaries and defaults", () => {
    const sizes = (minSize: number, desiredSize: number, maxSize: number) => awsNodeGroup({ scalingConfig: { minSize, desiredSize, maxSize } });
    const messages = async (resource: ReturnType<typeof awsNodeGroup>, config = {}) => (await validate(nodeGroupScaling, resource, config)).violations.map((v) => v.message);

    it("accepts equal sizes, 450 nodes and a minSize at the floor; refuses 451, a minSize under the floor and no scalingConfig", async () => {
        assert.deepStrictEqual(await messages(sizes(3, 3, 3)), []);
        assert.deepStrictEqual(await messages(sizes(1, 1, 450)), []);
        assert.deepStrictEqual(await messages(sizes(2, 2, 4), { minSizeFloor: 2 }), []);
        assert.deepStrictEqual(await messages(sizes(1, 1, 451)), ['EKS node group "general" has maxSize 451, above the EKS quota of 450 nodes per managed node group. Split it into several groups.']);
        assert.deepStrictEqual(await messages(sizes(1, 2, 4), { minSizeFloor: 2 }), ['EKS node group "general" has minSize 1, below this environment\'s floor of 2 (enough nodes to survive losing one). Raise scalingConfig.minSize.']);
        assert.deepStrictEqual(await messages(sizes(3, 2, 4)), ['EKS node group "general" has minSize 3, desiredSize 2, maxSize 4; EKS requires minSize <= desiredSize <= maxSize.']);
        assert.deepStrictEqual(await messages(awsNodeGroup({ scalingConfig: undefined })), ['EKS node group "general" has no scalingConfig. Set minSize, desiredSize and maxSize.']);
        assert.deepStrictEqual(await messages(sizes(0, 0, 1)), [], "a floor of 0 by default");
    });

    it("scaling: judges self-managed node groups (Auto Scaling groups of EKS nodes) by the same floor", async () => {
        const asg = (props: Record<string, unknown>, parent = "") => ({
            type: "aws:autoscaling/group:Group",
            name: "workers",
            urn: `urn:pulumi:prod::p::${parent}aws:autoscaling/group:Group::workers`,
            props: { tags: [{ key: "kubernetes.io/cluster/prod", value: "owned", propagateAtLaunch: true }], ...props },
        });
        const floor = { minSizeFloor: 2 };
        assert.deepStrictEqual((await validate(nodeGroupScaling, asg({ minSize: 2, maxSize: 4 }), floor)).violations, []);
        assert.deepStrictEqual((await validate(nodeGroupScaling, asg({ minSize: 2, desiredCapacity: 3, maxSize: 4 }), floor)).violations, []);
        assert.deepStrictEqual((await validate(nodeGroupScaling, asg({ minSize: 1, maxSize: 4 }), floor)).violations.map((v) => v.message), [
            'Auto Scaling group "workers" (self-managed EKS nodes) has minSize 1, below this environment\'s floor of 2 (enough nodes to survive losing one). Raise minSize.',
        ]);
        assert.deepStrictEqual((await validate(nodeGroupScaling, asg({ minSize: 3, desiredCapacity: 2, maxSize: 4 }))).violations.map((v) => v.message), [
            'Auto Scaling group "workers" (self-managed EKS nodes) has minSize 3, desiredCapacity 2, maxSize 4; Auto Scaling requires minSize <= desiredCapacity <= maxSize.',
        ]);
        assert.match((await validate(nodeGroupScaling, asg({ minSize: 5, maxSize: 4 }))).violations[0].message, /desiredCapacity \(unset\), maxSize 4/);
        assert.strictEqual((await validate(nodeGroupScaling, asg({ minSize: 4, desiredCapacity: 5, maxSize: 4 }))).violations.length, 1);
        // Made by @pulumi/eks (no cluster tag needed), phrased for it.
        const made = await validate(nodeGroupScaling, { ...asg({ minSize: 1, maxSize: 2 }, "eks:index:NodeGroupV2$"), props: { minSize: 1, maxSize: 2 } }, floor);
        assert.match(made.violations[0].message, /\(self-managed EKS nodes, created by @pulumi\/eks; set it in its node group arguments\) has minSize 1/);
        // Another Auto Scaling group is not a node group; tags not known yet wait.
        assert.ok((await validate(nodeGroupScaling, { ...asg({ minSize: 1, maxSize: 2 }), props: { minSize: 1, maxSize: 2, tags: [{ key: "team", value: "web" }] } }, floor)).notApplicable);
        assert.ok((await validate(nodeGroupScaling, { ...asg({ minSize: 1, maxSize: 2 }), props: { minSize: 1, maxSize: 2, tags: UNKNOWN } }, floor)).unknown);
        assert.ok((await validate(nodeGroupScaling, { type: "aws:ec2/instance:Instance", name: "x", props: {} })).notApplicable);
    });

    it("scaling: judges the Auto Scaling group inside a @pulumi/eks CloudFormation stack", async () => {
        const stack = (templateBody: unknown) => ({ type: "aws:cloudformation/stack:Stack", name: "example-nodes", parentTypes: ["eks:index:Cluster"], props: { templateBody } });
        const template = "Resources:\n  NodeGroup:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      DesiredCapacity: 2\n      MinSize: 1\n      MaxSize: 2\n";
        const { violations } = await validate(nodeGroupScaling, stack(template), { minSizeFloor: 2 });
        assert.deepStrictEqual(violations.map((v) => v.message), [
            'Auto Scaling group "example-nodes (CloudFormation NodeGroup)" (self-managed EKS nodes, created by @pulumi/eks; set it in its node group arguments) has minSize 1, below this environment\'s floor of 2 (enough nodes to survive losing one). Raise minSize.',
        ]);
        assert.deepStrictEqual((await validate(nodeGroupScaling, stack(template))).violations, []);
        assert.ok((await validate(nodeGroupScaling, stack("Resources:\n  T:\n    Type: AWS::SNS::Topic\n"))).notApplicable);
        assert.ok((await validate(nodeGroupScaling, stack(UNKNOWN))).unknown);
        const computed = "Resources:\n  NodeGroup:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: !Ref Min\n      MaxSize: 2\n";
        assert.ok((await validate(nodeGroupScaling, stack(computed), { minSizeFloor: 2 })).notApplicable, "sizes the template computes are not judged");
    });

    it("IMDS: judges nothing when the metadata endpoint is disabled, and takes tokens as optional when unset", async () => {
        assert.deepStrictEqual((await validate(nodesImdsv2, launchTemplate({ httpEndpoint: "disabled", httpTokens: "optional", httpPutResponseHopLimit: 3 }))).violations, []);
        const unset = await validate(nodesImdsv2, launchTemplate({ httpEndpoint: "enabled" }));
        assert.strictEqual(unset.violations.length, 1);
        assert.match(unset.violations[0].message, /sets no metadata options, so its nodes get their AMI's/);
    });
});

describe("eks-nodegroup-rollout", () => {
    const group = (updateConfig?: Record<string, unknown>, desiredSize = 3) => awsNodeGroup({ scalingConfig: { minSize: 0, desiredSize, maxSize: 6 }, ...(updateConfig ? { updateConfig } : {}) });

    it("passes the DEFAULT strategy whatever it takes down, and MINIMAL that keeps a node", async () => {
        for (const update of [undefined, { maxUnavailable: 3 }, { maxUnavailable: 3, updateStrategy: "DEFAULT" }, { maxUnavailable: 2, updateStrategy: "MINIMAL" }, { maxUnavailablePercentage: 66, updateStrategy: "MINIMAL" }]) {
            assert.deepStrictEqual(await validate(nodeGroupRollout, group(update)), { violations: [] }, JSON.stringify(update));
        }
        assert.deepStrictEqual(await validate(nodeGroupRollout, group({ maxUnavailable: 1, updateStrategy: "MINIMAL" }, 0)), { violations: [] }, "a group scaled to zero has nothing to lose");
    });

    it("flags MINIMAL taking every node down at once: by count, by percentage, or EKS's one node of a one-node group", async () => {
        const messages = async (update: Record<string, unknown>, desired = 3) => (await validate(nodeGroupRollout, group(update, desired))).violations.map((v) => v.message);
        assert.deepStrictEqual(await messages({ maxUnavailable: 3, updateStrategy: "MINIMAL" }), [
            'EKS node group "general" updates with the MINIMAL strategy and maxUnavailable 3: all of its 3 nodes stop before their replacements start, so its pods have nowhere to run during every update. Lower updateConfig.maxUnavailable below 3, or use the DEFAULT strategy (new nodes first).',
        ]);
        assert.match((await messages({ maxUnavailablePercentage: 100, updateStrategy: "MINIMAL" }))[0], /maxUnavailablePercentage 100: all of its 3 nodes/);
        assert.match((await messages({ updateStrategy: "MINIMAL" }, 1))[0], /and one node at a time: its only node stops before its replacement starts/);
    });
});
