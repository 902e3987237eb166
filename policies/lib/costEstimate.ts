// The monthly cost of an environment, line by line, from the same graph the stack rules use.
//
// Each line says which region's list price it uses (EC2 has its own price table per region, the rest
// us-east-1's, data/prices.json), and what it assumes that the stack does not say. What bills by
// the hour but cannot be priced (a size or type not known yet, a type without a price) is "unpriced"
// and makes the total a lower bound; what bills by use (data processing, Fargate pods, log volume
// unless a volume is assumed) is "not included" and never counted.
//
// Sources: the EKS User Guide for how EKS bills and launches what is priced here:
// - managed node groups launch On-Demand capacity "prioritized" in the order of instanceTypes, and
//   Spot capacity with a price- or capacity-optimized strategy over all of them
//   (nodes/managed-node-groups.adoc), so On-Demand is priced at the first type and Spot, as an
//   upper bound, at the dearest type's on-demand price;
// - a version past standard support bills extended support unless the upgrade policy is STANDARD
//   ("You will not incur extended support charges with this setting", view-upgrade-policy.adoc);
//   past extended support "your cluster is auto-upgraded to the oldest currently supported extended
//   version" (kubernetes-versions.adoc), so it still bills extended support;
// - control-plane logs bill "the standard CloudWatch Logs data ingestion and storage costs"
//   (observability/control-plane-logs.adoc).
import { PolicyResource } from "@pulumi/policy";
import { EKS_VERSIONS, supportStatus } from "./eksVersions";
import { BASE_PRICE_REGION, HOURS_PER_MONTH, instanceHourly, PRICES } from "./prices";
import { effective, ifKnown, isPresent, listOf, PropertyBag } from "./props";
import { detailTypesOf, karpenterControllers } from "./karpenter";
import karpenterData from "../data/karpenter.json";
import { AWS, isChildOf, NETWORK } from "./resourceTypes";
import { schedulesOf, weeklySizes } from "./nodeGroupSchedules";
import { selfManagedNodes } from "./selfManagedNodes";
import { label, StackContext } from "./stackContext";
import { StackRegion, stackRegion } from "./stackRegion";

export interface CostLine {
    /** What the line prices, the same from run to run while the thing priced stays (a URN and an aspect). */
    key: string;
    item: string;
    usd: number;
    /** The region whose list price the line uses. */
    priceRegion: string;
    /** What the figure assumes that the stack does not say. */
    assumption?: string;
    /** Nodes that can scale: the line's cost at the group's maxSize, and that size. */
    upToUsd?: number;
    upToNodes?: number;
}

export interface CostEstimateLines {
    lines: CostLine[];
    /** What bills by the hour or month but could not be priced: the total is a lower bound. */
    unpriced: string[];
    /** What bills by use and is never priced from a stack. */
    notIncluded: string[];
    /** The stack's region, when the caller or the resources say it. */
    region?: StackRegion;
}

export interface CostOptions {
    /** The day support status (and so the cluster-hour price) is judged on. */
    day: Date;
    /**
     * The stack's region when the caller knows it (its aws:region); null when the caller knows it is
     * not known (the resources cannot tell either); else read from the resources.
     */
    region?: StackRegion | null;
    /** Assumed CloudWatch Logs volume of each log group, in GiB a day; unset, log volume is not priced. */
    logGiBPerDay?: number;
}

