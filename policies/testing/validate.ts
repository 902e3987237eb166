// Runs one resource policy the way the policy framework's Analyze does: props wrapped in the
// framework's unknown-checking proxy, unknown values as the engine's sentinels, the framework's
// handling of unknown-value errors and notApplicable, and config from the pack's config file.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { markedType } from "../lib/typedValidation";
import { assertPropsUnchanged, PolicyOutcome, recordEnding, throwNotApplicable } from "./outcome";

export { PolicyOutcome } from "./outcome";

/* eslint-disable @typescript-eslint/no-var-requires */
const proxy: { unknownCheckingProxy<T>(value: T): T; unknownStringValue: string } = require("@pulumi/policy/proxy");

/** What the engine sends for a value that is not known during preview. */
export const UNKNOWN: any = proxy.unknownStringValue;

export interface TestResource {
    type: string;
    props: Record<string, any>;
    name?: string;
    /** Type chain of the parents, e.g. ["eks:index:Cluster"], for resources made by components. */
    parentTypes?: string[];
    /** A real URN (e.g. from a stack export); overrides name and parentTypes. */
    urn?: string;
}

export function urnOf(resource: TestResource): string {
    if (resource.urn) {
        return resource.urn;
    }
    const chain = [...(resource.parentTypes ?? []), resource.type].join("$");
    return `urn:pulumi:test::eks-platform::${chain}::${resource.name ?? "subject"}`;
}

export async function validate(policy: ResourceValidationPolicy, resource: TestResource, config: Record<string, unknown> = {}): Promise<PolicyOutcome> {
    const urn = urnOf(resource);
    const outcome: PolicyOutcome = { violations: [] };
    // The framework's fast path: a single validation marked for one type is not applicable to others.
    const only = Array.isArray(policy.validateResource) ? undefined : markedType(policy.validateResource);
    if (only && resource.type !== only) {
        return { ...outcome, notApplicable: `Policy only applies to resources of type '${only}'` };
    }
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    for (const validation of validations) {
        const given = JSON.stringify(resource.props);
        const target = JSON.parse(given);
        const props = proxy.unknownCheckingProxy(target);
        const args: any = {
            type: resource.type,
            props,
            urn,
            name: resource.name ?? "subject",
            opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            stackTags: new Map(),
            isType: () => false,
            asType: () => undefined,
            getConfig: () => ({ ...config }),
            notApplicable: throwNotApplicable,
        };
        try {
            await validation(args, (message, violationUrn) => outcome.violations.push({ message, urn: violationUrn ?? urn }));
        } catch (error) {
            recordEnding(error, outcome);
        }
        assertPropsUnchanged(policy.name, given, target);
    }
    return outcome;
}
