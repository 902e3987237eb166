// Reads the control-plane settings of 2025-26: ARC zonal shift, the provisioned control-plane tier
// and the control plane's egress mode, and decides which of them the cluster declares.
//
// Sources: terraform-provider-aws internal/service/eks/cluster.go (zonal_shift_config and
// control_plane_scaling_config are updated in place by UpdateClusterConfig; the tier is
// Optional+Computed, zonal_shift_config Optional) and @pulumi/aws 7.48.0 ClusterVpcConfig
// ("Changing from CUSTOMER_ROUTED back to AWS_MANAGED forces a new resource"); EKS API reference
// VpcConfigRequest.controlPlaneEgressMode ("Once set to CUSTOMER_ROUTED, this setting cannot be
// changed back to AWS_MANAGED on the same cluster"); ControlPlaneScalingConfig tier values.
import { ConfigProblems } from "./problems";
import type { DeployedCluster } from "./transitions";
import { RawValue, readBoolean, readEnum } from "./values";

export const CONTROL_PLANE_TIERS = ["standard", "tier-xl", "tier-2xl", "tier-4xl", "tier-8xl"] as const;
export type ControlPlaneTier = (typeof CONTROL_PLANE_TIERS)[number];

/** CUSTOMER_ISOLATED is in the EKS API's enum but not in the provider's documentation: not offered. */
export const EGRESS_MODES = ["AWS_MANAGED", "CUSTOMER_ROUTED"] as const;
export type EgressMode = (typeof EGRESS_MODES)[number];

export interface ControlPlaneConfig {
    /** ARC zonal shift: shift the data plane away from an impaired zone. */
    zonalShift: boolean;
    tier: ControlPlaneTier;
    egressMode: EgressMode;
}

/** What the cluster resource declares: each setting, or undefined to leave it out. */
export interface DeclaredControlPlane {
    zonalShift?: boolean;
    tier?: ControlPlaneTier;
    egressMode?: EgressMode;
}

export function readControlPlane(problems: ConfigProblems, value: (key: string) => RawValue): ControlPlaneConfig | undefined {
    const zonalShift = readBoolean(problems, "cluster.zonalShift", value("cluster.zonalShift"));
    const tier = readEnum(problems, "cluster.controlPlaneTier", value("cluster.controlPlaneTier"), CONTROL_PLANE_TIERS);
    const egressMode = readEnum(problems, "cluster.controlPlaneEgressMode", value("cluster.controlPlaneEgressMode"), EGRESS_MODES);
    return zonalShift === undefined || tier === undefined || egressMode === undefined ? undefined : { zonalShift, tier, egressMode };
}

/**
 * A setting at its default is left out, so a cluster that never used it keeps the inputs it always
 * had, unless the running cluster has another value: then the default is declared, because leaving
 * it out sends EKS nothing (the tier is Optional+Computed) and the cluster would keep, and bill, what
 * it runs.
 */
export function declaredControlPlane(config: ControlPlaneConfig, deployed: DeployedCluster | undefined): DeclaredControlPlane {
    const runs = <T>(value: T | undefined, normal: T) => value !== undefined && value !== normal;
    return {
        ...(config.zonalShift || deployed?.zonalShift === true ? { zonalShift: config.zonalShift } : {}),
        ...(config.tier !== "standard" || runs(deployed?.controlPlaneTier, "standard") ? { tier: config.tier } : {}),
        ...(config.egressMode !== "AWS_MANAGED" || runs(deployed?.controlPlaneEgressMode, "AWS_MANAGED") ? { egressMode: config.egressMode } : {}),
    };
}

/** The running cluster's egress mode only moves to CUSTOMER_ROUTED, never back. */
export function checkControlPlaneTransitions(problems: ConfigProblems, config: ControlPlaneConfig, deployed: DeployedCluster | undefined): void {
    if (deployed?.controlPlaneEgressMode === "CUSTOMER_ROUTED" && config.egressMode === "AWS_MANAGED") {
        problems.add(
            "cluster.controlPlaneEgressMode",
            "AWS_MANAGED",
            'the cluster routes its control plane\'s egress through the VPC (CUSTOMER_ROUTED), which EKS cannot undo ("Once set to CUSTOMER_ROUTED, this setting cannot be changed back to AWS_MANAGED on the same cluster"); the provider would replace the cluster. Keep CUSTOMER_ROUTED',
        );
    }
}
