// Starts a policy pack the way the Pulumi CLI does (`@pulumi/pulumi/cmd/run-policy-pack`, which
// prints the port of its analyzer gRPC server) and speaks the analyzer protocol to it:
// GetAnalyzerInfo, Configure, Analyze, AnalyzeStack, Remediate.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess } from "child_process";
import { EngineAnalyzeRequest, EngineOptions, EngineStackResource } from "./engineShapes";
import { PackProcess, spawnPack } from "./packProcess";

/* eslint-disable @typescript-eslint/no-var-requires */
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const structPb = require("google-protobuf/google/protobuf/struct_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVEL_CODES: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
const LEVEL_NAMES = Object.fromEntries(Object.entries(LEVEL_CODES).map(([name, code]) => [code, name])) as Record<number, EnforcementLevel>;
const SEVERITY_NAMES = ["", "low", "medium", "high", "critical"];

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: string;
    configSchema?: { properties: Record<string, unknown>; required: string[] };
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity: string;
    urn: string;
}

export interface AnalyzerResource {
    type: string;
    name: string;
    urn: string;
    properties: Record<string, unknown>;
    protect?: boolean;
    parent?: string;
    /** The rest of the resource options (engineShapes.ts); protect and parent as above. */
    options?: Partial<Omit<EngineOptions, "protect" | "parent">>;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

/** An engine-shaped request (engineShapes.ts) as this client sends it. */
export function analyzerResource(request: EngineAnalyzeRequest | EngineStackResource): AnalyzerResource {
    const { protect, parent, ...options } = request.options;
    return {
        type: request.type,
        name: request.name,
        urn: request.urn,
        properties: request.properties,
        protect,
        parent,
        options,
        ...("dependencies" in request ? { dependencies: request.dependencies, propertyDependencies: request.propertyDependencies } : {}),
    };
}

export interface Remediation {
    policyName: string;
    description: string;
    properties?: Record<string, unknown>;
    diagnostic: string;
}

export interface PolicyPackConfigEntry {
    enforcementLevel: EnforcementLevel;
    settings: Record<string, unknown>;
}

function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))));
}

/** The AnalyzerResourceOptions message of a resource (exported for the shape tests). */
export function options(resource: AnalyzerResource): any {
    const result = new analyzerPb.AnalyzerResourceOptions();
    result.setProtect(!!resource.protect);
    if (resource.parent) {
        result.setParent(resource.parent);
    }
    const extra = resource.options ?? {};
    result.setIgnorechangesList(extra.ignoreChanges ?? []);
    result.setAliasesList(extra.aliases ?? []);
    if (extra.deleteBeforeReplace !== undefined) {
        result.setDeletebeforereplace(extra.deleteBeforeReplace);
        result.setDeletebeforereplacedefined(true);
    }
    const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(extra.customTimeouts?.create ?? 0);
    timeouts.setUpdate(extra.customTimeouts?.update ?? 0);
    timeouts.setDelete(extra.customTimeouts?.delete ?? 0);
    result.setCustomtimeouts(timeouts);
    return result;
}

/** Sets the fields AnalyzeRequest and AnalyzerResource share. */
function withResource(message: any, resource: AnalyzerResource): any {
    message.setType(resource.type);
    message.setName(resource.name);
    message.setUrn(resource.urn);
    message.setProperties(structPb.Struct.fromJavaScript(resource.properties));
    message.setOptions(options(resource));
    return message;
}

function diagnosticsOf(response: any): Diagnostic[] {
    return response.getDiagnosticsList().map((d: any) => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
        severity: SEVERITY_NAMES[d.getSeverity()] ?? "",
        urn: d.getUrn(),
    }));
}

export class PolicyAnalyzer {
    private constructor(
        private readonly process: ChildProcess,
        private readonly client: any,
    ) {}

    /** Starts the pack in `packDir` with the run-policy-pack entry point the CLI's analyzer plugin uses. */
    static async start(packDir: string, timeoutMs = 120_000): Promise<PolicyAnalyzer> {
        return PolicyAnalyzer.connect(spawnPack(packDir, timeoutMs));
    }

    /** Speaks to a pack started with spawnPack, once it serves. */
    static async connect(pack: PackProcess): Promise<PolicyAnalyzer> {
        const port = await pack.port;
        const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        return new PolicyAnalyzer(pack.child, client);
    }

    /** The pack's process id (the benchmark reads its CPU time). */
    get pid(): number | undefined {
        return this.process.pid;
    }

    async info(): Promise<AnalyzerInfo> {
        const response = await call<any>(this.client, "getAnalyzerInfo", new emptyPb.Empty());
        return {
            name: response.getName(),
            version: response.getVersion(),
            policies: response.getPoliciesList().map((p: any) => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()],
                    severity: SEVERITY_NAMES[p.getSeverity()] ?? "",
                    ...(schema ? { configSchema: { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } } : {}),
                };
            }),
        };
    }

    /** Sends the resolved level and settings of every policy, as the engine does before analysis. */
    async configure(config: Record<string, PolicyPackConfigEntry>): Promise<void> {
        const request = new analyzerPb.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [policy, entry] of Object.entries(config)) {
            const policyConfig = new analyzerPb.PolicyConfig();
            policyConfig.setEnforcementlevel(LEVEL_CODES[entry.enforcementLevel]);
            policyConfig.setProperties(structPb.Struct.fromJavaScript(entry.settings));
            map.set(policy, policyConfig);
        }
        await call(this.client, "configure", request);
    }

    private analyzeRequest(resource: AnalyzerResource): any {
        return withResource(new analyzerPb.AnalyzeRequest(), resource);
    }

    /** Diagnostics of one resource; like the engine, attributes those without a URN to it. */
    async analyze(resource: AnalyzerResource): Promise<Diagnostic[]> {
        const diagnostics = diagnosticsOf(await call(this.client, "analyze", this.analyzeRequest(resource)));
        return diagnostics.map((d) => ({ ...d, urn: d.urn || resource.urn }));
    }

    async analyzeStack(resources: readonly AnalyzerResource[]): Promise<Diagnostic[]> {
        return (await this.analyzeStackWithReasons(resources)).diagnostics;
    }

    /** The diagnostics, and the policies that said they do not apply, with their reasons. */
    async analyzeStackWithReasons(resources: readonly AnalyzerResource[]): Promise<{ diagnostics: Diagnostic[]; notApplicable: { policyName: string; reason: string }[] }> {
        const request = new analyzerPb.AnalyzeStackRequest();
        request.setResourcesList(
            resources.map((resource) => {
                const message = withResource(new analyzerPb.AnalyzerResource(), resource);
                message.setParent(resource.parent ?? "");
                message.setDependenciesList(resource.dependencies ?? []);
                const dependencies = message.getPropertydependenciesMap();
                for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
                    const list = new analyzerPb.AnalyzerPropertyDependencies();
                    list.setUrnsList(urns);
                    dependencies.set(property, list);
                }
                return message;
            }),
        );
        const response = await call<any>(this.client, "analyzeStack", request);
        return {
            diagnostics: diagnosticsOf(response),
            notApplicable: response.getNotApplicableList().map((n: any) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
        };
    }

    async remediate(resource: AnalyzerResource): Promise<Remediation[]> {
        const response = await call<any>(this.client, "remediate", this.analyzeRequest(resource));
        return response.getRemediationsList().map((r: any) => ({
            policyName: r.getPolicyname(),
            description: r.getDescription(),
            properties: r.getProperties()?.toJavaScript(),
            diagnostic: r.getDiagnostic(),
        }));
    }

    close(): void {
        this.client.close();
        this.process.kill();
    }
}
