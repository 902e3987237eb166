// Reads a `pulumi stack export` file, or a backend checkpoint file, into the resources the offline
// check analyses. Exports of every CLI of the last years share the deployment format (version 3;
// older CLIs wrote `null` property dependencies, newer ones omit empty lists); a brand-new stack
// exports a deployment without resources. Anything else is named as what it is, never a trace.
import * as fs from "fs";
import { DeclaredResource } from "./mockRun";
import { engineValue, nonEmptyPropertyDependencies } from "./engineShapes";

export class StateFileError extends Error {}

interface ExportedResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    inputs?: Record<string, unknown> | null;
    outputs?: Record<string, unknown> | null;
    parent?: string;
    dependencies?: string[] | null;
    propertyDependencies?: Record<string, string[] | null> | null;
    protect?: boolean;
    ignoreChanges?: string[] | null;
    deleteBeforeReplace?: boolean;
    aliases?: string[] | null;
    customTimeouts?: { create?: number; update?: number; delete?: number } | null;
}

export interface StateExport {
    /** The stack named by the resources' URNs (`urn:pulumi:<stack>::<project>::...`). */
    stack?: string;
    resources: DeclaredResource[];
}

function readText(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a file" : code === "EACCES" ? "not readable (permission denied)" : `cannot be read (${code ?? (error as Error).message})`;
        throw new StateFileError(`State file ${file}: ${why}. Write one with: pulumi stack export --file <file>`);
    }
}

function parse(file: string, text: string): unknown {
    if (text.trim() === "") {
        throw new StateFileError(`State file ${file} is empty; expected the JSON that \`pulumi stack export\` writes`);
    }
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new StateFileError(`State file ${file} is not valid JSON (${(error as Error).message}); is it truncated? Export it again with pulumi stack export --file <file>`);
    }
}

/** The deployment format versions this reader knows (pulumi/pulumi apitype: DeploymentSchemaVersionCurrent is 3). */
const KNOWN_EXPORT_VERSIONS = [3];

function resourcesOf(file: string, document: unknown): unknown[] {
    const root = document as Record<string, any> | null;
    const version = root && typeof root === "object" ? root.version : undefined;
    if (version !== undefined && !KNOWN_EXPORT_VERSIONS.includes(version)) {
        throw new StateFileError(`State file ${file}: export version ${JSON.stringify(version)} is not one this check reads (it reads version ${KNOWN_EXPORT_VERSIONS.join(", ")}, what pulumi stack export writes); export it with a current Pulumi CLI`);
    }
    const deployment = root && typeof root === "object" ? root.deployment ?? root.checkpoint?.latest : undefined;
    if (!deployment || typeof deployment !== "object") {
        throw new StateFileError(`State file ${file} is not a Pulumi stack export: it has no "deployment" (write one with pulumi stack export --file <file>)`);
    }
    const resources = deployment.resources ?? [];
    if (!Array.isArray(resources)) {
        throw new StateFileError(`State file ${file}: deployment.resources is not a list`);
    }
    return resources;
}

/** A state's values as the engine hands them over; a hand-edited secret that is not JSON is named. */
function stateValue(file: string, r: ExportedResource, which: "inputs" | "outputs"): Record<string, any> {
    try {
        return engineValue(r[which] ?? {}) as Record<string, any>;
    } catch (error) {
        if (error instanceof SyntaxError) {
            throw new StateFileError(`State file ${file}: ${r.urn}: a secret in its ${which} has a "plaintext" that is not JSON (${error.message}); Pulumi writes it JSON-encoded. Export the stack again with pulumi stack export --file <file>`);
        }
        throw error;
    }
}

function toDeclared(file: string, r: ExportedResource): DeclaredResource {
    const timeouts = r.customTimeouts ?? undefined;
    return {
        urn: r.urn,
        type: r.type,
        name: r.urn.split("::").pop() ?? r.urn,
        custom: !!r.custom,
        inputs: stateValue(file, r, "inputs"),
        outputs: { ...stateValue(file, r, "outputs"), ...(r.id ? { id: r.id } : {}) },
        protect: !!r.protect,
        ignoreChanges: [...(r.ignoreChanges ?? [])],
        ...(r.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.deleteBeforeReplace } : {}),
        aliases: [...(r.aliases ?? [])],
        ...(timeouts ? { customTimeouts: { create: timeouts.create ?? 0, update: timeouts.update ?? 0, delete: timeouts.delete ?? 0 } } : {}),
        parentUrn: r.parent ?? "",
        dependsOnUrns: [...(r.dependencies ?? [])],
        propertyDependencies: nonEmptyPropertyDependencies(r.propertyDependencies),
    };
}

export function readStateExport(file: string): StateExport {
    const resources = resourcesOf(file, parse(file, readText(file)));
    const malformed = resources.findIndex((r) => !r || typeof r !== "object" || typeof (r as ExportedResource).urn !== "string" || typeof (r as ExportedResource).type !== "string");
    if (malformed >= 0) {
        throw new StateFileError(`State file ${file}: deployment.resources[${malformed}] has no urn and type; is the file edited or truncated?`);
    }
    // urn:pulumi:<stack>::<project>::<type chain>::<name> (pulumi/pulumi sdk/go/common/resource/urn.go).
    const badUrn = (resources as ExportedResource[]).findIndex((r) => !/^urn:pulumi:[^:]+::[^:]+::[^:][^]*::[^]*$/.test(r.urn) || !r.urn.split("::")[2]?.split("$").pop()?.startsWith(r.type));
    if (badUrn >= 0) {
        const r = (resources as ExportedResource[])[badUrn];
        throw new StateFileError(`State file ${file}: deployment.resources[${badUrn}].urn "${r.urn}" is not a Pulumi URN of its type ${r.type} (urn:pulumi:<stack>::<project>::<type>::<name>); is the file edited?`);
    }
    const declared = (resources as ExportedResource[]).map((r) => toDeclared(file, r));
    const stack = /^urn:pulumi:([^:]+)::/.exec(declared.find((r) => r.type !== "pulumi:pulumi:Stack")?.urn ?? declared[0]?.urn ?? "")?.[1];
    return { ...(stack ? { stack } : {}), resources: declared };
}
