// Runs the stack program under Pulumi's mock runtime, with realistic answers for AWS data sources
// and computed outputs, and records every resource it declares with its options.
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { AvailabilityZone } from "../config/zones";
import { PROJECT_DIR } from "./projectDir";
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
    ignoreChanges: string[];
    deleteBeforeReplace?: boolean;
    retainOnDelete?: boolean;
    /** Earlier identities it keeps: the alias names (or URNs) the program gives, a state file's URNs. */
    aliases?: string[];
    customTimeouts?: { create: number; update: number; delete: number };
    parentUrn: string;
    dependsOnUrns: string[];
    /** Property name -> URNs of the resources its value came from. */
    propertyDependencies: Record<string, string[]>;
}

// Not a documentation account: ARNs the program builds from the caller identity are not placeholders.
export const TEST_ACCOUNT = "210987654321";
export const TEST_REGION = "us-east-1";
/**
 * The mocked account's zones of us-east-1. Names map to zone IDs differently in every account; in
 * this one us-east-1e is use1-az3, where EKS refuses cluster subnets, as it would be in some real
 * account.
 */
export const TEST_REGION_ZONES: readonly AvailabilityZone[] = [
    { name: "us-east-1a", id: "use1-az6" },
    { name: "us-east-1b", id: "use1-az1" },
    { name: "us-east-1c", id: "use1-az2" },
    { name: "us-east-1d", id: "use1-az4" },
    { name: "us-east-1e", id: "use1-az3" },
    { name: "us-east-1f", id: "use1-az5" },
];
export const TEST_ZONES = TEST_REGION_ZONES.map((z) => z.name);
export { PROJECT_DIR } from "./projectDir";

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
                identities: [{ oidcs: [{ issuer: `https://oidc.eks.${TEST_REGION}.amazonaws.com/id/5E1D4B9A0C2F7E3D8B6A1C0F9E2D7B4A` }] }],
            };
        case "aws:ec2/vpc:Vpc":
            // An Amazon-provided /56 (Amazon's 2600:1f18::/32 in us-east-1, not the 2001:db8::/32
            // documentation prefix), as a VPC asking for one gets.
            return inputs.assignGeneratedIpv6CidrBlock ? { ...inputs, ipv6CidrBlock: "2600:1f18:6a4b:1200::/56" } : inputs;
        case "aws:ec2/natGateway:NatGateway":
            // A public address outside the RFC 5737 documentation ranges, which the pack reports as placeholders.
            return { ...inputs, publicIp: `100.24.${(name.length * 7) % 250}.10` };
        case "aws:eks/nodeGroup:NodeGroup":
            // The Auto Scaling group EKS creates for the group: eks-<group>-<uuid>.
            return { ...inputs, resources: [{ autoscalingGroups: [{ name: `eks-${name}-4ec6b0a4-52ab-4f3a-9cd1-2c3d4e5f6a7b` }], remoteAccessSecurityGroupId: "" }] };
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { ...inputs, latestVersion: 1 };
        case "aws:iam/role:Role":
            return { ...inputs, arn: `arn:aws:iam::${TEST_ACCOUNT}:role/${name}`, name };
        case "aws:kms/key:Key":
            return { ...inputs, arn: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/${name}`, keyId: name };
        case "aws:iam/policy:Policy":
            return { ...inputs, arn: `arn:aws:iam::${TEST_ACCOUNT}:policy/${name}`, name };
        case "aws:iam/instanceProfile:InstanceProfile":
            return { ...inputs, arn: `arn:aws:iam::${TEST_ACCOUNT}:instance-profile/${name}`, name };
        case "aws:sqs/queue:Queue":
            return { ...inputs, arn: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${name}`, url: `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT}/${name}`, name };
        case "aws:cloudwatch/eventRule:EventRule":
            return { ...inputs, arn: `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT}:rule/${name}`, name };
        default:
            return inputs;
    }
}

/** The AMI the public Amazon Linux 2023 parameter resolves to in the mocked region. */
export const TEST_AL2023_AMI = "ami-0a1b2c3d4e5f67890";

/** A cluster the mocked account already runs, as aws.eks.getCluster reads it. */
export interface MockDeployedCluster {
    authenticationMode: string;
    tags?: Record<string, string>;
    /** EKS Auto Mode's compute capability is on. */
    autoMode?: boolean;
    /** The node role of a cluster that has run Auto Mode (also once it is turned off). */
    autoModeNodeRoleArn?: string;
    /** The Kubernetes version it runs; none: the version is not read back. */
    version?: string;
    /** The zone IDs its control plane was created in; none: every zone of the stack's network. */
    zoneIds?: string[];
    /** Its IP family; none: "ipv4", as DescribeCluster answers for a cluster created without one. */
    ipFamily?: string;
    zonalShift?: boolean;
    /** Its provisioned tier; none: "standard". */
    controlPlaneTier?: string;
    /** Its control plane's egress mode; none: "AWS_MANAGED". */
    controlPlaneEgressMode?: string;
    /** The desired size each running node group has now, by the group's resource name. */
    nodeGroupDesiredSizes?: Record<string, number>;
    /** The version each installed add-on runs, by add-on name. */
    addonVersions?: Record<string, string>;
}

