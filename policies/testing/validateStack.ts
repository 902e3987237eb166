// Runs one stack policy the way the framework's AnalyzeStack does: each resource's props wrapped
// in the unknown-checking proxy, dependencies and propertyDependencies linked as resource objects,
// the framework's handling of unknown-value errors and notApplicable.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { linkPolicyResources } from "../lib/policyResources";
import { assertPropsUnchanged, PolicyOutcome, recordEnding, throwNotApplicable } from "./outcome";

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
    const urnOf = new Map(resources.map((r) => [r.name, stackUrn(r.type, r.name)]));
    return linkPolicyResources(
        resources.map((r) => {
            const propertyDependencies: Record<string, string[]> = {};
            for (const [property, names] of Object.entries(r.deps ?? {})) {
                propertyDependencies[property] = names.map((n) => {
                    if (!urnOf.has(n)) {
                        throw new Error(`test stack: ${r.name}.${property} depends on unknown resource ${n}`);
                    }
                    return urnOf.get(n)!;
                });
            }
            return {
                type: r.type,
                name: r.name,
                urn: urnOf.get(r.name)!,
                props: r.props,
                protect: !!r.protect,
                dependencies: Object.values(propertyDependencies).flat(),
                propertyDependencies,
            };
        }),
    );
}

export async function validateStack(policy: StackValidationPolicy, resources: readonly TestStackResource[], config: Record<string, unknown> = {}): Promise<PolicyOutcome> {
    const outcome: PolicyOutcome = { violations: [] };
    const given = JSON.stringify(resources.map((r) => r.props));
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
    assertPropsUnchanged(policy.name, given, resources.map((r) => r.props));
    return outcome;
}
