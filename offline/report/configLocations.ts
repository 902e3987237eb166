// Where in a stack file a finding can be fixed: the line of the config key behind the policy.
import * as fs from "fs";
import YAML, { isMap, isScalar, LineCounter } from "yaml";

/** The config keys each policy's findings come from in this project, most specific first. */
const POLICY_KEYS: Record<string, string[]> = {
    "eks-endpoint-access-explicit": ["cluster.endpoint.mode"],
    "eks-endpoint-mode-allowed": ["cluster.endpoint.mode"],
    "eks-public-endpoint-cidrs": ["cluster.endpoint.publicAccessCidrs", "cluster.endpoint.mode"],
    "eks-control-plane-logging": ["cluster.logTypes"],
    "eks-secrets-encryption": ["cluster.secretsEncryption"],
    "eks-kubernetes-version": ["cluster.version"],
    "eks-upgrade-policy": ["cluster.upgradePolicy", "cluster.version"],
    "eks-authentication-mode": ["cluster.authenticationMode", "cluster.bootstrapCreatorAdmin"],
    "eks-cluster-admin-principals": ["cluster.accessEntries", "cluster.adminPrincipalArns"],
    "eks-nodegroup-remote-access": ["nodeGroups"],
    "eks-nodes-imdsv2": ["nodeGroups"],
    "eks-nodegroup-instance-types": ["nodeGroups"],
    "eks-nodegroup-scaling": ["nodeGroups"],
    "eks-fargate-profile-shape": ["fargateProfiles"],
    "iam-no-admin-wildcards": ["nodeGroups"],
    "ec2-no-public-ssh": ["nodeGroups"],
    "ec2-vpc-dns-enabled": ["network.vpcCidr"],
    "eks-fargate-private-subnets": ["fargateProfiles"],
    "eks-private-endpoint-dns": ["network.vpcCidr"],
    "eks-private-endpoint-access-path": ["cluster.endpoint.privateAccessCidrs", "cluster.endpoint.privateAccessSecurityGroupIds", "cluster.endpoint.mode"],
    "eks-private-subnet-egress": ["network.natStrategy"],
    "eks-subnets-multi-az": ["network.zoneCount", "network.zones"],
    "eks-nat-per-az": ["network.natStrategy"],
    "eks-nodes-private-subnets": ["nodeGroups"],
    "eks-subnet-ip-capacity": ["network.privateSubnetPrefixLength", "network.privateSubnetCidrs", "network.vpcCidr", "nodeGroups"],
    "eks-node-role-least-privilege": ["nodeGroups"],
    "eks-elb-subnet-tags": ["network.vpcCidr"],
    "eks-protect-stateful": ["protect"],
    "eks-monthly-cost-budget": ["nodeGroups", "network.natStrategy"],
};

/** Line (1-based) of each top-level config key in a stack file, without the project prefix. */
export function configKeyLines(stackFile: string, project: string): Map<string, number> {
    const lines = new Map<string, number>();
    if (!fs.existsSync(stackFile)) {
        return lines;
    }
    const counter = new LineCounter();
    const document = YAML.parseDocument(fs.readFileSync(stackFile, "utf8"), { lineCounter: counter });
    const config = isMap(document.contents) ? document.contents.get("config", true) : undefined;
    if (!isMap(config)) {
        return lines;
    }
    for (const pair of config.items) {
        if (isScalar(pair.key) && pair.key.range) {
            const key = String(pair.key.value).replace(new RegExp(`^${project}:`), "");
            lines.set(key, counter.linePos(pair.key.range[0]).line);
        }
    }
    return lines;
}

/** The line to point at for a policy's finding, if the stack file sets one of its keys. */
export function lineForPolicy(policy: string, keyLines: Map<string, number>): number | undefined {
    for (const key of POLICY_KEYS[policy] ?? []) {
        if (keyLines.has(key)) {
            return keyLines.get(key);
        }
    }
    return undefined;
}

/**
 * The line of each resource in a `pulumi stack export` file (its `"urn": ...` line), so findings on
 * a state file point at the resource; empty when the file cannot be read again.
 */
export function stateUrnLines(file: string): Map<string, number> {
    const lines = new Map<string, number>();
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return lines;
    }
    text.split("\n").forEach((line, i) => {
        const match = /^\s*"urn":\s*"([^"]+)"/.exec(line);
        if (match && !lines.has(match[1])) {
            lines.set(match[1], i + 1);
        }
    });
    return lines;
}
