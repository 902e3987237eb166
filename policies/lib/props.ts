// Reading resource properties as the engine presents them to policies.
//
// On a real preview a property can be:
// - absent: the program did not set it, and the provider filled nothing in (the AWS default applies);
// - defaulted: present but listed in the `__defaults` array of the same object, because the
//   provider filled in its default: the program did not choose it either;
// - unknown: computed from an output that does not exist yet (a new resource's id or address);
// - chosen: set by the program to a known value.
// The framework's props are a proxy that throws its UnknownValueError when an unknown value is
// read; rules let that error through, so the framework reports "can't run during preview" as an
// advisory instead of a violation.

/* eslint-disable @typescript-eslint/no-var-requires */
const proxy: { UnknownValueError: new (...args: unknown[]) => Error } = require("@pulumi/policy/proxy");

export type PropertyBag = Record<string, any>;

export function isUnknownValueError(error: unknown): boolean {
    return error instanceof proxy.UnknownValueError;
}

function defaultsOf(bag: PropertyBag): string[] {
    const defaults = bag.__defaults;
    return Array.isArray(defaults) ? [...defaults] : [];
}

/** The key is present in the object; an unknown value counts as present (something was set). */
export function isPresent(bag: PropertyBag | undefined, key: string): boolean {
    return !!bag && Object.prototype.hasOwnProperty.call(bag, key);
}

/** The program set the key itself: present, and not filled in by the provider. */
export function isChosen(bag: PropertyBag | undefined, key: string): boolean {
    return isPresent(bag, key) && !defaultsOf(bag!).includes(key);
}

/**
 * The value in effect: the program's or provider's value when present, else the documented AWS
 * default. Reading an unknown value throws the framework's UnknownValueError.
 */
export function effective<T>(bag: PropertyBag | undefined, key: string, awsDefault: T): T {
    return isPresent(bag, key) ? (bag![key] as T) : awsDefault;
}

/** Returns the value, or `whenUnknown` when it is unknown, without ending the rule. */
export function knownOr<T, U>(read: () => T, whenUnknown: U): T | U {
    try {
        return read();
    } catch (error) {
        if (isUnknownValueError(error)) {
            return whenUnknown;
        }
        throw error;
    }
}

/** Returns the value, or `undefined` when it is unknown, without ending the rule. */
export function ifKnown<T>(read: () => T): T | undefined {
    return knownOr(read, undefined);
}

/**
 * Splits a list into its known items and the error of the first unknown one, so a rule can report
 * what is certainly wrong among the known items and leave the rest to the framework.
 */
export function knownItems<T>(list: readonly T[]): { items: T[]; unknown?: Error } {
    const items: T[] = [];
    let unknown: Error | undefined;
    for (let i = 0; i < list.length; i++) {
        try {
            items.push(list[i]);
        } catch (error) {
            if (!isUnknownValueError(error)) {
                throw error;
            }
            unknown = unknown ?? (error as Error);
        }
    }
    return { items, unknown };
}

/** A list value that may be absent; an unknown whole list throws the framework's error. */
export function listOf<T>(bag: PropertyBag | undefined, key: string): T[] {
    const value = isPresent(bag, key) ? bag![key] : undefined;
    return Array.isArray(value) ? (value as T[]) : [];
}
