// What a change does to deployed infrastructure: this plan against a base plan (a previous JSON
// report of the same stacks), resource by resource: added, removed, replaced (a force-new property
// changed, offline/data/force-new-properties.json) in the order Pulumi replaces it
// (replacementOrder.ts), updated in place, each with the properties that change and their values.
// Removing or replacing a stateful or protected resource is a finding: it deletes a cluster, a VPC,
// a key or nodes. A Kubernetes version change is spelled out as the rollout it causes (rollout.ts).
import forceNewData from "./data/force-new-properties.json";
import { cidrsOverlap, parseIpv4Cidr } from "../policies/lib/cidr";
import { allows, statementsOf } from "../policies/lib/iamDocuments";
import { UNKNOWN } from "./mockRun";
import { containsUnknown } from "./unknown";
import { ReplaceOrder, replacementOrder } from "./replacementOrder";
import { RolloutFacts, VersionRollout, versionRollouts } from "./rollout";

export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    protect: boolean;
    /** Absent for components and in reports written before inputs were recorded. */
    inputs?: Record<string, unknown>;
    /** The program's deleteBeforeReplace option, when it sets one. */
    deleteBeforeReplace?: boolean;
    /** Property name -> the resources its value came from: an unknown value from other resources changes. */
    propertyDependencies?: Record<string, string[]>;
    /** A cloud resource (reports before this field: one with inputs). */
    custom?: boolean;
}

/** Components, providers and the stack change nothing in the cloud: only cloud resources are changes. */
const isCloudResource = (r: PlannedResource) => r.custom ?? r.inputs !== undefined;

/** One property that differs: its path and its values before and after (absent: not set). */
export interface PropertyChange {
    path: string;
    before?: unknown;
    after?: unknown;
    /** The new value is computed during the update: it may not change at all. */
    afterUnknown?: boolean;
    /** Where an unknown value comes from, before and after: the resources named. */
    beforeFrom?: string[];
    afterFrom?: string[];
}

export interface Replacement {
    urn: string;
    type: string;
    name: string;
    /** The force-new properties that differ. */
    properties: string[];
    /** The new value is not known before the update (computed from another change): it may not change. */
    uncertain: boolean;
    /** Whether the replacement is created before the old one is deleted, and why. */
    order: ReplaceOrder;
    /** Every property that differs, with its values. */
    changes: PropertyChange[];
}

export interface Update {
    urn: string;
    type: string;
    name: string;
    /** The top-level properties that differ. */
    properties: string[];
    /** Every property that differs, with its values. */
    changes: PropertyChange[];
}

export interface PlanChanges {
    /** The base, as the user names it (--compare-label), else the report file given. */
    base: string;
    added: PlannedResource[];
    removed: PlannedResource[];
    replaced: Replacement[];
    updated: Update[];
    /** Each cluster whose Kubernetes version changes: what the change rolls out, in order. */
    rollouts: VersionRollout[];
    /**
     * What a reviewer must weigh: stateful or protected resources deleted or replaced, replacements
     * AWS refuses (mandatory), and changes that do not reach running nodes or leave them unmanaged.
     */
    findings: { urn: string; level: "mandatory" | "advisory"; message: string }[];
}

const FORCE_NEW: Readonly<Record<string, readonly string[]>> = forceNewData.forceNew;
const FORCE_NEW_WHEN_REMOVED: Readonly<Record<string, readonly string[]>> = forceNewData.forceNewWhenRemoved;
/** Properties whose change replaces the resource only when their old value is one of these. */
const FORCE_NEW_FROM_VALUES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = forceNewData.forceNewFromValues;

