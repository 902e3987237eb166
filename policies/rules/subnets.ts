// Stack rules on where EKS compute runs: private subnets, egress, zones, addresses.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { blockSize, parseIpv4Cidr } from "../lib/cidr";
import { findInstanceType, InstanceType } from "../lib/instanceTypes";
import { effective, ifKnown, isPresent, listOf, PropertyBag } from "../lib/props";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { SubnetFacts } from "../lib/networkTopology";
import { AUTOSCALING_GROUP, selfManagedNodes } from "../lib/selfManagedNodes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, StackContext, stackValidation } from "../lib/stackContext";
import { prefixAddressesPerNode, prefixMaxPods } from "../lib/maxPods";
import { cniSettingsOf } from "../lib/vpcCni";
import { ipFamilyOf } from "../lib/ipFamily";

// Source: Amazon EKS User Guide, "Define which Pods use AWS Fargate when launched": "Only private
// subnets (with no direct route to an Internet Gateway) are supported for Pods running on Fargate."
export const fargatePrivateSubnets: StackValidationPolicy = {
    name: "eks-fargate-private-subnets",
    description: "Every subnet of every Fargate profile is private: no route to an internet gateway and no public IPs on launch.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        for (const { host, subnets } of context.placements(context.fargateProfiles)) {
            for (const facts of subnets) {
                const where = `${label(host)} uses ${label(facts.subnet)}`;
                if (facts.internetRoute === true) {
                    reportViolation(`${where}, whose route table routes to an internet gateway; EKS runs Fargate pods only in private subnets. Use subnets that route through a NAT gateway.`, host.urn);
                } else if (facts.internetRoute === undefined) {
                    context.note(`the routes of ${label(facts.subnet)}`);
                }
                if (facts.mapsPublicIp === true) {
                    reportViolation(`${where}, which gives instances public IPs on launch (mapPublicIpOnLaunch); Fargate needs private subnets. Use a private subnet.`, host.urn);
                }
            }
        }
    }),
};

// Source: EKS Best Practices (Security, "Infrastructure security"): run nodes in private subnets.
export const nodesPrivateSubnets: StackValidationPolicy = {
    name: "eks-nodes-private-subnets",
    description: "Node groups, managed and self-managed (Auto Scaling groups of EKS nodes), run only in private subnets, with no route to an internet gateway, and their nodes get no public IP.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        for (const { host, subnets } of context.placements(context.nodeHosts)) {
            const what = hostLabel(host);
            for (const facts of subnets) {
                if (facts.internetRoute === true) {
                    const fix = host.type === AWS.cluster ? "Give the cluster private subnets (Auto Mode nodes use them)" : "Put node groups in private subnets";
                    reportViolation(`${what} places nodes in ${label(facts.subnet)}, which routes to an internet gateway. ${fix}.`, host.urn);
                } else if (facts.internetRoute === undefined) {
                    context.note(`the routes of ${label(facts.subnet)}`);
                }
            }
        }
        // Whatever its subnets (known or not, in this stack or another), a public IP is a violation.
        for (const host of context.selfManagedNodeGroups) {
            const nodes = selfManagedNodes(context.graph, host);
            if (nodes.publicIp === true) {
                reportViolation(`${hostLabel(host)} gives its nodes public IP addresses (associatePublicIpAddress in ${nodes.launchSpec ? label(nodes.launchSpec) : "its launch specification"}), so each is reachable from the internet wherever its security groups allow. Set associatePublicIpAddress: false and reach the internet through NAT.`, host.urn);
            }
        }
    }),
};

/** Names a node host, saying when it is a self-managed group or an Auto Mode cluster. */
function hostLabel(host: PolicyResource): string {
    if (host.type === AUTOSCALING_GROUP) {
        return `${label(host)} (self-managed EKS nodes)`;
    }
    return host.type === AWS.cluster ? `${label(host)} (EKS Auto Mode, nodes in the cluster's subnets)` : label(host);
}

/** Interface endpoints (and the S3 gateway) nodes need without internet egress. */
export const NODE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "s3", "sts", "ec2", "logs"];

interface EgressSettings {
    requiredEndpoints: string[];
}
const egressDefaults: EgressSettings = { requiredEndpoints: [...NODE_ENDPOINT_SERVICES] };

