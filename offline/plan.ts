// What the offline check analyses: the resources a stack would have, either planned by running the
// program as a preview under mocks, or read from a `pulumi stack export` file.
import * as fs from "fs";
import * as path from "path";
import { DeclaredResource, runStack, UNKNOWN } from "./mockRun";

/** Signature keys of Pulumi's special values (sdk/go/common/resource/sig). */
const SIGNATURE = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * Turns state-file values into what an analyzer accepts: a resource reference becomes the id (or
 * URN) it stands for, an output value its value, and a secret, which is stored encrypted and never
 * decrypted here, an unknown value (rules that need it say they cannot check it).
 */
export function stateValue(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(stateValue);
    }
    if (!value || typeof value !== "object") {
        return value;
    }
    const object = value as Record<string, unknown>;
    switch (object[SIGNATURE]) {
        case SECRET_SIG:
            return "plaintext" in object ? stateValue(JSON.parse(String(object.plaintext))) : UNKNOWN;
        case RESOURCE_REFERENCE_SIG:
            return object.id ?? object.urn;
        case OUTPUT_VALUE_SIG:
            return "value" in object ? stateValue(object.value) : UNKNOWN;
        default:
            return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, stateValue(v)]));
    }
}

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

interface ExportedResource {
    urn: string;
    type: string;
    custom?: boolean;
    inputs?: Record<string, any>;
    outputs?: Record<string, any>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    id?: string;
}

/** Reads a `pulumi stack export` file (deployment version 3). */
export function planFromState(file: string, stack?: string): Plan {
    const exported = JSON.parse(fs.readFileSync(file, "utf8"));
    const resources: ExportedResource[] = exported?.deployment?.resources;
    if (!Array.isArray(resources)) {
        throw new Error(`${file} is not a pulumi stack export (no deployment.resources)`);
    }
    const stackName = stack ?? resources[0]?.urn.split("::")[0].replace(/^urn:pulumi:/, "") ?? "state";
    return {
        stack: stackName,
        source: "state",
        file,
        resources: resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.urn.split("::").pop() ?? r.urn,
            custom: !!r.custom,
            inputs: stateValue(r.inputs ?? {}) as Record<string, any>,
            outputs: { ...(stateValue(r.outputs ?? {}) as Record<string, any>), ...(r.id ? { id: r.id } : {}) },
            protect: !!r.protect,
            // A state file does not record ignoreChanges.
            ignoreChanges: [],
            parentUrn: r.parent ?? "",
            dependsOnUrns: r.dependencies ?? [],
            propertyDependencies: r.propertyDependencies ?? {},
        })),
    };
}