/** The EKS name Pulumi gave a mocked running node group: its resource name and 7 hex characters. */
const runningGroupName = (resourceName: string) => `${resourceName}-0a1b2c3`;

/** The id of the mocked control-plane subnet in a zone, which getSubnet maps back to the zone. */
const controlPlaneSubnetId = (zoneId: string) => `subnet-control-plane-${zoneId}`;

/** The Auto Mode node role a mocked cluster that ran Auto Mode names. */
export const MOCK_AUTO_MODE_NODE_ROLE_ARN = `arn:aws:iam::${TEST_ACCOUNT}:role/auto-mode-nodes`;

/** As the engine reports a failed invoke: a gRPC error whose details carry the provider's message. */
function notFound(message: string): Error {
    return Object.assign(new Error(message), { details: message, code: 2 });
}

function invokeResult(token: string, args: Record<string, any>, zones: readonly AvailabilityZone[], deployedCluster?: MockDeployedCluster): Record<string, any> {
    switch (token) {
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/ci`, userId: "AIDAEXAMPLE", id: TEST_ACCOUNT };
        case "aws:index/getRegion:getRegion":
            return { name: TEST_REGION, region: TEST_REGION, id: TEST_REGION };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: zones.map((z) => z.name), zoneIds: zones.map((z) => z.id), groupNames: zones.map(() => TEST_REGION), id: TEST_REGION };
        case "aws:eks/getAddonVersion:getAddonVersion": {
            // A default version per add-on and Kubernetes minor, as DescribeAddonVersions answers.
            const minor = String(args.kubernetesVersion ?? "").split(".")[1] ?? "0";
            return { addonName: args.addonName, kubernetesVersion: args.kubernetesVersion, version: `v1.${minor}.0-eksbuild.1`, id: String(args.addonName) };
        }
        case "aws:eks/getCluster:getCluster":
            if (!deployedCluster) {
                throw notFound(`reading EKS Cluster (${args.name}): couldn't find resource`);
            }
            return {
                name: args.name,
                accessConfigs: [{ authenticationMode: deployedCluster.authenticationMode }],
                // DescribeCluster returns computeConfig for every cluster; disabled unless Auto Mode runs,
                // with the node role of a cluster that ran it.
                computeConfigs: [
                    deployedCluster.autoMode
                        ? { enabled: true, nodePools: ["general-purpose", "system"], nodeRoleArn: deployedCluster.autoModeNodeRoleArn ?? MOCK_AUTO_MODE_NODE_ROLE_ARN }
                        : { enabled: false, nodePools: [], nodeRoleArn: deployedCluster.autoModeNodeRoleArn ?? "" },
                ],
                ...(deployedCluster.version ? { version: deployedCluster.version } : {}),
                vpcConfig: { subnetIds: (deployedCluster.zoneIds ?? []).map(controlPlaneSubnetId), controlPlaneEgressMode: deployedCluster.controlPlaneEgressMode ?? "AWS_MANAGED" },
                zonalShiftConfigs: deployedCluster.zonalShift ? [{ enabled: true }] : [],
                controlPlaneScalingConfigs: [{ tier: deployedCluster.controlPlaneTier ?? "standard" }],
                kubernetesNetworkConfigs: [{ ipFamily: deployedCluster.ipFamily ?? "ipv4", serviceIpv4Cidr: "172.20.0.0/16", serviceIpv6Cidr: "", elasticLoadBalancings: [] }],
                tags: deployedCluster.tags ?? {},
                id: args.name,
            };
        case "aws:eks/getAddon:getAddon": {
            const version = deployedCluster?.addonVersions?.[args.addonName];
            if (!version) {
                throw notFound(`reading EKS Add-On (${args.clusterName}:${args.addonName}): couldn't find resource`);
            }
            return { clusterName: args.clusterName, addonName: args.addonName, addonVersion: version, id: `${args.clusterName}:${args.addonName}` };
        }
        case "aws:eks/getNodeGroups:getNodeGroups":
            return { clusterName: args.clusterName, names: Object.keys(deployedCluster?.nodeGroupDesiredSizes ?? {}).map(runningGroupName), id: String(args.clusterName) };
        case "aws:eks/getNodeGroup:getNodeGroup": {
            const entry = Object.entries(deployedCluster?.nodeGroupDesiredSizes ?? {}).find(([name]) => runningGroupName(name) === args.nodeGroupName);
            if (!entry) {
                throw new Error(`no mocked node group ${args.nodeGroupName}`);
            }
            return { clusterName: args.clusterName, nodeGroupName: args.nodeGroupName, scalingConfigs: [{ desiredSize: entry[1], minSize: 0, maxSize: 450 }], id: String(args.nodeGroupName) };
        }
        case "aws:ec2/getSubnet:getSubnet": {
            const zoneId = String(args.id).replace(controlPlaneSubnetId(""), "");
            const zone = zones.find((z) => z.id === zoneId);
            if (!zone) {
                throw new Error(`no mocked subnet ${args.id}`);
            }
            return { id: args.id, availabilityZone: zone.name, availabilityZoneId: zone.id };
        }
        case "aws:ssm/getParameter:getParameter":
            return { name: "al2023", type: "String", value: TEST_AL2023_AMI, insecureValue: TEST_AL2023_AMI, version: 1, arn: "arn:aws:ssm:us-east-1::parameter/al2023", id: "al2023" };
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

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

export interface RunOptions {
    stack?: string;
    /** The outputs of the stacks the program references (network.fromStack), by reference name. */
    stackOutputs?: Record<string, Record<string, unknown>>;
    /** Plan like `pulumi preview`: new ids and computed outputs unknown. */
    preview?: boolean;
    /**
     * Run as the update step of `pulumi up` (not a dry run), where the program refuses placeholder
     * values. Otherwise a dry run, as `pulumi preview` and the offline check are.
     */
    deploy?: boolean;
    /** The zones of the mocked region, as getAvailabilityZones returns them. */
    regionZones?: readonly AvailabilityZone[];
    /** Config keys whose values are secrets (not decrypted here). */
    secretKeys?: string[];
    /** The cluster already runs in the mocked account (a second `pulumi up`); none by default. */
    deployedCluster?: MockDeployedCluster;
}

/** The aliases of a registration, by name (structured aliases) or URN. */
function aliasesOf(req: any): { aliases?: string[] } {
    const aliases: string[] = [...req.getAliasesList().map((a: any) => a.getSpec()?.getName() || a.getUrn()), ...req.getAliasurnsList()];
    return aliases.length > 0 ? { aliases } : {};
}

/** Runs index.ts with the given fully qualified config (e.g. `eks-platform:network.zoneCount`). */
export async function runProgram(config: Record<string, string>, options: RunOptions = {}): Promise<ProgramRun> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return runUnderMocks(() => require("../index")(), config, options);
}

