// Renders declared resources as a tree of components and their children.
import { DeclaredResource } from "./mockRun";

export function renderResourceTree(resources: readonly DeclaredResource[]): string[] {
    const children = new Map<string, DeclaredResource[]>();
    const urns = new Set(resources.map((r) => r.urn));
    for (const resource of resources) {
        const parent = urns.has(resource.parentUrn) ? resource.parentUrn : "";
        children.set(parent, [...(children.get(parent) ?? []), resource]);
    }
    const lines: string[] = [];
    const walk = (parent: string, indent: string) => {
        const list = [...(children.get(parent) ?? [])].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
        list.forEach((resource, i) => {
            const last = i === list.length - 1;
            const marks = resource.protect ? "  [protected]" : "";
            lines.push(`${indent}${last ? "└─" : "├─"} ${resource.type}  ${resource.name}${marks}`);
            walk(resource.urn, indent + (last ? "   " : "│  "));
        });
    };
    walk("", "");
    return lines;
}
