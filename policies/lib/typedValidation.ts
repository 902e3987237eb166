// A resource validation that applies to one resource type, marked the way the policy framework's
// validateResourceOfType marks it (`__pulumiType`). The framework then answers every other type
// "not applicable" before it deserializes the resource's properties, which it otherwise does once
// per policy for every resource: @pulumi/policy server.js, Analyze ("Fast check to see if the
// policy isn't applicable when we have a single validation function that has an attached Pulumi
// type"). Without it, eks-guard spent twice a no-op pack's CPU per Analyze call.
import { ResourceValidation } from "@pulumi/policy";

export function forType(type: string, validate: ResourceValidation): ResourceValidation {
    (validate as ResourceValidation & { __pulumiType?: string }).__pulumiType = type;
    return validate;
}

/** The type a validation is marked for, as the framework reads it (policy.js getPulumiType). */
export function markedType(validate: unknown): string | undefined {
    const type = (validate as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof type === "string" && type.length > 0 ? type : undefined;
}