// Source: Amazon EKS User Guide, "Deploy private clusters with limited internet access" (the VPC
// endpoints a cluster without outbound internet access needs) and "Subnet requirements" (nodes in
// private subnets need NAT for outbound access).
export const privateSubnetEgress: StackValidationPolicy = {
    name: "eks-private-subnet-egress",
    description: "Private subnets that host nodes or Fargate pods have a default route through a NAT gateway, or the VPC has the endpoints nodes need.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults({ properties: { requiredEndpoints: { type: "array", items: { type: "string" }, uniqueItems: true } } }, { ...egressDefaults }),
    validateStack: stackValidation((context, reportViolation, args) => {
        const { requiredEndpoints } = settingsOf(args, egressDefaults);
        const endpointsByVpc = new Map<string, Set<string>>();
        for (const endpoint of context.graph.ofType(NETWORK.vpcEndpoint)) {
            const vpc = context.network.vpcOf(endpoint);
            const service = ifKnown(() => endpoint.props.serviceName) as string | undefined;
            if (vpc && service) {
                const suffix = requiredEndpoints.find((s) => service.endsWith(`.${s}`));
                if (suffix) {
                    endpointsByVpc.set(vpc.urn, new Set([...(endpointsByVpc.get(vpc.urn) ?? []), suffix]));
                }
            }
        }
        for (const { host, subnets } of context.placements([...context.nodeHosts, ...context.fargateProfiles])) {
            for (const facts of subnets) {
                if (facts.internetRoute !== false) {
                    if (facts.internetRoute === undefined) {
                        context.note(`the routes of ${label(facts.subnet)}`);
                    }
                    continue;
                }
                if (facts.defaultRouteNats === undefined) {
                    context.note(`the default route of ${label(facts.subnet)}`);
                    continue;
                }
                const endpoints = facts.vpc ? endpointsByVpc.get(facts.vpc.urn) ?? new Set<string>() : new Set<string>();
                const missing = requiredEndpoints.filter((s) => !endpoints.has(s));
                if (facts.defaultRouteNats.length === 0 && missing.length > 0) {
                    reportViolation(
                        `${label(host)} runs in ${label(facts.subnet)}, which has no default route through a NAT gateway and whose VPC lacks the endpoints ${missing.join(", ")}; nodes cannot pull images or reach AWS APIs. Add a 0.0.0.0/0 route to a NAT gateway, or the VPC endpoints.`,
                        host.urn,
                    );
                }
            }
        }
    }),
};

interface ZoneSettings {
    minZones: number;
    minNodeGroupZones: number;
}
const zoneDefaults: ZoneSettings = { minZones: 2, minNodeGroupZones: 2 };

// Source: Amazon EKS User Guide, "View Amazon EKS networking requirements for VPC and subnets":
// cluster subnets must be in at least two Availability Zones.
export const subnetsMultiAz: StackValidationPolicy = {
    name: "eks-subnets-multi-az",
    description: "Cluster subnets span at least the configured number of zones (EKS requires two), and each node group spans at least two.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults(
        { properties: { minZones: { type: "integer", minimum: 2, maximum: 6 }, minNodeGroupZones: { type: "integer", minimum: 1, maximum: 6 } } },
        { ...zoneDefaults },
    ),
    validateStack: stackValidation((context, reportViolation, args) => {
        const settings = settingsOf(args, zoneDefaults);
        const check = (hosts: typeof context.clusters, minimum: number, what: string) => {
            for (const { host, subnets } of context.placements(hosts)) {
                const zones = subnets.map((s) => s.zone);
                if (zones.some((z) => z === undefined)) {
                    context.note(`the zones of ${label(host)}'s subnets`);
                    continue;
                }
                const distinct = [...new Set(zones)];
                if (distinct.length < minimum) {
                    reportViolation(`${label(host)} ${what} ${distinct.length} zone${distinct.length === 1 ? "" : "s"} (${distinct.join(", ") || "none"}); at least ${minimum} are required. Add subnets in other zones.`, host.urn);
                }
            }
        };
        check(context.clusters, settings.minZones, "has subnets in");
        // An Auto Mode cluster's nodes use the cluster's subnets, judged by the line above.
        check(context.nodeHosts.filter((h) => h.type !== AWS.cluster), settings.minNodeGroupZones, "spans");
    }),
};

