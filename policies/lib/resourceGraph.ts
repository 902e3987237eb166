// Resolves references between resources for stack rules.
//
// A reference (Route.gatewayId, FargateProfile.subnetIds, ...) is resolved from its value when the
// value is known, by matching the ids, ARNs or names of the stack's resources. When the value is
// unknown (a resource created in this update), the resource's propertyDependencies are used, but
// only where they identify the targets exactly: as many dependencies of the expected types as the
// reference has values. Dependencies can be coarser than the value (a @pulumi/eks Fargate profile
// lists all six subnets of a VPC while using three), and then the reference stays unresolved: rules
// say they cannot check it yet, and never guess.
import { PolicyResource } from "@pulumi/policy";
import { ifKnown, isPresent, PropertyBag } from "./props";
import { AWS, NETWORK } from "./resourceTypes";

/** What a network stack declares, and a cluster stack on it does not see. */
const NETWORK_TYPES: ReadonlySet<string> = new Set([AWS.vpc, AWS.subnet, NETWORK.routeTable, NETWORK.routeTableAssociation, NETWORK.natGateway, NETWORK.route, NETWORK.internetGateway]);

export type Resolution = { resolved: true; targets: PolicyResource[] } | { resolved: false; reason: string; declaredElsewhere?: true };

/** Resources by what one of their properties refers to (see ResourceGraph.referrers). */
export interface Referrers {
    /** The resources that refer to any of the targets, each once, in stack order. */
    of(...targetUrns: string[]): PolicyResource[];
    /** Some resource's reference could not be resolved: it may refer to any target. */
    someUnresolved: boolean;
}

/**
 * Identifying values a reference can hold: ids, ARNs, names; a VPC is also found by its default
 * (main) route table id, which is how DefaultRouteTable refers to it.
 */
const IDENTITY_KEYS = ["id", "arn", "name", "defaultRouteTableId"];

export function describe(resource: PolicyResource): string {
    return `${resource.type.split(":").pop()} "${resource.name}"`;
}

export class ResourceGraph {
    private readonly byIdentity = new Map<string, PolicyResource[]>();
    // Indexed once: rules ask for a type per cluster, role or node group, and a scan of the whole
    // stack for each made AnalyzeStack quadratic in the stack's size.
    private readonly byType = new Map<string, PolicyResource[]>();
    private readonly position = new Map<PolicyResource, number>();
    private readonly referrerIndexes = new Map<string, Referrers>();
    /** Relations rules could not resolve, collected to report once per rule. */
    readonly unresolved: string[] = [];
    /**
     * Where the network is declared when another stack or team declares it (networkOrigin.ts);
     * references to network resources this stack does not have are then recorded in `elsewhere`.
     */
    externalNetwork?: string;
    readonly elsewhere: string[] = [];

    constructor(readonly resources: readonly PolicyResource[]) {
        resources.forEach((resource, index) => {
            this.position.set(resource, index);
            const ofType = this.byType.get(resource.type);
            if (ofType) {
                ofType.push(resource);
            } else {
                this.byType.set(resource.type, [resource]);
            }
        });
        for (const resource of resources) {
            for (const key of IDENTITY_KEYS) {
                const value = isPresent(resource.props, key) ? ifKnown(() => resource.props[key]) : undefined;
                if (typeof value === "string" && value.length > 0) {
                    const same = this.byIdentity.get(value);
                    if (same) {
                        same.push(resource);
                    } else {
                        this.byIdentity.set(value, [resource]);
                    }
                }
            }
        }
    }

    /** The resources of the types, in stack order. */
    ofType(...types: string[]): PolicyResource[] {
        const found = [...new Set(types)].flatMap((type) => this.byType.get(type) ?? []);
        return types.length > 1 ? found.sort((a, b) => this.position.get(a)! - this.position.get(b)!) : found;
    }

    /** Matches a known identifier (id, ARN or name) to a resource of one of the types. */
    byIdentifier(value: string, types: readonly string[]): PolicyResource | undefined {
        return (this.byIdentity.get(value) ?? []).find((r) => types.includes(r.type));
    }