/** "$1,310.91": every amount the pack and the reports show. */
export function formatUsd(amount: number): string {
    return `$${Math.abs(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Usage the estimate never prices, said once wherever a total is shown. */
export const USAGE_NOT_INCLUDED = "data transfer, NAT gateway and transit gateway data processing, load balancers and volumes that Kubernetes creates, KMS requests";

/** An EKS-optimized Amazon Linux 2023 or Bottlerocket node without a size of its own: EKS's default disk (20 GiB). */
const DEFAULT_NODE_DISK_GIB = 20;
/** A managed node group without instance types or a launch template type runs t3.medium (EKS's default). */
const DEFAULT_NODE_TYPE = "t3.medium";
/** The access host's Amazon Linux 2023 AMI root volume, which the program leaves to the AMI. */
const AL2023_ROOT_GIB = 8;
const ACCESS_HOST_COMPONENT = "eks-platform:access:AccessHost";

const positive = (value: unknown): number | undefined => (typeof value === "number" && value > 0 ? value : undefined);
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** Prices per GiB-month of the EBS volume types the estimate knows. */
function volumePrice(volumeType: string): number | undefined {
    return volumeType === "gp3" ? PRICES.ebs.gp3PerGBMonth : volumeType === "gp2" ? PRICES.ebs.gp2PerGBMonth : undefined;
}

/** A 1.x version older than every version of the calendar (whose support has long ended). */
function olderThanCalendar(version: string): boolean {
    const minor = (v: string) => (/^1\.(\d+)$/.exec(v) ? Number(v.split(".")[1]) : NaN);
    return minor(version) < Math.min(...EKS_VERSIONS.map((v) => minor(v.version)));
}

/** The support tier a cluster bills on the day, and why when it is not its version's own. */
export function billedSupport(version: string | null | undefined, supportType: string | undefined, day: Date): { tier: "standard" | "extended"; why?: string } {
    if (!version) {
        return { tier: "standard", why: "no version set: EKS creates it on its default version, in standard support" };
    }
    if (supportType === "STANDARD") {
        return supportStatus(version, day) === "standard" ? { tier: "standard" } : { tier: "standard", why: "upgrade policy STANDARD: EKS upgrades it at the end of standard support instead of billing extended support" };
    }
    const status = supportStatus(version, day);
    if (status === "extended") {
        return { tier: "extended" };
    }
    if (status === "ended" || (status === "unknown" && olderThanCalendar(version))) {
        return { tier: "extended", why: `${version} is past the end of extended support: EKS upgrades it to the oldest version in extended support, which bills extended support` };
    }
    return status === "unknown" ? { tier: "standard", why: `${version} is not in the EKS version calendar (policies/data/eks-versions.json): priced as a version in standard support` } : { tier: "standard" };
}

class Estimate {
    readonly lines: CostLine[] = [];
    readonly unpriced: string[] = [];
    readonly notIncluded: string[] = [];
    publicAddresses = 0;

    constructor(
        readonly context: StackContext,
        readonly region: StackRegion | undefined,
    ) {}

    /** A line priced with data/prices.json (us-east-1). */
    add(key: string, item: string, usd: number, assumption?: string): void {
        this.lines.push({ key, item, usd, priceRegion: BASE_PRICE_REGION, ...(assumption ? { assumption } : {}) });
    }

    /**
     * Instances of a type for a month, or why they cannot be priced; `max`: what they can scale to;
     * `shown`: how the item says the count, when it is an average.
     */
    instances(resource: PolicyResource, what: string, count: number, type: string, assumption?: string, max?: number, shown?: string): boolean {
        const price = instanceHourly(type, this.region?.name);
        if (!price) {
            this.unpriced.push(`${what}: ${type} has no on-demand price in policies/data/ec2-prices.json`);
            return false;
        }
        const upTo = max !== undefined && max > count ? { upToUsd: max * price.usd * HOURS_PER_MONTH, upToNodes: max } : {};
        this.lines.push({ key: `${resource.urn}#instances`, item: `${what}: ${shown ?? count} x ${type}`, usd: count * price.usd * HOURS_PER_MONTH, priceRegion: price.region, ...(assumption ? { assumption } : {}), ...upTo });
        return true;
    }

    volumes(resource: PolicyResource, what: string, count: number, sizeGiB: number, volumeType: string, assumption?: string, shown?: string): void {
        const perGiB = volumePrice(volumeType);
        if (perGiB === undefined) {
            this.unpriced.push(`${what}: ${volumeType} volumes have no price in policies/data/prices.json`);
            return;
        }
        this.add(`${resource.urn}#volumes`, `${what}: ${shown ?? count} x ${sizeGiB} GiB ${volumeType} volume${count === 1 ? "" : "s"}`, count * sizeGiB * perGiB, assumption);
    }
}

