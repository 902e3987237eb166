// Stack rule on the estimated monthly cost.
// Sources: prices in data/prices.json (us-east-1; EKS cluster hours from the AWS Containers blog,
// EC2 from the AWS Price List API via Karpenter's generated table, NAT/IPv4/EBS from secondary sources).
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { supportStatus } from "../lib/eksVersions";
import { DAY, evaluationDay } from "../lib/evaluationDate";
import { HOURS_PER_MONTH, instanceHourly, PRICES } from "../lib/prices";
import { effective, ifKnown, listOf, PropertyBag } from "../lib/props";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { selfManagedNodes } from "../lib/selfManagedNodes";
import { label, StackContext, stackValidation } from "../lib/stackContext";
import { notApplicable } from "../lib/notApplicable";


interface BudgetSettings {
    monthlyBudgetUsd?: number;
    evaluationDate?: string;
}

export interface CostLine {
    item: string;
    usd: number;
}

/** The lines, and what is known to cost money but cannot be priced from the stack. */
export interface CostEstimateLines {
    lines: CostLine[];
    notIncluded: string[];
}

/**
 * EKS Auto Mode bills a management fee per instance it runs, by instance type, on top of the EC2
 * price (https://aws.amazon.com/eks/pricing/, "Amazon EKS Auto Mode"); which instances, and how
 * many, Auto Mode decides from the pods at run time, so neither is priced here.
 */
export function autoModeNotIncluded(cluster: PolicyResource): string {
    return `the EC2 instances EKS Auto Mode launches for ${label(cluster)} and its per-instance management fee on top of their EC2 price (https://aws.amazon.com/eks/pricing/)`;
}

function clusterHourly(cluster: PolicyResource, day: Date): number {
    const version = ifKnown(() => String(cluster.props.version ?? ""));
    const policy = ifKnown(() => effective<string>((cluster.props.upgradePolicy ?? {}) as PropertyBag, "supportType", "EXTENDED"));
    const extended = version && policy === "EXTENDED" && supportStatus(version, day) === "extended";
    return extended ? PRICES.eks.clusterPerHourExtended : PRICES.eks.clusterPerHourStandard;
}

function rootVolumeGiB(context: StackContext, group: PolicyResource): number {
    const own = ifKnown(() => group.props.diskSize) as number | undefined;
    if (typeof own === "number") {
        return own;
    }
    const [template] = context.graph.targetsOrNote(context.graph.references(group, ["launchTemplate", "id"], [AWS.launchTemplate])) ?? [];
    const mapping = template ? (listOf<PropertyBag>(template.props, "blockDeviceMappings")[0] as PropertyBag | undefined) : undefined;
    const size = mapping ? (ifKnown(() => (mapping.ebs as PropertyBag | undefined)?.volumeSize) as number | undefined) : undefined;
    return typeof size === "number" ? size : 20;
}