// Source: AWS NAT gateway docs ("Create a NAT gateway in each Availability Zone ... so that resources
// do not depend on a NAT gateway in another zone") and the EKS Best Practices reliability guide.
export const natPerAz: StackValidationPolicy = {
    name: "eks-nat-per-az",
    description: "Each zone with node or Fargate subnets routes through a NAT gateway in the same zone.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: stackValidation((context, reportViolation) => {
        const seen = new Set<string>();
        for (const { subnets } of context.placements([...context.nodeHosts, ...context.fargateProfiles])) {
            for (const facts of subnets) {
                if (seen.has(facts.subnet.urn) || facts.internetRoute !== false) {
                    continue;
                }
                seen.add(facts.subnet.urn);
                if (facts.defaultRouteNats === undefined || facts.zone === undefined) {
                    context.note(`the zone of ${label(facts.subnet)}'s NAT gateway`);
                    continue;
                }
                for (const nat of facts.defaultRouteNats) {
                    const natZone = context.network.natZone(nat);
                    if (natZone === undefined) {
                        context.note(`the zone of ${label(nat)}`);
                    } else if (natZone !== facts.zone) {
                        reportViolation(
                            `${label(facts.subnet)} in ${facts.zone} sends its traffic through ${label(nat)} in ${natZone}; losing ${natZone} cuts off ${facts.zone} too. Give each zone its own NAT gateway (natStrategy onePerAz).`,
                            facts.subnet.urn,
                        );
                    }
                }
            }
        }
    }),
};

/** The largest size and the instance types of a managed or self-managed node group. */
function nodeShape(context: StackContext, host: PolicyResource): { maxSize: number | undefined; types: string[] | undefined } {
    if (host.type === AUTOSCALING_GROUP) {
        const nodes = selfManagedNodes(context.graph, host);
        return { maxSize: nodes.maxSize, types: nodes.instanceTypes };
    }
    const scaling = ifKnown(() => host.props.scalingConfig as PropertyBag | undefined);
    const maxSize = scaling ? (ifKnown(() => scaling.maxSize) as number | undefined) : undefined;
    // A managed node group without instance types runs t3.medium (EKS CreateNodegroup default).
    const types = ifKnown(() => (listOf<string>(host.props, "instanceTypes").length > 0 ? listOf<string>(host.props, "instanceTypes") : ["t3.medium"]));
    return { maxSize, types };
}

/** AWS reserves five addresses in every subnet. */
export const RESERVED_ADDRESSES = 5;

/** Nodes of a group that can land in one of its subnets: balanced, with one zone lost. */
export function nodesPerSubnet(maxSize: number, subnetCount: number): number {
    return subnetCount <= 1 ? maxSize : Math.ceil(maxSize / (subnetCount - 1));
}

