// Builds the resources of an EKS environment the way the engine shows them to stack policies:
// either an existing stack (references hold known ids) or a new one in preview (references are
// unknown and only propertyDependencies link resources).
import karpenterData from "../data/karpenter.json";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { UNKNOWN } from "./validate";
import { TestStackResource } from "./validateStack";

export interface FixtureOptions {
    zones?: string[];
    nat?: "none" | "single" | "onePerAz";
    /** true: an existing stack (ids known); false: a new stack in preview (ids unknown). */
    knownIds?: boolean;
    endpoint?: { public: boolean; private: boolean };
    /** Route the VPN (10.100.0.0/16, admitted on 443) to a transit gateway from each private route table; default true. */
    vpnRoute?: boolean;
}

export const VPN_CIDR = "10.100.0.0/16";

type Reference = string | string[];

export class StackFixture {
    readonly resources: TestStackResource[] = [];

    constructor(readonly knownIds: boolean) {}

    /** The value a reference holds: the target's id (or `name.arn`, `name.name`), or unknown. */
    private valueOf(target: string): string {
        if (!this.knownIds) {
            return UNKNOWN;
        }
        const [name, attribute] = target.split(".");
        const resource = this.get(name);
        return resource.props[attribute ?? "id"];
    }

    /** Adds a resource; `refs` maps property paths ("subnetId", "vpcConfig.subnetIds") to target names. */
    add(type: string, name: string, props: Record<string, any>, refs: Record<string, Reference> = {}): TestStackResource {
        const resource: TestStackResource = { type, name, props: { ...props }, deps: {} };
        if (!("id" in resource.props) && this.knownIds) {
            resource.props.id = `${name}-id`;
        }
        for (const [path, reference] of Object.entries(refs)) {
            const keys = path.split(".");
            let holder = resource.props;
            for (const key of keys.slice(0, -1)) {
                holder = holder[key] = { ...(holder[key] ?? {}) };
            }
            const targets = Array.isArray(reference) ? reference : [reference];
            holder[keys[keys.length - 1]] = Array.isArray(reference) ? targets.map((t) => this.valueOf(t)) : this.valueOf(targets[0]);
            resource.deps![keys[0]] = [...(resource.deps![keys[0]] ?? []), ...targets.map((t) => t.split(".")[0])];
        }
        this.resources.push(resource);
        return resource;
    }

    get(name: string): TestStackResource {
        const found = this.resources.find((r) => r.name === name);
        if (!found) {
            throw new Error(`fixture has no resource ${name}`);
        }
        return found;
    }

    remove(name: string): void {
        this.resources.splice(this.resources.indexOf(this.get(name)), 1);
    }
}

