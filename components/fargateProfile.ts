// One Fargate profile, always on the private subnets: Fargate pods get no public IP, and EKS rejects
// subnets with a route to an internet gateway.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FargateProfileConfig } from "../config/environment";
import { RoleWithPolicies } from "./roles";

export interface FargateProfileArgs {
    clusterName: pulumi.Input<string>;
    config: FargateProfileConfig;
    privateSubnetIds: pulumi.Input<string>[];
    podExecutionRole: RoleWithPolicies;
    tags: Record<string, string>;
    /**
     * What its cloud resources wait for. A component's own dependsOn does not hold its children
     * back: each child is registered, and ordered by the engine, with its own dependencies only.
     */
    after?: pulumi.Resource[];
}

export class FargateProfile extends pulumi.ComponentResource {
    readonly profile: aws.eks.FargateProfile;

    constructor(name: string, args: FargateProfileArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:eks:FargateProfile", name, {}, opts);
        this.profile = new aws.eks.FargateProfile(
            name,
            {
                clusterName: args.clusterName,
                fargateProfileName: args.config.name,
                podExecutionRoleArn: args.podExecutionRole.role.arn,
                subnetIds: args.privateSubnetIds,
                selectors: args.config.selectors.map((s) => ({ namespace: s.namespace, labels: s.labels })),
                tags: args.tags,
            },
            { parent: this, dependsOn: [...args.podExecutionRole.policies, ...(args.after ?? [])] },
        );
        this.registerOutputs({ fargateProfileName: this.profile.fargateProfileName });
    }
}