/** The monthly estimate, line by line; unknown prices are noted and left out. */
export function estimateMonthlyCost(context: StackContext, day: Date): CostEstimateLines {
    const lines: CostLine[] = [];
    const notIncluded = context.autoModeClusters.map(autoModeNotIncluded);
    for (const cluster of context.clusters) {
        const hourly = clusterHourly(cluster, day);
        lines.push({ item: `${label(cluster)} control plane (${hourly === PRICES.eks.clusterPerHourExtended ? "extended" : "standard"} support)`, usd: hourly * HOURS_PER_MONTH });
    }
    const nats = context.graph.ofType(NETWORK.natGateway);
    if (nats.length > 0) {
        lines.push({ item: `${nats.length} NAT gateway${nats.length === 1 ? "" : "s"} (hours, before data processing)`, usd: nats.length * PRICES.natGateway.perHour * HOURS_PER_MONTH });
    }
    let publicAddresses = context.graph.ofType(NETWORK.eip).length;
    for (const group of context.nodeGroups) {
        const desired = ifKnown(() => (group.props.scalingConfig as PropertyBag | undefined)?.desiredSize) as number | undefined;
        const types = listOf<string>(group.props, "instanceTypes");
        const type = types[0] ?? "t3.medium";
        const hourly = instanceHourly(type);
        if (desired === undefined || hourly === undefined) {
            context.note(desired === undefined ? `the desired size of ${label(group)}` : `the price of ${type} (not in policies/data/prices.json)`);
            continue;
        }
        const spot = ifKnown(() => group.props.capacityType) === "SPOT" ? ", Spot priced at on-demand as an upper bound" : "";
        lines.push({ item: `${label(group)}: ${desired} x ${type}${spot}`, usd: desired * hourly * HOURS_PER_MONTH });
        const disk = rootVolumeGiB(context, group);
        lines.push({ item: `${label(group)}: ${desired} x ${disk} GiB gp3 root volumes`, usd: desired * disk * PRICES.ebs.gp3PerGBMonth });
        const subnets = context.subnetsOf(group) ?? [];
        if (subnets.length > 0 && subnets.every((s) => s.mapsPublicIp === true)) {
            publicAddresses += desired;
        }
    }
    for (const group of context.selfManagedNodeGroups) {
        const nodes = selfManagedNodes(context.graph, group);
        const type = nodes.instanceTypes?.[0];
        const hourly = type ? instanceHourly(type) : undefined;
        if (nodes.desiredSize === undefined || hourly === undefined) {
            context.note(nodes.desiredSize === undefined ? `the desired size of ${label(group)}` : type ? `the price of ${type} (not in policies/data/prices.json)` : `the instance type of ${label(group)}`);
            continue;
        }
        lines.push({ item: `${label(group)} (self-managed): ${nodes.desiredSize} x ${type}`, usd: nodes.desiredSize * hourly * HOURS_PER_MONTH });
        const disk = nodes.rootVolumeGiB ?? 20;
        lines.push({ item: `${label(group)} (self-managed): ${nodes.desiredSize} x ${disk} GiB root volumes`, usd: nodes.desiredSize * disk * PRICES.ebs.gp3PerGBMonth });
        if (nodes.publicIp === true) {
            publicAddresses += nodes.desiredSize;
        }
    }
    for (const instance of context.graph.ofType(NETWORK.instance)) {
        const type = ifKnown(() => instance.props.instanceType) as string | undefined;
        const hourly = type ? instanceHourly(type) : undefined;
        if (hourly === undefined) {
            context.note(type ? `the price of ${type} (not in policies/data/prices.json)` : `the instance type of ${label(instance)}`);
            continue;
        }
        lines.push({ item: `${label(instance)}: ${type} (root volume not included)`, usd: hourly * HOURS_PER_MONTH });
    }
    const attachments = context.graph.ofType(NETWORK.transitGatewayAttachment).length;
    if (attachments > 0) {
        lines.push({ item: `${attachments} transit gateway attachment${attachments === 1 ? "" : "s"} (hours, before data processing)`, usd: attachments * PRICES.transitGateway.perAttachmentHour * HOURS_PER_MONTH });
    }
    if (publicAddresses > 0) {
        lines.push({ item: `${publicAddresses} public IPv4 address${publicAddresses === 1 ? "" : "es"}`, usd: publicAddresses * PRICES.publicIPv4.perHour * HOURS_PER_MONTH });
    }
    return { lines, notIncluded };
}

export const monthlyCostBudget: StackValidationPolicy = {
    name: "eks-monthly-cost-budget",
    description: "The estimated monthly cost of the environment is within the configured budget.",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: schemaWithDefaults(
        { properties: { monthlyBudgetUsd: { type: "number", minimum: 0 }, evaluationDate: { type: "string", pattern: DAY.source } } },
        {},
    ),
    validateStack: stackValidation((context, reportViolation, args) => {
        const settings = settingsOf<BudgetSettings>(args, {});
        if (settings.monthlyBudgetUsd === undefined) {
            notApplicable(args, "no monthlyBudgetUsd is configured");
        }
        const { lines, notIncluded } = estimateMonthlyCost(context, evaluationDay(settings.evaluationDate));
        const total = lines.reduce((sum, line) => sum + line.usd, 0);
        if (total > settings.monthlyBudgetUsd!) {
            const breakdown = lines.map((l) => `${l.item}: $${l.usd.toFixed(2)}`).join("; ");
            const left = [...notIncluded, "Fargate pods, data transfer, NAT and transit gateway data processing"].join("; ");
            reportViolation(
                `The estimated monthly cost is $${total.toFixed(2)}, over the budget of $${settings.monthlyBudgetUsd!.toFixed(2)} (${PRICES.region} list prices of ${PRICES.priceDate}; not included: ${left}): ${breakdown}. Reduce node sizes or counts, NAT gateways, or raise the budget.`,
            );
        }
    }),
};