/** A VPC with public and private subnets per zone, NAT per the strategy, a cluster, nodes and Fargate. */
export function eksStack(options: FixtureOptions = {}): StackFixture {
    const zones = options.zones ?? ["us-east-1a", "us-east-1b", "us-east-1c"];
    const nat = options.nat ?? "onePerAz";
    const endpoint = options.endpoint ?? { public: false, private: true };
    const f = new StackFixture(options.knownIds ?? false);
    f.add(AWS.vpc, "vpc", { cidrBlock: "10.0.0.0/16", enableDnsSupport: true, enableDnsHostnames: true });
    f.add(NETWORK.internetGateway, "igw", {}, { vpcId: "vpc" });
    f.add(NETWORK.routeTable, "rt-public", {}, { vpcId: "vpc" });
    f.add(NETWORK.route, "route-public-igw", { destinationCidrBlock: "0.0.0.0/0" }, { routeTableId: "rt-public", gatewayId: "igw" });
    zones.forEach((zone, i) => {
        f.add(AWS.subnet, `public-${zone}`, { cidrBlock: `10.0.${96 + i * 8}.0/21`, availabilityZone: zone, tags: { "kubernetes.io/role/elb": "1" } }, { vpcId: "vpc" });
        f.add(NETWORK.routeTableAssociation, `assoc-public-${zone}`, {}, { subnetId: `public-${zone}`, routeTableId: "rt-public" });
    });
    const natZones = nat === "none" ? [] : nat === "single" ? [zones[0]] : zones;
    for (const zone of natZones) {
        f.add(NETWORK.eip, `eip-${zone}`, { domain: "vpc" });
        f.add(NETWORK.natGateway, `nat-${zone}`, {}, { subnetId: `public-${zone}`, allocationId: `eip-${zone}` });
    }
    zones.forEach((zone, i) => {
        f.add(AWS.subnet, `private-${zone}`, { cidrBlock: `10.0.${i * 32}.0/19`, availabilityZone: zone, mapPublicIpOnLaunch: false, tags: { "kubernetes.io/role/internal-elb": "1" } }, { vpcId: "vpc" });
        f.add(NETWORK.routeTable, `rt-private-${zone}`, {}, { vpcId: "vpc" });
        f.add(NETWORK.routeTableAssociation, `assoc-private-${zone}`, {}, { subnetId: `private-${zone}`, routeTableId: `rt-private-${zone}` });
        const natZone = nat === "single" ? zones[0] : zone;
        if (nat !== "none") {
            f.add(NETWORK.route, `route-private-${zone}`, { destinationCidrBlock: "0.0.0.0/0" }, { routeTableId: `rt-private-${zone}`, natGatewayId: `nat-${natZone}` });
        }
        if (options.vpnRoute ?? true) {
            // The transit gateway is shared from a network account: not declared in this stack.
            f.add(NETWORK.route, `route-private-${zone}-vpn`, { destinationCidrBlock: VPN_CIDR, transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { routeTableId: `rt-private-${zone}` });
        }
    });
    const privateSubnets = zones.map((z) => `private-${z}`);
    f.add(AWS.role, "cluster-role", { name: "cluster-role", arn: "arn:aws:iam::111122223333:role/cluster-role" });
    f.add(AWS.role, "node-role", { name: "node-role", arn: "arn:aws:iam::111122223333:role/node-role" });
    for (const policy of ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"]) {
        f.add(AWS.rolePolicyAttachment, `node-role-${policy}`, { policyArn: `arn:aws:iam::aws:policy/${policy}` }, { role: "node-role.name" });
    }
    f.add(AWS.securityGroup, "api-access", { description: "API access" }, { vpcId: "vpc" });
    f.add(AWS.securityGroupIngressRule, "api-access-vpn", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: VPN_CIDR }, { securityGroupId: "api-access" });
    f.add(
        AWS.cluster,
        "cluster",
        { name: "prod", version: "1.35", vpcConfig: { endpointPublicAccess: endpoint.public, endpointPrivateAccess: endpoint.private } },
        { roleArn: "cluster-role.arn", "vpcConfig.subnetIds": privateSubnets, "vpcConfig.securityGroupIds": ["api-access"] },
    );
    f.add(
        AWS.nodeGroup,
        "general",
        { instanceTypes: ["m6i.large"], capacityType: "ON_DEMAND", scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 6 }, diskSize: 50 },
        { clusterName: "cluster.name", nodeRoleArn: "node-role.arn", subnetIds: privateSubnets },
    );
    f.add(AWS.role, "fargate-role", { name: "fargate-role", arn: "arn:aws:iam::111122223333:role/fargate-role" });
    f.add(AWS.fargateProfile, "apps", { fargateProfileName: "apps", selectors: [{ namespace: "apps" }] }, { clusterName: "cluster.name", podExecutionRoleArn: "fargate-role.arn", subnetIds: privateSubnets });
    return f;
}

/**
 * The same environment on EKS Auto Mode: no node group, an Auto Mode node role of its own, and the
 * three capabilities on, as components/cluster.ts declares them.
 */
