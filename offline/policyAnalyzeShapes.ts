// `pulumi policy analyze --file <export> --policy-pack policies`: the requests the Pulumi CLI sends a
// policy pack for a state file, written down from the CLI's source, and a runner that sends them to a
// pack the way the CLI does. The offline check's `--from-state` (stateFile.ts, engineShapes.ts)
// sends the requests of `pulumi preview --policy-pack`; tests/policyAnalyzeFile.test.ts compares the
// findings of the two.
//
// Verified in pulumi/pulumi @ 1b5949891b3cefcb9974752b24a5ecef0acc86c8 (PR #23664 and later):
// - pkg/cmd/pulumi/policy/policy_analyze.go: --file decodes the export and deserializes it with the
//   stack's secrets provider; when that fails ("Secrets couldn't be decrypted offline") it retries
//   with backendsecrets.BlindingProvider, so that every secret of the file "policies then see
//   [secret]"; a resource with an invalid URN refuses the file; loadAnalyzers ->
//   engine.LoadLocalPolicyPackAnalyzers configures the pack; then deploy.AnalyzeSnapshot.
// - pkg/backend/secrets/providers.go: the blinding manager's DecryptValue returns "[secret]"
//   JSON-encoded, whatever the secret held (a list, an object, a number).
// - pkg/resource/stack/deployment.go: DeserializeResource, DeserializePropertyValue,
//   deserializeSecret (a "plaintext" secret needs no decrypter: --show-secrets exports keep their
//   values), the computed placeholder, resource references, byte strings and float signatures.
// - pkg/resource/deploy/analyze_snapshot.go: AnalyzeSnapshot skips `delete` resources only
//   (components, providers and the root stack are all sent), per resource Remediate then Analyze
//   with res.Inputs, remediations reported and never applied; then one AnalyzeStack with every
//   resource's res.Outputs, parent, dependencies and property dependencies; stateToAnalyzerResource,
//   buildSnapshotProviderMap, snapshotRootStackURN, resolveStackPolicyViolationURN.
// - pkg/resource/plugin/analyzer_plugin.go: Analyze and AnalyzeStack marshal with KeepUnknowns,
//   KeepSecrets, SkipInternalKeys; Remediate without SkipInternalKeys; marshalResourceOptions,
//   marshalProvider, convertAliases.
// - pkg/resource/plugin/rpc.go, MarshalProperties: "Only skip top level internal keys".
// - pkg/engine/update.go, LoadLocalPolicyPackAnalyzers; pkg/resource/analyzer/config.go,
//   ReconcilePolicyPackConfig / createConfigWithDefaults: every policy configured with its default
//   level and its schema's defaults, then the --policy-pack-config file applied.
import * as fs from "fs";
import { BLINDED_SECRET } from "../policies/lib/blindedSecrets";
import { RESOURCE_REFERENCE_SIG, SECRET_SIG, SIGNATURE } from "./engineShapes";
import { UNKNOWN } from "./mockRun";
import { AnalyzerInfo, EnforcementLevel, PolicyAnalyzer, PolicyPackConfigEntry } from "./policyAnalyzer";

/* eslint-disable @typescript-eslint/no-var-requires */
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const structPb = require("google-protobuf/google/protobuf/struct_pb");

/** sdk/go/common/resource/sig/sig.go (the signature key and the secret and reference ones: engineShapes.ts). */
const SIG = SIGNATURE;
const BYTE_STRING_SIG = "803fd3297a5875dc03ca845dda5d2a98";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
/** pkg/resource/stack/deployment.go: floatSignature. */
const FLOAT_SIG = "8ad145fe-0d11-4827-bfd7-1abcbf086f5c";
/**
 * pkg/resource/plugin/rpc.go UnknownStringValue, what a computed value is marshalled as
 * (KeepUnknowns); the same text as deployment.go's computedValuePlaceholder (mockRun.ts UNKNOWN).
 */
