// Renders declared resources as a tree of components and their children.
interface TreeResource {
    urn: string;
    type: string;
    name: string;
    parentUrn?: string;
    protect: boolean;
}

export function renderResourceTree(resources: readonly TreeResource[]): string[] {
    const children = new Map<string, TreeResource[]>();
    const urns = new Set(resources.map((r) => r.urn));
    for (const resource of resources) {
        const parent = resource.parentUrn && urns.has(resource.parentUrn) ? resource.parentUrn : "";
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
