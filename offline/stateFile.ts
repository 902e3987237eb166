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

function resourcesOf(file: string, document: unknown): unknown[] {
    const root = document as Record<string, any> | null;
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

function toDeclared(r: ExportedResource): DeclaredResource {
    const timeouts = r.customTimeouts ?? undefined;
    return {
        urn: r.urn,
        type: r.type,
        name: r.urn.split("::").pop() ?? r.urn,
        custom: !!r.custom,
        inputs: engineValue(r.inputs ?? {}) as Record<string, any>,
        outputs: { ...(engineValue(r.outputs ?? {}) as Record<string, any>), ...(r.id ? { id: r.id } : {}) },
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
    const declared = (resources as ExportedResource[]).map(toDeclared);
    const stack = /^urn:pulumi:([^:]+)::/.exec(declared.find((r) => r.type !== "pulumi:pulumi:Stack")?.urn ?? declared[0]?.urn ?? "")?.[1];
    return { ...(stack ? { stack } : {}), resources: declared };
}