export const UNKNOWN_STRING = UNKNOWN;
/** sdk/go/common/resource/config/crypt.go, BlindingCrypter: what every undecryptable secret becomes (the pack's BLINDED_SECRET). */
export const REDACTED_SECRET = BLINDED_SECRET;

/** A file `pulumi policy analyze --file` refuses, with the CLI's reason. */
export class AnalyzeFileError extends Error {}

interface StateResource {
    urn: string;
    type: string;
    custom?: boolean;
    delete?: boolean;
    id?: string;
    inputs?: Record<string, unknown> | null;
    outputs?: Record<string, unknown> | null;
    parent?: string;
    provider?: string;
    protect?: boolean;
    dependencies?: string[] | null;
    propertyDependencies?: Record<string, string[] | null> | null;
    additionalSecretOutputs?: string[] | null;
    aliases?: string[] | null;
    customTimeouts?: { create?: number; update?: number; delete?: number; read?: number } | null;
    ignoreChanges?: string[] | null;
}

/** AnalyzerResourceOptions as marshalResourceOptions fills it from a state (analyzer_plugin.go). */
export interface FileRequestOptions {
    protect: boolean;
    ignoreChanges: string[];
    /** stateToAnalyzerResource sets no DeleteBeforeReplace (a state does not hold it): false, not defined. */
    deleteBeforeReplace: false;
    deleteBeforeReplaceDefined: false;
    additionalSecretOutputs: string[];
    /** res.GetAliases(): the state's alias URNs (convertAlias: alias.GetURN()). */
    aliases: string[];
    customTimeouts: { create: number; update: number; delete: number; read: number };
    parent: string;
}

/** AnalyzerProviderResource (marshalProvider): the provider's URN, type, name and inputs. */
export interface FileProvider {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
}

/** An AnalyzeRequest (for Analyze and Remediate) as the CLI sends it for a state resource. */
export interface FileAnalyzeRequest {
    urn: string;
    type: string;
    name: string;
    /** Marshalled as the engine does: secrets as secret objects, unknowns as the unknown string. */
    properties: Record<string, unknown>;
    options: FileRequestOptions;
    provider?: FileProvider;
}

