// Policy settings: the values from the policy pack config over the schema's defaults. The CLI may
// or may not fill defaults in, so rules always start from their own.
import { PolicyConfigSchema, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";

export function settingsOf<T extends object>(args: ResourceValidationArgs | StackValidationArgs, defaults: T): T {
    return { ...defaults, ...(args.getConfig<Partial<T>>() as Partial<T>) };
}

/** A config schema whose `default`s are the given defaults, so documentation and code agree. */
export function schemaWithDefaults(schema: PolicyConfigSchema, defaults: Record<string, unknown>): PolicyConfigSchema {
    const properties: PolicyConfigSchema["properties"] = {};
    for (const [name, property] of Object.entries(schema.properties)) {
        properties[name] = name in defaults ? { ...property, default: defaults[name] as any } : property;
    }
    return { ...schema, properties };
}
