import * as assert from "assert";
import { PolicyResource } from "@pulumi/policy";
import { linkPolicyResources } from "./policyResources";
import { groupsOfTemplate, INTRINSICS, templateNodeGroups } from "./cloudFormationNodes";
import { UNKNOWN } from "../testing/validate";

// The shape @pulumi/eks 2.5.2 writes (pulumi-eks test stack export aws-profile-role-2.5.2.json).
const EKS_TEMPLATE = `
                AWSTemplateFormatVersion: '2010-09-09'
                Outputs:
                    NodeGroup:
                        Value: !Ref NodeGroup
                Resources:
                    NodeGroup:
                        Type: AWS::AutoScaling::AutoScalingGroup
                        Properties:
                          DesiredCapacity: 2
                          LaunchConfigurationName: example-nodeLaunchConfiguration-6569f47
                          MinSize: 1
                          MaxSize: 2
                          VPCZoneIdentifier: ["subnet-012f308c5569674f1","subnet-042a053e1ba404ae3"]
                          Tags:
                          - Key: kubernetes.io/cluster/example-eksCluster-0f81dfe
                            Value: owned
                            PropagateAtLaunch: 'true'
                          - Key: team
                            Value: !Ref Team
                            PropagateAtLaunch: 'false'
`;

const stackResource = (templateBody: unknown, name = "example-nodes"): PolicyResource =>
    linkPolicyResources([
        { type: "aws:cloudformation/stack:Stack", name, urn: `urn:pulumi:test::p::eks:index:Cluster$aws:cloudformation/stack:Stack::${name}`, props: { templateBody }, protect: false, dependencies: [], propertyDependencies: {} },
    ])[0];

describe("node groups inside CloudFormation templates (@pulumi/eks 1.x/2.x)", () => {
    it("reads the Auto Scaling group of a @pulumi/eks template as the AWS provider's shape, located at the stack", () => {
        const stack = stackResource(EKS_TEMPLATE);
        const [group] = groupsOfTemplate(stack, EKS_TEMPLATE);
        assert.strictEqual(group.type, "aws:autoscaling/group:Group");
        assert.strictEqual(group.urn, stack.urn);
        assert.strictEqual(group.name, "example-nodes (CloudFormation NodeGroup)");
        assert.deepStrictEqual(group.props, {
            minSize: 1,
            maxSize: 2,
            desiredCapacity: 2,
            vpcZoneIdentifiers: ["subnet-012f308c5569674f1", "subnet-042a053e1ba404ae3"],
            launchConfiguration: "example-nodeLaunchConfiguration-6569f47",
            tags: [
                { key: "kubernetes.io/cluster/example-eksCluster-0f81dfe", value: "owned", propagateAtLaunch: true },
                { key: "team", value: "", propagateAtLaunch: false },
            ],
        });
    });

    it("reads JSON templates, launch templates and comma-separated subnets; leaves intrinsic functions out as not known", () => {
        const json = JSON.stringify({
            Resources: {
                Workers: {
                    Type: "AWS::AutoScaling::AutoScalingGroup",
                    Properties: { MinSize: "2", MaxSize: "4", VPCZoneIdentifier: "subnet-a,subnet-b", LaunchTemplate: { LaunchTemplateId: "lt-0123", Version: { "Fn::GetAtt": ["Lt", "LatestVersionNumber"] } } },
                },
                Other: { Type: "AWS::SNS::Topic" },
            },
        });
        const [group] = groupsOfTemplate(stackResource(json), json);
        assert.deepStrictEqual(group.props, { minSize: 2, maxSize: 4, vpcZoneIdentifiers: ["subnet-a", "subnet-b"], launchTemplate: { id: "lt-0123", name: undefined, version: undefined }, tags: [] });
        const yaml = "Resources:\n  G:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: !Ref Min\n      MaxSize: 3\n      VPCZoneIdentifier: !Split [',', !Ref Subnets]\n";
        const [intrinsic] = groupsOfTemplate(stackResource(yaml), yaml);
        assert.deepStrictEqual(intrinsic.props, { minSize: undefined, maxSize: 3, tags: [] });
    });

    it("reads every intrinsic function, in each of its forms, as a value not known here", () => {
        // The short forms the CloudFormation User Guide lists (intrinsic function reference), named here, not read from the code.
        const documented = ["Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "Condition", "ImportValue", "FindInMap", "Base64", "GetAZs", "Cidr", "Transform"];
        assert.deepStrictEqual([...INTRINSICS].sort(), [...documented].sort());
        for (const name of documented) {
            for (const form of ["x", "[a, b]", "{ a: b }"]) {
                const yaml = `Resources:\n  G:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: !${name} ${form}\n      MaxSize: 2\n`;
                const [group] = groupsOfTemplate(stackResource(yaml), yaml);
                assert.deepStrictEqual([group.props.minSize, group.props.maxSize], [undefined, 2], `!${name} ${form}`);
            }
        }
    });

    it("leaves out what is not a literal: a null size, a subnet list with a computed item, tags that are not a list", () => {
        const yaml = "Resources:\n  G:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: ~\n      MaxSize: 3\n      VPCZoneIdentifier: [subnet-a, !Ref Other]\n      Tags: !Ref SharedTags\n";
        const [group] = groupsOfTemplate(stackResource(yaml), yaml);
        assert.deepStrictEqual(group.props, { minSize: undefined, maxSize: 3, tags: [] });
    });

    it("finds nothing in a template without Auto Scaling groups or in text that is not a template", () => {
        assert.deepStrictEqual(groupsOfTemplate(stackResource("x"), "~"), []);
        assert.deepStrictEqual(groupsOfTemplate(stackResource("x"), "Resources:\n  Empty: ~\n"), []);
        assert.deepStrictEqual(groupsOfTemplate(stackResource("x"), "Resources: some text"), []);
        assert.deepStrictEqual(groupsOfTemplate(stackResource("x"), "Resources:\n  T:\n    Type: AWS::SNS::Topic\n"), []);
        assert.deepStrictEqual(groupsOfTemplate(stackResource("x"), "{ not: [valid"), []);
        assert.deepStrictEqual(groupsOfTemplate(stackResource("x"), "just text"), []);
        assert.deepStrictEqual(groupsOfTemplate(stackResource("x"), "Resources: 3"), []);
    });

    it("says which stacks' templates are not known yet (computed in this update), and skips those given by URL", () => {
        const known = stackResource(EKS_TEMPLATE, "a");
        const pending = stackResource(UNKNOWN, "b");
        const byUrl = linkPolicyResources([{ type: "aws:cloudformation/stack:Stack", name: "c", urn: "urn:pulumi:test::p::aws:cloudformation/stack:Stack::c", props: { templateUrl: "https://s3.amazonaws.com/b/t.yaml" }, protect: false, dependencies: [], propertyDependencies: {} }])[0];
        const found = templateNodeGroups([known, pending, byUrl]);
        assert.deepStrictEqual([found.groups.map((g) => g.name), found.unknownTemplates.map((s) => s.name)], [["a (CloudFormation NodeGroup)"], ["b"]]);
    });
});
