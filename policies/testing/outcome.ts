// What a policy run ended with, recorded the way the framework treats each ending.
import { isUnknownValueError } from "../lib/props";

export interface PolicyOutcome {
    violations: { message: string; urn: string }[];
    /** Set when the policy said it does not apply. */
    notApplicable?: string;
    /** Set when the framework would report "can't run during preview" for an unknown value. */
    unknown?: string;
}

export class NotApplicable extends Error {}

/** What `args.notApplicable` does in the harness: end the run with the reason. */
export function throwNotApplicable(reason?: string): never {
    throw new NotApplicable(reason ?? "");
}

/** Records an unknown-value or not-applicable ending; anything else is a failure of the rule. */
export function recordEnding(error: unknown, outcome: PolicyOutcome): void {
    if (isUnknownValueError(error)) {
        outcome.unknown = (error as Error).message;
    } else if (error instanceof NotApplicable) {
        outcome.notApplicable = error.message;
    } else {
        throw error;
    }
}

/**
 * Fails a test whose policy wrote to the props it was given. The pack hands every policy the same
 * deserialized props of a resource (lib/deserializeOnce.ts), so a write would leak into the next.
 */
export function assertPropsUnchanged(policy: string, before: string, props: unknown): void {
    if (JSON.stringify(props) !== before) {
        throw new Error(`policy ${policy} wrote to the props it was given; rules must only read them`);
    }
}
