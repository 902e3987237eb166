// A Kubernetes version change spelled out as the rollout `pulumi up` starts, in the order Pulumi
// performs it (each step after what it depends on), from the EKS User Guide (snapshot @
// 4d52b4d05e3478582e7d10a73cbd9ba9194dd5f7):
// - clusters/update-cluster.adoc: "Amazon EKS launching new API server nodes with the updated
//   Kubernetes version to replace the existing ones"; "you can update only one minor version at a
//   time"; "you can't downgrade"; "Any new Pods that are launched on Fargate have a kubelet version
//   that matches your cluster version. Existing Fargate Pods aren't changed."; Auto Mode "will begin
//   incrementally updating managed nodes" after the control plane;
// - workloads/eks-add-ons.adoc: EKS "doesn't automatically update an add-on ... after you update
//   your cluster", hence the add-on versions the program moves with the cluster;
// - nodes/managed-node-update-behavior.adoc: a managed node group "increments the Auto Scaling
//   Group's maximum size and desired size by the larger of either: Up to twice the number of
//   Availability Zones ... / The maximum unavailable of upgrade", drains each old node (a Pod
//   eviction limit of 15 minutes), terminates it, up to maxUnavailable at a time (default one),
//   then scales back down; the MINIMAL update strategy instead "terminates the old instances before
//   launching the new instances" (EKS API reference, NodegroupUpdateConfig updateStrategy).
import { containsUnknown } from "./unknown";
import type { PlanChanges, PlannedResource, PropertyChange } from "./planChanges";

/** What the plan itself cannot say: zones of a node group, and what waits for what. */
export interface RolloutFacts {
    /** The number of zones a node group's subnets are in, when known. */
    zonesOf(urn: string): number | undefined;
    /** Whether `urn` waits, directly or through others, for `other` in the plan. */
    dependsOn(urn: string, other: string): boolean;
}

export interface RolloutStep {
    urn: string;
    type: string;
    name: string;
    /** What happens to it, in a sentence. */
    what: string;
    /** Steps of one wave run at the same time, after every step of the waves before (1 first). */
    wave: number;
}

export interface VersionRollout {
    cluster: { urn: string; name: string };
    from: string;
    to: string;
    /** In the order pulumi up performs them. */
    steps: RolloutStep[];
    /** What the upgrade leaves to do, or refuses. */
    notes: string[];
}

const CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ADDON = "aws:eks/addon:Addon";
const FARGATE_PROFILE = "aws:eks/fargateProfile:FargateProfile";

const minor = (version: string) => Number(/^1\.(\d+)$/.exec(version)?.[1] ?? NaN);
const changeOf = (changes: readonly PropertyChange[], path: string) => changes.find((c) => c.path === path);

/** The resources of the cluster: those whose clusterName is its name, or every one when the stack has one cluster. */
function ofCluster(cluster: PlannedResource, head: readonly PlannedResource[]) {
    const clusters = head.filter((r) => r.type === CLUSTER);
    const name = cluster.inputs?.name;
    return (resource: PlannedResource) =>
        clusters.length === 1 || (resource.propertyDependencies?.clusterName ?? []).includes(cluster.urn) || (typeof name === "string" && !containsUnknown(name) && resource.inputs?.clusterName === name);
}

function nodeGroupStep(group: PlannedResource, version: PropertyChange | undefined, to: string, facts: RolloutFacts | undefined): string {
    const inputs = group.inputs ?? {};
    const desired = (inputs.scalingConfig as Record<string, unknown> | undefined)?.desiredSize;
    const update = (inputs.updateConfig ?? {}) as Record<string, unknown>;
    const maxUnavailable = typeof update.maxUnavailable === "number" ? update.maxUnavailable : undefined;
    const percentage = typeof update.maxUnavailablePercentage === "number" ? update.maxUnavailablePercentage : undefined;
    const batch = maxUnavailable ?? (percentage !== undefined ? undefined : 1);
    const zones = facts?.zonesOf(group.urn);
    const nodes = typeof desired === "number" ? `its ${desired} node${desired === 1 ? "" : "s"}` : "its nodes";
    const target = version && !version.afterUnknown ? String(version.after) : to;
    const surge = zones !== undefined && batch !== undefined ? `up to ${Math.max(2 * zones, batch)} new nodes (twice its ${zones} zone${zones === 1 ? "" : "s"}, or maxUnavailable if larger)` : "new nodes (up to twice its zones, or maxUnavailable if larger)";
    const pace = batch !== undefined ? `${batch} at a time (updateConfig.maxUnavailable${maxUnavailable === undefined ? ", default 1" : ""})` : `${percentage}% at a time (updateConfig.maxUnavailablePercentage)`;
    if (update.updateStrategy === "MINIMAL") {
        return `rolls ${nodes} to ${target} with the MINIMAL strategy: EKS drains and terminates the old ones ${pace} before their replacements start, each drain allowed up to 15 minutes, so the group runs short of that many nodes while it updates`;
    }
    return `rolls ${nodes} to ${target}: EKS adds ${surge}, drains and terminates the old ones ${pace}, each drain allowed up to 15 minutes, then scales back${typeof desired === "number" ? ` to ${desired}` : ""}`;
}

