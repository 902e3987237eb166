// A private access path that needs no VPN: a small instance with no inbound rules in a private
// subnet, reached with AWS Systems Manager port forwarding (AWS-StartPortForwardingSessionToRemoteHost)
// and admitted to the cluster's private endpoint on TCP 443 by the API access security group.
// Session Manager needs no open port and no SSH key: the agent connects out to SSM
// (AWS Systems Manager User Guide, "Start a session", port forwarding to a remote host).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessHostConfig } from "../config/environment";
import { instanceArchitecture } from "../config/nodeGroups";
import { names } from "../config/resourceNames";
import { withName } from "./naming";
import { AwsContext, managedPolicyArn, nodeTrustPolicy } from "./policyDocuments";

export interface AccessHostArgs {
    clusterName: string;
    config: AccessHostConfig;
    aws: AwsContext;
    vpcId: pulumi.Input<string>;
    subnetId: pulumi.Input<string>;
    tags: Record<string, string>;
}

/** The Amazon Linux 2023 AMI of an architecture, from its public SSM parameter (Amazon Linux 2023 User Guide). */
export function al2023AmiParameter(instanceType: string): string {
    const arch = instanceArchitecture(instanceType) === "arm64" ? "arm64" : "x86_64";
    return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`;
}

export class AccessHost extends pulumi.ComponentResource {
    readonly instance: aws.ec2.Instance;
    readonly securityGroup: aws.ec2.SecurityGroup;

    constructor(name: string, args: AccessHostArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:access:AccessHost", name, {}, opts);
        const child = { parent: this };
        const hostName = names.accessHost(args.clusterName);

        this.securityGroup = new aws.ec2.SecurityGroup(
            names.accessHost(name),
            { vpcId: args.vpcId, description: `Access host of ${args.clusterName}: no inbound rules, HTTPS out only`, tags: withName(args.tags, hostName) },
            child,
        );
        // The provider removes AWS's default allow-all egress rule, so HTTPS out (to Systems Manager
        // through the NAT gateway, and to the private endpoint) is stated explicitly.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-access-host-https-out`,
            { securityGroupId: this.securityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "Systems Manager and the Kubernetes API", tags: args.tags },
            child,
        );

        const role = new aws.iam.Role(names.accessHost(name), { assumeRolePolicy: JSON.stringify(nodeTrustPolicy()), tags: args.tags }, child);
        const ssm = new aws.iam.RolePolicyAttachment(
            `${name}-access-host-AmazonSSMManagedInstanceCore`,
            { role: role.name, policyArn: managedPolicyArn(args.aws.partition, "AmazonSSMManagedInstanceCore") },
            child,
        );
        const profile = new aws.iam.InstanceProfile(names.accessHost(name), { role: role.name, tags: args.tags }, child);

        const ami = aws.ssm.getParameterOutput({ name: al2023AmiParameter(args.config.instanceType) }, child);
        this.instance = new aws.ec2.Instance(
            names.accessHost(name),
            {
                ami: ami.value,
                instanceType: args.config.instanceType,
                subnetId: args.subnetId,
                vpcSecurityGroupIds: [this.securityGroup.id],
                iamInstanceProfile: profile.name,
                associatePublicIpAddress: false,
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                rootBlockDevice: { encrypted: true, volumeType: "gp3" },
                tags: withName(args.tags, hostName),
            },
            {
                ...child,
                dependsOn: [ssm],
                // A newer AMI must not replace the host on every `pulumi up`; patch it with SSM, or
                // replace it on purpose (`pulumi up --replace <urn>`).
                ignoreChanges: ["ami"],
            },
        );
        this.registerOutputs({ instanceId: this.instance.id, securityGroupId: this.securityGroup.id });
    }
}

/** The Session Manager command that forwards localhost:8443 to the private endpoint through the host. */
export function portForwardCommand(instanceId: string, endpoint: string, region: string): string {
    const host = endpoint.replace(/^https:\/\//, "");
    return `aws ssm start-session --region ${region} --target ${instanceId} --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters '{"host":["${host}"],"portNumber":["443"],"localPortNumber":["8443"]}'`;
}