/** An AnalyzerResource of the AnalyzeStack request. */
export interface FileStackResource extends FileAnalyzeRequest {
    parent: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

export interface PolicyAnalyzeFileRequests {
    /** The file holds encrypted secrets: the CLI cannot decrypt them offline and sends "[secret]" for each. */
    redacted: boolean;
    /** Where stack findings without a URN of the stack go (snapshotRootStackURN). */
    rootStackUrn: string;
    /** URNs of the resources analysed (the non-deleted ones): stack findings naming one stay on it. */
    urns: string[];
    /** In snapshot order: Remediate's request (internal keys kept), then Analyze's. */
    resources: { remediate: FileAnalyzeRequest; analyze: FileAnalyzeRequest }[];
    /** The one AnalyzeStack request's resources. */
    stack: FileStackResource[];
}

/**
 * A deserialized-then-marshalled value: what reaches the pack for a state value. `redact`: the file
 * is read with the blinding secrets provider (it holds ciphertexts the CLI cannot decrypt).
 */
function marshalled(value: unknown, redact: boolean, where: string): unknown {
    if (value === null || value === undefined) {
        return null; // DeserializePropertyValue: nil -> NewNullProperty; MarshalPropertyValue: null.
    }
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        // A string equal to computedValuePlaceholder deserializes as Computed and marshals as
        // UnknownStringValue, the same text: it passes unchanged, and the pack sees an unknown.
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((item, i) => marshalled(item, redact, `${where}[${i}]`));
    }
    if (typeof value !== "object") {
        throw new AnalyzeFileError(`${where}: a value of type ${typeof value}`);
    }
    const object = value as Record<string, unknown>;
    if (!(SIG in object)) {
        // "Otherwise, it's just a weakly typed object map" (internal keys are kept below the top level).
        return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, marshalled(v, redact, `${where}.${k}`)]));
    }
    switch (object[SIG]) {
        case SECRET_SIG: {
            const ciphertext = typeof object.ciphertext === "string" ? object.ciphertext : undefined;
            const plaintext = typeof object.plaintext === "string" ? object.plaintext : undefined;
            if ((ciphertext === undefined) === (plaintext === undefined)) {
                throw new AnalyzeFileError(`${where}: malformed secret value: exactly one of \`ciphertext\` or \`plaintext\` must be supplied`);
            }
            // deserializeSecret: plaintext is JSON (secretPropertyValueFromPlaintext, NopDecrypter);
            // a ciphertext the blinding decrypter turns into "[secret]" JSON-encoded, whatever it held.
            // MarshalPropertyValue with KeepSecrets: { sig: secret, value: <element> }.
            const element = plaintext !== undefined ? marshalled(JSON.parse(plaintext), false, where) : redact ? REDACTED_SECRET : undefined;
            if (element === undefined) {
                throw new AnalyzeFileError(`${where}: an encrypted secret read without the blinding provider`);
            }
            return { [SIG]: SECRET_SIG, value: element };
        }
        case RESOURCE_REFERENCE_SIG: {
            // DeserializePropertyValue (deserializeID) -> MakeCustomResourceReference (an empty id is
            // Computed) or MakeComponentResourceReference; rpc.go with KeepResources off: the ID when
            // it is not null (a computed one marshals as unknown), else the URN.
            if (typeof object.urn !== "string") {
                throw new AnalyzeFileError(`${where}: malformed resource reference: missing urn`);
            }
            let id: unknown = object.id;
            if (id && typeof id === "object") {
                const inner = (id as Record<string, unknown>).V;
                id = inner === null || inner === undefined ? undefined : typeof inner === "string" ? inner : "";
            }
            if (id === undefined) {
                return object.urn;
            }
            if (typeof id !== "string") {
                throw new AnalyzeFileError(`${where}: malformed resource reference: id must be a string`);
            }
            return id === "" ? UNKNOWN_STRING : id;
        }
        case BYTE_STRING_SIG:
            if (typeof object.value !== "string") {
                throw new AnalyzeFileError(`${where}: malformed byte string: missing or non-string 'value' field`);
            }
            return Buffer.from(object.value, "base64").toString("utf8");
        case FLOAT_SIG:
            if (typeof object.value !== "string") {
                throw new AnalyzeFileError(`${where}: malformed float value: missing or non-string 'value' field`);
            }
            return new Float64Array(new BigUint64Array([BigInt(`0x${object.value}`)]).buffer)[0];
        case ASSET_SIG:
        case ARCHIVE_SIG:
            // Deserialized as an asset or archive and marshalled back (MarshalAsset/MarshalArchive):
            // the same signed object; no eks-guard rule reads one.
            return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, k === SIG ? v : marshalled(v, redact, `${where}.${k}`)]));
        default:
            throw new AnalyzeFileError(`${where}: unrecognized signature '${String(object[SIG])}' in property map`);
    }
}

/** MarshalProperties: `skipInternal` drops top-level keys starting with "__" (IsInternalPropertyKey) only. */
function marshalledMap(properties: Record<string, unknown> | null | undefined, redact: boolean, skipInternal: boolean, where: string): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(properties ?? {})
            .filter(([key]) => !(skipInternal && key.startsWith("__")))
            .map(([key, value]) => [key, marshalled(value, redact, `${where}.${key}`)]),
    );
}

/** urn.URN.Name(): everything after the third "::" of the URN (a name may itself hold "::"). */
export function urnName(urn: string): string {
    return urn.replace(/^urn:pulumi:/, "").split("::").slice(3).join("::");
}

/** urn.URN.IsValid (the part policy_analyze.go relies on): urn:pulumi:<stack>::<project>::<type>::<name>. */
function isValidUrn(urn: unknown): urn is string {
    return typeof urn === "string" && /^urn:pulumi:[^:]*::[^:]*::[^:][^]*::[^]*$/.test(urn);
}