function controlPlanes(estimate: Estimate, day: Date): void {
    for (const cluster of estimate.context.clusters) {
        const key = `${cluster.urn}#control-plane`;
        // null: not set (EKS's default version); undefined: set, but not known yet.
        const version = isPresent(cluster.props, "version") ? ifKnown(() => cluster.props.version as string | null) : null;
        const supportType = ifKnown(() => effective<string>((cluster.props.upgradePolicy ?? {}) as PropertyBag, "supportType", "EXTENDED"));
        if (version === undefined && supportType !== "STANDARD") {
            // An unknown version may be past standard support: at least the standard rate.
            estimate.add(key, `${label(cluster)} control plane (standard support)`, PRICES.eks.clusterPerHourStandard * HOURS_PER_MONTH);
            estimate.unpriced.push(`${label(cluster)}: whether it bills extended support (+$${((PRICES.eks.clusterPerHourExtended - PRICES.eks.clusterPerHourStandard) * HOURS_PER_MONTH).toFixed(2)} a month), its Kubernetes version not being known yet`);
            continue;
        }
        const billed = billedSupport(version, supportType, day);
        const hourly = billed.tier === "extended" ? PRICES.eks.clusterPerHourExtended : PRICES.eks.clusterPerHourStandard;
        estimate.add(key, `${label(cluster)} control plane (${billed.tier} support${version ? `, Kubernetes ${version}` : ""})`, hourly * HOURS_PER_MONTH, billed.why);
    }
    for (const cluster of estimate.context.clusters) {
        provisionedTier(estimate, cluster);
        const remote = ifKnown(() => cluster.props.remoteNetworkConfig) as PropertyBag | undefined | null;
        if (remote && ifKnown(() => remote.remoteNodeNetworks)) {
            estimate.notIncluded.push(`the EKS Hybrid Nodes fee per vCPU-hour of the on-premises nodes that join ${label(cluster)} (https://aws.amazon.com/eks/pricing/), and their own hardware and network`);
        }
    }
    for (const capability of estimate.context.graph.ofType(EKS_CAPABILITY)) {
        const type = String(ifKnown(() => capability.props.type) ?? "a");
        estimate.notIncluded.push(`the hourly fee of ${label(capability)} (${type} capability) and of the resources it manages (https://aws.amazon.com/eks/pricing/; not in policies/data/prices.json)`);
    }
    for (const cluster of estimate.context.autoModeClusters) {
        estimate.notIncluded.push(`the EC2 instances EKS Auto Mode launches for ${label(cluster)} and its per-instance management fee on top of their EC2 price (https://aws.amazon.com/eks/pricing/)`);
    }
}

/** The launch template a managed node group uses, when it can be resolved. */
function launchTemplateOf(context: StackContext, group: PolicyResource): PolicyResource | undefined {
    if (!ifKnown(() => group.props.launchTemplate)) {
        return undefined;
    }
    return (context.graph.targetsOrNote(context.graph.references(group, ["launchTemplate", "id"], [AWS.launchTemplate])) ?? [])[0];
}