/**
 * Runs a Pulumi program function (this project's, or one a @pulumi/eks user would write) under the
 * mock runtime, recording every resource it registers with its inputs, outputs and options.
 */
export async function runUnderMocks(
    program: () => Promise<Record<string, any> | void>,
    config: Record<string, string>,
    options: RunOptions & { project?: string } = {},
): Promise<ProgramRun> {
    const { stack = "test", preview = false, deploy = false, regionZones = TEST_REGION_ZONES, secretKeys = [], project = "eks-platform" } = options;
    if (preview && deploy) {
        throw new Error("internal: a run is either a preview or a deployment");
    }
    const resources: DeclaredResource[] = [];
    const requests = new Map<string, Pick<DeclaredResource, "protect" | "ignoreChanges" | "deleteBeforeReplace" | "retainOnDelete" | "aliases" | "parentUrn" | "dependsOnUrns" | "propertyDependencies" | "custom"> & { raw: Record<string, any> }>();
    const urns = new Map<string, string>();
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                if (args.type === STACK_REFERENCE) {
                    // A read of another stack's outputs (network.fromStack), not a resource of this
                    // one: answered from the outputs given, and not recorded.
                    const name = String(args.inputs.name ?? args.id ?? args.name);
                    return { id: name, state: { name, outputs: options.stackOutputs?.[name] ?? {}, secretOutputNames: [] } };
                }
                const { raw, ...recorded } = requests.get(`${args.type}::${args.name}`)!;
                if (preview) {
                    // As in `pulumi preview`: a new resource's id and computed outputs are unknown;
                    // what the program set is known. Inputs keep the engine's unknown sentinels.
                    resources.push({ urn: "", type: args.type, name: args.name, inputs: raw, outputs: { ...raw, id: UNKNOWN }, ...recorded });
                    return { id: undefined as unknown as string, state: args.inputs };
                }
                const state = computedState(args.type, args.name, args.inputs);
                // The AWS provider's id of an SQS queue is its URL (what a queue policy's queueUrl names).
                const id = args.type === "aws:sqs/queue:Queue" ? String(state.url) : `${args.name}-id`;
                resources.push({ urn: "", type: args.type, name: args.name, inputs: args.inputs, outputs: { ...state, id }, ...recorded });
                return { id, state };
            },
            call: (args) => invokeResult(args.token, args.inputs, regionZones, options.deployedCluster),
        },
        project,
        stack,
        !deploy,
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
            ignoreChanges: req.getIgnorechangesList(),
            ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
            ...(req.getRetainondelete() ? { retainOnDelete: true } : {}),
            ...aliasesOf(req),
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
    const outputs = (await program()) ?? {};
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
    options: Omit<RunOptions, "stack" | "secretKeys"> & { stackDir?: string; environmentValues?: Readonly<Record<string, string>> } = {},
): Promise<ProgramRun> {
    const { stackDir, environmentValues, ...runOptions } = options;
    const { config, secretKeys } = readStackConfig(PROJECT_DIR, stack, stackDir, environmentValues);
    return runProgram({ ...config, ...overrides }, { ...runOptions, stack, secretKeys });
}
