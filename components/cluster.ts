// The EKS control plane: the cluster with an explicit endpoint choice, its log group, secrets
// encryption key, the security group that carries the private access path, access entries for the
// admins, the optional IRSA OIDC provider, and a kubeconfig.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declaredControlPlane } from "../config/controlPlane";
import { ClusterConfig, ComputeConfig } from "../config/environment";
import { cidrSlug, principalSlug, withName } from "./naming";
import { secretsEncryptionTag } from "../config/transitions";
import { SECRETS_ENCRYPTION_TAG } from "./awsContext";
import { AwsContext } from "./policyDocuments";
import { RoleWithPolicies } from "./roles";

export interface ClusterArgs {
    config: ClusterConfig;
    aws: AwsContext;
    vpcId: pulumi.Input<string>;
    /** Where the control plane places its network interfaces: the private subnets when there are any. */
    subnetIds: pulumi.Input<string>[];
    /** `ipv6`: pods and services get IPv6 addresses (kubernetesNetworkConfig.ipFamily, fixed at creation). */
    ipFamily: "ipv4" | "ipv6";
    clusterRole: RoleWithPolicies;
    /** The role EKS Auto Mode gives its nodes; with cluster.compute autoMode. */
    autoModeNodeRole?: RoleWithPolicies;
    /**
     * NAT gateway addresses. With a public-only endpoint, nodes reach the API from these, so they are
     * added to the allow-list (EKS docs: the CIDRs must include the addresses nodes come from).
     */
    natGatewayPublicIps: pulumi.Input<string>[];
    /** The access host's security group, admitted on 443 like the configured sources. */
    accessHostSecurityGroupId?: pulumi.Input<string>;
    tags: Record<string, string>;
    protect: boolean;
}

const CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy";

export class Cluster extends pulumi.ComponentResource {
    readonly cluster: aws.eks.Cluster;
    readonly name: pulumi.Output<string>;
    /** The version the control plane runs: node groups and add-ons follow it, after its upgrade. */
    readonly version: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    /** The additional security group that carries the private access path (TCP 443 ingress). */
    readonly apiAccessSecurityGroup: aws.ec2.SecurityGroup;
    /** The security group EKS creates; nodes use it unless a launch template sets others. */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    readonly secretsKey?: aws.kms.Key;
    readonly oidcProvider?: aws.iam.OpenIdConnectProvider;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:eks:Cluster", name, {}, opts);
        const { config, tags } = args;
        const child = { parent: this };
        const dependencies: pulumi.Resource[] = [...args.clusterRole.policies, ...(args.autoModeNodeRole?.policies ?? [])];

        let logGroup: aws.cloudwatch.LogGroup | undefined;
        if (config.logTypes.length > 0) {
            // EKS writes here; creating it first sets a retention instead of EKS's never-expire default.
            logGroup = new aws.cloudwatch.LogGroup(
                `${name}-control-plane-logs`,
                { name: `/aws/eks/${config.name}/cluster`, retentionInDays: config.logRetentionDays, tags },
                child,
            );
            dependencies.push(logGroup);
        }