function holdsCiphertext(value: unknown): boolean {
    if (Array.isArray(value)) {
        return value.some(holdsCiphertext);
    }
    if (!value || typeof value !== "object") {
        return false;
    }
    const object = value as Record<string, unknown>;
    return (object[SIG] === SECRET_SIG && typeof object.ciphertext === "string") || Object.values(object).some(holdsCiphertext);
}

/**
 * The requests of `pulumi policy analyze --file` for a `pulumi stack export` document, when the CLI
 * cannot decrypt the file's secrets (no passphrase or login where it runs: the case the command's
 * help describes). An export written with --show-secrets holds plaintext secrets, sent as they are.
 */
export function policyAnalyzeDeploymentRequests(document: unknown): PolicyAnalyzeFileRequests {
    const deployment = (document as { deployment?: { resources?: unknown; pending_operations?: unknown; secrets_providers?: { type?: string } } } | null)?.deployment;
    if (!deployment || typeof deployment !== "object") {
        throw new AnalyzeFileError("not a deployment: no \"deployment\"");
    }
    const all = (deployment.resources ?? []) as StateResource[];
    // DeserializeUntypedDeployment (resources and pending operations) with the stack's provider fails
    // on the first ciphertext; the retry with BlindingProvider redacts every ciphertext of the file.
    const redact = holdsCiphertext([all, deployment.pending_operations]);
    if (redact && !deployment.secrets_providers?.type) {
        // initializeSecretsManager makes no manager, BatchDecrypt an error crypter: both attempts fail.
        throw new AnalyzeFileError("snapshot contains encrypted secrets but no secrets manager could be found");
    }
    for (const r of all) {
        if (!r || typeof r.urn !== "string" || r.urn === "") {
            throw new AnalyzeFileError("resource missing required 'urn' field");
        }
        if (!r.type) {
            throw new AnalyzeFileError(`resource '${r.urn}' missing required 'type' field`);
        }
        if (!isValidUrn(r.urn)) {
            throw new AnalyzeFileError(`a resource with an invalid URN "${r.urn}"`);
        }
    }
    // buildSnapshotProviderMap: every resource of a provider type, deleted or not.
    const providers = new Map(all.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
    const providerOf = (r: StateResource): FileProvider | undefined => {
        if (!r.provider) {
            return undefined;
        }
        // providers.ParseReference: "<urn>::<id>", split at the last "::".
        const split = r.provider.lastIndexOf("::");
        const provider = split > 0 ? providers.get(r.provider.slice(0, split)) : undefined;
        return provider ? { urn: provider.urn, type: provider.type, name: urnName(provider.urn), properties: marshalledMap(provider.inputs, redact, true, `${provider.urn} inputs`) } : undefined;
    };
    const optionsOf = (r: StateResource): FileRequestOptions => ({
        protect: !!r.protect,
        ignoreChanges: [...(r.ignoreChanges ?? [])],
        deleteBeforeReplace: false,
        deleteBeforeReplaceDefined: false,
        additionalSecretOutputs: [...(r.additionalSecretOutputs ?? [])],
        aliases: [...(r.aliases ?? [])],
        customTimeouts: { create: r.customTimeouts?.create ?? 0, update: r.customTimeouts?.update ?? 0, delete: r.customTimeouts?.delete ?? 0, read: r.customTimeouts?.read ?? 0 },
        parent: r.parent ?? "",
    });
    const request = (r: StateResource, properties: Record<string, unknown>): FileAnalyzeRequest => {
        const provider = providerOf(r);
        return { urn: r.urn, type: r.type, name: urnName(r.urn), properties, options: optionsOf(r), ...(provider ? { provider } : {}) };
    };
    // AnalyzeSnapshot: `if res.Delete { continue }`, nothing else is left out.
    const live = all.filter((r) => !r.delete);
    const rootStack = all.find((r) => r.type === "pulumi:pulumi:Stack" && !r.parent);
    // snapshotRootStackURN: the root stack resource, else DefaultRootStackURN(stack, project) of the
    // first resource: urn:pulumi:<stack>::<project>::pulumi:pulumi:Stack::<project>-<stack>.
    const [stackName, project] = all[0]?.urn.replace(/^urn:pulumi:/, "").split("::") ?? [];
    return {
        redacted: redact,
        rootStackUrn: rootStack?.urn ?? (all[0] ? `urn:pulumi:${stackName}::${project}::pulumi:pulumi:Stack::${project}-${stackName}` : ""),
        urns: live.map((r) => r.urn),
        resources: live.map((r) => ({
            // Remediate: MarshalOptions{..., SkipInternalKeys: false}.
            remediate: request(r, marshalledMap(r.inputs, redact, false, `${r.urn} inputs`)),
            analyze: request(r, marshalledMap(r.inputs, redact, true, `${r.urn} inputs`)),
        })),
        stack: live.map((r) => ({
            ...request(r, marshalledMap(r.outputs, redact, true, `${r.urn} outputs`)),
            parent: r.parent ?? "",
            dependencies: [...(r.dependencies ?? [])],
            // AnalyzeStack: "Skip properties that have no dependencies."
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).flatMap(([k, urns]) => (urns && urns.length > 0 ? [[k, [...urns]]] : []))),
        })),
    };
}

