// Collects every configuration problem of a run so the user sees all of them in one message.

export const CONFIG_NAMESPACE = "eks-platform";

export interface ConfigProblem {
    /** The full config key, e.g. `eks-platform:nodeGroups[0].minSize`. */
    key: string;
    /** The offending value as the user wrote it (JSON), or `(not set)`. */
    value: string;
    /** What is allowed, and why where it is not obvious. */
    allowed: string;
}

export class ConfigValidationError extends Error {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(
            `The stack configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}; ` +
                `no resource was declared:\n` +
                problems.map((p) => `  - ${p.key} = ${p.value}: ${p.allowed}`).join("\n"),
        );
        this.name = "ConfigValidationError";
    }
}

export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "(not set)";
    }
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export class ConfigProblems {
    private readonly problems: ConfigProblem[] = [];

    /** `path` is relative to the project namespace (`network.zoneCount`, `nodeGroups[1].name`). */
    add(path: string, value: unknown, allowed: string): void {
        this.problems.push({ key: `${CONFIG_NAMESPACE}:${path}`, value: describeValue(value), allowed });
    }

    get count(): number {
        return this.problems.length;
    }

    throwIfAny(): void {
        if (this.problems.length > 0) {
            throw new ConfigValidationError(this.problems);
        }
    }
}