    /**
     * The resources a property refers to. `path` names the property (nested: ["vpcConfig",
     * "subnetIds"]); its first element is the key of propertyDependencies. `many` says the property
     * is a list (an unknown list has an unknown length). An absent property refers to nothing.
     */
    references(resource: PolicyResource, path: readonly string[], types: readonly string[], many = false): Resolution {
        const where = `${describe(resource)} ${path.join(".")}`;
        let holder: PropertyBag | undefined = resource.props;
        for (const key of path.slice(0, -1)) {
            const next = holder && isPresent(holder, key) ? ifKnown(() => holder![key]) : undefined;
            if (next === undefined) {
                if (holder && isPresent(holder, key)) {
                    return this.fromDependencies(resource, path, types, many ? undefined : 1, where);
                }
                return { resolved: true, targets: [] };
            }
            holder = next as PropertyBag;
        }
        const last = path[path.length - 1];
        if (!holder || !isPresent(holder, last)) {
            return { resolved: true, targets: [] };
        }
        const whole = ifKnown(() => holder![last]);
        if (whole === undefined) {
            return this.fromDependencies(resource, path, types, many ? undefined : 1, where);
        }
        // Element by element: reading an unknown element through the framework's proxy throws.
        const values: unknown[] = [];
        const count = Array.isArray(whole) ? (whole as unknown[]).length : 1;
        for (let i = 0; i < count; i++) {
            values.push(Array.isArray(whole) ? ifKnown(() => (whole as unknown[])[i]) : whole);
        }
        if (values.some((v) => v === undefined)) {
            return this.fromDependencies(resource, path, types, values.length, where);
        }
        const targets: PolicyResource[] = [];
        for (const value of values as string[]) {
            const target = this.byIdentifier(String(value), types);
            if (!target) {
                const reason = `${where} refers to ${value}, which this stack does not declare`;
                return this.externalNetwork && types.some((t) => NETWORK_TYPES.has(t)) ? { resolved: false, reason, declaredElsewhere: true } : { resolved: false, reason };
            }
            targets.push(target);
        }
        return { resolved: true, targets };
    }

    private fromDependencies(resource: PolicyResource, path: readonly string[], types: readonly string[], count: number | undefined, where: string): Resolution {
        const candidates = (resource.propertyDependencies[path[0]] ?? []).filter((d) => types.includes(d.type));
        const unique = [...new Map(candidates.map((c) => [c.urn, c])).values()];
        if (unique.length > 0 && count !== undefined && unique.length === count) {
            return { resolved: true, targets: unique };
        }
        const known = count === undefined ? "an unknown number of values" : `${count} unknown value${count === 1 ? "" : "s"}`;
        return { resolved: false, reason: `${where} has ${known} and ${unique.length} matching dependencies, which do not identify them` };
    }

    /**
     * `select()` indexed by the URNs their `path` property refers to, built once per graph under
     * `key`: asking each role or cluster for what refers to it by scanning the stack was quadratic.
     */
    referrers(key: string, select: () => PolicyResource[], path: readonly string[], targetTypes: readonly string[]): Referrers {
        const existing = this.referrerIndexes.get(key);
        if (existing) {
            return existing;
        }
        const byTarget = new Map<string, PolicyResource[]>();
        let someUnresolved = false;
        for (const resource of select()) {
            const resolution = this.references(resource, path, targetTypes);
            if (!resolution.resolved) {
                someUnresolved = true;
                continue;
            }
            for (const urn of new Set(resolution.targets.map((t) => t.urn))) {
                const referring = byTarget.get(urn);
                if (referring) {
                    referring.push(resource);
                } else {
                    byTarget.set(urn, [resource]);
                }
            }
        }
        const index: Referrers = {
            of: (...targetUrns) => {
                const found = [...new Set(targetUrns.flatMap((urn) => byTarget.get(urn) ?? []))];
                return targetUrns.length > 1 ? found.sort((a, b) => this.position.get(a)! - this.position.get(b)!) : found;
            },
            someUnresolved,
        };
        this.referrerIndexes.set(key, index);
        return index;
    }

    /** Resolved targets, or none after recording why the relation cannot be checked yet. */
    targetsOrNote(resolution: Resolution): PolicyResource[] | undefined {
        if (resolution.resolved) {
            return resolution.targets;
        }
        (resolution.declaredElsewhere ? this.elsewhere : this.unresolved).push(resolution.reason);
        return undefined;
    }
}