function nodeGroups(estimate: Estimate): void {
    const { context } = estimate;
    for (const group of context.nodeGroups) {
        const what = label(group);
        const desired = ifKnown(() => (group.props.scalingConfig as PropertyBag | undefined)?.desiredSize) as number | undefined;
        const max = ifKnown(() => (group.props.scalingConfig as PropertyBag | undefined)?.maxSize) as number | undefined;
        const types = ifKnown(() => listOf<string>(group.props, "instanceTypes"));
        const template = launchTemplateOf(context, group);
        const templateType = template ? (ifKnown(() => template.props.instanceType) as string | undefined) : undefined;
        if (desired === undefined || types === undefined) {
            estimate.unpriced.push(`${what}: its ${desired === undefined ? "desired size" : "instance types"}, not known yet`);
            continue;
        }
        // A schedule's weekly sizes replace the one desired size: nodes and their volumes come and go with it.
        const scheduled = scheduledNodes(estimate, group, what);
        const nodes = scheduled?.average ?? desired;
        const shown = scheduled?.shown;
        const candidates = types.length > 0 ? types : [templateType ?? DEFAULT_NODE_TYPE];
        const spot = ifKnown(() => group.props.capacityType) === "SPOT";
        if (spot && candidates.length > 1) {
            // Spot launches any of the types: the dearest on-demand price bounds them all.
            const priced = candidates.map((type) => ({ type, price: instanceHourly(type, estimate.region?.name) }));
            const missing = priced.filter((p) => !p.price).map((p) => p.type);
            if (missing.length > 0) {
                estimate.unpriced.push(`${what}: ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} no on-demand price in policies/data/ec2-prices.json`);
            } else {
                const dearest = priced.reduce((a, b) => (b.price!.usd > a.price!.usd ? b : a));
                estimate.instances(group, what, nodes, dearest.type, joined(`Spot nodes of ${candidates.join(", ")}, priced at the dearest type's on-demand price: an upper bound`, scheduled?.assumption), max, shown);
            }
        } else {
            const why = spot
                ? "Spot nodes priced at the on-demand price: an upper bound"
                : types.length > 1
                  ? `EKS launches On-Demand nodes in the order of ${types.join(", ")}: the first while it has capacity`
                  : types.length === 0
                    ? `no instance types: ${templateType ? "the launch template's type" : `EKS's default, ${DEFAULT_NODE_TYPE}`}`
                    : undefined;
            estimate.instances(group, what, nodes, candidates[0], joined(why, scheduled?.assumption), max, shown);
        }
        const mapping = template ? (ifKnown(() => listOf<PropertyBag>(template.props, "blockDeviceMappings")[0]) as PropertyBag | undefined) : undefined;
        const ebs = (mapping?.ebs ?? {}) as PropertyBag;
        // A group with a launch template has diskSize 0 in its state: the template's mapping sizes the disk.
        const size = positive(ifKnown(() => group.props.diskSize)) ?? positive(ifKnown(() => ebs.volumeSize));
        const volumeType = (ifKnown(() => ebs.volumeType) as string | undefined) ?? "gp3";
        estimate.volumes(group, what, nodes, size ?? DEFAULT_NODE_DISK_GIB, volumeType, size === undefined ? `EKS's default node disk of ${DEFAULT_NODE_DISK_GIB} GiB (the group sets no size)` : undefined, shown);
        const subnets = context.subnetsOf(group) ?? [];
        if (subnets.length > 0 && subnets.every((s) => s.mapsPublicIp === true)) {
            estimate.publicAddresses += nodes;
        }
    }
}

function selfManagedGroups(estimate: Estimate): void {
    const { context } = estimate;
    for (const group of context.selfManagedNodeGroups) {
        const what = `${label(group)} (self-managed)`;
        const nodes = selfManagedNodes(context.graph, group);
        const type = nodes.instanceTypes?.[0];
        if (nodes.desiredSize === undefined || !type) {
            estimate.unpriced.push(`${what}: its ${nodes.desiredSize === undefined ? "desired size" : "instance type"}, not known yet`);
            continue;
        }
        estimate.instances(group, what, nodes.desiredSize, type);
        estimate.volumes(group, what, nodes.desiredSize, nodes.rootVolumeGiB ?? DEFAULT_NODE_DISK_GIB, "gp3", nodes.rootVolumeGiB === undefined ? `an assumed ${DEFAULT_NODE_DISK_GIB} GiB gp3 root volume per node (the launch settings leave the size to the AMI)` : undefined);
        if (nodes.publicIp === true) {
            estimate.publicAddresses += nodes.desiredSize;
        }
    }
}

