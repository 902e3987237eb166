// What each policy is for, how to fix a finding, and the source it follows: the pack sends the fix as
// each policy's `remediationSteps` (shown by Pulumi Cloud), and docs/policies.md, SARIF `help` and
// the markdown report are generated from it (`npm run docs`; a test keeps the page in step).
export interface PolicyReference {
    /** Why the rule exists: what goes wrong without it. */
    why: string;
    /** How to fix a finding. */
    fix: string;
    /** The documentation or standard the rule follows. */
    source: string;
    /** What a finding puts at risk: security findings are the ones code scanning rates by severity. */
    category: "security" | "reliability" | "cost" | "correctness";
    /**
     * How often a finding is a real problem (SARIF `precision`): "high" for rules that read what is
     * declared; "medium" where the rule estimates or infers (prices, placeholder patterns, subnet roles).
     */
    precision: "high" | "medium";
}

export const POLICY_REFERENCE: Record<string, PolicyReference> = {
    "eks-endpoint-access-explicit": {
        why: "EKS defaults the API server endpoint to public with private access off; left implicit, a cluster is reachable from the internet without anyone having chosen it.",
        fix: "Set both vpcConfig.endpointPublicAccess and vpcConfig.endpointPrivateAccess on the cluster (cluster.endpoint.mode in this project).",
        source: "Amazon EKS User Guide, Cluster API server endpoint",
        category: "security",
        precision: "high",
    },
    "eks-endpoint-mode-allowed": {
        why: "Each environment allows only some endpoint modes (prod: private only); a cluster outside them exposes its API server more than the environment permits.",
        fix: "Choose an allowed mode (cluster.endpoint.mode), or change allowedModes in the environment's policy config.",
        source: "Amazon EKS User Guide, Cluster API server endpoint",
        category: "security",
        precision: "high",
    },
    "eks-public-endpoint-cidrs": {
        why: "A public endpoint admits 0.0.0.0/0 unless publicAccessCidrs says otherwise; the API server is then one credential leak away from anyone.",
        fix: "List the networks that need the API server in vpcConfig.publicAccessCidrs (cluster.endpoint.publicAccessCidrs), at most the configured number, none of them 0.0.0.0/0.",
        source: "Amazon EKS API, VpcConfigRequest",
        category: "security",
        precision: "high",
    },
    "eks-control-plane-logging": {
        why: "Control plane logs are off by default; without audit and authenticator logs there is no record of who did what to the cluster.",
        fix: "Enable the required log types in enabledClusterLogTypes (cluster.logTypes in this project).",
        source: "Amazon EKS User Guide, Control plane logs; EKS Best Practices Guide, detective controls",
        category: "security",
        precision: "high",
    },
    "eks-secrets-encryption": {
        why: "Kubernetes secrets are stored in etcd; envelope encryption with a KMS key you control limits who can read them and lets you audit and revoke access.",
        fix: "Set encryptionConfig with resources [\"secrets\"] and a KMS key ARN (cluster.secretsEncryption in this project).",
        source: "Amazon EKS User Guide, Encrypt Kubernetes secrets with KMS",
        category: "security",
        precision: "high",
    },
    "eks-kubernetes-version": {
        why: "A version past standard support costs six times as much per cluster hour (extended support) and then is upgraded by AWS on its own schedule.",
        fix: "Upgrade cluster.version to a version in standard support, one minor version at a time.",
        source: "Amazon EKS Kubernetes version calendar (policies/data/eks-versions.json)",
        category: "reliability",
        precision: "high",
    },
    "eks-upgrade-policy": {
        why: "EKS defaults upgradePolicy.supportType to EXTENDED, which silently moves a cluster to extended-support pricing when its version leaves standard support.",
        fix: "Set upgradePolicy.supportType to STANDARD (cluster.upgradePolicy in this project), or allow extended support in the policy config where it is intended.",
        source: "Amazon EKS API, UpgradePolicyRequest",
        category: "cost",
        precision: "high",
    },
    "eks-authentication-mode": {
        why: "The aws-auth ConfigMap is deprecated and edited outside IAM; access entries are managed by the EKS API. The cluster creator's implicit admin access is invisible in code.",
        fix: "Set accessConfig.authenticationMode to an allowed mode and bootstrapClusterCreatorAdminPermissions to false; grant access with access entries.",
        source: "Amazon EKS User Guide, Grant IAM users access to Kubernetes with EKS access entries",
        category: "security",
        precision: "high",
    },
    "eks-auto-mode-settings": {
        why: "EKS refuses Auto Mode settings that do not go together (part of the three capabilities, built-in node pools without a node role, the ConfigMap-only authentication mode) only when `pulumi up` reaches the cluster, after the resources before it were created; a half-disabled Auto Mode is the classic failure of disabling it.",
        fix: "Set computeConfig.enabled, storageConfig.blockStorage.enabled and kubernetesNetworkConfig.elasticLoadBalancing.enabled to the same value (cluster.compute and cluster.autoMode.enabled in this project), give computeConfig a nodeRoleArn, and use the API authentication mode.",
        source: "Amazon EKS User Guide, Enable EKS Auto Mode on existing EKS clusters; Disable EKS Auto Mode; Create an Auto Mode cluster",
        category: "reliability",
        precision: "high",
    },
    "eks-cluster-admin-principals": {
        why: "An admin access policy on the whole cluster lets a principal change anything in it, RBAC included; who holds one should be a decision of the environment, not of whoever edits a stack file.",
        fix: "Give the principal AmazonEKSEditPolicy or AmazonEKSViewPolicy, or scope it to namespaces (cluster.accessEntries[].namespaces in this project), or add it to adminPrincipalArns in the environment's policy config.",
        source: "Amazon EKS User Guide, Associate access policies with access entries; Review access policy permissions",
        category: "security",
        precision: "high",
    },
    "eks-nodegroup-remote-access": {
        why: "SSH into nodes bypasses Kubernetes RBAC and audit logs, and without source security groups the SSH port is open to the internet.",
        fix: "Remove remoteAccess and use SSM Session Manager, or restrict it with sourceSecurityGroupIds.",
        source: "Amazon EKS API, RemoteAccessConfig",
        category: "security",
        precision: "high",
    },
    "eks-nodes-imdsv2": {
        why: "IMDSv1 and a hop limit above 1 let any pod read the node role's credentials from instance metadata.",
        fix: "Set metadataOptions.httpTokens to required and httpPutResponseHopLimit to at most maxHopLimit (nodeGroups[].imdsHopLimit); give pods their own roles with EKS Pod Identity.",
        source: "EKS Best Practices Guide, restrict access to the instance metadata service; Amazon EKS User Guide, Amazon Linux 2023",
        category: "security",
        precision: "high",
    },
    "eks-nodegroup-imds-default": {
        why: "A managed node group without a launch template gets EKS's default one, whose metadata hop limit of 2 lets every pod read the node role's credentials, except on AL2023 AMI types (IMDSv2 required, hop limit 1).",
        fix: "Use an AL2023 AMI type (amiType AL2023_*), or give the group a launch template with metadataOptions httpTokens required and httpPutResponseHopLimit 1; give pods their own roles with EKS Pod Identity.",
        source: "Amazon EKS User Guide, Customize managed nodes with launch templates (default launch template hop limit) and Amazon Linux 2023 (IMDSv2, hop limit 1 for managed node groups)",
        category: "security",
        precision: "high",
    },
    "eks-nodegroup-instance-types": {
        why: "A node group of one instance type cannot fall back when that type runs out of capacity, which Spot groups meet often.",
        fix: "List at least two instance types of the same size in instanceTypes.",
        source: "Cluster Autoscaler on AWS, FAQ",
        category: "reliability",
        precision: "high",
    },
    "eks-nodegroup-scaling": {
        why: "Scaling bounds outside EKS's limits fail at deployment, and a minimum below the environment's floor leaves workloads without capacity.",
        fix: "Keep minSize <= desiredSize <= maxSize, minSize at least minSizeFloor, maxSize within EKS's quota.",
        source: "Amazon EKS API, NodegroupScalingConfig; Amazon EKS service quotas",
        category: "correctness",
        precision: "high",
    },
    "eks-fargate-profile-shape": {
        why: "EKS refuses Fargate profiles outside its limits (selectors, labels, names starting eks-), so the deployment would fail.",
        fix: "Use 1 to 5 selectors, each with a namespace and at most 5 labels, and a name that does not start with eks-.",
        source: "Amazon EKS API, CreateFargateProfile",
        category: "correctness",
        precision: "high",
    },
    "eks-placeholder-values": {
        why: "Documentation values (RFC 5737 ranges, example account IDs) in config reach AWS as real settings: an endpoint open to a range nobody owns, a trust to an account that is not yours.",
        fix: "Replace each placeholder with the real value in the stack file.",
        source: "RFC 5737; AWS documentation conventions for example identifiers",
        category: "correctness",
        precision: "medium",
    },
    "iam-no-admin-wildcards": {
        why: "Action * on Resource * (or AdministratorAccess, PowerUserAccess) gives whoever holds the role everything, and one compromised pod or node gives away the account.",
        fix: "Grant the specific actions and resources the role needs; attach AWS managed policies scoped to the job.",
        source: "AWS IAM best practices (grant least privilege); CIS AWS Foundations Benchmark 1.16",
        category: "security",
        precision: "high",
    },
    "ec2-vpc-dns-enabled": {
        why: "Nodes cannot register and private endpoints do not resolve without DNS support and DNS hostnames in the VPC.",
        fix: "Set enableDnsSupport and enableDnsHostnames to true on the VPC.",
        source: "Amazon EKS User Guide, View Amazon EKS networking requirements for VPC and subnets",
        category: "correctness",
        precision: "high",
    },
    "ec2-no-public-ssh": {
        why: "SSH open to 0.0.0.0/0 or ::/0 invites brute force against every host in the group.",
        fix: "Remove the rule, or limit its source to a private range or a security group; prefer SSM Session Manager.",
        source: "CIS AWS Foundations Benchmark 5.2 and 5.3",
        category: "security",
        precision: "high",
    },
    "eks-fargate-private-subnets": {
        why: "EKS runs Fargate pods only in private subnets; a public subnet makes the profile fail or, through a changed route table, puts pods on the internet.",
        fix: "Give the Fargate profile only subnets whose route tables have no route to an internet gateway.",
        source: "Amazon EKS User Guide, Define which Pods use AWS Fargate when launched",
        category: "security",
        precision: "high",
    },
    "eks-private-endpoint-dns": {
        why: "With private endpoint access, nodes resolve the API server through the VPC's DNS; without DNS support and hostnames they cannot reach it.",
        fix: "Enable DNS support and DNS hostnames on the cluster's VPC.",
        source: "Amazon EKS User Guide, Cluster API server endpoint",
        category: "correctness",
        precision: "high",
    },
    "eks-private-endpoint-access-path": {
        why: "A private-only API server is reachable only from inside the VPC or connected networks; without an ingress rule and a route back, nobody can run kubectl against it.",
        fix: "Admit TCP 443 on the cluster or an additional security group from the networks that manage the cluster, and route those networks (VPN, transit gateway, or the access host).",
        source: "Amazon EKS User Guide, Cluster API server endpoint (accessing a private-only API server)",
        category: "correctness",
        precision: "high",
    },
    "eks-private-subnet-egress": {
        why: "Nodes in private subnets must reach ECR, STS and the EKS API; without a NAT route or the VPC endpoints they need, they never join the cluster.",
        fix: "Route private subnets through a NAT gateway, or create the interface and gateway endpoints nodes need.",
        source: "Amazon EKS User Guide, Deploy private clusters with limited internet access",
        category: "correctness",
        precision: "high",
    },
    "eks-subnets-multi-az": {
        why: "EKS requires cluster subnets in at least two zones, and a node group in one zone goes down with it.",
        fix: "Add subnets in more zones (network.zoneCount in this project) and spread node groups across them.",
        source: "Amazon EKS User Guide, View Amazon EKS networking requirements for VPC and subnets",
        category: "reliability",
        precision: "high",
    },
    "eks-nat-per-az": {
        why: "Subnets using a NAT gateway in another zone lose egress when that zone fails, and pay cross-zone data charges.",
        fix: "Create a NAT gateway in each zone with private node or Fargate subnets (network.natStrategy: onePerAz in this project).",
        source: "Amazon VPC User Guide, NAT gateways; EKS Best Practices Guide, reliability",
        category: "reliability",
        precision: "high",
    },
    "eks-nodes-private-subnets": {
        why: "Nodes in public subnets get public addresses and are reachable from the internet.",
        fix: "Place node groups in private subnets.",
        source: "EKS Best Practices Guide, infrastructure security; Amazon EKS User Guide, self-managed nodes",
        category: "security",
        precision: "high",
    },
    "eks-subnet-ip-capacity": {
        why: "The VPC CNI gives every pod a subnet address; a subnet too small for its node groups at maximum size stops scaling with pods stuck pending.",
        fix: "Use larger subnets (network.vpcCidr in this project), fewer nodes per subnet, or prefix delegation.",
        source: "Amazon EKS subnet requirements; VPC CNI ENI and address limits (policies/data/instance-types.json)",
        category: "reliability",
        precision: "medium",
    },
    "eks-node-role-least-privilege": {
        why: "Every pod on a node can use the node role; add-on permissions on it (EBS, Route 53, load balancers, autoscaling) are then every pod's.",
        fix: "Keep the node role to AmazonEKSWorkerNodePolicy, an ECR pull policy and the CNI policy; give each add-on its own role with EKS Pod Identity (addonRoles).",
        source: "Amazon EKS User Guide, Amazon EKS node IAM role; Learn how EKS Pod Identity grants pods access to AWS services",
        category: "security",
        precision: "high",
    },
    "eks-pod-identity-least-privilege": {
        why: "A Pod Identity role must allow sts:TagSession and trust only pods.eks.amazonaws.com; admin access on it gives one service account the account.",
        fix: "Trust only pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession, and attach only the add-on's own policy.",
        source: "Amazon EKS User Guide, Create an IAM role for EKS Pod Identity; cluster-autoscaler minimal IAM policy",
        category: "security",
        precision: "high",
    },
    "eks-elb-subnet-tags": {
        why: "The AWS Load Balancer Controller and the in-tree controller discover subnets by tags; without them, load balancers fail or land in the wrong subnets.",
        fix: "Tag public subnets kubernetes.io/role/elb=1 and private ones kubernetes.io/role/internal-elb=1 (remediate mode adds them).",
        source: "Amazon EKS User Guide, Route internet traffic with AWS Load Balancer Controller (subnet tags)",
        category: "correctness",
        precision: "medium",
    },
    "eks-protect-stateful": {
        why: "Deleting or replacing a cluster, VPC or KMS key by mistake destroys workloads or makes encrypted data unreadable.",
        fix: "Declare these resources with protect: true (the protect key in this project) where the environment requires it.",
        source: "Pulumi documentation, protect resource option",
        category: "reliability",
        precision: "high",
    },
    "eks-running-kubernetes-version": {
        why: "A deployed cluster may have fallen out of standard support since it was last updated, and costs extended-support rates until upgraded.",
        fix: "Upgrade the running cluster to a version in standard support.",
        source: "Amazon EKS Kubernetes version calendar (policies/data/eks-versions.json)",
        category: "reliability",
        precision: "high",
    },
    "eks-monthly-cost-budget": {
        why: "An environment's cost is decided by its config (zones, NAT gateways, node sizes); a budget makes a costly change visible before it is deployed.",
        fix: "Reduce the largest items the message names, or raise monthlyBudgetUsd in the policy config; set logGiBPerDay to price an assumed CloudWatch Logs volume.",
        source: "AWS list prices: EC2 on-demand by region from the AWS Price List API (policies/data/ec2-prices.json, us-east-1 and GovCloud), the rest us-east-1 (policies/data/prices.json, each price with its sources); EKS billing rules from the EKS User Guide (lib/costEstimate.ts)",
        category: "cost",
        precision: "medium",
    },
    "eks-exemptions": {
        why: "A waiver hides a finding; listing every waived finding and every waiver that matches nothing keeps waivers visible and short-lived.",
        fix: "Fix the waived findings before their waivers expire, and remove stale exemptions from the policy config.",
        source: "eks-guard waivers (docs/policy-pack.md, Waivers)",
        category: "security",
        precision: "high",
    },
    "ec2-vpc-flow-logs": {
        why: "Without flow logs, traffic to and from the nodes, the API endpoint and the NAT gateways cannot be investigated after an incident.",
        fix: "Add an aws.ec2.FlowLog with vpcId set to the VPC, delivering to CloudWatch Logs or S3.",
        source: "Amazon VPC User Guide, VPC Flow Logs; AWS Security Hub EC2.6",
        category: "security",
        precision: "high",
    },
    "ec2-default-security-group-closed": {
        why: "A VPC's default security group admits all traffic from itself and all traffic out, and anything created without a group of its own gets it.",
        fix: "Adopt it with an aws.ec2.DefaultSecurityGroup with vpcId set and no ingress or egress rules (the provider removes AWS's).",
        source: "Amazon VPC User Guide, default security groups; AWS Security Hub EC2.2; CIS AWS Foundations Benchmark",
        category: "security",
        precision: "high",
    },
    "kms-key-rotation": {
        why: "A key that never rotates its material protects everything it ever encrypted with the same material; AWS's default is no rotation.",
        fix: "Set enableKeyRotation: true on symmetric encryption keys (yearly, or rotationPeriodInDays).",
        source: "AWS KMS Developer Guide, Rotate AWS KMS keys; AWS Security Hub KMS.4",
        category: "security",
        precision: "high",
    },
    "eks-node-volumes-encrypted": {
        why: "A node volume that does not say encrypted is encrypted only if the AMI's snapshot is or the account encrypts EBS by default, which a program cannot see.",
        fix: "Map every EBS volume with encrypted: true in the launch template or configuration (and a kmsKeyId for your own key).",
        source: "Amazon EBS User Guide, Amazon EBS encryption; AWS Security Hub EC2.181 (launch templates)",
        category: "security",
        precision: "high",
    },
    "ec2-launch-template-user-data-secrets": {
        why: "User data is readable by anyone allowed to describe the instance and by every process on the node through instance metadata, so credentials in it leak.",
        fix: "Remove the credential from user data: grant the node role the access, or read the secret at boot from Secrets Manager or SSM Parameter Store.",
        source: "Amazon EC2 User Guide, user data (do not store sensitive data); Checkov CKV_AWS_46",
        category: "security",
        precision: "medium",
    },
    "cloudwatch-log-group-retention-kms": {
        why: "A log group without a retention keeps its events forever and bills their storage every month; some environments also require their own KMS key on logs.",
        fix: "Set retentionInDays (at least minRetentionDays) and, where requireKms is set, kmsKeyId.",
        source: "Amazon CloudWatch Logs User Guide, log retention and KMS encryption; AWS Security Hub CloudWatch.16",
        category: "cost",
        precision: "high",
    },
    "eks-irsa-least-privilege": {
        why: "A role trusted by the cluster's OIDC provider without a condition on the service account can be assumed by any pod of the cluster; one with administrator access makes that pod an administrator of the account.",
        fix: "Add StringEquals <issuer>:sub = system:serviceaccount:<namespace>:<service-account> to the trust policy, and grant only what the workload needs (or move it to EKS Pod Identity).",
        source: "Amazon EKS User Guide, IAM roles for service accounts; EKS Best Practices, scope the IRSA trust policy to the service account",
        category: "security",
        precision: "high",
    },
    "eks-aws-auth-masters": {
        why: "A role mapped to system:masters in aws-auth whose trust names an account's root (or anyone) makes every principal that account lets assume it a cluster administrator.",
        fix: "Trust the named roles or users that administer the cluster (with MFA), or replace the mapping with an access entry and a scoped access policy.",
        source: "Amazon EKS User Guide, aws-auth ConfigMap and access entries; IAM User Guide, Principal element",
        category: "security",
        precision: "high",
    },
};
