// Laying one map of values on another, maps merged key by key and anything else replaced: how the
// project's add-on settings meet the user's (config/addonConfiguration.ts), and how the Pulumi CLI
// merges ESC environments and stack config (offline/escEnvironments.ts).

export type JsonMap = Record<string, unknown>;

export const isJsonMap = (value: unknown): value is JsonMap => value !== null && typeof value === "object" && !Array.isArray(value);

/** `over` laid on `base`: base's keys keep their order, new ones follow. */
export function mergeMaps(base: JsonMap, over: JsonMap): JsonMap {
    const merged: JsonMap = { ...base };
    for (const [key, value] of Object.entries(over)) {
        merged[key] = isJsonMap(value) && isJsonMap(merged[key]) ? mergeMaps(merged[key] as JsonMap, value) : value;
    }
    return merged;
}
