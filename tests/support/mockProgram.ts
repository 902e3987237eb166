// Test helpers over the offline mock run: the suite pins the evaluation day so version support is
// judged the same way on any day.
import * as pulumi from "@pulumi/pulumi";
import { EVALUATION_DATE_VARIABLE } from "../../config/evaluationDate";
import * as mockRun from "../../offline/mockRun";
import { DeclaredResource, ProgramRun } from "../../offline/mockRun";
import { TODAY } from "./configFixtures";

export { DeclaredResource, PROJECT_DIR, ProgramRun, TEST_REGION_ZONES, TEST_ZONES } from "../../offline/mockRun";

function pinEvaluationDate(): void {
    process.env[EVALUATION_DATE_VARIABLE] = TODAY.toISOString().slice(0, 10);
}

export function runProgram(config: Record<string, string>, stack = "test", options: Pick<mockRun.RunOptions, "regionZones" | "deploy" | "deployedCluster" | "stackOutputs"> = {}): Promise<ProgramRun> {
    pinEvaluationDate();
    return mockRun.runProgram(config, { stack, ...options });
}

// A stack file's run is read by several suites (golden URNs, stacks, the pack): run each config once.
const stackRuns = new Map<string, Promise<ProgramRun>>();

export function runStack(stack: string, overrides: Record<string, string> = {}): Promise<ProgramRun> {
    pinEvaluationDate();
    const key = JSON.stringify([stack, overrides]);
    if (!stackRuns.has(key)) {
        stackRuns.set(key, mockRun.runStack(stack, overrides));
    }
    return stackRuns.get(key)!;
}

export function ofType(run: ProgramRun, type: string): DeclaredResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** The one resource of a type (and name suffix); fails when there is not exactly one. */
export function single(run: ProgramRun, type: string, nameEndsWith = ""): DeclaredResource {
    const found = ofType(run, type).filter((r) => r.name.endsWith(nameEndsWith));
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named *${nameEndsWith}, found ${found.map((r) => r.name).join(", ") || "none"}`);
    }
    return found[0];
}

/** Resolves an Output (or plain value) for assertions. */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}