// Source: Amazon EKS User Guide "Subnet requirements" and the VPC CNI (each node takes up to
// ENIs x IPv4-per-ENI addresses: max pods from the amazon-eks-ami ENI table, plus its own; with
// prefix delegation, /28 prefixes for its max pods plus a warm one, lib/vpcCni.ts; with custom
// networking, one address in the node's subnet and its pod ENIs in the pod subnet of its zone; in
// an IPv6 cluster one IPv4 address, the node's: "Pods are assigned only an IPv6 address", from a
// /80 prefix of the subnet's /64, EKS User Guide, network-reqs.adoc and cni-ipv6).
// Whether a subnet still has contiguous free /28 blocks depends on how its addresses are scattered
// when the nodes start (InsufficientCidrBlocks), which no plan can tell.
export const subnetIpCapacity: StackValidationPolicy = {
    name: "eks-subnet-ip-capacity",
    description: "Subnets hosting nodes, and the pod subnets of custom networking, have enough IPv4 addresses for the nodes and pods their node groups can reach at maxSize (in an IPv6 cluster, for the nodes only).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        const demand = new Map<string, { subnet: PolicyResource; addresses: number; parts: string[] }>();
        const add = (subnet: PolicyResource, addresses: number, part: string) => {
            const entry = demand.get(subnet.urn) ?? { subnet, addresses: 0, parts: [] };
            entry.addresses += addresses;
            entry.parts.push(part);
            demand.set(subnet.urn, entry);
        };
        // Auto Mode sizes its nodes from the pods' requests, within NodePool limits kept in Kubernetes:
        // no maximum to count from here.
        for (const { host, subnets } of context.placements(context.nodeHosts.filter((h) => h.type !== AWS.cluster))) {
            const { maxSize, types } = nodeShape(context, host);
            if (maxSize === undefined || types === undefined) {
                context.note(`the size of ${label(host)}`);
                continue;
            }
            const cluster = context.clusterOf(host);
            const family = cluster ? ipFamilyOf(cluster) : "ipv4";
            if (family === undefined) {
                context.note(`the IP family of ${label(cluster!)}`);
                continue;
            }
            const nodes = nodesPerSubnet(maxSize, subnets.length);
            if (family === "ipv6") {
                for (const facts of subnets) {
                    add(facts.subnet, nodes, `${label(host)}: ${nodes} nodes x 1 address (IPv6 cluster: pods take IPv6 addresses)`);
                }
                continue;
            }
            const specs = types.map((t) => findInstanceType(t));
            if (specs.some((s) => !s)) {
                context.note(`the max pods of ${types.filter((t) => !findInstanceType(t)).join(", ")} (no instance data)`);
                continue;
            }
            const cni = cniSettingsOf(context, host);
            if (cni === undefined) {
                continue;
            }
            const known = specs as InstanceType[];
            const custom = cni.customNetworking;
            // The ENIs pods use: all, or all but the primary one with custom networking.
            const podEnis = (s: InstanceType) => (custom ? s.maxEnis - 1 : s.maxEnis);
            let perNode: number;
            let how: string;
            if (cni.prefixes) {
                const settings = cni.prefixes;
                const maxPods = Math.min(...known.map(prefixMaxPods));
                perNode = Math.max(...known.map((s) => prefixAddressesPerNode(s, maxPods, settings, podEnis(s))));
                how = `${types.join("/")}, prefix delegation: ${maxPods} max pods in /28 prefixes, ${settings.warmPrefixes} kept free, and the ENIs' own addresses`;
            } else {
                perNode = Math.max(...known.map((s) => podEnis(s) * s.ipv4PerEni));
                how = types.join("/");
            }
            for (const facts of subnets) {
                if (!custom) {
                    add(facts.subnet, nodes * perNode, `${label(host)}: ${nodes} nodes x ${perNode} addresses (${how})`);
                    continue;
                }
                // The node's own address stays in its subnet; its pods' ENIs go to the pod subnet.
                add(facts.subnet, nodes, `${label(host)}: ${nodes} nodes x 1 address (custom networking: pods in the pod subnet of the zone)`);
                const podSubnet = podSubnetOf(context, custom.podSubnetIds, facts, host);
                if (podSubnet) {
                    add(podSubnet, nodes * perNode, `${label(host)}'s pods on ${nodes} nodes in ${facts.zone}: ${nodes} x ${perNode} addresses (${how}, custom networking)`);
                }
            }
        }
        for (const { subnet, addresses, parts } of demand.values()) {
            const cidr = ifKnown(() => subnet.props.cidrBlock) as string | undefined;
            const parsed = cidr ? parseIpv4Cidr(cidr) : undefined;
            if (!parsed) {
                context.note(`the CIDR of ${label(subnet)}`);
                continue;
            }
            const usable = blockSize(parsed.prefixLength) - RESERVED_ADDRESSES;
            if (addresses > usable) {
                reportViolation(
                    `${label(subnet)} (${cidr}, ${usable} usable addresses) is too small for ${addresses} addresses at maxSize: ${parts.join("; ")}. Use a larger subnet, or fewer or smaller nodes.`,
                    subnet.urn,
                );
            }
        }
    }),
};

/**
 * The pod subnet of a node subnet's zone under custom networking, when the stack declares it;
 * undefined (noted where it cannot be told) otherwise. A zone with none is
 * eks-custom-networking-pod-subnets' finding.
 */
function podSubnetOf(context: StackContext, podSubnetIds: Record<string, string> | undefined, facts: SubnetFacts, host: PolicyResource): PolicyResource | undefined {
    if (!podSubnetIds) {
        context.note(`the pod subnets of ${label(host)} (ENIConfigs not declared in the stack)`);
        return undefined;
    }
    const id = facts.zone ? podSubnetIds[facts.zone] : undefined;
    if (!id) {
        return undefined;
    }
    const subnet = context.graph.ofType(AWS.subnet).find((s) => ifKnown(() => s.props.id) === id);
    if (!subnet) {
        context.note(`pod subnet ${id} of ${facts.zone}, not declared in this stack`);
    }
    return subnet;
}