function instances(estimate: Estimate): void {
    for (const instance of estimate.context.graph.ofType(NETWORK.instance)) {
        const what = label(instance);
        const type = ifKnown(() => instance.props.instanceType) as string | undefined;
        if (!type) {
            estimate.unpriced.push(`${what}: its instance type, not known yet`);
            continue;
        }
        estimate.instances(instance, what, 1, type);
        const root = (ifKnown(() => instance.props.rootBlockDevice) ?? {}) as PropertyBag;
        const size = ifKnown(() => root.volumeSize) as number | undefined;
        const volumeType = (ifKnown(() => root.volumeType) as string | undefined) ?? "gp3";
        if (size !== undefined) {
            estimate.volumes(instance, what, 1, size, volumeType);
        } else if (isChildOf(instance.urn, ACCESS_HOST_COMPONENT)) {
            estimate.volumes(instance, what, 1, AL2023_ROOT_GIB, volumeType, `the Amazon Linux 2023 AMI's ${AL2023_ROOT_GIB} GiB root volume (the plan leaves the size to the AMI)`);
        } else {
            estimate.notIncluded.push(`the root volume of ${what} (its AMI's size)`);
        }
    }
}

function keysAndLogs(estimate: Estimate, logGiBPerDay: number | undefined): void {
    const keys = estimate.context.graph.ofType(NETWORK.kmsKey);
    if (keys.length > 0) {
        estimate.add("kms-keys", `${plural(keys.length, "KMS key")} ($1 a month each; each automatic rotation adds $1 a month)`, keys.length * PRICES.kms.keyPerMonth);
    }
    for (const group of estimate.context.graph.ofType("aws:cloudwatch/logGroup:LogGroup")) {
        const what = label(group);
        const days = ifKnown(() => group.props.retentionInDays) as number | undefined;
        const kept = days ? `kept ${days} days` : "kept forever";
        if (logGiBPerDay === undefined) {
            estimate.notIncluded.push(
                `the logs of ${what}: $${PRICES.cloudwatchLogs.ingestionPerGB.toFixed(2)} per GB ingested and $${PRICES.cloudwatchLogs.storagePerGBMonth.toFixed(2)} per GB-month stored, ${kept} (set logGiBPerDay in eks-monthly-cost-budget's config to price an assumed volume)`,
            );
            continue;
        }
        const assumption = `an assumed ${logGiBPerDay} GiB of logs a day (eks-monthly-cost-budget logGiBPerDay)`;
        const daysPerMonth = HOURS_PER_MONTH / 24;
        estimate.add(`${group.urn}#log-ingestion`, `${what}: log ingestion, ${logGiBPerDay} GiB a day`, logGiBPerDay * daysPerMonth * PRICES.cloudwatchLogs.ingestionPerGB, assumption);
        if (!days) {
            estimate.unpriced.push(`${what}: log storage, which grows every month (no retention)`);
            continue;
        }
        // Once the oldest logs expire, the group holds `days` days of them; billed compressed, so an upper bound.
        estimate.add(`${group.urn}#log-storage`, `${what}: log storage, ${days} days of ${logGiBPerDay} GiB`, logGiBPerDay * days * PRICES.cloudwatchLogs.storagePerGBMonth, `${assumption}; stored bytes priced uncompressed, an upper bound`);
    }
}