export function policyAnalyzeFileRequests(file: string): PolicyAnalyzeFileRequests {
    return policyAnalyzeDeploymentRequests(JSON.parse(fs.readFileSync(file, "utf8")));
}

// ---- Sending them: deploy.AnalyzeSnapshot over the analyzer protocol -------------------------------

/** What `pulumi policy analyze` reports (OnPolicyViolation / OnPolicyRemediation events). */
export interface FileFinding {
    policyName: string;
    /** The message with the policy's description the framework puts first taken off (as analysis.ts does). */
    message: string;
    enforcementLevel: EnforcementLevel;
    severity: string;
    /** The URN the CLI attributes it to. */
    urn: string;
    /** The URN the pack gave (a stack finding without one of the stack goes to the root stack). */
    reportedUrn: string;
    call: "Remediate" | "Analyze" | "AnalyzeStack";
}

export interface FileRemediation {
    policyName: string;
    urn: string;
    description: string;
    /** The properties the remediation would give the resource: reported, never applied. */
    after: Record<string, unknown>;
}

/** A request the pack failed (the CLI stops: "failed to run policy: ..."). */
export interface FileCrash {
    call: "Remediate" | "Analyze" | "AnalyzeStack";
    urn: string;
    policyName?: string;
    error: string;
}

export interface PolicyAnalyzeFileResult {
    info: AnalyzerInfo;
    findings: FileFinding[];
    remediations: FileRemediation[];
    crashes: FileCrash[];
    /** With `onCrash: "disable"`: the policies disabled after they failed a request, to go on. */
    disabledAfterCrash: string[];
}

const LEVEL_NAMES: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const SEVERITY_NAMES = ["", "low", "medium", "high", "critical"];

/**
 * ReconcilePolicyPackConfig: each policy at its default level with its schema's defaults, then the
 * given config (as a --policy-pack-config file would give it) applied over them.
 */
export function reconciledConfig(info: AnalyzerInfo, given: Record<string, Partial<PolicyPackConfigEntry>> = {}): Record<string, PolicyPackConfigEntry> {
    const result: Record<string, PolicyPackConfigEntry> = {};
    for (const policy of info.policies) {
        const defaults = Object.entries(policy.configSchema?.properties ?? {}).flatMap(([key, schema]) => (schema && typeof schema === "object" && "default" in schema ? [[key, (schema as { default: unknown }).default]] : []));
        result[policy.name] = { enforcementLevel: policy.enforcementLevel, settings: Object.fromEntries(defaults) };
    }
    const all = given.all?.enforcementLevel;
    if (all) {
        for (const entry of Object.values(result)) {
            entry.enforcementLevel = all;
        }
    }
    for (const [policy, entry] of Object.entries(given)) {
        const current = result[policy] ?? { enforcementLevel: "advisory", settings: {} };
        result[policy] = { enforcementLevel: entry.enforcementLevel ?? current.enforcementLevel, settings: { ...current.settings, ...(entry.settings ?? {}) } };
    }
    return result;
}

