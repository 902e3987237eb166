// What Karpenter needs on the AWS side, declared as the Karpenter project's getting-started
// CloudFormation template does (aws/karpenter-provider-aws @ v1.14.1, cloudformation.yaml), with
// EKS Pod Identity and an access entry where the template's guide uses eksctl and aws-auth (as
// terraform-aws-eks modules/karpenter does). The Helm chart, the NodePools and the EC2NodeClass are
// Kubernetes objects: the stack exports what they need (karpenterInstall.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../config/resourceNames";
import { KARPENTER_DISCOVERY_TAG } from "./naming";
import { interruptionQueuePolicy, KARPENTER_INTERRUPTION_EVENTS, KARPENTER_POLICY_CONCERNS, KarpenterPolicyConcern, karpenterControllerPolicies } from "./karpenterPolicies";
import { AwsContext, nodeRolePolicies, nodeTrustPolicy, podIdentityTrustPolicy } from "./policyDocuments";
import { declareRole, RoleWithPolicies } from "./roles";

export interface KarpenterArgs {
    /** The cluster name as configured: the policies' tag conditions and the discovery tag use it. */
    clusterName: string;
    /** The cluster resource's name output, so the access entry and association wait for the cluster. */
    cluster: pulumi.Input<string>;
    /** The security group EKS gives the cluster, which managed node group nodes use: tagged for discovery. */
    clusterSecurityGroupId: pulumi.Input<string>;
    aws: AwsContext;
    /** The controller's Kubernetes service account. */
    namespace: string;
    serviceAccount: string;
    /** The cluster's IP family, which decides the node role's CNI policy. */
    ipFamily: "ipv4" | "ipv6";
    tags: Record<string, string>;
}

export class Karpenter extends pulumi.ComponentResource {
    readonly controllerRole: RoleWithPolicies;
    readonly nodeRole: RoleWithPolicies;
    readonly interruptionQueue: aws.sqs.Queue;
    readonly association: aws.eks.PodIdentityAssociation;

    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:compute:Karpenter", name, {}, opts);
        const { clusterName, tags } = args;
        const child = { parent: this };

        // The nodes' role: the same AWS managed policies as the node groups' (and as the template's
        // KarpenterNodeRole). Karpenter makes the instance profile itself from the EC2NodeClass's
        // `role` (iam-integration policy); the access entry lets the nodes join.
        const nodePolicies = nodeRolePolicies(args.ipFamily, args.aws.partition);
        this.nodeRole = declareRole(this, names.karpenterNodeRole(clusterName), nodeTrustPolicy(), tags, nodePolicies.managed, args.aws.partition, nodePolicies.inline);
        new aws.eks.AccessEntry(
            names.karpenterNodeRole(clusterName),
            { clusterName: args.cluster, principalArn: this.nodeRole.role.arn, type: "EC2_LINUX", tags },
            { ...child, dependsOn: this.nodeRole.policies },
        );

        // Interruption handling: EventBridge forwards the events Karpenter drains nodes ahead of.
        this.interruptionQueue = new aws.sqs.Queue(name, { messageRetentionSeconds: 300, sqsManagedSseEnabled: true, tags }, child);
        new aws.sqs.QueuePolicy(name, { queueUrl: this.interruptionQueue.url, policy: this.interruptionQueue.arn.apply((arn) => JSON.stringify(interruptionQueuePolicy(arn))) }, child);
        for (const event of KARPENTER_INTERRUPTION_EVENTS) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${event.name}`,
                { description: `${event.detailType} events for Karpenter in EKS cluster ${clusterName}`, eventPattern: JSON.stringify({ source: [event.source], "detail-type": [event.detailType] }), tags },
                child,
            );
            new aws.cloudwatch.EventTarget(`${name}-${event.name}`, { rule: rule.name, arn: this.interruptionQueue.arn, targetId: "KarpenterInterruptionQueueTarget" }, child);
        }

        // The controller's role, bound with EKS Pod Identity to its service account only.
        const controllerName = names.karpenterControllerRole(clusterName);
        const trust = podIdentityTrustPolicy(args.aws, clusterName, args.namespace, args.serviceAccount);
        this.controllerRole = declareRole(this, controllerName, trust, tags, [], args.aws.partition);
        // Each policy waits only for the ARN it names, so the others are known in a preview, where
        // the pack can already judge them.
        const policyText = (concern: KarpenterPolicyConcern, nodeRoleArn = "", interruptionQueueArn = "") =>
            JSON.stringify(karpenterControllerPolicies({ aws: args.aws, clusterName, nodeRoleArn, interruptionQueueArn })[concern]);
        const policyTexts: Record<KarpenterPolicyConcern, pulumi.Input<string>> = {
            "node-lifecycle": policyText("node-lifecycle"),
            "iam-integration": this.nodeRole.role.arn.apply((arn) => policyText("iam-integration", arn)),
            "eks-integration": policyText("eks-integration"),
            interruption: this.interruptionQueue.arn.apply((arn) => policyText("interruption", "", arn)),
            "zonal-shift": policyText("zonal-shift"),
            "resource-discovery": policyText("resource-discovery"),
        };
        for (const concern of KARPENTER_POLICY_CONCERNS) {
            const policy = new aws.iam.Policy(`${controllerName}-${concern}`, { description: `Karpenter controller, ${concern}, in EKS cluster ${clusterName}`, policy: policyTexts[concern], tags }, child);
            this.controllerRole.policies.push(new aws.iam.RolePolicyAttachment(`${controllerName}-${concern}`, { role: this.controllerRole.role.name, policyArn: policy.arn }, child));
        }
        this.association = new aws.eks.PodIdentityAssociation(
            controllerName,
            { clusterName: args.cluster, namespace: args.namespace, serviceAccount: args.serviceAccount, roleArn: this.controllerRole.role.arn, tags },
            // Credentials are only useful once the role carries its permissions.
            { ...child, dependsOn: this.controllerRole.policies },
        );

        // The cluster security group EKS creates is not this program's: tagged by a resource of its own.
        new aws.ec2.Tag(`${name}-discovery`, { resourceId: args.clusterSecurityGroupId, key: KARPENTER_DISCOVERY_TAG, value: clusterName }, child);

        this.registerOutputs({
            controllerRoleArn: this.controllerRole.role.arn,
            nodeRoleName: this.nodeRole.role.name,
            interruptionQueueName: this.interruptionQueue.name,
        });
    }
}