// Source: aws/amazon-vpc-cni-k8s README (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "the subnet in the
// ENIConfig must belong to the same Availability Zone that the worker node resides in";
// ENI_CONFIG_LABEL_DEF topology.kubernetes.io/zone selects the ENIConfig named after the zone).
export const customNetworkingPodSubnets: StackValidationPolicy = {
    name: "eks-custom-networking-pod-subnets",
    description: "With VPC CNI custom networking, every zone a node group has nodes in has an ENIConfig, named after the zone, whose pod subnet is in that zone.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        const custom = new Map<PolicyResource, Record<string, string>>();
        for (const host of context.nodeHosts.filter((h) => h.type !== AWS.cluster)) {
            const podSubnetIds = cniSettingsOf(context, host)?.customNetworking?.podSubnetIds;
            if (podSubnetIds) {
                custom.set(host, podSubnetIds);
            }
        }
        for (const { host, subnets } of context.placements([...custom.keys()])) {
            const podSubnetIds = custom.get(host)!;
            const zones = [...new Set(subnets.map((f) => f.zone))];
            if (zones.includes(undefined)) {
                context.note(`the zones of ${label(host)}'s subnets`);
            }
            for (const zone of zones.filter((z): z is string => z !== undefined)) {
                const id = podSubnetIds[zone];
                if (!id) {
                    reportViolation(
                        `${label(host)} has nodes in ${zone}, and no ENIConfig of the vpc-cni add-on is named after it: the VPC CNI gives those nodes no pod addresses (custom networking). Add a pod subnet in ${zone} to the add-on's eniConfig.subnets.`,
                        host.urn,
                    );
                    continue;
                }
                const subnet = context.graph.ofType(AWS.subnet).find((s) => ifKnown(() => s.props.id) === id);
                const actual = subnet ? (ifKnown(() => subnet.props.availabilityZone) as string | undefined) : undefined;
                if (subnet && actual && actual !== zone) {
                    reportViolation(`The ENIConfig for ${zone} names ${label(subnet)}, which is in ${actual}: pods of ${label(host)}'s nodes in ${zone} get no addresses. Name a subnet of ${zone}.`, subnet.urn);
                }
            }
        }
    }),
};

/** The subnet has an IPv6 block: given, from IPAM, or IPv6-only; an unknown block counts as one. */
function hasIpv6Block(subnet: PolicyResource): boolean {
    const block = ifKnown(() => subnet.props.ipv6CidrBlock);
    const given = isPresent(subnet.props, "ipv6CidrBlock") && block !== "" && block !== null;
    return given || isPresent(subnet.props, "ipv6IpamPoolId") || ifKnown(() => subnet.props.ipv6Native) === true;
}

// Source: EKS User Guide, eks-networking-add-ons.adoc (cni-ipv6): "the VPC and subnets that you
// specify must have an IPv6 CIDR block"; "When you create your nodes, you must specify subnets that
// are configured to auto-assign IPv6 addresses. Otherwise, you can't deploy your nodes"; "Each
// Fargate Pod receives an IPv6 address from the CIDR that's specified for the subnet".
export const ipv6Subnets: StackValidationPolicy = {
    name: "eks-ipv6-subnets",
    description: "In an IPv6 cluster, the subnets of the control plane, node groups and Fargate profiles have an IPv6 block, and node subnets assign IPv6 addresses on launch.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: stackValidation((context, reportViolation) => {
        const ipv6Clusters = new Set(context.graph.ofType(AWS.cluster).filter((c) => ipFamilyOf(c) === "ipv6"));
        if (ipv6Clusters.size === 0) {
            return;
        }
        const hosts = [...ipv6Clusters, ...[...context.nodeGroups, ...context.fargateProfiles].filter((h) => ipv6Clusters.has(context.clusterOf(h)!))];
        const reported = new Set<string>();
        for (const { host, subnets } of context.placements(hosts)) {
            const who = host.type === AWS.cluster ? "its control plane uses" : `${label(host)} runs ${host.type === AWS.fargateProfile ? "Fargate pods" : "nodes"} in`;
            const cluster = host.type === AWS.cluster ? host : context.clusterOf(host)!;
            for (const { subnet } of subnets) {
                if (!hasIpv6Block(subnet)) {
                    if (!reported.has(subnet.urn)) {
                        reported.add(subnet.urn);
                        reportViolation(
                            `${label(subnet)} has no IPv6 block, and ${label(cluster)} is an IPv6 cluster: ${who} it. EKS needs an IPv6 block on every subnet of an IPv6 cluster; give the subnet a /64 of the VPC's IPv6 block (ipv6CidrBlock).`,
                            subnet.urn,
                        );
                    }
                    continue;
                }
                const assigns = ifKnown(() => effective<boolean>(subnet.props, "assignIpv6AddressOnCreation", false));
                if (host.type === AWS.nodeGroup && assigns === false && !reported.has(subnet.urn)) {
                    reported.add(subnet.urn);
                    reportViolation(
                        `${label(subnet)} does not assign IPv6 addresses on launch, and ${label(host)} of IPv6 cluster ${label(cluster)} runs nodes there: EKS cannot deploy nodes to it. Set assignIpv6AddressOnCreation: true.`,
                        subnet.urn,
                    );
                }
            }
        }
    }),
};
