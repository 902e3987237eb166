// Type checks for config values. Each returns the typed value, or undefined after recording a
// problem, so that loading can go on and report everything at once.
import { ConfigProblems } from "./problems";

/** Top-level values arrive from Pulumi as strings (JSON for structured ones); nested ones are typed. */
export type RawValue = unknown;

export function readString(problems: ConfigProblems, path: string, value: RawValue): string | undefined {
    if (typeof value === "string" && value.length > 0) {
        return value;
    }
    problems.add(path, value, "expected a non-empty string");
    return undefined;
}

export function readInteger(
    problems: ConfigProblems,
    path: string,
    value: RawValue,
    range: { min: number; max: number; why?: string },
): number | undefined {
    const parsed = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    const why = range.why ? ` (${range.why})` : "";
    if (typeof parsed !== "number" || !Number.isInteger(parsed)) {
        problems.add(path, value, `expected an integer from ${range.min} to ${range.max}${why}`);
        return undefined;
    }
    if (parsed < range.min || parsed > range.max) {
        problems.add(path, value, `must be an integer from ${range.min} to ${range.max}${why}`);
        return undefined;
    }
    return parsed;
}

export function readBoolean(problems: ConfigProblems, path: string, value: RawValue): boolean | undefined {
    if (typeof value === "boolean") {
        return value;
    }
    if (value === "true" || value === "false") {
        return value === "true";
    }
    problems.add(path, value, "expected true or false");
    return undefined;
}

export function readEnum<T extends string>(
    problems: ConfigProblems,
    path: string,
    value: RawValue,
    allowed: readonly T[],
    why?: string,
): T | undefined {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) {
        return value as T;
    }
    problems.add(path, value, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}${why ? ` (${why})` : ""}`);
    return undefined;
}

/** Parses the JSON text Pulumi hands over for structured top-level keys. */
export function decodeStructured(problems: ConfigProblems, path: string, value: RawValue): RawValue {
    if (typeof value !== "string") {
        return value;
    }
    try {
        return JSON.parse(value);
    } catch {
        problems.add(path, value, "expected a YAML list or map (structured config), not a plain string");
        return undefined;
    }
}

export function readArray(problems: ConfigProblems, path: string, value: RawValue): unknown[] | undefined {
    const decoded = decodeStructured(problems, path, value);
    if (Array.isArray(decoded)) {
        return decoded;
    }
    if (decoded !== undefined) {
        problems.add(path, value, "expected a list");
    }
    return undefined;
}

export function readStringArray(problems: ConfigProblems, path: string, value: RawValue): string[] | undefined {
    const items = readArray(problems, path, value);
    if (!items) {
        return undefined;
    }
    const strings: string[] = [];
    let ok = true;
    items.forEach((item, i) => {
        if (typeof item === "string" && item.length > 0) {
            strings.push(item);
        } else {
            problems.add(`${path}[${i}]`, item, "expected a non-empty string");
            ok = false;
        }
    });
    return ok ? strings : undefined;
}

export function readObject(
    problems: ConfigProblems,
    path: string,
    value: RawValue,
    knownFields?: readonly string[],
): Record<string, unknown> | undefined {
    const decoded = decodeStructured(problems, path, value);
    if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) {
        if (decoded !== undefined) {
            problems.add(path, value, "expected a map of fields");
        }
        return undefined;
    }
    const object = decoded as Record<string, unknown>;
    if (knownFields) {
        for (const field of Object.keys(object)) {
            if (!knownFields.includes(field)) {
                problems.add(`${path}.${field}`, object[field], `unknown field; known fields: ${knownFields.join(", ")}`);
            }
        }
    }
    return object;
}

/** A string-to-string map such as labels or tags. */
export function readStringMap(
    problems: ConfigProblems,
    path: string,
    value: RawValue,
    limits?: { maxEntries: number; why: string },
): Record<string, string> | undefined {
    const object = readObject(problems, path, value);
    if (!object) {
        return undefined;
    }
    const result: Record<string, string> = {};
    let ok = true;
    for (const [key, entry] of Object.entries(object)) {
        if (typeof entry !== "string") {
            problems.add(`${path}.${key}`, entry, "expected a string value (quote numbers and booleans in YAML)");
            ok = false;
        } else {
            result[key] = entry;
        }
    }
    if (limits && Object.keys(object).length > limits.maxEntries) {
        problems.add(path, value, `at most ${limits.maxEntries} entries (${limits.why})`);
        ok = false;
    }
    return ok ? result : undefined;
}

/** Reports names that occur more than once in a list, at the second occurrence. */
export function reportDuplicates(problems: ConfigProblems, path: string, names: readonly (string | undefined)[]): void {
    const seen = new Set<string>();
    names.forEach((name, i) => {
        if (name === undefined) {
            return;
        }
        if (seen.has(name)) {
            problems.add(`${path}[${i}]`, name, "duplicate; each entry must be unique");
        }
        seen.add(name);
    });
}