function network(estimate: Estimate): void {
    const { graph } = estimate.context;
    const nats = graph.ofType(NETWORK.natGateway).length;
    if (nats > 0) {
        estimate.add("nat-gateways", `${plural(nats, "NAT gateway")} (hours, before data processing)`, nats * PRICES.natGateway.perHour * HOURS_PER_MONTH);
    }
    const attachments = graph.ofType(NETWORK.transitGatewayAttachment).length;
    if (attachments > 0) {
        estimate.add("transit-gateway-attachments", `${plural(attachments, "transit gateway attachment")} (hours, before data processing)`, attachments * PRICES.transitGateway.perAttachmentHour * HOURS_PER_MONTH);
    }
    const addresses = estimate.publicAddresses + graph.ofType(NETWORK.eip).length;
    if (addresses > 0) {
        estimate.add("public-ipv4", plural(addresses, "public IPv4 address", "public IPv4 addresses"), addresses * PRICES.publicIPv4.perHour * HOURS_PER_MONTH);
    }
    for (const profile of estimate.context.fargateProfiles) {
        estimate.notIncluded.push(`the pods ${label(profile)} runs (Fargate bills each pod's vCPU and memory by the second)`);
    }
}

/**
 * Karpenter's nodes depend on the pending pods and on NodePools, Kubernetes objects no stack holds:
 * not included. Its interruption queue bills per request: idle, the controller long-polls it with
 * a 20-second wait and polls again at once (aws/karpenter-provider-aws @ v1.14.1
 * pkg/providers/sqs/sqs.go WaitTimeSeconds 20, pkg/controllers/interruption/controller.go
 * RequeueImmediately), 3 receives a minute; each event adds a receive and a delete. The rules
 * forward AWS service events, which EventBridge does not charge for.
 */
function karpenterCosts(estimate: Estimate): void {
    const { context } = estimate;
    const controllers = karpenterControllers(context);
    if (controllers.length === 0) {
        return;
    }
    for (const controller of controllers) {
        estimate.notIncluded.push(
            `the EC2 instances and volumes Karpenter launches through ${label(controller.association)}: they follow the pending pods and the NodePools, which are Kubernetes objects, not in the stack`,
        );
    }
    const graph = context.graph;
    const karpenterTypes = new Set(karpenterData.interruptionEvents.map((e) => e.detailType));
    const queues = new Set<PolicyResource>();
    for (const target of graph.ofType(AWS.eventTarget)) {
        const [queue] = graph.targetsOrNote(graph.references(target, ["arn"], [AWS.sqsQueue])) ?? [];
        const [rule] = graph.targetsOrNote(graph.references(target, ["rule"], [AWS.eventRule])) ?? [];
        if (queue && rule && (detailTypesOf(rule) ?? []).some((t) => karpenterTypes.has(t))) {
            queues.add(queue);
        }
    }
    const requests = 3 * 60 * HOURS_PER_MONTH;
    for (const queue of queues) {
        estimate.add(
            `${queue.urn}#requests`,
            `${label(queue)}: Karpenter's interruption queue, ${requests.toLocaleString("en-US")} receives a month`,
            (requests / 1e6) * PRICES.sqs.standardPerMillionRequests,
            `idle long polling (20 s), at $${PRICES.sqs.standardPerMillionRequests.toFixed(2)} per million requests; $0.00 while the account's requests stay within SQS's ${(PRICES.sqs.freeRequestsPerMonth / 1e6).toFixed(0)} million free a month; each interruption event adds two; its EventBridge rules forward AWS service events, which are free`,
        );
    }
}

/** The monthly estimate of the stack: priced lines, what could not be priced, what is not included. */
export function estimateMonthlyCost(context: StackContext, options: CostOptions): CostEstimateLines {
    const region = options.region === null ? undefined : (options.region ?? stackRegion(context.graph.resources));
    const estimate = new Estimate(context, region);
    controlPlanes(estimate, options.day);
    nodeGroups(estimate);
    selfManagedGroups(estimate);
    instances(estimate);
    keysAndLogs(estimate, options.logGiBPerDay);
    network(estimate);
    karpenterCosts(estimate);
    return { lines: estimate.lines, unpriced: estimate.unpriced, notIncluded: estimate.notIncluded, ...(region ? { region } : {}) };
}

