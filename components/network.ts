// The VPC of the environment: per zone a public and a private subnet, an internet gateway, NAT
// gateways per the strategy, route tables, and optionally a transit gateway attachment with routes
// to the access networks. Subnets carry the tags EKS and load balancers need. For an IPv6 cluster
// the VPC is dual-stack: an Amazon-provided /56, a /64 per subnet, and an egress-only internet
// gateway for the private subnets' IPv6 traffic.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkConfig } from "../config/environment";
import { AvailabilityZone } from "../config/zones";
import { ZONE_SLOTS } from "../config/subnetPlan";
import { ipv6SubnetCidr } from "./ipv6Subnets";
import { cidrSlug, clusterOwnershipTag, KARPENTER_DISCOVERY_TAG, withName } from "./naming";

export interface NetworkArgs {
    clusterName: string;
    config: NetworkConfig;
    tags: Record<string, string>;
    /** Protect the VPC from deletion (prod). */
    protect: boolean;
    /**
     * Tag the subnets `kubernetes.io/cluster/<clusterName>` (default). A network stack serves
     * clusters of other stacks, which add their own tag (components/externalNetwork.ts).
     */
    ownershipTag?: boolean;
    /** Tag the private subnets `karpenter.sh/discovery: <clusterName>`, where Karpenter's EC2NodeClass finds them. */
    karpenterDiscovery?: boolean;
}

export interface ZoneSubnets {
    zone: string;
    publicSubnet: aws.ec2.Subnet;
    privateSubnet?: aws.ec2.Subnet;
    /** The NAT gateway this zone's private subnet routes through, if any. */
    natGateway?: aws.ec2.NatGateway;
    privateRouteTable?: aws.ec2.RouteTable;
}

