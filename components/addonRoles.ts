// An IAM role per add-on, bound with EKS Pod Identity to the add-on's service account: only that
// add-on's pods get its permissions, where a node role would give them to every pod on the node
// (EKS User Guide, "Learn how EKS Pod Identity grants pods access to AWS services").
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AddonRole, AddonRoleName, AddonRoles as AddonRolesConfig } from "../config/environment";
import {
    AwsContext,
    clusterAutoscalerPolicy,
    EBS_CSI_MANAGED_POLICY,
    externalDnsPolicy,
    loadBalancerControllerPolicy,
    PolicyDocument,
    podIdentityTrustPolicy,
} from "./policyDocuments";
import { ADDON_ROLE_SLUGS, names } from "../config/resourceNames";
import { declareRole } from "./roles";

export interface AddonRolesArgs {
    /** The cluster name as configured: role trust and the autoscaler's tag condition use it. */
    clusterName: string;
    /** The cluster resource's name output, so associations wait for the cluster. */
    cluster: pulumi.Input<string>;
    aws: AwsContext;
    roles: AddonRolesConfig;
    tags: Record<string, string>;
}


export class AddonRoles extends pulumi.ComponentResource {
    /** Role per add-on, with its policies and Pod Identity association. */
    readonly roles = new Map<AddonRoleName, aws.iam.Role>();
    readonly associations: aws.eks.PodIdentityAssociation[] = [];

    constructor(name: string, args: AddonRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:iam:AddonRoles", name, {}, opts);
        const { roles, aws: context } = args;
        if (roles.ebsCsi) {
            this.addonRole(args, "ebsCsi", roles.ebsCsi, [EBS_CSI_MANAGED_POLICY]);
        }
        if (roles.externalDns) {
            this.addonRole(args, "externalDns", roles.externalDns, [], externalDnsPolicy(roles.externalDns.hostedZoneArns));
        }
        if (roles.clusterAutoscaler) {
            this.addonRole(args, "clusterAutoscaler", roles.clusterAutoscaler, [], clusterAutoscalerPolicy(args.clusterName));
        }
        if (roles.loadBalancerController) {
            this.addonRole(args, "loadBalancerController", roles.loadBalancerController, [], loadBalancerControllerPolicy(context.partition));
        }
        this.registerOutputs({ roleArns: Object.fromEntries([...this.roles].map(([addon, role]) => [addon, role.arn])) });
    }

    private addonRole(args: AddonRolesArgs, addon: AddonRoleName, binding: AddonRole, managed: string[], document?: PolicyDocument): void {
        const name = names.addonRole(args.clusterName, addon);
        const trust = podIdentityTrustPolicy(args.aws, args.clusterName, binding.namespace, binding.serviceAccount);
        const { role, policies } = declareRole(this, name, trust, args.tags, managed, args.aws.partition);
        if (document) {
            // A customer managed policy, as the add-ons' own install guides create it.
            const policy = new aws.iam.Policy(name, { description: `Permissions of ${ADDON_ROLE_SLUGS[addon]} in EKS cluster ${args.clusterName}`, policy: JSON.stringify(document), tags: args.tags }, { parent: this });
            policies.push(new aws.iam.RolePolicyAttachment(`${name}-policy`, { role: role.name, policyArn: policy.arn }, { parent: this }));
        }
        this.roles.set(addon, role);
        this.associations.push(
            new aws.eks.PodIdentityAssociation(
                name,
                { clusterName: args.cluster, namespace: binding.namespace, serviceAccount: binding.serviceAccount, roleArn: role.arn, tags: args.tags },
                // Credentials are only useful once the role carries its permissions.
                { parent: this, dependsOn: policies },
            ),
        );
    }
}
