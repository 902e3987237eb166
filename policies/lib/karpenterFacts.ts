// Facts of Karpenter (aws/karpenter-provider-aws @ v1.14.1) that the program, its config and the
// pack share, so they cannot drift apart.

/**
 * The events Karpenter drains nodes ahead of, each forwarded to its interruption queue by an
 * EventBridge rule (website/.../getting-started-with-karpenter/cloudformation.yaml:
 * ScheduledChangeRule, SpotInterruptionRule, RebalanceRule, InstanceStateChangeRule,
 * CapacityReservationInterruptionRule).
 */
export const KARPENTER_INTERRUPTION_EVENTS: readonly { name: string; source: string; detailType: string }[] = [
    { name: "scheduled-change", source: "aws.health", detailType: "AWS Health Event" },
    { name: "spot-interruption", source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
    { name: "rebalance", source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
    { name: "instance-state-change", source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
    { name: "capacity-reservation-interruption", source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning" },
];

/** The labels the chart puts on the controller's pods (charts/karpenter/templates/_helpers.tpl selectorLabels, release "karpenter"). */
export const KARPENTER_POD_LABELS: Readonly<Record<string, string>> = { "app.kubernetes.io/name": "karpenter", "app.kubernetes.io/instance": "karpenter" };