/** Resources whose loss loses workloads, network identity or encrypted data. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set(["aws:eks/cluster:Cluster", "aws:ec2/vpc:Vpc", "aws:kms/key:Key", "aws:eks/nodeGroup:NodeGroup"]);

function valueAt(inputs: Record<string, unknown> | undefined, path: string): unknown {
    return path.split(".").reduce<unknown>((holder, key) => (holder && typeof holder === "object" ? (holder as Record<string, unknown>)[key] : undefined), inputs);
}

/** The change is certain even with unknown parts: a list whose length changes. */
function certainlyDiffers(before: unknown, after: unknown): boolean {
    return !containsUnknown(after) || (Array.isArray(before) && Array.isArray(after) && before.length !== after.length);
}


const isScalarList = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((x) => !x || typeof x !== "object");
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Order-insensitive for lists of scalars (the provider keeps many as sets). */
function same(a: unknown, b: unknown): boolean {
    const normal = (v: unknown) => (isScalarList(v) ? [...v].map(String).sort() : v);
    return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

/** A JSON document held as text (an IAM policy), parsed; else undefined. */
function embeddedJson(value: unknown): unknown {
    if (typeof value !== "string" || !/^\s*[{[]/.test(value)) {
        return undefined;
    }
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

/** The leaves that differ between two values: objects and equal-length lists of objects are entered. */
export function propertyChanges(before: unknown, after: unknown, path = ""): PropertyChange[] {
    if (same(before, after)) {
        return [];
    }
    const at = (key: string | number) => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !k.startsWith("__")).sort();
        return keys.flatMap((key) => propertyChanges(before[key], after[key], at(key)));
    }
    if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && !isScalarList(before) && !isScalarList(after)) {
        return before.flatMap((item, i) => propertyChanges(item, after[i], at(i)));
    }
    const [beforeDocument, afterDocument] = [embeddedJson(before), embeddedJson(after)];
    if (beforeDocument !== undefined && afterDocument !== undefined) {
        return propertyChanges(beforeDocument, afterDocument, path);
    }
    return [{ path, ...(before !== undefined ? { before } : {}), ...(containsUnknown(after) ? { afterUnknown: true } : after !== undefined ? { after } : {}) }];
}

function label(resource: { type: string; name: string }): string {
    return `${resource.type.split(":").pop()} "${resource.name}"`;
}

/** How a replacement reads in a finding: what happens, in Pulumi's order. */
function replacedHow(order: ReplaceOrder): string {
    return order.first === "create"
        ? `the new one is created before the old one is deleted (${order.why})`
        : `the old one is deleted before the new one is created, so there is none in between (${order.why})`;
}

/** Whether a vpc-cni add-on hands out /28 prefixes (its daemon's ENABLE_PREFIX_DELEGATION). */
function prefixDelegation(addon: PlannedResource): boolean {
    const values = embeddedJson(addon.inputs?.configurationValues) as { env?: Record<string, unknown> } | undefined;
    return String(values?.env?.ENABLE_PREFIX_DELEGATION).toLowerCase() === "true";
}

/**
 * Prefix delegation turned on or off: nodes keep the max pods they started with ("the max pods of
 * kubelet should be updated which would need either kubelet restart or node recycle",
 * aws/amazon-vpc-cni-k8s README; the EKS User Guide recommends new node groups over a rolling
 * replacement, cni-increase-ip-addresses.adoc).
 */
function addPrefixDelegationFinding(changes: PlanChanges, before: PlannedResource, after: PlannedResource): void {
    if (after.type !== "aws:eks/addon:Addon" || after.inputs?.addonName !== "vpc-cni" || prefixDelegation(before) === prefixDelegation(after)) {
        return;
    }
    const on = prefixDelegation(after);
    changes.findings.push({
        urn: after.urn,
        level: "advisory",
        message: `${label(after)} turns VPC CNI prefix delegation ${on ? "on" : "off"}: nodes running now keep the max pods they started with (${on ? "they get the new one only when replaced" : "and may then ask for more pod addresses than single secondary addresses give"}). Create new node groups and move the pods, as the EKS User Guide recommends, or replace the nodes.`,
    });
}

/**
 * A setting that never goes back once applied: the control plane's egress routed by the customer
 * ("Once set to CUSTOMER_ROUTED, this setting cannot be changed back to AWS_MANAGED on the same
 * cluster", EKS API reference, VpcConfigRequest).
 */
function addIrreversibleFinding(changes: PlanChanges, before: PlannedResource, after: PlannedResource): void {
    const mode = (r: PlannedResource) => valueAt(r.inputs, "vpcConfig.controlPlaneEgressMode");
    if (after.type === CLUSTER && mode(after) === "CUSTOMER_ROUTED" && mode(before) !== "CUSTOMER_ROUTED") {
        changes.findings.push({
            urn: after.urn,
            level: "advisory",
            message: `${label(after)} routes its control plane's egress through its subnets from now on (controlPlaneEgressMode CUSTOMER_ROUTED), in place and irreversible: the cluster can never go back to AWS_MANAGED. Check the routes, NAT gateways and firewall rules to every admission webhook and OIDC issuer before pulumi up.`,
        });
    }
}

/** An IAM policy that lets its holder launch nodes with ec2:CreateFleet, as Karpenter's controller does. */
function launchesNodes(resource: PlannedResource): boolean {
    if (resource.type !== "aws:iam/policy:Policy" && resource.type !== "aws:iam/rolePolicy:RolePolicy") {
        return false;
    }
    return statementsOf(resource.inputs?.policy).some((statement) => allows(statement, "ec2:CreateFleet"));
}

/** A replaced stateful or protected resource is a finding: mandatory when protected (pulumi up refuses). */
function addReplacementFinding(changes: PlanChanges, resource: PlannedResource, uncertain: boolean, because: string, order: ReplaceOrder): void {
    if (STATEFUL_TYPES.has(resource.type) || resource.protect) {
        changes.findings.push({
            urn: resource.urn,
            level: resource.protect ? "mandatory" : "advisory",
            message: `${label(resource)} ${uncertain ? "may be" : "is"} replaced because ${because}: ${replacedHow(order)}${resource.protect ? "; it is protected, so pulumi up will refuse" : ""}.`,
        });
    }
}

/** The resources a property's value comes from, by name. */
function sourcesOf(resource: PlannedResource, property: string, names: ReadonlyMap<string, string>): string[] {
    return (resource.propertyDependencies?.[property] ?? []).map((urn) => names.get(urn) ?? urn).sort();
}

/**
 * Top-level properties unknown on both sides whose value now comes from other resources: a route
 * that moves from one NAT gateway to another holds an unknown id before and after, and changes.
 */
function sourceChanges(old: PlannedResource, resource: PlannedResource, names: ReadonlyMap<string, string>, seen: readonly PropertyChange[]): PropertyChange[] {
    if (!old.propertyDependencies || !resource.propertyDependencies) {
        return [];
    }
    return Object.keys(resource.inputs ?? {})
        .filter((key) => containsUnknown(old.inputs?.[key]) && containsUnknown(resource.inputs?.[key]) && !seen.some((c) => c.path.split(/[.[]/)[0] === key))
        .flatMap((key) => {
            const [beforeFrom, afterFrom] = [sourcesOf(old, key, names), sourcesOf(resource, key, names)];
            return beforeFrom.join() === afterFrom.join() ? [] : [{ path: key, before: old.inputs![key], afterUnknown: true, beforeFrom, afterFrom }];
        });
}

export function comparePlans(base: readonly PlannedResource[], head: readonly PlannedResource[], baseName: string, facts?: RolloutFacts): PlanChanges {
    const before = new Map(base.map((r) => [r.urn, r]));
    const after = new Map(head.map((r) => [r.urn, r]));
    const names = new Map([...base, ...head].map((r) => [r.urn, `${r.type.split(":").pop()} "${r.name}"`]));
    const changes: PlanChanges = { base: baseName, added: [], removed: [], replaced: [], updated: [], rollouts: [], findings: [] };
    for (const resource of head.filter(isCloudResource)) {
        const old = before.get(resource.urn);
        if (!old) {
            changes.added.push(resource);
            continue;
        }
        if (!old.inputs || !resource.inputs) {
            continue;
        }
        const valueChanges = propertyChanges(old.inputs, resource.inputs);
        const differing = [...valueChanges, ...sourceChanges(old, resource, names, valueChanges)];
        const movedSource = (path: string) => differing.some((c) => c.path === path.split(".")[0] && c.afterFrom);
        const forceNew = [
            ...(FORCE_NEW[resource.type] ?? []).filter((path) => !same(valueAt(old.inputs, path), valueAt(resource.inputs, path)) || movedSource(path)),
            ...(FORCE_NEW_WHEN_REMOVED[resource.type] ?? []).filter((path) => valueAt(old.inputs, path) !== undefined && valueAt(resource.inputs, path) === undefined),
            ...Object.entries(FORCE_NEW_FROM_VALUES[resource.type] ?? {})
                .filter(([path, from]) => from.includes(String(valueAt(old.inputs, path))) && !same(valueAt(old.inputs, path), valueAt(resource.inputs, path)))
                .map(([path]) => path),
        ];
        if (forceNew.length > 0) {
            const uncertain = !forceNew.some((path) => certainlyDiffers(valueAt(old.inputs, path), valueAt(resource.inputs, path)));
            const order = replacementOrder(resource);
            changes.replaced.push({ urn: resource.urn, type: resource.type, name: resource.name, properties: forceNew, uncertain, order, changes: differing });
            addReplacementFinding(changes, resource, uncertain, `${forceNew.join(", ")} ${forceNew.length === 1 ? "changes" : "change"}`, order);
            continue;
        }
        if (differing.length > 0) {
            changes.updated.push({ urn: resource.urn, type: resource.type, name: resource.name, properties: [...new Set(differing.map((c) => c.path.split(/[.[]/)[0]))].sort(), changes: differing });
            addPrefixDelegationFinding(changes, old, resource);
            addIrreversibleFinding(changes, old, resource);
        }
    }
    for (const resource of base.filter(isCloudResource)) {
        if (!after.has(resource.urn)) {
            changes.removed.push(resource);
            if (STATEFUL_TYPES.has(resource.type) || resource.protect) {
                changes.findings.push({
                    urn: resource.urn,
                    level: resource.protect ? "mandatory" : "advisory",
                    message: `${label(resource)} is deleted: its URN is gone from the plan (renamed, moved or removed). If it was renamed or moved, add an alias to keep it${resource.protect ? "; it is protected, so pulumi up will refuse" : ""}.`,
                });
            }
            if (launchesNodes(resource)) {
                changes.findings.push({
                    urn: resource.urn,
                    level: "advisory",
                    message: `${label(resource)} is deleted, and with it the permission Karpenter launches and terminates nodes with (ec2:CreateFleet): the nodes it launched keep running, unmanaged, unless its NodePools are deleted first (kubectl delete nodepools --all drains and terminates them while the controller still has its role); then uninstall its chart.`,
                });
            }
        }
    }
    cascade(changes, head, before, names);
    addUnworkableReplacements(changes, base, head, names);
    changes.rollouts = versionRollouts(changes, head, facts);
    // An add-on whose version follows the cluster's holds an unknown version before and after in a
    // preview offline; the rollout knows it moves, so it is an update here too.
    for (const step of changes.rollouts.flatMap((r) => r.steps).filter((s) => s.type === "aws:eks/addon:Addon" && !changes.updated.some((u) => u.urn === s.urn))) {
        changes.updated.push({ urn: step.urn, type: step.type, name: step.name, properties: ["addonVersion"], changes: [{ path: "addonVersion", before: UNKNOWN, afterUnknown: true }] });
    }
    return changes;
}

/**
 * What a replacement takes with it: a replaced resource gets a new id, so every resource whose
 * force-new property takes a value from it is replaced too (a VPC's subnets, security groups and
 * route tables, then what runs in the subnets), and one whose other properties do is updated.
 * Followed until nothing more changes; a dependent is as certain as the replacement it follows.
 */
function cascade(changes: PlanChanges, head: readonly PlannedResource[], before: ReadonlyMap<string, PlannedResource>, names: ReadonlyMap<string, string>): void {
    const replaced = new Map(changes.replaced.map((r) => [r.urn, r]));
    const added = new Set(changes.added.map((r) => r.urn));
    let grew = true;
    while (grew) {
        grew = false;
        for (const resource of head.filter(isCloudResource)) {
            const old = before.get(resource.urn);
            if (!old?.inputs || !resource.inputs || replaced.has(resource.urn) || added.has(resource.urn)) {
                continue;
            }
            const sources = (key: string) => (resource.propertyDependencies?.[key] ?? []).filter((urn) => replaced.has(urn));
            const forceNew = (FORCE_NEW[resource.type] ?? []).filter((path) => sources(path.split(".")[0]).length > 0);
            const keys = [...new Set(Object.keys(resource.propertyDependencies ?? {}).filter((key) => sources(key).length > 0))];
            if (keys.length === 0) {
                continue;
            }
            const follow = (key: string): PropertyChange => ({
                path: key,
                before: old.inputs![key],
                afterUnknown: true,
                afterFrom: sources(key).map((urn) => `${names.get(urn) ?? urn} (replaced)`),
            });
            const certain = keys.some((key) => sources(key).some((urn) => !replaced.get(urn)!.uncertain));
            const updated = changes.updated.find((u) => u.urn === resource.urn);
            if (forceNew.length > 0) {
                const order = replacementOrder(resource);
                const replacement: Replacement = {
                    urn: resource.urn,
                    type: resource.type,
                    name: resource.name,
                    properties: forceNew,
                    uncertain: !certain,
                    order,
                    changes: [...(updated?.changes ?? []), ...keys.map(follow)],
                };
                changes.replaced.push(replacement);
                replaced.set(resource.urn, replacement);
                changes.updated = changes.updated.filter((u) => u.urn !== resource.urn);
                addReplacementFinding(changes, resource, !certain, `${forceNew.join(", ")} ${forceNew.length === 1 ? "comes" : "come"} from a resource that is replaced`, order);
                grew = true;
            } else if (!updated) {
                changes.updated.push({ urn: resource.urn, type: resource.type, name: resource.name, properties: keys.sort(), changes: keys.map(follow) });
            }
        }
    }
}

const SUBNET = "aws:ec2/subnet:Subnet";
const CLUSTER = "aws:eks/cluster:Cluster";

/** The VPC a subnet is in, as the plan knows it: the VPC resource it comes from, else its id. */
function vpcOf(subnet: PlannedResource): string | undefined {
    const from = subnet.propertyDependencies?.vpcId ?? [];
    const id = subnet.inputs?.vpcId;
    return from.length > 0 ? from.join() : typeof id === "string" && id !== UNKNOWN ? id : undefined;
}

/**
 * Replacements pulumi up starts and AWS refuses, so the update stops half-way (mandatory):
 * - a subnet replaced in the same VPC with a CIDR that overlaps a subnet that still exists when
 *   Pulumi creates the replacement first: "A subnet CIDR block must not overlap the CIDR block of an
 *   existing subnet in the VPC" (EC2 CreateSubnet);
 * - a cluster sent subnets of a new VPC: "You can't change which VPC you want to use after cluster
 *   creation" (EKS User Guide, create-cluster.adoc), new subnets "must be in the same VPC as the
 *   original subnets" (network-reqs.adoc).
 */
function addUnworkableReplacements(changes: PlanChanges, base: readonly PlannedResource[], head: readonly PlannedResource[], names: ReadonlyMap<string, string>): void {
    const replaced = new Map(changes.replaced.map((r) => [r.urn, r]));
    const byUrn = new Map(head.map((r) => [r.urn, r]));
    // In a VPC that is replaced: its vpcId comes from a replaced VPC (the VPC itself counts).
    const movesVpc = (urn: string) => replaced.has(urn) && (byUrn.get(urn)?.propertyDependencies?.vpcId ?? []).some((from) => replaced.get(from)?.type === "aws:ec2/vpc:Vpc");
    const baseSubnets = base.filter((r) => r.type === SUBNET && typeof r.inputs?.cidrBlock === "string");
    for (const subnet of head.filter((r) => r.type === SUBNET && replaced.get(r.urn)?.order.first === "create" && !movesVpc(r.urn))) {
        const cidr = parseIpv4Cidr(String(subnet.inputs?.cidrBlock));
        const vpc = vpcOf(subnet);
        const clashes = baseSubnets.filter((old) => {
            const oldCidr = parseIpv4Cidr(String(old.inputs!.cidrBlock));
            return cidr && oldCidr && vpc !== undefined && vpcOf(old) === vpc && cidrsOverlap(cidr, oldCidr);
        });
        if (clashes.length > 0) {
            const held = clashes.map((old) => `${names.get(old.urn)} (${String(old.inputs!.cidrBlock)}${old.urn === subnet.urn ? ", the one it replaces" : ""})`).join(", ");
            changes.findings.push({
                urn: subnet.urn,
                level: "mandatory",
                message: `${label(subnet)} cannot be replaced the way pulumi up does it: its replacement (${String(subnet.inputs?.cidrBlock)}) is created while ${held} still ${clashes.length === 1 ? "exists" : "exist"}, and AWS refuses a subnet whose CIDR overlaps another subnet of the VPC (EC2 CreateSubnet), so the update stops half-way. Give the subnets CIDRs that overlap none of the current ones (network.privateSubnetCidrs / network.publicSubnetCidrs, in free space of the VPC): Pulumi then creates each beside the old one and deletes the old one after.`,
            });
        }
    }
    for (const cluster of head.filter((r) => r.type === CLUSTER && !replaced.has(r.urn))) {
        const moved = (cluster.propertyDependencies?.vpcConfig ?? []).filter(movesVpc);
        if (moved.length > 0) {
            changes.findings.push({
                urn: cluster.urn,
                level: "mandatory",
                message: `${label(cluster)} would be moved to ${moved.map((urn) => names.get(urn)).sort().join(", ")} of a new VPC, which EKS refuses: "You can't change which VPC you want to use after cluster creation" (EKS User Guide). pulumi up fails when it updates the cluster, with the new VPC and subnets already created. A cluster in another VPC is a new cluster: create it in a new stack and move the workloads to it, or keep the VPC.`,
            });
        }
    }
}

/** A value as a reviewer reads it: short, quoted when text, "(not set)" when absent. */
export function shownValue(value: unknown, unknown = false): string {
    if (unknown) {
        return "(known after the update)";
    }
    if (value === undefined) {
        return "(not set)";
    }
    if (value === UNKNOWN) {
        return "(not known yet)";
    }
    // Ids of resources not created yet are Pulumi's unknown sentinel: a reviewer reads how many.
    if (Array.isArray(value) && value.length > 0 && value.every((v) => v === UNKNOWN)) {
        return `(${value.length} ${value.length === 1 ? "value" : "values"}, not known yet)`;
    }
    const element = (v: unknown) => (v === UNKNOWN ? "(not known yet)" : typeof v === "string" ? v : JSON.stringify(v));
    const text = typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) && isScalarList(value) ? `[${value.map(element).join(", ")}]` : JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** `path: before → after` for each change; an unknown value by where it comes from, when that changes. */
export function changeLines(changes: readonly PropertyChange[]): string[] {
    const from = (names: string[] | undefined) => (names && names.length > 0 ? `(from ${names.join(", ")})` : "(not known yet)");
    return changes.map((c) => (c.afterFrom ? `${c.path}: ${from(c.beforeFrom)} → ${from(c.afterFrom)}` : `${c.path}: ${shownValue(c.before)} → ${shownValue(c.after, c.afterUnknown)}`));
}