function optionsMessage(options: FileRequestOptions): any {
    const message = new analyzerPb.AnalyzerResourceOptions();
    message.setProtect(options.protect);
    message.setIgnorechangesList(options.ignoreChanges);
    message.setDeletebeforereplace(options.deleteBeforeReplace);
    message.setDeletebeforereplacedefined(options.deleteBeforeReplaceDefined);
    message.setAdditionalsecretoutputsList(options.additionalSecretOutputs);
    message.setAliasesList(options.aliases);
    const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(options.customTimeouts.create);
    timeouts.setUpdate(options.customTimeouts.update);
    timeouts.setDelete(options.customTimeouts.delete);
    timeouts.setRead(options.customTimeouts.read);
    message.setCustomtimeouts(timeouts);
    message.setParent(options.parent);
    return message;
}

function withRequest(message: any, request: FileAnalyzeRequest): any {
    message.setUrn(request.urn);
    message.setType(request.type);
    message.setName(request.name);
    message.setProperties(structPb.Struct.fromJavaScript(request.properties));
    message.setOptions(optionsMessage(request.options));
    if (request.provider) {
        const provider = new analyzerPb.AnalyzerProviderResource();
        provider.setUrn(request.provider.urn);
        provider.setType(request.provider.type);
        provider.setName(request.provider.name);
        provider.setProperties(structPb.Struct.fromJavaScript(request.provider.properties));
        message.setProvider(provider);
    }
    return message;
}

/**
 * The gRPC client of a started pack. PolicyAnalyzer builds the offline check's requests, which carry
 * no provider and no additionalSecretOutputs; these requests carry what the CLI's do, to the same
 * pack process (the shared one of the tests).
 */
function clientOf(analyzer: PolicyAnalyzer): any {
    return (analyzer as unknown as { client: any }).client;
}

function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))));
}

/**
 * deploy.AnalyzeSnapshot over the analyzer protocol. `onCrash`: "stop" as the CLI does (the first
 * failed request ends the run, recorded in `crashes`), or "disable" to disable the failing policy
 * and send the request again, so that every policy that fails is named.
 */
