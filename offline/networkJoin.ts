// Joining a cluster stack with the network stack it takes its network from (network.fromStack):
// the network stack's `network` output answers the program's stack reference, and its resources go
// to the stack rules with the cluster stack's, so subnets, route tables and NAT gateways are judged
// as in one stack. The network stack comes from its `pulumi stack export` (--with-state), or else
// from its stack file beside the cluster stack's, run under mocks as deployed (ids known, as a
// network stack is before a cluster stack is planned on it).
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DeclaredResource, PROJECT_DIR, runStack } from "./mockRun";
import { readStackConfig, StackFileError } from "./stackConfig";
import { readStateExport } from "./stateFile";

export interface JoinedNetwork {
    /** The reference name (network.fromStack). */
    reference: string;
    /** Where the network stack came from. */
    file: string;
    /** Its outputs, by name (`network` is what the program reads). */
    outputs: Record<string, unknown>;
    /** Its resources, for the stack rules. */
    resources: DeclaredResource[];
}

/** The stack a reference name points at: its last part (`organization/project/stack`). */
export function referencedStackName(reference: string): string {
    return reference.split("/").pop()!;
}

const STACK_RESOURCE = "pulumi:pulumi:Stack";

function resolved(value: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve) => pulumi.output(value).apply((v: unknown) => resolve(v)));
}

/**
 * The network stack the stack file references, or undefined when it declares its own network.
 * Fails with a StackFileError that says how to give it when it can be found nowhere.
 */
export async function joinedNetwork(stackFile: string, stack: string, withState: readonly string[], environmentValues: Readonly<Record<string, string>> = {}): Promise<JoinedNetwork | undefined> {
    const { config } = readStackConfig(PROJECT_DIR, stack, path.dirname(stackFile), environmentValues);
    const reference = config["eks-platform:network.fromStack"];
    if (!reference || config["eks-platform:stackRole"] === "network") {
        return undefined;
    }
    const target = referencedStackName(reference);
    const exports = withState.map((file) => ({ file, state: readStateExport(file) }));
    const exported = exports.find((e) => e.state.stack === target);
    if (exported) {
        const root = exported.state.resources.find((r) => r.type === STACK_RESOURCE);
        return {
            reference,
            file: exported.file,
            outputs: (root?.outputs ?? {}) as Record<string, unknown>,
            resources: exported.state.resources.filter((r) => r.type !== STACK_RESOURCE),
        };
    }
    const sibling = path.join(path.dirname(stackFile), `Pulumi.${target}.yaml`);
    if (fs.existsSync(sibling)) {
        const run = await runStack(target, {}, { stackDir: path.dirname(sibling), environmentValues });
        return { reference, file: sibling, outputs: (await resolved(run.outputs)) as Record<string, unknown>, resources: run.resources };
    }
    const given = exports.length > 0 ? ` (--with-state gave ${exports.map((e) => `${path.basename(e.file)}: stack ${e.state.stack ?? "unknown"}`).join(", ")})` : "";
    throw new StackFileError(
        `Stack ${stack} takes its network from stack ${reference} (network.fromStack), which is neither given nor beside it${given}: ` +
            `give its export with --with-state <file> (pulumi stack export --stack ${reference} --file <file>), or put Pulumi.${target}.yaml in ${path.dirname(stackFile)}`,
    );
}
