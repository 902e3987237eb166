// Runs the stack program under Pulumi's mock runtime, with realistic answers for AWS data sources
// and computed outputs, and records every resource it declares with its options.
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { readStackConfig } from "./stackConfig";

export interface DeclaredResource {
    urn: string;
    type: string;
    name: string;
    /** A cloud resource (false for components). */
    custom: boolean;
    inputs: Record<string, any>;
    /** What the resource's state would hold: its id and inputs plus computed outputs. */
    outputs: Record<string, any>;
    /** Resource options the mocks API does not pass on, read from the monitor request. */
    protect: boolean;
    parentUrn: string;
    dependsOnUrns: string[];
    /** Property name -> URNs of the resources its value came from. */
    propertyDependencies: Record<string, string[]>;
}

export const TEST_ACCOUNT = "111122223333";
export const TEST_REGION = "us-east-1";
export const TEST_ZONES = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];
export const PROJECT_DIR = path.resolve(__dirname, "..");

/** Outputs a real create would compute, so components that read them get realistic values. */
function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
    switch (type) {
        case "aws:eks/cluster:Cluster":
            return {
                ...inputs,
                arn: `arn:aws:eks:${TEST_REGION}:${TEST_ACCOUNT}:cluster/${inputs.name}`,
                endpoint: `https://${name}.gr7.${TEST_REGION}.eks.amazonaws.com`,
                certificateAuthority: { data: "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t" },
                vpcConfig: { ...inputs.vpcConfig, clusterSecurityGroupId: "sg-0cluster000000000" },
                identities: [{ oidcs: [{ issuer: `https://oidc.eks.${TEST_REGION}.amazonaws.com/id/EXAMPLE` }] }],
            };
        case "aws:ec2/natGateway:NatGateway":
            return { ...inputs, publicIp: `198.51.100.${(name.length * 7) % 250}` };
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { ...inputs, latestVersion: 1 };
        case "aws:iam/role:Role":
            return { ...inputs, arn: `arn:aws:iam::${TEST_ACCOUNT}:role/${name}`, name };
        case "aws:kms/key:Key":
            return { ...inputs, arn: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/${name}`, keyId: name };
        default:
            return inputs;
    }
}

function invokeResult(token: string, zones: string[]): Record<string, any> {
    switch (token) {
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/ci`, userId: "AIDAEXAMPLE", id: TEST_ACCOUNT };
        case "aws:index/getRegion:getRegion":
            return { name: TEST_REGION, region: TEST_REGION, id: TEST_REGION };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: zones, zoneIds: zones.map((_, i) => `use1-az${i + 1}`), id: TEST_REGION };
        default:
            throw new Error(`no mock for invoke ${token}`);
    }
}

/** Resolves once no new resource has been registered for several turns of the event loop. */
async function settle(resources: DeclaredResource[]): Promise<void> {
    let stableTurns = 0;
    let last = -1;
    while (stableTurns < 5) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        stableTurns = resources.length === last ? stableTurns + 1 : 0;
        last = resources.length;
    }
}

export interface ProgramRun {
    resources: DeclaredResource[];
    outputs: Record<string, any>;
}

/** What the engine sends for a value that is not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface RunOptions {
    stack?: string;
    /** Plan like `pulumi preview`: new ids and computed outputs unknown. */
    preview?: boolean;
    regionZones?: string[];
    /** Config keys whose values are secrets (not decrypted here). */
    secretKeys?: string[];
}

/** Runs index.ts with the given fully qualified config (e.g. `eks-platform:network.zoneCount`). */
export async function runProgram(config: Record<string, string>, options: RunOptions = {}): Promise<ProgramRun> {
    const { stack = "test", preview = false, regionZones = TEST_ZONES, secretKeys = [] } = options;
    const resources: DeclaredResource[] = [];
    const requests = new Map<string, Pick<DeclaredResource, "protect" | "parentUrn" | "dependsOnUrns" | "propertyDependencies" | "custom"> & { raw: Record<string, any> }>();
    const urns = new Map<string, string>();
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const { raw, ...recorded } = requests.get(`${args.type}::${args.name}`)!;
                if (preview) {
                    // As in `pulumi preview`: a new resource's id and computed outputs are unknown;
                    // what the program set is known. Inputs keep the engine's unknown sentinels.
                    resources.push({ urn: "", type: args.type, name: args.name, inputs: raw, outputs: { ...raw, id: UNKNOWN }, ...recorded });
                    return { id: undefined as unknown as string, state: args.inputs };
                }
                const id = `${args.name}-id`;
                const state = computedState(args.type, args.name, args.inputs);
                resources.push({ urn: "", type: args.type, name: args.name, inputs: args.inputs, outputs: { ...state, id }, ...recorded });
                return { id, state };
            },
            call: (args) => invokeResult(args.token, regionZones),
        },
        "eks-platform",
        stack,
        preview,
    );
    const monitor = pulumi.runtime.getMonitor() as any;
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((value: any, key: string) => (propertyDependencies[key] = value.getUrnsList()));
        requests.set(`${req.getType()}::${req.getName()}`, {
            raw: req.getObject()?.toJavaScript() ?? {},
            custom: req.getCustom(),
            protect: req.getProtect(),
            parentUrn: req.getParent(),
            dependsOnUrns: req.getDependenciesList(),
            propertyDependencies,
        });
        return registerResource(req, (error: unknown, response: any) => {
            if (response) {
                urns.set(`${req.getType()}::${req.getName()}`, response.getUrn());
            }
            callback(error, response);
        });
    };
    pulumi.runtime.setAllConfig(config, secretKeys);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const program: () => Promise<Record<string, any>> = require("../index");
    const outputs = await program();
    await settle(resources);
    for (const resource of resources) {
        resource.urn = urns.get(`${resource.type}::${resource.name}`) ?? "";
    }
    return { resources, outputs };
}

/** Runs the program with a stack file of the repository, optionally with keys overridden. */
export async function runStack(
    stack: string,
    overrides: Record<string, string> = {},
    options: Omit<RunOptions, "stack" | "secretKeys"> & { stackDir?: string } = {},
): Promise<ProgramRun> {
    const { config, secretKeys } = readStackConfig(PROJECT_DIR, stack, options.stackDir);
    return runProgram({ ...config, ...overrides }, { ...options, stack, secretKeys });
}
