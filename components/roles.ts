// The IAM roles of the environment: the cluster role, one node role per node group (only what
// nodes need: add-on permissions go to add-on roles, see addonRoles.ts), and the Fargate pod
// execution role.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NodeGroupConfig } from "../config/environment";
import { names } from "../config/resourceNames";
import {
    AUTO_MODE_CLUSTER_MANAGED_POLICIES,
    AUTO_MODE_NODE_MANAGED_POLICIES,
    AwsContext,
    CLUSTER_MANAGED_POLICY,
    clusterTrustPolicy,
    FARGATE_POD_EXECUTION_MANAGED_POLICY,
    fargatePodExecutionTrustPolicy,
    managedPolicyArn,
    nodeRolePolicies,
    nodeTrustPolicy,
    PolicyDocument,
} from "./policyDocuments";

export interface RolesArgs {
    clusterName: string;
    aws: AwsContext;
    nodeGroups: NodeGroupConfig[];
    /** Create the Fargate pod execution role (there are Fargate profiles). */
    fargate: boolean;
    /** EKS Auto Mode is chosen: the cluster role gets its policies, and its nodes a role of their own. */
    autoMode: boolean;
    /** The cluster's IP family, which decides the node roles' CNI policy. */
    ipFamily: "ipv4" | "ipv6";
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
    readonly autoModeNodeRole?: RoleWithPolicies;

    constructor(name: string, args: RolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:iam:Roles", name, {}, opts);
        const { partition } = args.aws;

        const clusterPolicies = args.autoMode ? [CLUSTER_MANAGED_POLICY, ...AUTO_MODE_CLUSTER_MANAGED_POLICIES] : [CLUSTER_MANAGED_POLICY];
        this.clusterRole = this.role(names.clusterRole(name), clusterTrustPolicy(), args.tags, clusterPolicies, partition);
        if (args.autoMode) {
            this.autoModeNodeRole = this.role(names.autoModeNodeRole(name), nodeTrustPolicy(), args.tags, [...AUTO_MODE_NODE_MANAGED_POLICIES], partition);
        }

        this.nodeRoles = new Map();
        const nodePolicies = nodeRolePolicies(args.ipFamily, partition);
        for (const group of args.nodeGroups) {
            this.nodeRoles.set(group.name, declareRole(this, names.nodeRole(name, group.name), nodeTrustPolicy(), args.tags, nodePolicies.managed, partition, nodePolicies.inline));
        }

        if (args.fargate) {
            this.fargatePodExecutionRole = this.role(
                names.fargatePodExecutionRole(name),
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
            autoModeNodeRoleArn: this.autoModeNodeRole?.role.arn,
        });
    }

    private role(name: string, trust: object, tags: Record<string, string>, managedPolicies: string[], partition: string): RoleWithPolicies {
        return declareRole(this, name, trust, tags, managedPolicies, partition);
    }
}

/** A role with AWS managed policies attached and inline policies by name, as a child of `parent`. */
export function declareRole(
    parent: pulumi.Resource,
    name: string,
    trust: object,
    tags: Record<string, string>,
    managedPolicies: readonly string[],
    partition: string,
    inlinePolicies: Readonly<Record<string, PolicyDocument>> = {},
): RoleWithPolicies {
    const role = new aws.iam.Role(name, { assumeRolePolicy: JSON.stringify(trust), tags }, { parent });
    const policies: pulumi.Resource[] = managedPolicies.map(
        (policy) =>
            new aws.iam.RolePolicyAttachment(`${name}-${policy.split("/").pop()}`, { role: role.name, policyArn: managedPolicyArn(partition, policy) }, { parent }),
    );
    for (const [policyName, document] of Object.entries(inlinePolicies)) {
        policies.push(new aws.iam.RolePolicy(`${name}-${policyName}`, { role: role.name, name: policyName, policy: JSON.stringify(document) }, { parent }));
    }
    return { role, policies };
}
