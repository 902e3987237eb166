// Where the stack's network comes from: declared here (the default), `network.existing`, or
// `network.fromStack`; and whether the stack is a network-only one (`stackRole: network`).
import { STACK_ROLES, StackRole } from "./environment";
import { ExternalNetworkConfig, readExternalNetwork, STACK_REFERENCE_NAME } from "./externalNetwork";
import { ConfigProblems } from "./problems";
import { decodeStructured, RawValue, readEnum, readString } from "./values";
import { RegionFacts } from "./zones";

/** A network stack's `network` output, read by the program before validation (index.ts). */
export interface ReferencedNetwork {
    stack: string;
    /** The output's value; undefined when the stack has no such output. */
    value: unknown;
}

export function readStackRole(problems: ConfigProblems, value: (key: string) => RawValue): StackRole | undefined {
    return readEnum(problems, "stackRole", value("stackRole"), STACK_ROLES);
}

/** The `network.fromStack` name, when set and well formed. */
export function networkStackName(problems: ConfigProblems, value: RawValue): string | undefined {
    const name = readString(problems, "network.fromStack", value);
    if (name !== undefined && !STACK_REFERENCE_NAME.test(name)) {
        problems.add("network.fromStack", name, "expected a stack reference name: organization/project/stack (or project/stack, or a stack of this project)");
        return undefined;
    }
    return name;
}

/**
 * The network declared elsewhere, or undefined when it is declared here. `ok` is false when
 * something was wrong (reported to `problems`).
 */
export function readNetworkSource(
    problems: ConfigProblems,
    value: (key: string) => RawValue,
    isSet: (key: string) => boolean,
    region: RegionFacts,
    referenced: ReferencedNetwork | undefined,
): { ok: boolean; external?: ExternalNetworkConfig } {
    const before = problems.count;
    const existing = isSet("network.existing");
    const fromStack = isSet("network.fromStack");
    if (existing && fromStack) {
        problems.add("network.fromStack", value("network.fromStack"), "conflicts with network.existing: the network comes from one place; set one of them");
        return { ok: false };
    }
    if (!existing && !fromStack) {
        return { ok: true };
    }
    if (isSet("network.transitGateway")) {
        problems.add("network.transitGateway", value("network.transitGateway"), "attaches and routes the VPC, which another stack or team declares here; add the attachment and routes there");
    }
    let external: ExternalNetworkConfig | undefined;
    if (existing) {
        const decoded = decodeStructured(problems, "network.existing", value("network.existing"));
        external = problems.count > before ? undefined : readExternalNetwork(problems, { kind: "existing" }, decoded, region);
    } else {
        const stack = networkStackName(problems, value("network.fromStack"));
        if (stack !== undefined) {
            if (referenced?.stack !== stack) {
                problems.add("network.fromStack", stack, "the stack's outputs were not read (internal: the program reads them before validation)");
            } else {
                external = readExternalNetwork(problems, { kind: "stack", stack }, referenced.value, region);
            }
        }
    }
    return problems.count > before ? { ok: false } : { ok: true, external };
}
