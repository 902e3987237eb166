// Type tokens of the resources the rules look at.

export const AWS = {
    cluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    fargateProfile: "aws:eks/fargateProfile:FargateProfile",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    rolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    accessPolicyAssociation: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    podIdentityAssociation: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    sqsQueue: "aws:sqs/queue:Queue",
    sqsQueuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
} as const;

/** @pulumi/eks component types whose inputs mirror the aws resources they create. */
export const PULUMI_EKS = {
    cluster: "eks:index:Cluster",
    managedNodeGroup: "eks:index:ManagedNodeGroup",
} as const;

/**
 * True when the resource was created inside a @pulumi/eks component of the given type (its URN's
 * type chain names the component). Rules that check the component's inputs skip such children,
 * so a @pulumi/eks user sees one violation, on the resource they wrote.
 */
export function isChildOf(urn: string, componentType: string): boolean {
    const typeChain = urn.split("::")[2] ?? "";
    return typeChain.split("$").slice(0, -1).includes(componentType);
}

/** Networking types the stack rules follow. */
export const NETWORK = {
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    natGateway: "aws:ec2/natGateway:NatGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainRouteTableAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    eip: "aws:ec2/eip:Eip",
    instance: "aws:ec2/instance:Instance",
    transitGatewayAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    kmsKey: "aws:kms/key:Key",
} as const;