/**
 * Steps in waves, as Pulumi runs them: a step waits for the steps it depends on and runs at the same
 * time as the others. Without facts, the control plane first and everything else after it.
 */
function inWaves(steps: Omit<RolloutStep, "wave">[], facts: RolloutFacts | undefined): RolloutStep[] {
    const waits = (step: Omit<RolloutStep, "wave">, other: Omit<RolloutStep, "wave">) => (facts ? facts.dependsOn(step.urn, other.urn) : other.type === CLUSTER && step.type !== CLUSTER);
    const result: RolloutStep[] = [];
    let pending = [...steps];
    for (let wave = 1; pending.length > 0; wave++) {
        const ready = pending.filter((step) => !pending.some((other) => other !== step && waits(step, other)));
        // A plan has no cycle; should facts disagree, take the rest as one wave rather than loop.
        const taken = ready.length > 0 ? ready : pending;
        result.push(...taken.map((step) => ({ ...step, wave })));
        pending = pending.filter((step) => !taken.includes(step));
    }
    return result;
}

export function versionRollouts(changes: Pick<PlanChanges, "updated" | "replaced">, head: readonly PlannedResource[], facts?: RolloutFacts): VersionRollout[] {
    const rollouts: VersionRollout[] = [];
    const byUrn = new Map(head.map((r) => [r.urn, r]));
    for (const update of changes.updated.filter((u) => u.type === CLUSTER)) {
        const version = changeOf(update.changes, "version");
        if (!version || typeof version.before !== "string" || typeof version.after !== "string") {
            continue;
        }
        const [from, to] = [version.before, version.after];
        const cluster = byUrn.get(update.urn)!;
        const mine = ofCluster(cluster, head);
        const notes: string[] = [];
        const jump = minor(to) - minor(from);
        if (jump < 0) {
            notes.push(`EKS cannot downgrade a cluster: ${from} → ${to} will fail; create a new cluster instead`);
        } else if (jump > 1) {
            notes.push(`EKS upgrades one minor version at a time: ${from} → ${to} fails; go through ${Array.from({ length: jump - 1 }, (_, i) => `1.${minor(from) + i + 1}`).join(", ")} first`);
        }
        const steps: Omit<RolloutStep, "wave">[] = [{ urn: cluster.urn, type: CLUSTER, name: cluster.name, what: `EKS upgrades the control plane from ${from} to ${to}, replacing its API server instances one by one` }];
        for (const addon of head.filter((r) => r.type === ADDON && mine(r))) {
            const addonName = String(addon.inputs?.addonName ?? addon.name);
            const update = changes.updated.find((u) => u.urn === addon.urn);
            const addonVersion = update && changeOf(update.changes, "addonVersion");
            const version = addon.inputs?.addonVersion;
            if (addonVersion && !addonVersion.afterUnknown) {
                steps.push({ urn: addon.urn, type: ADDON, name: addon.name, what: `pulumi up moves the ${addonName} add-on from ${String(addonVersion.before ?? "its current version")} to ${String(addonVersion.after)}` });
            } else if (containsUnknown(version)) {
                // This program asks EKS for the add-on's default version for the cluster's version
                // (components/addons.ts); a preview offline cannot ask.
                steps.push({ urn: addon.urn, type: ADDON, name: addon.name, what: `pulumi up moves the ${addonName} add-on to EKS's default version for ${to} (pulumi preview names it; offline, EKS cannot be asked)` });
            } else if (typeof version === "string") {
                notes.push(`The ${addonName} add-on stays pinned at ${version}: check that it supports Kubernetes ${to}`);
            } else {
                // EKS does not update an add-on when the cluster is upgraded (eks-add-ons.adoc).
                notes.push(`The ${addonName} add-on sets no version: it stays on the one it runs, which EKS does not update with the cluster; update it to a version for Kubernetes ${to}`);
            }
        }
        for (const group of head.filter((r) => r.type === NODE_GROUP && mine(r))) {
            const updated = changes.updated.find((u) => u.urn === group.urn);
            const replaced = changes.replaced.find((r) => r.urn === group.urn);
            const groupVersion = updated && (changeOf(updated.changes, "version") ?? changeOf(updated.changes, "releaseVersion"));
            if (replaced) {
                const desired = (group.inputs?.scalingConfig as Record<string, unknown> | undefined)?.desiredSize;
                const size = typeof desired === "number" ? ` at its configured desired size (${desired})` : "";
                steps.push({
                    urn: group.urn,
                    type: NODE_GROUP,
                    name: group.name,
                    what:
                        replaced.order.first === "create"
                            ? `is replaced (${replaced.properties.join(", ")}): a new group starts${size} on ${to}; the old one runs beside it until pulumi up deletes it at the end of the update, draining its nodes`
                            : `is replaced (${replaced.properties.join(", ")}): the old group is deleted first, draining its nodes, then the new one starts${size}`,
                });
            } else if (groupVersion) {
                steps.push({ urn: group.urn, type: NODE_GROUP, name: group.name, what: nodeGroupStep(group, changeOf(updated!.changes, "version"), to, facts) });
            } else {
                notes.push(`NodeGroup "${group.name}" keeps its version (${String(group.inputs?.version ?? "the one it was created with")}): its nodes stay behind the control plane until it is upgraded`);
            }
        }
        const fargate = head.filter((r) => r.type === FARGATE_PROFILE && mine(r));
        if (fargate.length > 0) {
            notes.push(`Fargate pods (${fargate.map((p) => `profile "${p.name}"`).join(", ")}) keep their kubelet version until they are restarted: restart their deployments after the upgrade`);
        }
        if ((cluster.inputs?.computeConfig as Record<string, unknown> | undefined)?.enabled === true) {
            notes.push("EKS Auto Mode then updates its nodes incrementally, on its own");
        }
        rollouts.push({ cluster: { urn: cluster.urn, name: cluster.name }, from, to, steps: inWaves(steps, facts), notes });
    }
    return rollouts;
}