export function autoModeStack(options: FixtureOptions = {}): StackFixture {
    const f = eksStack(options);
    f.remove("general");
    f.add(AWS.role, "auto-node-role", { name: "auto-node-role", arn: "arn:aws:iam::111122223333:role/auto-node-role" });
    for (const policy of ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"]) {
        f.add(AWS.rolePolicyAttachment, `auto-node-role-${policy}`, { policyArn: `arn:aws:iam::aws:policy/${policy}` }, { role: "auto-node-role.name" });
    }
    const cluster = f.get("cluster");
    f.remove("cluster");
    const subnets = (cluster.deps!.vpcConfig ?? []).filter((name) => name.startsWith("private-") || name.startsWith("public-"));
    f.add(
        AWS.cluster,
        "cluster",
        {
            ...cluster.props,
            computeConfig: { enabled: true, nodePools: ["general-purpose", "system"] },
            storageConfig: { blockStorage: { enabled: true } },
            kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
        },
        { roleArn: "cluster-role.arn", "computeConfig.nodeRoleArn": "auto-node-role.arn", "vpcConfig.subnetIds": subnets, "vpcConfig.securityGroupIds": ["api-access"] },
    );
    return f;
}

export const KARPENTER_QUEUE_ARN = "arn:aws:sqs:us-east-1:111122223333:prod-karpenter";
const iamDocument = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements.map((s) => ({ Effect: "Allow", ...s })) });
const podTrust = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }] });
const launch = iamDocument({ Sid: "AllowScopedEC2InstanceActionsWithTags", Action: ["ec2:RunInstances", "ec2:CreateFleet"], Resource: "arn:aws:ec2:us-east-1:*:instance/*" });

export interface KarpenterOptions {
    /** The events forwarded to the queue (default: all five). */
    events?: string[];
    queuePolicy?: boolean;
    /** Grant sqs:ReceiveMessage on the queue (default true). */
    reads?: boolean;
}

/** Karpenter's AWS side as components/karpenter.ts declares it, on the fixture's cluster. */
export function withKarpenter(fixture: StackFixture, options: KarpenterOptions = {}): StackFixture {
    const known = fixture.knownIds;
    fixture.add(AWS.role, "karpenter", { name: "karpenter", arn: "arn:aws:iam::111122223333:role/karpenter", assumeRolePolicy: podTrust });
    fixture.add(AWS.policy, "lifecycle-policy", { arn: "arn:aws:iam::111122223333:policy/karpenter-lifecycle", policy: launch });
    fixture.add(AWS.rolePolicyAttachment, "lifecycle-attachment", {}, { role: "karpenter.name", policyArn: "lifecycle-policy.arn" });
    // The AWS provider's id of a queue is its URL.
    const url = "https://sqs.us-east-1.amazonaws.com/111122223333/prod-karpenter";
    fixture.add(AWS.sqsQueue, "queue", { ...(known ? { id: url } : {}), name: "prod-karpenter", arn: KARPENTER_QUEUE_ARN, url, messageRetentionSeconds: 300 });
    if (options.reads ?? true) {
        // Built from the queue's ARN: not known in a preview of a new stack.
        const reading = known ? iamDocument({ Sid: "AllowInterruptionQueueActions", Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"], Resource: KARPENTER_QUEUE_ARN }) : UNKNOWN;
        fixture.add(AWS.policy, "interruption-policy", { arn: "arn:aws:iam::111122223333:policy/karpenter-interruption", policy: reading });
        fixture.add(AWS.rolePolicyAttachment, "interruption-attachment", {}, { role: "karpenter.name", policyArn: "interruption-policy.arn" });
    }
    if (options.queuePolicy ?? true) {
        const policy = known ? JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] }, Action: "sqs:SendMessage", Resource: KARPENTER_QUEUE_ARN }] }) : UNKNOWN;
        fixture.add(AWS.sqsQueuePolicy, "queue-policy", { policy }, { queueUrl: "queue.url" });
    }
    for (const detailType of options.events ?? karpenterData.interruptionEvents.map((e) => e.detailType)) {
        const slug = detailType.toLowerCase().replace(/[^a-z]+/g, "-");
        fixture.add(AWS.eventRule, `rule-${slug}`, { name: `rule-${slug}`, eventPattern: JSON.stringify({ source: ["aws.ec2"], "detail-type": [detailType] }) });
        fixture.add(AWS.eventTarget, `target-${slug}`, {}, { rule: `rule-${slug}.name`, arn: "queue.arn" });
    }
    fixture.add(AWS.podIdentityAssociation, "binding", { namespace: "kube-system", serviceAccount: "karpenter" }, { clusterName: "cluster.name", roleArn: "karpenter.arn" });
    return fixture;
}
