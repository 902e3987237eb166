// Whether Pulumi creates a resource's replacement before deleting the old one, or deletes first, as
// the engine and the bridged AWS provider decide it (sources in data/replacement-order.json). A
// reviewer reads downtime from this: delete-first leaves nothing in place until the new one exists.
import data from "./data/replacement-order.json";
import { UNKNOWN } from "./mockRun";

export interface ReplaceOrder {
    first: "create" | "delete";
    why: string;
}

const PROVIDER_DELETES_FIRST: ReadonlySet<string> = new Set(data.providerDeletesFirst);
const AUTO_NAMED: Readonly<Record<string, string>> = data.autoNamedProperty;
const NOT_AUTO_NAMED: ReadonlySet<string> = new Set(data.notAutoNamed);

const kind = (type: string) => type.split(":").pop()!;

/** The property the AWS provider generates a name for when the program sets none. */
export function autoNamedProperty(type: string): string | undefined {
    return NOT_AUTO_NAMED.has(type) ? undefined : (AUTO_NAMED[type] ?? data.autoNamedByDefault);
}

/**
 * What a replacement does to what runs on the resource, where a reviewer cannot guess it. A Fargate
 * profile: "Any Pods that are running using a Fargate profile are stopped and put into a pending
 * state when the profile is deleted" (EKS User Guide, fargate-profile.adoc).
 */
function consequence(type: string, first: ReplaceOrder["first"]): string {
    if (type !== "aws:eks/fargateProfile:FargateProfile") {
        return "";
    }
    return first === "create"
        ? "; when the old profile is deleted, EKS stops its pods and puts them in Pending, with the new profile already there to take them"
        : "; EKS stops its pods and they stay Pending until the new profile exists";
}

export function replacementOrder(resource: { type: string; inputs?: Record<string, unknown>; deleteBeforeReplace?: boolean }): ReplaceOrder {
    const order = providerOrder(resource);
    return { ...order, why: order.why + consequence(resource.type, order.first) };
}

function providerOrder(resource: { type: string; inputs?: Record<string, unknown>; deleteBeforeReplace?: boolean }): ReplaceOrder {
    // The program's option overrides the provider either way (step_generator.go).
    if (resource.deleteBeforeReplace !== undefined) {
        return resource.deleteBeforeReplace
            ? { first: "delete", why: "the program sets deleteBeforeReplace on it" }
            : { first: "create", why: "the program sets deleteBeforeReplace: false on it" };
    }
    if (PROVIDER_DELETES_FIRST.has(resource.type)) {
        return { first: "delete", why: `the AWS provider deletes a ${kind(resource.type)} before creating its replacement` };
    }
    const property = autoNamedProperty(resource.type);
    const inputs = resource.inputs ?? {};
    const defaults = Array.isArray(inputs.__defaults) ? (inputs.__defaults as unknown[]) : [];
    if (property !== undefined && property in inputs && !defaults.includes(property)) {
        const value = inputs[property];
        const shown = typeof value === "string" && value !== UNKNOWN ? ` "${value}"` : "";
        return { first: "delete", why: `the program sets its ${property}${shown}, which the replacement needs too: the old one is deleted before the new one is created` };
    }
    const generated = resource.type in AUTO_NAMED ? `, under a new generated ${property},` : "";
    return { first: "create", why: `Pulumi creates the replacement first${generated} and deletes the old one after` };
}
