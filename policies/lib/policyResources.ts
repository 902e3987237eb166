// Resources shaped as the policy framework hands them to stack policies: props wrapped in its
// unknown-checking proxy, options, and dependencies linked as resource objects by URN. Used by the
// offline check (cost, diagram) and the test harness, which both run stack logic outside the pack.
import { PolicyResource } from "@pulumi/policy";

/* eslint-disable @typescript-eslint/no-var-requires */
const proxy: { unknownCheckingProxy<T>(value: T): T } = require("@pulumi/policy/proxy");

export interface ResourceEntry {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    protect: boolean;
    /** URNs; those not among the entries are left out. */
    dependencies: readonly string[];
    propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export function linkPolicyResources(entries: readonly ResourceEntry[]): PolicyResource[] {
    const byUrn = new Map<string, any>();
    const resources = entries.map((entry) => {
        const resource: any = {
            type: entry.type,
            name: entry.name,
            urn: entry.urn,
            props: proxy.unknownCheckingProxy(JSON.parse(JSON.stringify(entry.props))),
            opts: { protect: entry.protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        byUrn.set(entry.urn, resource);
        return resource;
    });
    const linked = (urns: readonly string[]) => urns.flatMap((u) => (byUrn.has(u) ? [byUrn.get(u)] : []));
    entries.forEach((entry, i) => {
        resources[i].dependencies = linked(entry.dependencies);
        for (const [property, urns] of Object.entries(entry.propertyDependencies)) {
            resources[i].propertyDependencies[property] = linked(urns);
        }
    });
    return resources;
}
