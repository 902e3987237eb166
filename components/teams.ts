// A team on the cluster: access entries for its people, scoped to its namespaces, and for each of
// its workloads an IAM role trusted by EKS Pod Identity for one service account of one of those
// namespaces, bound with a Pod Identity association.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../config/resourceNames";
import { TeamConfig, TeamWorkload } from "../config/teams";
import { principalSlug } from "./naming";
import { AwsContext, PolicyDocument, podIdentityTrustPolicy } from "./policyDocuments";

export interface TeamArgs {
    clusterName: string;
    /** The cluster resource's name output, so entries and associations wait for the cluster. */
    cluster: pulumi.Input<string>;
    team: TeamConfig;
    aws: AwsContext;
    tags: Record<string, string>;
}

/** The tag that names a workload role's team and the namespaces it may be bound in (eks-pod-identity-team-namespace). */
export const TEAM_NAMESPACES_TAG = "eks-platform:team-namespaces";

/**
 * The workload's own permissions; with a target role, also leave to assume it ("the EKS Pod Identity
 * association role ... is used to assume the target role", EKS API CreatePodIdentityAssociation).
 */
export function workloadPolicy(workload: TeamWorkload): PolicyDocument | undefined {
    const statements = workload.statements.map((s) => ({ Effect: s.effect, Action: s.actions, Resource: s.resources }));
    if (workload.targetRoleArn) {
        statements.push({ Effect: "Allow" as const, Action: ["sts:AssumeRole", "sts:TagSession"], Resource: [workload.targetRoleArn] });
    }
    return statements.length > 0 ? { Version: "2012-10-17", Statement: statements } : undefined;
}

export class Team extends pulumi.ComponentResource {
    readonly roles: aws.iam.Role[] = [];
    readonly associations: aws.eks.PodIdentityAssociation[] = [];

    constructor(name: string, args: TeamArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:iam:Team", name, {}, opts);
        const { team, tags } = args;
        const child = { parent: this };
        for (const principal of team.principals) {
            const slug = `${name}-${principalSlug(principal.principalArn)}`;
            const entry = new aws.eks.AccessEntry(slug, { clusterName: args.cluster, principalArn: principal.principalArn, type: "STANDARD", tags }, child);
            new aws.eks.AccessPolicyAssociation(
                slug,
                {
                    clusterName: args.cluster,
                    principalArn: principal.principalArn,
                    policyArn: `arn:${args.aws.partition}:eks::aws:cluster-access-policy/${principal.policy}`,
                    accessScope: { type: "namespace", namespaces: team.namespaces },
                },
                // As for the cluster's own access entries (components/cluster.ts): accessScope is force-new,
                // and a replacement created first would be removed by the old one's delete.
                { ...child, dependsOn: [entry], deleteBeforeReplace: true },
            );
        }
        for (const workload of team.workloads) {
            const roleName = names.teamWorkloadRole(args.clusterName, workload.namespace, workload.serviceAccount);
            // Without session tags nothing in the session names the namespace: the EKS User Guide's
            // trust policy, with no condition (eks-pod-identity-least-privilege reports it).
            const trust = workload.disableSessionTags
                ? { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }] }
                : podIdentityTrustPolicy(args.aws, args.clusterName, workload.namespace, workload.serviceAccount);
            const role = new aws.iam.Role(
                roleName,
                { assumeRolePolicy: JSON.stringify(trust), tags: { ...tags, "eks-platform:team": team.name, [TEAM_NAMESPACES_TAG]: team.namespaces.join(" ") } },
                child,
            );
            const grants: pulumi.Resource[] = workload.policyArns.map((policyArn) => new aws.iam.RolePolicyAttachment(`${roleName}-${policyArn.split("/").pop()}`, { role: role.name, policyArn }, child));
            const document = workloadPolicy(workload);
            if (document) {
                grants.push(new aws.iam.RolePolicy(roleName, { role: role.name, name: "workload", policy: JSON.stringify(document) }, child));
            }
            this.roles.push(role);
            this.associations.push(
                new aws.eks.PodIdentityAssociation(
                    roleName,
                    {
                        clusterName: args.cluster,
                        namespace: workload.namespace,
                        serviceAccount: workload.serviceAccount,
                        roleArn: role.arn,
                        ...(workload.targetRoleArn ? { targetRoleArn: workload.targetRoleArn } : {}),
                        ...(workload.disableSessionTags ? { disableSessionTags: true } : {}),
                        tags,
                    },
                    { ...child, dependsOn: grants },
                ),
            );
        }
        this.registerOutputs({ roleArns: this.roles.map((r) => r.arn) });
    }
}
