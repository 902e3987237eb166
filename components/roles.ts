// The IAM roles of the environment: the cluster role, one node role per node group (each with only
// the add-on permissions its group asked for), and the Fargate pod execution role.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NodeGroupConfig } from "../config/environment";
import {
    AwsContext,
    CLUSTER_MANAGED_POLICY,
    clusterAutoscalerPolicy,
    clusterTrustPolicy,
    EBS_CSI_MANAGED_POLICY,
    externalDnsPolicy,
    FARGATE_POD_EXECUTION_MANAGED_POLICY,
    fargatePodExecutionTrustPolicy,
    managedPolicyArn,
    NODE_MANAGED_POLICIES,
    nodeTrustPolicy,
} from "./policyDocuments";

export interface RolesArgs {
    clusterName: string;
    aws: AwsContext;
    nodeGroups: NodeGroupConfig[];
    /** Create the Fargate pod execution role (there are Fargate profiles). */
    fargate: boolean;
    tags: Record<string, string>;
}

/** A role and the attachments and inline policies that must exist before it is used. */
export interface RoleWithPolicies {
    role: aws.iam.Role;
    policies: pulumi.Resource[];
}

export class Roles extends pulumi.ComponentResource {
    readonly clusterRole: RoleWithPolicies;
    /** Node role per node group name. */
    readonly nodeRoles: Map<string, RoleWithPolicies>;
    readonly fargatePodExecutionRole?: RoleWithPolicies;

    constructor(name: string, args: RolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:iam:Roles", name, {}, opts);
        const { partition } = args.aws;

        this.clusterRole = this.role(`${name}-cluster`, clusterTrustPolicy(), args.tags, [CLUSTER_MANAGED_POLICY], partition);

        this.nodeRoles = new Map();
        for (const group of args.nodeGroups) {
            const roleName = `${name}-${group.name}-node`;
            const managed: string[] = [...NODE_MANAGED_POLICIES];
            if (group.addonPermissions.ebsCsi) {
                managed.push(EBS_CSI_MANAGED_POLICY);
            }
            const nodeRole = this.role(roleName, nodeTrustPolicy(), args.tags, managed, partition);
            const permissions = group.addonPermissions;
            if (permissions.externalDnsHostedZoneArns.length > 0) {
                nodeRole.policies.push(this.inlinePolicy(`${roleName}-external-dns`, nodeRole.role, externalDnsPolicy(permissions.externalDnsHostedZoneArns)));
            }
            if (permissions.clusterAutoscaler) {
                nodeRole.policies.push(this.inlinePolicy(`${roleName}-cluster-autoscaler`, nodeRole.role, clusterAutoscalerPolicy(args.clusterName)));
            }
            this.nodeRoles.set(group.name, nodeRole);
        }

        if (args.fargate) {
            this.fargatePodExecutionRole = this.role(
                `${name}-fargate-pod-execution`,
                fargatePodExecutionTrustPolicy(args.aws, args.clusterName),
                args.tags,
                [FARGATE_POD_EXECUTION_MANAGED_POLICY],
                partition,
            );
        }

        this.registerOutputs({
            clusterRoleArn: this.clusterRole.role.arn,
            nodeRoleArns: Object.fromEntries([...this.nodeRoles].map(([group, r]) => [group, r.role.arn])),
            fargatePodExecutionRoleArn: this.fargatePodExecutionRole?.role.arn,
        });
    }

    private role(name: string, trust: object, tags: Record<string, string>, managedPolicies: string[], partition: string): RoleWithPolicies {
        const role = new aws.iam.Role(name, { assumeRolePolicy: JSON.stringify(trust), tags }, { parent: this });
        const policies = managedPolicies.map(
            (policy) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-${policy.split("/").pop()}`,
                    { role: role.name, policyArn: managedPolicyArn(partition, policy) },
                    { parent: this },
                ),
        );
        return { role, policies };
    }

    private inlinePolicy(name: string, role: aws.iam.Role, document: object): aws.iam.RolePolicy {
        return new aws.iam.RolePolicy(name, { role: role.name, policy: JSON.stringify(document) }, { parent: this });
    }
}
