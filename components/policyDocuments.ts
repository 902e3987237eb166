// IAM policy documents of the environment, as plain data so tests can read them and the
// least-privilege claims (zones, tags, sources) are visible in one place.
import loadBalancerControllerData from "./data/aws-load-balancer-controller-iam-policy.json";

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource?: string | string[];
    Principal?: { Service: string } | { AWS: string };
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export interface AwsContext {
    partition: string;
    region: string;
    accountId: string;
}

export function managedPolicyArn(partition: string, name: string): string {
    return `arn:${partition}:iam::aws:policy/${name}`;
}

/** https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html (sts:TagSession is in the current trust policy). */
export function clusterTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    };
}

/** https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html */
export function nodeTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
}

/**
 * Trust for the Fargate pod execution role, limited to this cluster's profiles (confused-deputy
 * protection): https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html
 */
export function fargatePodExecutionTrustPolicy(aws: AwsContext, clusterName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "eks-fargate-pods.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:SourceArn": `arn:${aws.partition}:eks:${aws.region}:${aws.accountId}:fargateprofile/${clusterName}/*` },
                },
            },
        ],
    };
}

/**
 * Trust for an add-on's role, assumed by EKS Pod Identity for one service account of one cluster:
 * the session tags Pod Identity sets (eks-cluster-arn, eks-cluster-name, kubernetes-namespace,
 * kubernetes-service-account) must match, so no other association can use the role. The ARN pins
 * the account and region too: a cluster of the same name elsewhere does not match.
 * EKS User Guide, "Create IAM role with trust policy required by EKS Pod Identity" and the list of
 * session tags Pod Identity adds (manage-access/aws-access/service-accounts.adoc, pod-id-abac-tags).
 */
export function podIdentityTrustPolicy(aws: AwsContext, clusterName: string, namespace: string, serviceAccount: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn": `arn:${aws.partition}:eks:${aws.region}:${aws.accountId}:cluster/${clusterName}`,
                        "aws:RequestTag/eks-cluster-name": clusterName,
                        "aws:RequestTag/kubernetes-namespace": namespace,
                        "aws:RequestTag/kubernetes-service-account": serviceAccount,
                    },
                },
            },
        ],
    };
}

/** The AWS Load Balancer Controller's published IAM policy, for the stack's partition (components/data). */
export function loadBalancerControllerPolicy(partition: string): PolicyDocument {
    return JSON.parse(JSON.stringify(loadBalancerControllerData.policy).replace(/arn:aws:/g, `arn:${partition}:`)) as PolicyDocument;
}

/**
 * The managed policies every node role carries (EKS docs: Amazon EKS node IAM role): joining,
 * the CNI, image pulls, and SSM for Session Manager access. Add-on permissions are not here: they
 * go to add-on roles through EKS Pod Identity, out of reach of other pods on the node.
 */
export const NODE_MANAGED_POLICIES = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonSSMManagedInstanceCore",
] as const;

/**
 * The node role of an IPv6 cluster: AmazonEKS_CNI_Policy is the IPv4 family's ("if your cluster uses
 * the IPv4 family"), and AWS manages no IPv6 one, so the VPC CNI gets the EKS User Guide's IPv6
 * policy inline instead (networking/eks-networking-add-ons.adoc, cni-iam-role-create-ipv6-policy;
 * the same document as iam_policies/AmazonEKS_CNI_IPv6_Policy.json).
 */
export function nodeRolePolicies(ipFamily: "ipv4" | "ipv6", partition: string): { managed: string[]; inline: Record<string, PolicyDocument> } {
    if (ipFamily === "ipv4") {
        return { managed: [...NODE_MANAGED_POLICIES], inline: {} };
    }
    return { managed: NODE_MANAGED_POLICIES.filter((p) => p !== "AmazonEKS_CNI_Policy"), inline: { [VPC_CNI_IPV6_POLICY_NAME]: vpcCniIpv6Policy(partition) } };
}

/** The inline policy's name on the node role (the EKS User Guide names its customer policy AmazonEKS_CNI_IPv6_Policy). */
export const VPC_CNI_IPV6_POLICY_NAME = "vpc-cni-ipv6";

export function vpcCniIpv6Policy(partition: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["ec2:AssignIpv6Addresses", "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes"], Resource: "*" },
            { Effect: "Allow", Action: ["ec2:CreateTags"], Resource: [`arn:${partition}:ec2:*:*:network-interface/*`] },
        ],
    };
}

export const CLUSTER_MANAGED_POLICY = "AmazonEKSClusterPolicy";
/**
 * What EKS Auto Mode adds to the cluster role, one policy per capability it runs (EKS User Guide,
 * "Amazon EKS Auto Mode cluster IAM role", security/iam-reference/auto-cluster-iam-role.adoc; the
 * trust policy's sts:TagSession, which it also needs, is already in clusterTrustPolicy).
 */
export const AUTO_MODE_CLUSTER_MANAGED_POLICIES = ["AmazonEKSComputePolicy", "AmazonEKSBlockStoragePolicy", "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingPolicy"] as const;
/**
 * The Auto Mode node role: no CNI policy (Auto Mode's networking runs with the cluster role), and a
 * role of its own, never the cluster role (EKS User Guide, "Amazon EKS Auto Mode node IAM role",
 * security/iam-reference/auto-create-node-role.adoc). EKS creates its access entry itself.
 */
export const AUTO_MODE_NODE_MANAGED_POLICIES = ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"] as const;
export const FARGATE_POD_EXECUTION_MANAGED_POLICY = "AmazonEKSFargatePodExecutionRolePolicy";
/** The EBS CSI driver's AWS-managed policy, which already scopes mutations by CSI tags. */
export const EBS_CSI_MANAGED_POLICY = "service-role/AmazonEBSCSIDriverPolicy";

/**
 * external-dns: record changes only in the listed zones; listing zones cannot be scoped
 * (https://kubernetes-sigs.github.io/external-dns/latest/docs/tutorials/aws/). eksctl's
 * --external-dns-access grants ChangeResourceRecordSets on every zone instead.
 */
export function externalDnsPolicy(hostedZoneArns: readonly string[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ChangeRecordsInListedZones", Effect: "Allow", Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"], Resource: [...hostedZoneArns] },
            { Sid: "ListZones", Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: "*" },
        ],
    };
}

/**
 * cluster-autoscaler: scaling actions only on this cluster's groups, recognised by the tag EKS
 * puts on managed node group ASGs (cluster-autoscaler AWS README, "Minimal IAM Permissions Policy").
 */
export function clusterAutoscalerPolicy(clusterName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ScaleOwnGroups",
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
            },
            {
                Sid: "Describe",
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
        ],
    };
}