        let secretsKeyArn: pulumi.Input<string> | undefined;
        if (config.secretsEncryption.kind === "createKey") {
            this.secretsKey = new aws.kms.Key(
                `${name}-secrets`,
                {
                    description: `Envelope encryption of Kubernetes secrets in EKS cluster ${config.name}`,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    tags,
                },
                // Config cannot drop the key of a running cluster (config/transitions.ts), so it leaves
                // the program only when the stack is destroyed. A protected stack keeps it even then
                // (its secrets may live on in backups); any other stack schedules its deletion
                // (30 days, cancellable) instead of leaving a key that bills $1 a month for nothing.
                { ...child, protect: args.protect, retainOnDelete: args.protect },
            );
            new aws.kms.Alias(`${name}-secrets`, { name: `alias/${config.name}-secrets`, targetKeyId: this.secretsKey.keyId }, child);
            secretsKeyArn = this.secretsKey.arn;
        } else if (config.secretsEncryption.kind === "existingKey") {
            secretsKeyArn = config.secretsEncryption.kmsKeyArn;
        }
        if (secretsKeyArn) {
            // The cluster role uses the key for envelope encryption (EKS docs: enable secrets encryption).
            dependencies.push(
                new aws.iam.RolePolicy(
                    `${name}-secrets-encryption`,
                    {
                        role: args.clusterRole.role.name,
                        policy: pulumi.jsonStringify({
                            Version: "2012-10-17",
                            Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: secretsKeyArn }],
                        }),
                    },
                    child,
                ),
            );
        }

        this.apiAccessSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-api-access`,
            {
                vpcId: args.vpcId,
                description: `Private access path to the Kubernetes API of ${config.name} (TCP 443)`,
                tags: withName(tags, `${config.name}-api-access`),
            },
            child,
        );
        const endpoint = config.endpoint;
        endpoint.privateAccessCidrs.forEach((cidr) => {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-api-access-${cidrSlug(cidr)}`,
                { securityGroupId: this.apiAccessSecurityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: cidr, description: "Kubernetes API from an allowed network", tags },
                child,
            );
        });
        if (args.accessHostSecurityGroupId) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-api-access-host`,
                { securityGroupId: this.apiAccessSecurityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: args.accessHostSecurityGroupId, description: "Kubernetes API from the SSM access host", tags },
                child,
            );
        }
        // Hybrid nodes and their pods reach the API through the cluster's interfaces in the VPC
        // (EKS User Guide, hybrid-nodes-networking.adoc: inbound 443 from the remote node and pod CIDRs).
        const remote = config.hybridNodes ? [...config.hybridNodes.nodeCidrs, ...config.hybridNodes.podCidrs] : [];
        remote.forEach((cidr) => {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-api-access-hybrid-${cidrSlug(cidr)}`,
                { securityGroupId: this.apiAccessSecurityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: cidr, description: "Kubernetes API from EKS Hybrid Nodes and their pods", tags },
                child,
            );
        });
        endpoint.privateAccessSecurityGroupIds.forEach((sourceGroup) => {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-api-access-${sourceGroup}`,
                { securityGroupId: this.apiAccessSecurityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: sourceGroup, description: "Kubernetes API from an allowed security group", tags },
                child,
            );
        });

        const publicAccessCidrs: pulumi.Input<string>[] =
            endpoint.mode === "public"
                ? [...endpoint.publicAccessCidrs, ...args.natGatewayPublicIps.map((ip) => pulumi.interpolate`${ip}/32`)]
                : endpoint.publicAccessCidrs;

        // At their defaults these are left out unless the running cluster has other values (config/controlPlane.ts).
        const declared = config.declaredControlPlane ?? declaredControlPlane(config.controlPlane, undefined);
        this.cluster = new aws.eks.Cluster(
            `${name}-cluster`,
            {
                name: config.name,
                version: config.version,
                roleArn: args.clusterRole.role.arn,
                vpcConfig: {
                    subnetIds: args.subnetIds,
                    securityGroupIds: [this.apiAccessSecurityGroup.id],
                    // Both always explicit: the AWS defaults (public on, private off) are never implied.
                    endpointPublicAccess: endpoint.mode !== "private",
                    endpointPrivateAccess: endpoint.mode !== "public",
                    ...(endpoint.mode === "private" ? {} : { publicAccessCidrs }),
                    ...(declared.egressMode ? { controlPlaneEgressMode: declared.egressMode } : {}),
                },
                ...(declared.zonalShift !== undefined ? { zonalShiftConfig: { enabled: declared.zonalShift } } : {}),
                ...(declared.tier ? { controlPlaneScalingConfig: { tier: declared.tier } } : {}),
                ...(config.hybridNodes
                    ? {
                          remoteNetworkConfig: {
                              remoteNodeNetworks: { cidrs: config.hybridNodes.nodeCidrs },
                              ...(config.hybridNodes.podCidrs.length > 0 ? { remotePodNetworks: { cidrs: config.hybridNodes.podCidrs } } : {}),
                          },
                      }
                    : {}),
                enabledClusterLogTypes: config.logTypes,
                ...(secretsKeyArn ? { encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKeyArn } } } : {}),
                accessConfig: {
                    authenticationMode: config.authenticationMode,
                    bootstrapClusterCreatorAdminPermissions: config.bootstrapCreatorAdmin,
                },
                upgradePolicy: { supportType: config.upgradePolicy },
                ...clusterNetworkSettings(config.compute, args.autoModeNodeRole, args.ipFamily),
                // Networking add-ons are managed add-ons declared by this program, not self-managed copies.
                bootstrapSelfManagedAddons: false,
                deletionProtection: args.protect,
                // Read back on the next run to refuse removing encryption (getCluster does not show it).
                tags: { ...tags, [SECRETS_ENCRYPTION_TAG]: secretsEncryptionTag(config.secretsEncryption) },
            },
            {
                ...child,
                protect: args.protect,
                dependsOn: dependencies,
                // Force-new in the AWS provider (terraform-provider-aws internal/service/eks/cluster.go),
                // and only meaningful at creation: as terraform-aws-eks does, a later change is ignored
                // instead of replacing the cluster.
                ignoreChanges: ["accessConfig.bootstrapClusterCreatorAdminPermissions"],
            },
        );
        this.name = this.cluster.name;
        this.version = this.cluster.version;
        this.endpoint = this.cluster.endpoint;
        this.clusterSecurityGroupId = this.cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? "");

        // Admins, then team access. EKS keeps one access entry per principal, so a principal moved
        // between the two lists keeps its entry: each name carries the other list's as an alias
        // (creating the new one first would fail with ResourceInUseException, the entry exists).
        const grants = [
            ...config.adminPrincipalArns.map((principalArn) => ({ slug: `${name}-admin-${principalSlug(principalArn)}`, other: `${name}-access-${principalSlug(principalArn)}`, principalArn, policy: CLUSTER_ADMIN_POLICY, namespaces: undefined })),
            ...config.accessEntries.map((access) => ({ slug: `${name}-access-${principalSlug(access.principalArn)}`, other: `${name}-admin-${principalSlug(access.principalArn)}`, ...access })),
        ];
        for (const { slug, other, principalArn, policy, namespaces } of grants) {
            const entry = new aws.eks.AccessEntry(slug, { clusterName: this.cluster.name, principalArn, type: "STANDARD", tags }, { ...child, aliases: [{ name: other }] });
            new aws.eks.AccessPolicyAssociation(
                slug,
                {
                    clusterName: this.cluster.name,
                    principalArn,
                    policyArn: `arn:${args.aws.partition}:eks::aws:cluster-access-policy/${policy}`,
                    accessScope: namespaces ? { type: "namespace", namespaces } : { type: "cluster" },
                },
                {
                    ...child,
                    aliases: [{ name: other }],
                    dependsOn: [entry],
                    // accessScope and policyArn are force-new. AssociateAccessPolicy on the same
                    // principal and policy only updates the scope, so a replacement created first
                    // is the old association, which the old one's delete then removes: the
                    // principal would lose its access. Deleted first, it is without access for the
                    // seconds until the new one is created, and has it after.
                    deleteBeforeReplace: true,
                },
            );
        }

        if (config.oidcProvider) {
            this.oidcProvider = new aws.iam.OpenIdConnectProvider(
                `${name}-oidc`,
                {
                    url: this.cluster.identities.apply((ids) => ids[0].oidcs?.[0]?.issuer ?? ""),
                    clientIdLists: ["sts.amazonaws.com"],
                    tags,
                },
                child,
            );
        }

        this.kubeconfig = pulumi.secret(
            pulumi
                .all([this.cluster.name, this.cluster.endpoint, this.cluster.certificateAuthority])
                .apply(([clusterName, server, ca]) => renderKubeconfig(clusterName, server, ca?.data ?? "", args.aws.region)),
        );

        this.registerOutputs({
            name: this.name,
            endpoint: this.endpoint,
            kubeconfig: this.kubeconfig,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            oidcProviderArn: this.oidcProvider?.arn,
        });
    }
}

/**
 * EKS Auto Mode's three capabilities, always set together: "The compute, block storage, and load
 * balancing capabilities must all be enabled or disabled in the same request" (EKS User Guide,
 * automode/auto-enable-existing.adoc). With node groups nothing is set, so clusters that never ran
 * Auto Mode see no change; turning it off is the explicit `enabled: false` step (config/compute.ts).
 * That step empties the node pools (the API requires it, terraform-aws-modules/terraform-aws-eks
 * #3513) and keeps the node role ARN, whose change the provider treats as a replacement of the
 * cluster. A cluster that ran Auto Mode keeps this disabled form for good, also once config says
 * nodeGroups (config/compute.ts retiredAutoMode): removing it is an update EKS refuses.
 */
export function autoModeSettings(compute: ComputeConfig, nodeRole: RoleWithPolicies | undefined): Partial<aws.eks.ClusterArgs> {
    if (compute.kind !== "autoMode") {
        return {};
    }
    const { enabled } = compute;
    return {
        computeConfig: { enabled, nodePools: enabled ? compute.nodePools : [], nodeRoleArn: nodeRole!.role.arn },
        storageConfig: { blockStorage: { enabled } },
        kubernetesNetworkConfig: { elasticLoadBalancing: { enabled } },
    };
}

/**
 * Auto Mode's settings with the IP family in the kubernetesNetworkConfig they share. The family is
 * set only for IPv6: an IPv4 cluster keeps the inputs it has always had, and the provider reads
 * "ipv4" back for it either way.
 */
export function clusterNetworkSettings(compute: ComputeConfig, nodeRole: RoleWithPolicies | undefined, ipFamily: "ipv4" | "ipv6"): Partial<aws.eks.ClusterArgs> {
    const settings = autoModeSettings(compute, nodeRole);
    if (ipFamily === "ipv4") {
        return settings;
    }
    return { ...settings, kubernetesNetworkConfig: { ...(settings.kubernetesNetworkConfig as object | undefined), ipFamily } };
}

/** A kubeconfig that authenticates with `aws eks get-token`, so it holds no long-lived credential. */
export function renderKubeconfig(clusterName: string, server: string, certificateAuthorityData: string, region: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server, "certificate-authority-data": certificateAuthorityData } }],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
        "current-context": clusterName,
        users: [
            {
                name: clusterName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"],
                    },
                },
            },
        ],
    });
}
