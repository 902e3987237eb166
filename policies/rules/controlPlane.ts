// Rules on the control-plane settings of 2025-26: ARC zonal shift and the control plane's egress mode.
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { clusterInputs } from "../lib/clusterInputs";
import { ifKnown, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, StackContext, stackValidation } from "../lib/stackContext";
import { forType } from "../lib/typedValidation";

interface ZonalShiftSettings {
    minZones: number;
}
const zonalShiftDefaults: ZonalShiftSettings = { minZones: 3 };

/** The zones a cluster's managed node groups run in (its own subnets' without any); undefined when unknown. */
function dataPlaneZones(context: StackContext, cluster: PolicyResource): string[] | undefined {
    const groups = context.nodeGroups.filter((g) => context.clusterOf(g) === cluster);
    const placements = context.placements(groups.length > 0 ? groups : [cluster]);
    const zones = placements.flatMap((p) => p.subnets.map((s) => s.zone));
    if (placements.length === 0 || zones.includes(undefined)) {
        return undefined;
    }
    return [...new Set(zones as string[])].sort();
}

// Source: EKS User Guide, clusters/zone-shift.adoc ("Provision your cluster's worker nodes across
// multiple AZs"; "an EKS environment with 3 AZs is resilient to an AZ impairment"; "at no additional
// charge"); zone-shift-enable.adoc (EKS Auto Mode does not support it, text of 2024-12).
export const zonalShift: StackValidationPolicy = {
    name: "eks-zonal-shift",
    description: "A cluster whose managed node groups span the configured number of zones (3) or more has ARC zonal shift enabled, so an impaired zone's nodes can be drained of traffic.",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: schemaWithDefaults({ properties: { minZones: { type: "integer", minimum: 2, maximum: 6 } } }, { ...zonalShiftDefaults }),
    validateStack: stackValidation((context, reportViolation, args) => {
        const { minZones } = settingsOf(args, zonalShiftDefaults);
        const autoMode = new Set(context.autoModeClusters.map((c) => c.urn));
        for (const cluster of context.clusters.filter((c) => c.type === AWS.cluster && !autoMode.has(c.urn))) {
            const enabled = ifKnown(() => ((cluster.props.zonalShiftConfig ?? {}) as PropertyBag).enabled);
            if (enabled === true) {
                continue;
            }
            const zones = dataPlaneZones(context, cluster);
            if (zones === undefined) {
                context.note(`the zones of ${label(cluster)}'s nodes`);
                continue;
            }
            if (zones.length >= minZones) {
                reportViolation(
                    `${label(cluster)} runs nodes in ${zones.length} zones (${zones.join(", ")}) without ARC zonal shift: when a zone is impaired, its nodes keep taking traffic until someone drains them. Set zonalShiftConfig: { enabled: true } (cluster.zonalShift: true); it costs nothing, and is worth it with capacity to lose one zone.`,
                    cluster.urn,
                );
            }
        }
    }),
};

interface EgressSettings {
    /** Cluster names whose CUSTOMER_ROUTED egress has been reviewed. */
    acknowledgedClusters: string[];
}
const egressDefaults: EgressSettings = { acknowledgedClusters: [] };

// Source: EKS API reference, VpcConfigRequest.controlPlaneEgressMode: "If the cluster is set to
// CUSTOMER_ROUTED, you manage the egress path from the control plane in your VPC subnets. You are
// responsible for ensuring that the control plane can reach required endpoints such as webhook
// servers and OIDC providers ... Once set to CUSTOMER_ROUTED, this setting cannot be changed back to
// AWS_MANAGED on the same cluster."
export const controlPlaneEgressMode: ResourceValidationPolicy = {
    name: "eks-control-plane-egress-mode",
    description: "A cluster routes its control plane's egress through its own subnets (CUSTOMER_ROUTED, irreversible) only once that has been reviewed: its name is in acknowledgedClusters.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults({ properties: { acknowledgedClusters: { type: "array", items: { type: "string" }, uniqueItems: true } } }, { ...egressDefaults }),
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const mode = ifKnown(() => cluster.endpoint.controlPlaneEgressMode);
        const name = String(ifKnown(() => cluster.props.name) ?? args.name);
        if (mode !== "CUSTOMER_ROUTED" || settingsOf(args, egressDefaults).acknowledgedClusters.includes(name)) {
            return;
        }
        reportViolation(
            `${cluster.label} routes its control plane's egress through its subnets (controlPlaneEgressMode: CUSTOMER_ROUTED), which EKS cannot undo on this cluster: from then on the API server reaches admission webhooks and OIDC providers only through the routes, NAT gateways and firewalls of those subnets, and a missing route breaks them. Once the egress path is reviewed, add "${name}" to this policy's acknowledgedClusters.`,
        );
    }),
};
