// Runs one stack policy the way the framework's AnalyzeStack does: each resource's props wrapped
// in the unknown-checking proxy, dependencies and propertyDependencies linked as resource objects,
// the framework's handling of unknown-value errors and notApplicable.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PolicyOutcome, recordEnding, throwNotApplicable } from "./outcome";

/* eslint-disable @typescript-eslint/no-var-requires */
const proxy: { unknownCheckingProxy<T>(value: T): T } = require("@pulumi/policy/proxy");

export interface TestStackResource {
    type: string;
    name: string;
    props: Record<string, any>;
    /** Property name -> names of the resources its value came from. */
    deps?: Record<string, string[]>;
    protect?: boolean;
}

export const stackUrn = (type: string, name: string) => `urn:pulumi:test::eks-platform::${type}::${name}`;

export function toPolicyResources(resources: readonly TestStackResource[]): PolicyResource[] {
    const byName = new Map<string, PolicyResource>();
    const built = resources.map((r) => {
        const resource: any = {
            type: r.type,
            name: r.name,
            urn: stackUrn(r.type, r.name),
            props: proxy.unknownCheckingProxy(JSON.parse(JSON.stringify(r.props))),
            opts: { protect: !!r.protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        byName.set(r.name, resource);
        return resource as PolicyResource;
    });
    resources.forEach((r, i) => {
        for (const [property, names] of Object.entries(r.deps ?? {})) {
            const targets = names.map((n) => {
                const target = byName.get(n);
                if (!target) {
                    throw new Error(`test stack: ${r.name}.${property} depends on unknown resource ${n}`);
                }
                return target;
            });
            built[i].propertyDependencies[property] = targets;
            built[i].dependencies.push(...targets);
        }
    });
    return built;
}

export async function validateStack(policy: StackValidationPolicy, resources: readonly TestStackResource[], config: Record<string, unknown> = {}): Promise<PolicyOutcome> {
    const outcome: PolicyOutcome = { violations: [] };
    const args: any = {
        resources: toPolicyResources(resources),
        stackTags: new Map(),
        getConfig: () => ({ ...config }),
        notApplicable: throwNotApplicable,
    };
    try {
        await policy.validateStack(args, (message, urn) => outcome.violations.push({ message, urn: urn ?? "" }));
    } catch (error) {
        recordEnding(error, outcome);
    }
    return outcome;
}
