// The shapes the Pulumi engine gives a policy pack, written down once. The offline check (a preview
// under mocks, or a state file) builds every Analyze and AnalyzeStack request through these
// functions, so the pack sees what `pulumi preview --policy-pack` would show it.
//
// Verified in pulumi/pulumi @ 1b5949891b3cefcb9974752b24a5ecef0acc86c8:
// - pkg/resource/plugin/analyzer_plugin.go, Analyze: the resource's (provider-checked) inputs,
//   marshalled with KeepUnknowns, KeepSecrets and SkipInternalKeys; AnalyzeStack: each resource's
//   outputs, marshalled the same way, with its parent, dependencies and property dependencies, where
//   "properties that have no dependencies" are skipped; marshalResourceOptions: protect,
//   ignoreChanges, deleteBeforeReplace (and whether it was set), aliases, customTimeouts, parent;
//   marshalProvider: the provider's type, name, URN and properties.
// - sdk/go/common/resource/plugin/rpc.go, MarshalProperties: "Only skip top level internal keys"
//   (keys starting with "__"), so a nested `vpcConfig.__defaults` reaches the pack; a resource
//   reference (KeepResources off) becomes its id, or its URN when it has no id; secrets are kept as
//   secret values, which @pulumi/policy hands to rules as their plain values.
// That is the engine (the CLI's Go code); 1b594989 (3.260.0-dev, 2026-08-21) is the newest source
// available here. The Node.js side, re-read in the published @pulumi/pulumi 3.276.0 against 3.248.0
// (2026-12-07): cmd/run-policy-pack and proto/analyzer_pb.js are unchanged; runtime/rpc.js now keeps
// the secret marker on a value not known yet (a secret of an unknown, where 3.248 sent the bare
// unknown: engineValue unwraps both, tests/engineShapes.test.ts); runtime/mocks.js now supports
// transforms and answers getDeploymentInfo, neither of which the program uses.
import { DeclaredResource, UNKNOWN } from "./mockRun";

/** Signature keys of Pulumi's special values (sdk/go/common/resource/sig). */
export const SIGNATURE = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * A value as the engine marshals it for the analyzer: a resource reference becomes its id (its URN
 * when it has no id; unknown when the id is empty, as for a resource not created yet), an output
 * value its value (unknown when it has none), and a secret its plain value. A state file holds
 * secrets encrypted unless exported with --show-secrets; those cannot be decrypted here and become
 * unknown, so rules that need them say they cannot check, never guess.
 */
export function engineValue(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(engineValue);
    }
    if (!value || typeof value !== "object") {
        return value;
    }
    const object = value as Record<string, unknown>;
    switch (object[SIGNATURE]) {
        case SECRET_SIG:
            if ("plaintext" in object) {
                return engineValue(JSON.parse(String(object.plaintext)));
            }
            return "value" in object ? engineValue(object.value) : UNKNOWN;
        case RESOURCE_REFERENCE_SIG:
            if (object.id === undefined || object.id === null) {
                return object.urn;
            }
            return object.id === "" ? UNKNOWN : engineValue(object.id);
        case OUTPUT_VALUE_SIG:
            return "value" in object ? engineValue(object.value) : UNKNOWN;
        default:
            return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, engineValue(v)]));
    }
}

/** Top-level keys starting with `__` are dropped; nested ones (a `__defaults` list) are kept. */
export function withoutTopLevelInternalKeys(properties: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(properties).filter(([key]) => !key.startsWith("__")));
}

/** Property dependencies as AnalyzeStack sends them: properties with no dependency are left out. */
export function nonEmptyPropertyDependencies(dependencies: Readonly<Record<string, readonly string[] | null | undefined>> | null | undefined): Record<string, string[]> {
    return Object.fromEntries(
        Object.entries(dependencies ?? {}).flatMap(([key, urns]) => (Array.isArray(urns) && urns.length > 0 ? [[key, [...urns]]] : [])),
    );
}

/** The resource options both requests carry (marshalResourceOptions). */
export interface EngineOptions {
    protect: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace?: boolean;
    aliases: string[];
    customTimeouts: { create: number; update: number; delete: number };
    parent: string;
}

/** An Analyze request: the resource's inputs. */
export interface EngineAnalyzeRequest {
    type: string;
    name: string;
    urn: string;
    properties: Record<string, unknown>;
    options: EngineOptions;
}

/** A resource of an AnalyzeStack request: its outputs and how it depends on others. */
export interface EngineStackResource extends EngineAnalyzeRequest {
    parent: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

function optionsOf(resource: DeclaredResource): EngineOptions {
    return {
        protect: resource.protect,
        ignoreChanges: [...resource.ignoreChanges],
        ...(resource.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: resource.deleteBeforeReplace } : {}),
        aliases: [...(resource.aliases ?? [])],
        customTimeouts: resource.customTimeouts ?? { create: 0, update: 0, delete: 0 },
        parent: resource.parentUrn,
    };
}

/** Properties as marshalled for the analyzer (a preview under mocks records them as the SDK sent them). */
function analyzerProperties(properties: Record<string, unknown>): Record<string, unknown> {
    return withoutTopLevelInternalKeys(engineValue(properties) as Record<string, unknown>);
}

export function analyzeRequest(resource: DeclaredResource): EngineAnalyzeRequest {
    return { type: resource.type, name: resource.name, urn: resource.urn, properties: analyzerProperties(resource.inputs), options: optionsOf(resource) };
}

export function stackResource(resource: DeclaredResource): EngineStackResource {
    return {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        properties: analyzerProperties(resource.outputs),
        options: optionsOf(resource),
        parent: resource.parentUrn,
        dependencies: [...resource.dependsOnUrns],
        propertyDependencies: nonEmptyPropertyDependencies(resource.propertyDependencies),
    };
}
