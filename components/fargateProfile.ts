// One Fargate profile, always on the private subnets: Fargate pods get no public IP, and EKS rejects
// subnets with a route to an internet gateway.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FargateProfileConfig } from "../config/environment";
import { names } from "../config/resourceNames";
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
            names.fargateProfileResource(args.config.name),
            {
                clusterName: args.clusterName,
                // No fargateProfileName: Pulumi names it (this resource's name, "-" and 7 random
                // characters) and gives a replacement a new name, so a changed profile is created
                // before the old one is deleted, as EKS advises ("create a new updated profile to
                // replace an existing profile, and then delete the original", fargate-profile.adoc).
                // A name the program sets would make Pulumi delete the old one first, stopping its
                // pods until the new one exists (pulumi-terraform-bridge nameRequiresDeleteBeforeReplace).
                podExecutionRoleArn: args.podExecutionRole.role.arn,
                subnetIds: args.privateSubnetIds,
                selectors: args.config.selectors.map((s) => ({ namespace: s.namespace, labels: s.labels })),
                tags: args.tags,
            },
            // Its name until the profile was auto-named: the same resource, replaced once by the new name.
            { parent: this, aliases: [{ name }], dependsOn: [...args.podExecutionRole.policies, ...(args.after ?? [])] },
        );
        this.registerOutputs({ fargateProfileName: this.profile.fargateProfileName });
    }
}
