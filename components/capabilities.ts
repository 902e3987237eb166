// EKS Capabilities: managed Argo CD, ACK and kro, each with its IAM role. EKS creates the
// capabilities' access entries itself (EKS User Guide, capabilities-security.adoc).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CapabilityConfig } from "../config/capabilities";
import { names } from "../config/resourceNames";
import { PolicyDocument } from "./policyDocuments";

export interface CapabilitiesArgs {
    clusterName: string;
    /** The cluster resource's name output, so each capability waits for the cluster. */
    cluster: pulumi.Input<string>;
    capabilities: CapabilityConfig[];
    tags: Record<string, string>;
}

/** "All capability roles must include the following trust policy" (EKS User Guide, capability-role.html). */
export function capabilityTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "capabilities.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    };
}

export class Capabilities extends pulumi.ComponentResource {
    readonly capabilities: aws.eks.Capability[];

    constructor(name: string, args: CapabilitiesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:eks:Capabilities", name, {}, opts);
        const child = { parent: this };
        this.capabilities = args.capabilities.map((capability) => {
            const roleName = names.capabilityRole(args.clusterName, capability.type);
            const role = new aws.iam.Role(roleName, { assumeRolePolicy: JSON.stringify(capabilityTrustPolicy()), tags: args.tags }, child);
            const attachments = capability.policyArns.map((policyArn) => new aws.iam.RolePolicyAttachment(`${roleName}-${policyArn.split("/").pop()}`, { role: role.name, policyArn }, child));
            const argoCd = capability.argoCd;
            return new aws.eks.Capability(
                roleName,
                {
                    clusterName: args.cluster,
                    capabilityName: capability.type.toLowerCase(),
                    type: capability.type,
                    roleArn: role.arn,
                    // The only value the provider takes: what a capability created stays when it goes.
                    deletePropagationPolicy: "RETAIN",
                    ...(argoCd
                        ? {
                              configuration: {
                                  argoCd: {
                                      awsIdc: { idcInstanceArn: argoCd.idcInstanceArn, ...(argoCd.idcRegion ? { idcRegion: argoCd.idcRegion } : {}) },
                                      ...(argoCd.namespace ? { namespace: argoCd.namespace } : {}),
                                      ...(argoCd.rbacRoleMappings.length > 0 ? { rbacRoleMappings: argoCd.rbacRoleMappings } : {}),
                                  },
                              },
                          }
                        : {}),
                    tags: args.tags,
                },
                { ...child, dependsOn: attachments },
            );
        });
        this.registerOutputs({ capabilityArns: this.capabilities.map((c) => c.arn) });
    }
}
