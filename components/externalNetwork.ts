// A network this stack does not declare (network.existing, network.fromStack): its ids, and the tag
// that says its subnets serve this cluster. `kubernetes.io/cluster/<name>: shared` is what the
// network component puts on subnets it declares; on subnets of another stack this stack adds it
// with aws.ec2.Tag (one tag, owned here, removed when the cluster stack is), so several clusters can
// share the subnets: the AWS Load Balancer Controller leaves out subnets tagged for other clusters
// only (kubernetes-sigs/aws-load-balancer-controller, docs/deploy/subnet_discovery.md). The role
// tags (`kubernetes.io/role/elb`, `.../internal-elb`) belong to the network's owner, since every
// cluster on it relies on them.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ExternalNetworkConfig } from "../config/externalNetwork";
import { clusterOwnershipTag } from "./naming";

export interface ExternalNetworkArgs {
    clusterName: string;
    config: ExternalNetworkConfig;
}

export class ExternalNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly natGatewayPublicIps: pulumi.Output<string>[];
    readonly privateRouteTableIds: pulumi.Output<string>[];

    constructor(name: string, args: ExternalNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:network:ExternalNetwork", name, {}, opts);
        const { config } = args;
        const [[key, value]] = Object.entries(clusterOwnershipTag(args.clusterName));
        for (const subnet of [...config.privateSubnets, ...config.publicSubnets]) {
            new aws.ec2.Tag(`${name}-${subnet.id}-cluster`, { resourceId: subnet.id, key, value }, { parent: this });
        }
        this.vpcId = pulumi.output(config.vpcId);
        this.privateSubnetIds = config.privateSubnets.map((s) => pulumi.output(s.id));
        this.publicSubnetIds = config.publicSubnets.map((s) => pulumi.output(s.id));
        this.natGatewayPublicIps = config.natGatewayPublicIps.map((ip) => pulumi.output(ip));
        this.privateRouteTableIds = config.privateRouteTableIds.map((id) => pulumi.output(id));
        this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds, publicSubnetIds: this.publicSubnetIds });
    }
}
