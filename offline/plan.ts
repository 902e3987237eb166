// What the offline check analyses: the resources a stack would have, either planned by running the
// program as a preview under mocks, or read from a `pulumi stack export` file; with those of the
// network stack it takes its network from, when it does (networkJoin.ts).
import * as path from "path";
import { StackRegion } from "../policies/lib/stackRegion";
import { DeclaredResource, MockDeployedCluster, PROJECT_DIR, runStack } from "./mockRun";
import { joinedNetwork } from "./networkJoin";
import { readStackConfig } from "./stackConfig";
import { readStateExport } from "./stateFile";

export interface Plan {
    stack: string;
    source: "program" | "state";
    /** The stack file or the state file the plan came from. */
    file: string;
    resources: DeclaredResource[];
    /** The network stack judged with it by the stack rules (network.fromStack, --with-state). */
    joined?: { stack: string; file: string; resources: DeclaredResource[] };
    /**
     * The stack's region: a stack file's aws:region (null when it sets none: the provider then takes
     * it from the environment); a state file's is read from its resources (undefined).
     */
    region?: StackRegion | null;
    /** `secure:` keys of the stack file the check cannot decrypt, planned with their declared default. */
    unseenConfig?: { key: string; plannedWith: string }[];
}

/** `deployed`: the cluster already runs (as the base of a comparison declared it): plan a second `pulumi up`. */
export async function planFromProgram(stack: string, stackFile: string, withState: readonly string[] = [], deployed?: MockDeployedCluster, environmentValues: Readonly<Record<string, string>> = {}): Promise<Plan> {
    const network = await joinedNetwork(stackFile, stack, withState, environmentValues);
    const run = await runStack(stack, {}, {
        preview: true,
        stackDir: path.dirname(stackFile),
        environmentValues,
        ...(network ? { stackOutputs: { [network.reference]: network.outputs } } : {}),
        ...(deployed ? { deployedCluster: deployed } : {}),
    });
    const read = readStackConfig(PROJECT_DIR, stack, path.dirname(stackFile), environmentValues);
    const region = read.config["aws:region"];
    return {
        stack,
        source: "program",
        file: stackFile,
        resources: run.resources,
        region: region ? { name: region, from: `aws:region in ${path.basename(stackFile)}` } : null,
        ...(read.unseen.length > 0 ? { unseenConfig: read.unseen } : {}),
        ...(network ? { joined: { stack: network.reference, file: network.file, resources: network.resources } } : {}),
    };
}

/** Reads a `pulumi stack export` file; a StateFileError names what is wrong with it. `withState`: exports judged with it. */
export function planFromState(file: string, stack?: string, withState: readonly string[] = []): Plan {
    const exported = readStateExport(file);
    const joined = withState.map((f) => ({ file: f, state: readStateExport(f) }));
    return {
        stack: stack ?? exported.stack ?? "state",
        source: "state",
        file,
        resources: exported.resources,
        ...(joined.length > 0
            ? { joined: { stack: joined.map((j) => j.state.stack ?? path.basename(j.file)).join(", "), file: joined.map((j) => j.file).join(", "), resources: joined.flatMap((j) => j.state.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")) } }
            : {}),
    };
}
