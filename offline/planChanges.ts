// What a change does to deployed infrastructure: this plan against a base plan (a previous JSON
// report of the same stacks), resource by resource: added, removed, replaced (a force-new property
// changed, offline/data/force-new-properties.json), updated in place. Removing or replacing a
// stateful or protected resource is a finding: it deletes a cluster, a VPC, a key or nodes.
import forceNewData from "./data/force-new-properties.json";
import { UNKNOWN } from "./mockRun";

export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    protect: boolean;
    /** Absent for components and in reports written before inputs were recorded. */
    inputs?: Record<string, unknown>;
}

export interface Replacement {
    urn: string;
    type: string;
    name: string;
    /** The force-new properties that differ. */
    properties: string[];
    /** The new value is not known before the update (computed from another change): it may not change. */
    uncertain: boolean;
}

export interface PlanChanges {
    base: string;
    added: PlannedResource[];
    removed: PlannedResource[];
    replaced: Replacement[];
    /** Resources updated in place: URN and the top-level properties that differ. */
    updated: { urn: string; properties: string[] }[];
    /** Stateful or protected resources the change deletes or replaces. */
    findings: { urn: string; level: "mandatory" | "advisory"; message: string }[];
}

const FORCE_NEW: Readonly<Record<string, readonly string[]>> = forceNewData.forceNew;
const FORCE_NEW_WHEN_REMOVED: Readonly<Record<string, readonly string[]>> = forceNewData.forceNewWhenRemoved;

/** Resources whose loss loses workloads, network identity or encrypted data. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set(["aws:eks/cluster:Cluster", "aws:ec2/vpc:Vpc", "aws:kms/key:Key", "aws:eks/nodeGroup:NodeGroup"]);

function valueAt(inputs: Record<string, unknown> | undefined, path: string): unknown {
    return path.split(".").reduce<unknown>((holder, key) => (holder && typeof holder === "object" ? (holder as Record<string, unknown>)[key] : undefined), inputs);
}

/** The change is certain even with unknown parts: a list whose length changes. */
function certainlyDiffers(before: unknown, after: unknown): boolean {
    return !containsUnknown(after) || (Array.isArray(before) && Array.isArray(after) && before.length !== after.length);
}

function containsUnknown(value: unknown): boolean {
    return value === UNKNOWN || (Array.isArray(value) ? value.some(containsUnknown) : !!value && typeof value === "object" && Object.values(value).some(containsUnknown));
}

/** Order-insensitive for lists of scalars (the provider keeps many as sets). */
function same(a: unknown, b: unknown): boolean {
    const normal = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x !== "object") ? [...v].map(String).sort() : v);
    return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

function label(resource: { type: string; name: string }): string {
    return `${resource.type.split(":").pop()} "${resource.name}"`;
}

export function comparePlans(base: readonly PlannedResource[], head: readonly PlannedResource[], baseName: string): PlanChanges {
    const before = new Map(base.map((r) => [r.urn, r]));
    const after = new Map(head.map((r) => [r.urn, r]));
    const changes: PlanChanges = { base: baseName, added: [], removed: [], replaced: [], updated: [], findings: [] };
    for (const resource of head) {
        const old = before.get(resource.urn);
        if (!old) {
            changes.added.push(resource);
            continue;
        }
        if (!old.inputs || !resource.inputs) {
            continue;
        }
        const forceNew = [
            ...(FORCE_NEW[resource.type] ?? []).filter((path) => !same(valueAt(old.inputs, path), valueAt(resource.inputs, path))),
            ...(FORCE_NEW_WHEN_REMOVED[resource.type] ?? []).filter((path) => valueAt(old.inputs, path) !== undefined && valueAt(resource.inputs, path) === undefined),
        ];
        if (forceNew.length > 0) {
            const uncertain = !forceNew.some((path) => certainlyDiffers(valueAt(old.inputs, path), valueAt(resource.inputs, path)));
            changes.replaced.push({ urn: resource.urn, type: resource.type, name: resource.name, properties: forceNew, uncertain });
            if (STATEFUL_TYPES.has(resource.type) || resource.protect) {
                changes.findings.push({
                    urn: resource.urn,
                    level: resource.protect ? "mandatory" : "advisory",
                    message: `${label(resource)} ${uncertain ? "may be" : "is"} replaced (deleted and created again): ${forceNew.join(", ")} change${forceNew.length === 1 ? "s" : ""}${resource.protect ? "; it is protected, so pulumi up will refuse" : ""}.`,
                });
            }
            continue;
        }
        const keys = new Set([...Object.keys(old.inputs), ...Object.keys(resource.inputs)]);
        const differing = [...keys].filter((key) => !key.startsWith("__") && !same(old.inputs![key], resource.inputs![key]));
        if (differing.length > 0) {
            changes.updated.push({ urn: resource.urn, properties: differing.sort() });
        }
    }
    for (const resource of base) {
        if (!after.has(resource.urn)) {
            changes.removed.push(resource);
            if (STATEFUL_TYPES.has(resource.type) || resource.protect) {
                changes.findings.push({
                    urn: resource.urn,
                    level: resource.protect ? "mandatory" : "advisory",
                    message: `${label(resource)} is deleted: its URN is gone from the plan (renamed, moved or removed). If it was renamed or moved, add an alias to keep it${resource.protect ? "; it is protected, so pulumi up will refuse" : ""}.`,
                });
            }
        }
    }
    return changes;
}