/** "us-east-1 list prices of 2026-07-20", naming every region the lines' prices are from. */
export function priceBasis(estimate: CostEstimateLines, priceDate: string): string {
    const regions = [...new Set(estimate.lines.map((l) => l.priceRegion))];
    return `${(regions.length > 0 ? regions : [BASE_PRICE_REGION]).join(" and ")} list prices of ${priceDate}`;
}

/** The figures that are not the stack's region's prices, said as one sentence; undefined when all are. */
export function foreignPrices(estimate: CostEstimateLines): string | undefined {
    const region = estimate.region?.name;
    const foreign = estimate.lines.filter((l) => l.priceRegion !== region);
    if (foreign.length === 0) {
        return undefined;
    }
    const regions = [...new Set(foreign.map((l) => l.priceRegion))].join(", ");
    if (!region) {
        return `the stack's region is not known here: the figures are ${regions} list prices`;
    }
    const all = foreign.length === estimate.lines.length;
    return `${all ? "every figure is" : `${foreign.length} of ${estimate.lines.length} figures are`} ${regions} list prices, not ${region}'s (no source of ${region}'s prices is in policies/data)`;
}

const EKS_CAPABILITY = "aws:eks/capability:Capability";

const TIER_PER_HOUR: Readonly<Record<string, number>> = PRICES.eksProvisionedControlPlane.tierPerHour;

/** A provisioned control-plane tier, billed per tier-hour on top of the cluster hour (prices.json says its source). */
function provisionedTier(estimate: Estimate, cluster: PolicyResource): void {
    const tier = ifKnown(() => ((cluster.props.controlPlaneScalingConfig ?? {}) as PropertyBag).tier as string | undefined);
    if (tier === undefined && isPresent((cluster.props.controlPlaneScalingConfig ?? {}) as PropertyBag, "tier")) {
        estimate.unpriced.push(`${label(cluster)}: its provisioned control-plane tier, not known yet (from $${(TIER_PER_HOUR["tier-xl"] * HOURS_PER_MONTH).toFixed(2)} a month for tier-xl)`);
        return;
    }
    if (tier === undefined || tier === "standard") {
        return;
    }
    const hourly = TIER_PER_HOUR[tier];
    if (hourly === undefined) {
        estimate.unpriced.push(`${label(cluster)}: control-plane tier ${tier} has no price in policies/data/prices.json`);
        return;
    }
    estimate.add(`${cluster.urn}#control-plane-tier`, `${label(cluster)} provisioned control plane (${tier}, $${hourly}/h on top of the cluster hour)`, hourly * HOURS_PER_MONTH, "tier price from a secondary source quoting the AWS pricing page (2026-08-14)");
}

/** Two assumptions in one sentence, either of which may be absent. */
function joined(first: string | undefined, second: string | undefined): string | undefined {
    return first && second ? `${first}; ${second}` : (first ?? second);
}

/** The average number of nodes a group's schedules give it, and how to say it; undefined without schedules. */
function scheduledNodes(estimate: Estimate, group: PolicyResource, what: string): { average: number; shown: string; assumption: string } | undefined {
    const schedules = schedulesOf(estimate.context, group);
    if (schedules.length === 0) {
        return undefined;
    }
    const sizes = weeklySizes(schedules);
    if ("unreadable" in sizes) {
        estimate.unpriced.push(`${what}: ${sizes.unreadable}; priced at its desired size all week`);
        return undefined;
    }
    const parts = [...sizes.hours.entries()].sort((a, b) => b[0] - a[0]).map(([size, hours]) => `${size} for ${Number(hours.toFixed(1))} h`);
    const average = Number(sizes.average.toFixed(2));
    return {
        average: sizes.average,
        shown: `${average} on average`,
        assumption: `on its weekly schedule: ${parts.join(", ")} of the week's 168 h (the sizes the scheduled actions set; a size changed by hand in between is not counted)`,
    };
}