/** A resource as the JSON report records it: enough to follow what it waits for. */
export interface LinkedResource {
    urn: string;
    inputs?: Record<string, unknown>;
    /** The resources it waits for (dependsOn and the resources its inputs came from). */
    dependencies?: string[];
    /** Property name -> the resources its value came from. */
    propertyDependencies?: Record<string, string[]>;
}

/** The facts a rollout needs, read from the resources of a report. */
export function rolloutFacts(resources: readonly LinkedResource[]): RolloutFacts {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const edges = (r: LinkedResource | undefined) => [...(r?.dependencies ?? []), ...Object.values(r?.propertyDependencies ?? {}).flat()];
    return {
        zonesOf: (urn) => {
            const subnets = (byUrn.get(urn)?.propertyDependencies?.subnetIds ?? []).map((s) => byUrn.get(s));
            // A zone written by name in one subnet and by ID in another would count twice: one kind only.
            const zones = subnets.map((s) => s?.inputs?.availabilityZone ?? s?.inputs?.availabilityZoneId);
            const byName = subnets.every((s) => s?.inputs?.availabilityZone !== undefined) || subnets.every((s) => s?.inputs?.availabilityZoneId !== undefined);
            return zones.length > 0 && byName && zones.every((z) => typeof z === "string" && !containsUnknown(z)) ? new Set(zones).size : undefined;
        },
        dependsOn: (urn, other) => {
            const seen = new Set<string>();
            const queue = edges(byUrn.get(urn));
            while (queue.length > 0) {
                const next = queue.shift()!;
                if (next === other) {
                    return true;
                }
                if (!seen.has(next)) {
                    seen.add(next);
                    queue.push(...edges(byUrn.get(next)));
                }
            }
            return false;
        },
    };
}
