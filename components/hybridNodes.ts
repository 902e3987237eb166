// The AWS side of EKS Hybrid Nodes: the role on-premises nodes assume (through SSM hybrid
// activations or IAM Roles Anywhere) and its HYBRID_LINUX access entry. The remote networks are the
// cluster's (components/cluster.ts); the nodes themselves are installed with nodeadm on premises.
// Source: EKS User Guide hybrid-nodes-creds.adoc (trust policies, permissions: eks:DescribeCluster,
// AmazonEC2ContainerRegistryPullOnly, AmazonSSMManagedInstanceCore with SSM, ssm:DeregisterManagedInstance
// and ssm:DescribeInstanceInformation for `nodeadm uninstall`) and hybrid-nodes-cluster-prep.adoc
// ("There is an Amazon EKS access entry type for hybrid nodes named HYBRID_LINUX").
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HybridNodesConfig } from "../config/hybridNodes";
import { names } from "../config/resourceNames";
import { AwsContext, PolicyDocument } from "./policyDocuments";
import { declareRole, RoleWithPolicies } from "./roles";

export interface HybridNodesArgs {
    clusterName: string;
    /** The cluster resource's name output, so the access entry waits for the cluster. */
    cluster: pulumi.Input<string>;
    config: HybridNodesConfig;
    aws: AwsContext;
    tags: Record<string, string>;
}

/** SSM hybrid activations assume the role for the nodes: only from this account and region's SSM. */
export function hybridNodesTrustPolicy(config: HybridNodesConfig, context: AwsContext): PolicyDocument {
    if (config.credentials === "rolesAnywhere") {
        const anchor = { ArnEquals: { "aws:SourceArn": config.trustAnchorArn! } };
        return {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { Service: "rolesanywhere.amazonaws.com" }, Action: ["sts:TagSession", "sts:SetSourceIdentity"], Condition: anchor },
                {
                    Effect: "Allow",
                    Principal: { Service: "rolesanywhere.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "sts:RoleSessionName": "${aws:PrincipalTag/x509Subject/CN}" }, ...anchor },
                },
            ],
        };
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "ssm.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": context.accountId }, ArnEquals: { "aws:SourceArn": `arn:${context.partition}:ssm:${context.region}:${context.accountId}:*` } },
            },
        ],
    };
}

/** What nodeadm needs beyond the managed policies: the cluster's description, and with SSM its own deregistration. */
export function hybridNodesPolicy(config: HybridNodesConfig, context: AwsContext, clusterName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: "eks:DescribeCluster", Resource: `arn:${context.partition}:eks:${context.region}:${context.accountId}:cluster/${clusterName}` },
            ...(config.credentials === "ssm"
                ? [
                      { Effect: "Allow" as const, Action: "ssm:DescribeInstanceInformation", Resource: "*" },
                      { Effect: "Allow" as const, Action: "ssm:DeregisterManagedInstance", Resource: `arn:${context.partition}:ssm:${context.region}:${context.accountId}:managed-instance/*` },
                  ]
                : []),
        ],
    };
}

export class HybridNodes extends pulumi.ComponentResource {
    readonly role: RoleWithPolicies;

    constructor(name: string, args: HybridNodesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:compute:HybridNodes", name, {}, opts);
        const { config, tags } = args;
        const roleName = names.hybridNodesRole(args.clusterName);
        const managed = config.credentials === "ssm" ? ["AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"] : ["AmazonEC2ContainerRegistryPullOnly"];
        this.role = declareRole(this, roleName, hybridNodesTrustPolicy(config, args.aws), tags, managed, args.aws.partition, { "hybrid-nodes": hybridNodesPolicy(config, args.aws, args.clusterName) });
        // "You cannot add policies to the Hybrid Linux access entry or change its access scope."
        new aws.eks.AccessEntry(roleName, { clusterName: args.cluster, principalArn: this.role.role.arn, type: "HYBRID_LINUX", tags }, { parent: this, dependsOn: this.role.policies });
        this.registerOutputs({ roleArn: this.role.role.arn });
    }
}