export class Network extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly zones: ZoneSubnets[];
    readonly natGateways: aws.ec2.NatGateway[];
    readonly vpcId: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly natGatewayPublicIps: pulumi.Output<string>[];
    readonly privateRouteTableIds: pulumi.Output<string>[];
    readonly transitGatewayAttachment?: aws.ec2transitgateway.VpcAttachment;
    /** Pod subnet per zone name, in the secondary CIDR (network.podCidr); empty without it. */
    readonly podSubnets: { zone: string; subnet: aws.ec2.Subnet }[] = [];
    /** The private subnets' way out for IPv6 (network.ipFamily ipv6). */
    readonly egressOnlyGateway?: aws.ec2.EgressOnlyInternetGateway;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:network:Network", name, {}, opts);
        const { config, clusterName, tags } = args;
        const zoneNames = config.zones.map((z: AvailabilityZone) => z.name);
        const child = { parent: this };
        const dualStack = config.ipFamily === "ipv6";
        // A /64 of the VPC's block per subnet, in fixed slots like the IPv4 plan: private subnets at
        // their zone's index, public ones after the six zone slots. Nodes need IPv6 addresses on
        // launch ("Otherwise, you can't deploy your nodes", EKS User Guide, cni-ipv6).
        const ipv6Subnet = (slot: number): Partial<aws.ec2.SubnetArgs> =>
            dualStack ? { ipv6CidrBlock: this.vpc.ipv6CidrBlock.apply((block) => ipv6SubnetCidr(block, slot)), assignIpv6AddressOnCreation: true } : {};

        this.vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: config.vpcCidr,
                // Nodes register by private DNS name and a private endpoint resolves only with both on.
                enableDnsSupport: true,
                enableDnsHostnames: true,
                // An Amazon-provided /56 for an IPv6 cluster; an IPv4 VPC keeps the inputs it always had.
                ...(dualStack ? { assignGeneratedIpv6CidrBlock: true } : {}),
                tags: withName(tags, `${clusterName}-vpc`),
            },
            { ...child, protect: args.protect },
        );
        // AWS gives every VPC a default security group admitting all traffic from itself and all
        // traffic out; anything created without a group of its own gets it. Adopted with no rules,
        // the provider removes AWS's (it cannot be deleted); on destroy it is only let go.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: this.vpc.id, tags: withName(tags, `${clusterName}-default-closed`) }, child);
        const internetGateway = new aws.ec2.InternetGateway(
            `${name}-igw`,
            { vpcId: this.vpc.id, tags: withName(tags, `${clusterName}-igw`) },
            child,
        );

        const publicRouteTable = new aws.ec2.RouteTable(
            `${name}-public`,
            { vpcId: this.vpc.id, tags: withName(tags, `${clusterName}-public`) },
            child,
        );
        new aws.ec2.Route(
            `${name}-public-internet`,
            { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id },
            child,
        );
        if (dualStack) {
            new aws.ec2.Route(`${name}-public-internet-ipv6`, { routeTableId: publicRouteTable.id, destinationIpv6CidrBlock: "::/0", gatewayId: internetGateway.id }, child);
            // Outbound-only IPv6 for the private subnets, as NAT is for IPv4: pods' IPv6 addresses
            // are routed, not translated (EKS User Guide, cni-ipv6, "Routing addresses").
            this.egressOnlyGateway = new aws.ec2.EgressOnlyInternetGateway(`${name}-eigw`, { vpcId: this.vpc.id, tags: withName(tags, `${clusterName}-eigw`) }, child);
        }

        const subnetTags = args.ownershipTag === false ? tags : { ...tags, ...clusterOwnershipTag(clusterName) };
        const publicSubnets = zoneNames.map((zone, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-public-${zone}`,
                {
                    vpcId: this.vpc.id,
                    availabilityZone: zone,
                    cidrBlock: config.publicSubnetCidrs[i],
                    ...ipv6Subnet(ZONE_SLOTS + i),
                    mapPublicIpOnLaunch: config.mapPublicIpOnLaunch,
                    tags: { ...withName(subnetTags, `${clusterName}-public-${zone}`), "kubernetes.io/role/elb": "1" },
                },
                child,
            );
            new aws.ec2.RouteTableAssociation(`${name}-public-${zone}`, { subnetId: subnet.id, routeTableId: publicRouteTable.id }, child);
            return subnet;
        });

        const natZones = this.natZoneIndexes(config, zoneNames.length);
        const natByZone = new Map<number, aws.ec2.NatGateway>();
        for (const i of natZones) {
            const zone = zoneNames[i];
            const address = new aws.ec2.Eip(`${name}-nat-${zone}`, { domain: "vpc", tags: withName(tags, `${clusterName}-nat-${zone}`) }, child);
            natByZone.set(
                i,
                new aws.ec2.NatGateway(
                    `${name}-nat-${zone}`,
                    { allocationId: address.id, subnetId: publicSubnets[i].id, tags: withName(tags, `${clusterName}-nat-${zone}`) },
                    // AWS: a NAT gateway needs the VPC's internet gateway to work.
                    { ...child, dependsOn: [internetGateway] },
                ),
            );
        }
        this.natGateways = natZones.map((i) => natByZone.get(i)!);

        this.zones = zoneNames.map((zone, i) => {
            if (config.privateSubnetCidrs.length === 0) {
                return { zone, publicSubnet: publicSubnets[i] };
            }
            const privateSubnet = new aws.ec2.Subnet(
                `${name}-private-${zone}`,
                {
                    vpcId: this.vpc.id,
                    availabilityZone: zone,
                    cidrBlock: config.privateSubnetCidrs[i],
                    ...ipv6Subnet(i),
                    mapPublicIpOnLaunch: false,
                    tags: {
                        ...withName(subnetTags, `${clusterName}-private-${zone}`),
                        "kubernetes.io/role/internal-elb": "1",
                        ...(args.karpenterDiscovery ? { [KARPENTER_DISCOVERY_TAG]: clusterName } : {}),
                    },
                },
                child,
            );
            // One route table per zone even with a single NAT, so changing the strategy only moves routes.
            const routeTable = new aws.ec2.RouteTable(
                `${name}-private-${zone}`,
                { vpcId: this.vpc.id, tags: withName(tags, `${clusterName}-private-${zone}`) },
                child,
            );
            new aws.ec2.RouteTableAssociation(`${name}-private-${zone}`, { subnetId: privateSubnet.id, routeTableId: routeTable.id }, child);
            const natGateway = natByZone.get(i) ?? (config.natStrategy === "single" ? this.natGateways[0] : undefined);
            if (natGateway) {
                new aws.ec2.Route(
                    `${name}-private-${zone}-nat`,
                    { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: natGateway.id },
                    child,
                );
            }
            if (this.egressOnlyGateway) {
                new aws.ec2.Route(
                    `${name}-private-${zone}-ipv6`,
                    { routeTableId: routeTable.id, destinationIpv6CidrBlock: "::/0", egressOnlyGatewayId: this.egressOnlyGateway.id },
                    child,
                );
            }
            return { zone, publicSubnet: publicSubnets[i], privateSubnet, natGateway, privateRouteTable: routeTable };
        });

        const privateZones = this.zones.filter((z) => z.privateSubnet);
        if (config.transitGateway && privateZones.length > 0) {
            const gateway = config.transitGateway;
            // One subnet per zone, the private ones: the attachment's interfaces live there, beside
            // the control plane's (AWS Transit Gateway guide, "Transit gateway attachments to a VPC").
            this.transitGatewayAttachment = new aws.ec2transitgateway.VpcAttachment(
                `${name}-tgw`,
                { transitGatewayId: gateway.id, vpcId: this.vpc.id, subnetIds: privateZones.map((z) => z.privateSubnet!.id), tags: withName(tags, `${clusterName}-tgw`) },
                child,
            );
            for (const zone of privateZones) {
                for (const destination of gateway.routes) {
                    new aws.ec2.Route(
                        `${name}-private-${zone.zone}-tgw-${cidrSlug(destination)}`,
                        { routeTableId: zone.privateRouteTable!.id, destinationCidrBlock: destination, transitGatewayId: gateway.id },
                        // A route to a transit gateway is accepted once the VPC is attached to it.
                        { ...child, dependsOn: [this.transitGatewayAttachment] },
                    );
                }
            }
        }

        if (config.pods && privateZones.length > 0) {
            // A secondary CIDR of the VPC, and a subnet of it in each zone for the pods' ENIs
            // (custom networking), routed like the zone's private subnet (EKS User Guide,
            // cni-custom-network-tutorial.adoc).
            const association = new aws.ec2.VpcIpv4CidrBlockAssociation(`${name}-pod-cidr`, { vpcId: this.vpc.id, cidrBlock: config.pods.podCidr }, child);
            privateZones.forEach((zone, i) => {
                const subnet = new aws.ec2.Subnet(
                    `${name}-pods-${zone.zone}`,
                    {
                        vpcId: this.vpc.id,
                        availabilityZone: zone.zone,
                        cidrBlock: config.pods!.podSubnetCidrs[i],
                        mapPublicIpOnLaunch: false,
                        tags: withName(subnetTags, `${clusterName}-pods-${zone.zone}`),
                    },
                    // A subnet in the block can be created once the block is associated.
                    { ...child, dependsOn: [association] },
                );
                new aws.ec2.RouteTableAssociation(`${name}-pods-${zone.zone}`, { subnetId: subnet.id, routeTableId: zone.privateRouteTable!.id }, child);
                this.podSubnets.push({ zone: zone.zone, subnet });
            });
        }

        this.vpcId = this.vpc.id;
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.privateSubnetIds = this.zones.flatMap((z) => (z.privateSubnet ? [z.privateSubnet.id] : []));
        this.natGatewayPublicIps = this.natGateways.map((n) => n.publicIp);
        this.privateRouteTableIds = privateZones.map((z) => z.privateRouteTable!.id);
        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            natGatewayPublicIps: this.natGatewayPublicIps,
            privateRouteTableIds: this.privateRouteTableIds,
        });
    }

    /** Zones that get a NAT gateway: the first for `single`, all for `onePerAz`, none otherwise. */
    private natZoneIndexes(config: NetworkConfig, zoneCount: number): number[] {
        if (config.privateSubnetCidrs.length === 0 || config.natStrategy === "none") {
            return [];
        }
        return config.natStrategy === "single" ? [0] : Array.from({ length: zoneCount }, (_, i) => i);
    }
}
