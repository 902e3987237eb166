// The IAM policies of Karpenter's controller, as the Karpenter project publishes them: the six
// managed policies of its getting-started CloudFormation template (aws/karpenter-provider-aws
// website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml
// @ v1.14.1, tag bde00654, unchanged since v1.13.0), statement for statement, with the template's
// ${AWS::Partition}, ${AWS::Region}, ${AWS::AccountId} and ${ClusterName} filled in. Everything
// that creates, tags or deletes is scoped to this cluster by the tags Karpenter puts on what it
// creates (kubernetes.io/cluster/<cluster> = owned, eks:eks-cluster-name, karpenter.sh/nodepool,
// karpenter.k8s.aws/ec2nodeclass); four read-only statements have Resource "*" because the APIs
// they call take no resource ARN (Describe*, pricing:GetProducts, iam:ListInstanceProfiles,
// arc-zonal-shift:GetManagedResource, the last narrowed by a condition to this cluster).
import { AwsContext, PolicyDocument, PolicyStatement } from "./policyDocuments";

import karpenterData from "../policies/data/karpenter.json";

/** The events Karpenter drains nodes ahead of, one EventBridge rule each (policies/data/karpenter.json). */
export const KARPENTER_INTERRUPTION_EVENTS: readonly { name: string; source: string; detailType: string }[] = karpenterData.interruptionEvents;

/** The six concerns, each one customer managed policy as in the template (each stays under IAM's 6,144-character policy size). */
export const KARPENTER_POLICY_CONCERNS = ["node-lifecycle", "iam-integration", "eks-integration", "interruption", "zonal-shift", "resource-discovery"] as const;
export type KarpenterPolicyConcern = (typeof KARPENTER_POLICY_CONCERNS)[number];

export interface KarpenterPolicyContext {
    aws: AwsContext;
    clusterName: string;
    nodeRoleArn: string;
    interruptionQueueArn: string;
}

const document = (statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

export function karpenterControllerPolicies({ aws, clusterName, nodeRoleArn, interruptionQueueArn }: KarpenterPolicyContext): Record<KarpenterPolicyConcern, PolicyDocument> {
    const { partition, region, accountId } = aws;
    const ec2 = (resource: string) => `arn:${partition}:ec2:${region}:*:${resource}`;
    const launched = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map(ec2);
    const instanceProfiles = `arn:${partition}:iam::${accountId}:instance-profile/*`;
    const clusterArn = `arn:${partition}:eks:${region}:${accountId}:cluster/${clusterName}`;
    const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: "owned" };
    const requestOwned = { [`aws:RequestTag/kubernetes.io/cluster/${clusterName}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": clusterName };
    return {
        "node-lifecycle": document([
            {
                Sid: "AllowScopedEC2InstanceAccessActions",
                Effect: "Allow",
                Resource: [`arn:${partition}:ec2:${region}::image/*`, `arn:${partition}:ec2:${region}::snapshot/*`, ...["security-group/*", "subnet/*", "capacity-reservation/*", "placement-group/*"].map(ec2)],
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            },
            {
                Sid: "AllowScopedEC2LaunchTemplateAccessActions",
                Effect: "Allow",
                Resource: ec2("launch-template/*"),
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
            },
            {
                Sid: "AllowScopedEC2InstanceActionsWithTags",
                Effect: "Allow",
                Resource: launched,
                Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                Condition: { StringEquals: requestOwned, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
            },
            {
                Sid: "AllowScopedResourceCreationTagging",
                Effect: "Allow",
                Resource: launched,
                Action: "ec2:CreateTags",
                Condition: { StringEquals: { ...requestOwned, "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"] }, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
            },
            {
                Sid: "AllowScopedResourceTagging",
                Effect: "Allow",
                Resource: ec2("instance/*"),
                Action: "ec2:CreateTags",
                Condition: {
                    StringEquals: owned,
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                    StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": clusterName },
                    "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
                },
            },
            {
                Sid: "AllowScopedDeletion",
                Effect: "Allow",
                Resource: [ec2("instance/*"), ec2("launch-template/*")],
                Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
            },
        ]),
        "iam-integration": document([
            {
                Sid: "AllowPassingInstanceRole",
                Effect: "Allow",
                Resource: nodeRoleArn,
                Action: "iam:PassRole",
                Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
            },
            {
                Sid: "AllowScopedInstanceProfileCreationActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: ["iam:CreateInstanceProfile"],
                Condition: { StringEquals: { ...requestOwned, "aws:RequestTag/topology.kubernetes.io/region": region }, StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" } },
            },
            {
                Sid: "AllowScopedInstanceProfileTagActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: ["iam:TagInstanceProfile"],
                Condition: {
                    StringEquals: { ...owned, "aws:ResourceTag/topology.kubernetes.io/region": region, ...requestOwned, "aws:RequestTag/topology.kubernetes.io/region": region },
                    StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileActions",
                Effect: "Allow",
                Resource: instanceProfiles,
                Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
                Condition: { StringEquals: { ...owned, "aws:ResourceTag/topology.kubernetes.io/region": region }, StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" } },
            },
        ]),
        "eks-integration": document([{ Sid: "AllowAPIServerEndpointDiscovery", Effect: "Allow", Resource: clusterArn, Action: "eks:DescribeCluster" }]),
        interruption: document([{ Sid: "AllowInterruptionQueueActions", Effect: "Allow", Resource: interruptionQueueArn, Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"] }]),
        "zonal-shift": document([
            {
                Sid: "AllowZonalShiftStatusReadOnly",
                Effect: "Allow",
                Resource: "*",
                Action: "arc-zonal-shift:GetManagedResource",
                Condition: { StringEquals: { "arc-zonal-shift:ResourceIdentifier": clusterArn } },
            },
        ]),
        "resource-discovery": document([
            {
                Sid: "AllowRegionalReadActions",
                Effect: "Allow",
                Resource: "*",
                Action: [
                    "ec2:DescribeCapacityReservations",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstances",
                    "ec2:DescribeInstanceStatus",
                    "ec2:DescribeInstanceTypeOfferings",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates",
                    "ec2:DescribePlacementGroups",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeSpotPriceHistory",
                    "ec2:DescribeSubnets",
                ],
                Condition: { StringEquals: { "aws:RequestedRegion": region } },
            },
            { Sid: "AllowSSMReadActions", Effect: "Allow", Resource: `arn:${partition}:ssm:${region}::parameter/aws/service/*`, Action: "ssm:GetParameter" },
            { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
            { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Resource: "*", Action: "iam:ListInstanceProfiles" },
            { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Resource: instanceProfiles, Action: "iam:GetInstanceProfile" },
        ]),
    };
}

/**
 * The interruption queue's policy (template: KarpenterInterruptionQueuePolicy): EventBridge (and
 * SQS) may send to it, and nothing may use it over plain HTTP.
 */
export function interruptionQueuePolicy(queueArn: string): object {
    return {
        Version: "2012-10-17",
        Id: "EC2InterruptionPolicy",
        Statement: [
            { Effect: "Allow", Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] }, Action: "sqs:SendMessage", Resource: queueArn },
            { Sid: "DenyHTTP", Effect: "Deny", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } }, Principal: "*" },
        ],
    };
}