export async function runPolicyAnalyzeFile(analyzer: PolicyAnalyzer, requests: PolicyAnalyzeFileRequests, options: { config?: Record<string, Partial<PolicyPackConfigEntry>>; onCrash?: "stop" | "disable" } = {}): Promise<PolicyAnalyzeFileResult> {
    const client = clientOf(analyzer);
    const info = await analyzer.info();
    const config = reconciledConfig(info, options.config);
    await analyzer.configure(config);
    const descriptions = new Map(info.policies.map((p) => [p.name, p.description]));
    const result: PolicyAnalyzeFileResult = { info, findings: [], remediations: [], crashes: [], disabledAfterCrash: [] };

    const finding = (d: any, urn: string, call: FileFinding["call"], level?: EnforcementLevel): FileFinding => {
        const description = descriptions.get(d.getPolicyname());
        const raw: string = d.getMessage();
        return {
            policyName: d.getPolicyname(),
            message: description && raw.startsWith(`${description}\n`) ? raw.slice(description.length + 1) : raw,
            // "If we ran a remediation but are still triggering a violation, downgrade the level from
            // remediate to mandatory" (Analyze); "Stack policies cannot be remediated" (AnalyzeStack).
            enforcementLevel: level ?? (LEVEL_NAMES[d.getEnforcementlevel()] === "remediate" ? "mandatory" : LEVEL_NAMES[d.getEnforcementlevel()]),
            severity: SEVERITY_NAMES[d.getSeverity()] ?? "",
            urn,
            reportedUrn: d.getUrn(),
            call,
        };
    };
    /** Sends a request; on a failure, records it and (onCrash "disable") disables the policy and retries. */
    const send = async <T>(method: string, message: unknown, what: FileCrash["call"], urn: string): Promise<T | undefined> => {
        for (;;) {
            try {
                return await call<T>(client, method, message);
            } catch (error) {
                const text = (error as Error).message;
                const policyName = /with policy '([^']+)'/.exec(text)?.[1];
                result.crashes.push({ call: what, urn, ...(policyName ? { policyName } : {}), error: text });
                if (options.onCrash !== "disable" || !policyName || config[policyName]?.enforcementLevel === "disabled") {
                    return undefined;
                }
                config[policyName] = { ...config[policyName], enforcementLevel: "disabled" };
                result.disabledAfterCrash.push(policyName);
                await analyzer.configure(config);
            }
        }
    };
    const stopped = () => result.crashes.length > 0 && options.onCrash !== "disable";

    for (const { remediate, analyze } of requests.resources) {
        // First pass: remediations reported, not applied.
        const remediations = await send<any>("remediate", withRequest(new analyzerPb.AnalyzeRequest(), remediate), "Remediate", remediate.urn);
        if (stopped()) {
            return result;
        }
        for (const r of remediations?.getRemediationsList() ?? []) {
            if (r.getDiagnostic()) {
                // A remediation with a diagnostic is an advisory violation of the resource.
                const description = descriptions.get(r.getPolicyname());
                const raw: string = r.getDiagnostic();
                result.findings.push({
                    policyName: r.getPolicyname(),
                    message: description && raw.startsWith(`${description}\n`) ? raw.slice(description.length + 1) : raw,
                    enforcementLevel: "advisory",
                    severity: "",
                    urn: remediate.urn,
                    reportedUrn: remediate.urn,
                    call: "Remediate",
                });
            } else if (r.getProperties()) {
                result.remediations.push({ policyName: r.getPolicyname(), urn: remediate.urn, description: r.getDescription(), after: r.getProperties().toJavaScript() });
            }
        }
        // Second pass: Analyze with the resource's inputs as they were (the remediation is not applied).
        const analyzed = await send<any>("analyze", withRequest(new analyzerPb.AnalyzeRequest(), analyze), "Analyze", analyze.urn);
        if (stopped()) {
            return result;
        }
        // events.OnPolicyViolation(r.URN, d): a resource's finding is the resource's, whatever URN it names.
        result.findings.push(...(analyzed?.getDiagnosticsList() ?? []).map((d: any) => finding(d, analyze.urn, "Analyze")));
    }

    const stackRequest = new analyzerPb.AnalyzeStackRequest();
    stackRequest.setResourcesList(
        requests.stack.map((r) => {
            const message = withRequest(new analyzerPb.AnalyzerResource(), r);
            message.setParent(r.parent);
            message.setDependenciesList(r.dependencies);
            const dependencies = message.getPropertydependenciesMap();
            for (const [property, urns] of Object.entries(r.propertyDependencies)) {
                const list = new analyzerPb.AnalyzerPropertyDependencies();
                list.setUrnsList(urns);
                dependencies.set(property, list);
            }
            return message;
        }),
    );
    const stack = await send<any>("analyzeStack", stackRequest, "AnalyzeStack", requests.rootStackUrn);
    const inStack = new Set(requests.urns);
    // resolveStackPolicyViolationURN: its own URN when that names a resource of the stack, else the root stack's.
    result.findings.push(...(stack?.getDiagnosticsList() ?? []).map((d: any) => finding(d, inStack.has(d.getUrn()) ? d.getUrn() : requests.rootStackUrn, "AnalyzeStack")));
    return result;
}

