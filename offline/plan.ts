// What the offline check analyses: the resources a stack would have, either planned by running the
// program as a preview under mocks, or read from a `pulumi stack export` file.
import * as path from "path";
import { DeclaredResource, runStack } from "./mockRun";
import { readStateExport } from "./stateFile";

export interface Plan {
    stack: string;
    source: "program" | "state";
    /** The stack file or the state file the plan came from. */
    file: string;
    resources: DeclaredResource[];
}

export async function planFromProgram(stack: string, stackFile: string): Promise<Plan> {
    const run = await runStack(stack, {}, { preview: true, stackDir: path.dirname(stackFile) });
    return { stack, source: "program", file: stackFile, resources: run.resources };
}

/** Reads a `pulumi stack export` file; a StateFileError names what is wrong with it. */
export function planFromState(file: string, stack?: string): Plan {
    const exported = readStateExport(file);
    return { stack: stack ?? exported.stack ?? "state", source: "state", file, resources: exported.resources };
}
