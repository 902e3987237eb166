// A valid raw config (as Pulumi hands it to the program) and helpers to make it wrong in one way.
import { EnvironmentConfig } from "../../config/environment";
import { loadEnvironmentConfig } from "../../config/load";
import { ConfigProblem, ConfigValidationError } from "../../config/problems";
import { RegionFacts } from "../../config/zones";
import { ReferencedNetwork } from "../../config/networkSource";
import { TEST_REGION, TEST_REGION_ZONES } from "../../offline/mockRun";

/** The evaluation day of these tests: versions' support status is judged on it. */
export const TODAY = new Date("2026-11-22T00:00:00Z");

export const BASE_NODE_GROUP = { name: "general", instanceTypes: ["m6i.large"], minSize: 2, desiredSize: 3, maxSize: 6 };

/** The mocked region as the program reads it: us-east-1e is use1-az3 there, which EKS refuses. */
export const TEST_REGION_FACTS: RegionFacts = { region: TEST_REGION, zones: [...TEST_REGION_ZONES] };

export const BASE_CONFIG: Readonly<Record<string, string>> = {
    "cluster.version": "1.35",
    "cluster.endpoint.mode": "private",
    "cluster.endpoint.privateAccessCidrs": JSON.stringify(["10.100.0.0/16"]),
    "network.transitGateway": JSON.stringify({ id: "tgw-0a1b2c3d4e5f67890", routes: ["10.100.0.0/16"] }),
    "cluster.adminPrincipalArns": JSON.stringify(["arn:aws:iam::111122223333:role/platform-admin"]),
    nodeGroups: JSON.stringify([BASE_NODE_GROUP]),
};

/** Overrides: a string is used as is, anything else is JSON-encoded; undefined removes the key. */
export function rawConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
    const raw: Record<string, string> = { ...BASE_CONFIG };
    for (const [key, value] of Object.entries(overrides)) {
        if (value === undefined) {
            delete raw[key];
        } else {
            raw[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return raw;
}

export interface LoadOptions {
    /** Load as the update of `pulumi up`, where placeholders are refused. */
    deploying?: boolean;
    region?: RegionFacts;
    /** The `network` output of the stack network.fromStack names. */
    referencedNetwork?: ReferencedNetwork;
    /** The caller's ARN (getCallerIdentity). */
    deployer?: string;
}

export function load(overrides: Record<string, unknown> = {}, options: LoadOptions = {}): EnvironmentConfig {
    return loadEnvironmentConfig(rawConfig(overrides), {
        project: "eks-platform",
        stack: "test",
        today: TODAY,
        region: options.region ?? TEST_REGION_FACTS,
        deploying: options.deploying ?? false,
        ...(options.referencedNetwork ? { referencedNetwork: options.referencedNetwork } : {}),
        ...(options.deployer ? { deployer: options.deployer } : {}),
    });
}

/** The problems loading reports; fails the test when loading succeeds. */
export function problemsOf(overrides: Record<string, unknown>, options: LoadOptions = {}): readonly ConfigProblem[] {
    try {
        load(overrides, options);
    } catch (error) {
        if (error instanceof ConfigValidationError) {
            return error.problems;
        }
        throw error;
    }
    throw new Error(`expected a config error for ${JSON.stringify(overrides)}`);
}

export function nodeGroup(patch: Record<string, unknown>): Record<string, unknown>[] {
    return [{ ...BASE_NODE_GROUP, ...patch }];
}

/** The base config with overrides, qualified as the Pulumi CLI passes it to the program. */
export function qualifiedConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
    const qualified: Record<string, string> = { "aws:region": "us-east-1" };
    for (const [key, value] of Object.entries(rawConfig(overrides))) {
        qualified[`eks-platform:${key}`] = value;
    }
    return qualified;
}

/** A VPC this stack does not declare (network.existing): two private subnets in two zones, one public. */
export const EXISTING_NETWORK = {
    vpcId: "vpc-0a1b2c3d4e5f67890",
    vpcCidr: "10.60.0.0/16",
    privateSubnets: [
        { id: "subnet-0a1b2c3d4e5f60001", zone: "use1-az1" },
        { id: "subnet-0a1b2c3d4e5f60002", zone: "us-east-1c" },
    ],
    publicSubnets: [{ id: "subnet-0a1b2c3d4e5f60003", zone: "use1-az1" }],
    natGatewayPublicIps: ["198.51.100.7"],
};
