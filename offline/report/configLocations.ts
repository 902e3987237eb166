// Where a finding can be fixed, as a line code scanning can place: in a stack file, the config key
// behind the finding (a node group's own list item, the line a placeholder value is written on, the
// key a policy is about), else the key's declaration with its default in Pulumi.yaml, else the
// stack file's `config:` line; in a state file, the resource's entry. Never no line.
import * as fs from "fs";
import * as path from "path";
import YAML, { isMap, isScalar, isSeq, LineCounter, Node } from "yaml";

/** The config keys each policy's findings come from in this project, most specific first. */
const POLICY_KEYS: Record<string, string[]> = {
    "eks-endpoint-access-explicit": ["cluster.endpoint.mode"],
    "eks-endpoint-mode-allowed": ["cluster.endpoint.mode"],
    "eks-public-endpoint-cidrs": ["cluster.endpoint.publicAccessCidrs", "cluster.endpoint.mode"],
    "eks-control-plane-logging": ["cluster.logTypes"],
    "eks-secrets-encryption": ["cluster.secretsEncryption"],
    "eks-kubernetes-version": ["cluster.version"],
    "eks-running-kubernetes-version": ["cluster.version"],
    "eks-upgrade-policy": ["cluster.upgradePolicy", "cluster.version"],
    "eks-authentication-mode": ["cluster.authenticationMode", "cluster.bootstrapCreatorAdmin"],
    "eks-cluster-admin-principals": ["cluster.accessEntries", "cluster.adminPrincipalArns"],
    "eks-auto-mode-settings": ["cluster.autoMode.nodePools", "cluster.compute"],
    "eks-nodegroup-remote-access": ["nodeGroups"],
    "eks-nodes-imdsv2": ["nodeGroups", "cluster.endpoint.accessHost"],
    "eks-nodegroup-instance-types": ["nodeGroups"],
    "eks-nodegroup-scaling": ["nodeGroups"],
    "eks-fargate-profile-shape": ["fargateProfiles"],
    "iam-no-admin-wildcards": ["addonRoles", "nodeGroups"],
    "eks-pod-identity-least-privilege": ["addonRoles"],
    "ec2-no-public-ssh": ["nodeGroups"],
    "ec2-vpc-dns-enabled": ["network.vpcCidr"],
    "eks-fargate-private-subnets": ["fargateProfiles"],
    "eks-private-endpoint-dns": ["network.vpcCidr"],
    "eks-private-endpoint-access-path": ["cluster.endpoint.privateAccessCidrs", "cluster.endpoint.privateAccessSecurityGroupIds", "network.transitGateway", "cluster.endpoint.mode"],
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

/** The stack-file keys whose items are named things a resource name carries (`<cluster>-<name>`). */
const NAMED_LISTS = ["nodeGroups", "fargateProfiles"];

/** The file and line a finding points at; `line` is always set (1 when nothing better is known). */
export interface Location {
    file: string;
    line: number;
}

interface ScalarAt {
    /** The key path inside the config value, e.g. `nodeGroups[1].instanceTypes[0]`. */
    path: string;
    value: string;
    line: number;
    /** Where it is written when not in the stack file: the definition of an ESC environment it imports. */
    file?: string;
}

function parsed(file: string): { contents: Node | null | undefined; counter: LineCounter } | undefined {
    if (!fs.existsSync(file)) {
        return undefined;
    }
    const counter = new LineCounter();
    try {
        const document = YAML.parseDocument(fs.readFileSync(file, "utf8"), { lineCounter: counter });
        return { contents: document.contents, counter };
    } catch {
        return undefined;
    }
}

/** The lines of a stack file's config keys, list items and values, and of Pulumi.yaml's declarations. */
export class StackFileLocations {
    private readonly keys = new Map<string, number>();
    private readonly items = new Map<string, number>();
    private readonly scalars: ScalarAt[] = [];
    private readonly declared = new Map<string, number>();
    private configLine?: number;

    constructor(
        readonly file: string,
        project: string,
        readonly projectFile: string = path.join(path.dirname(file), "Pulumi.yaml"),
    ) {
        const stack = parsed(file);
        const config = stack && isMap(stack.contents) ? stack.contents.get("config", true) : undefined;
        if (stack && isMap(stack.contents)) {
            const pair = stack.contents.items.find((p) => isScalar(p.key) && p.key.value === "config");
            if (pair && isScalar(pair.key) && pair.key.range) {
                this.configLine = stack.counter.linePos(pair.key.range[0]).line;
            }
        }
        if (stack && isMap(config)) {
            for (const pair of config.items) {
                if (isScalar(pair.key) && pair.key.range) {
                    const key = String(pair.key.value).replace(new RegExp(`^${project}:`), "");
                    this.keys.set(key, stack.counter.linePos(pair.key.range[0]).line);
                    this.walk(pair.value as Node, key, key, stack.counter);
                }
            }
        }
        // Values from the ESC environments the stack imports, where their definitions are in the
        // repository (esc/<environment>.yaml): a placeholder there is placed on its line.
        const environment = stack && isMap(stack.contents) ? stack.contents.toJSON().environment : undefined;
        const imported: unknown[] = Array.isArray(environment) ? environment : Array.isArray(environment?.imports) ? environment.imports : [];
        for (const name of imported.filter((n): n is string => typeof n === "string")) {
            const definition = [path.dirname(file), path.dirname(this.projectFile)].map((dir) => path.join(dir, "esc", `${name.split("@")[0]}.yaml`)).find((f) => fs.existsSync(f));
            const document = definition ? parsed(definition) : undefined;
            const values = document && isMap(document.contents) ? document.contents.get("values", true) : undefined;
            const pulumiConfig = isMap(values) ? values.get("pulumiConfig", true) : undefined;
            if (document && isMap(pulumiConfig)) {
                const before = this.scalars.length;
                for (const pair of pulumiConfig.items) {
                    if (isScalar(pair.key)) {
                        const key = String(pair.key.value).replace(new RegExp(`^${project}:`), "");
                        this.walk(pair.value as Node, key, key, document.counter);
                    }
                }
                this.scalars.slice(before).forEach((s) => (s.file = definition));
            }
        }
        const projectDocument = parsed(this.projectFile);
        const declarations = projectDocument && isMap(projectDocument.contents) ? projectDocument.contents.get("config", true) : undefined;
        if (projectDocument && isMap(declarations)) {
            for (const pair of declarations.items) {
                if (isScalar(pair.key) && pair.key.range) {
                    this.declared.set(String(pair.key.value).replace(new RegExp(`^${project}:`), ""), projectDocument.counter.linePos(pair.key.range[0]).line);
                }
            }
        }
    }

    private walk(node: Node | null | undefined, key: string, at: string, counter: LineCounter): void {
        if (isScalar(node) && node.range) {
            this.scalars.push({ path: at, value: String(node.value), line: counter.linePos(node.range[0]).line });
        } else if (isSeq(node)) {
            node.items.forEach((item, i) => {
                const name = isMap(item) ? item.get("name") : undefined;
                if (typeof name === "string" && (item as Node).range) {
                    this.items.set(`${key}\u0000${name}`, counter.linePos((item as Node).range![0]).line);
                }
                this.walk(item as Node, key, `${at}[${i}]`, counter);
            });
        } else if (isMap(node)) {
            for (const pair of node.items) {
                if (isScalar(pair.key)) {
                    this.walk(pair.value as Node, key, `${at}.${String(pair.key.value)}`, counter);
                }
            }
        }
    }

    /** The line of a top-level config key (without the project prefix). */
    keyLine(key: string): number | undefined {
        return this.keys.get(key);
    }

    /** The line of the item of a list key whose `name` is the given one (a node group's `- name: general`). */
    itemLine(key: string, name: string): number | undefined {
        return this.items.get(`${key}\u0000${name}`);
    }

    /** Where a value is written: the scalar equal to it, else one that holds it (an ARN built from an id). */
    valueLine(value: string): { line: number; path: string; file: string } | undefined {
        const found = this.scalars.find((s) => s.value === value) ?? this.scalars.find((s) => value.length >= 6 && (s.value.includes(value) || value.includes(s.value)) && s.value.length >= 6);
        return found ? { line: found.line, path: found.path, file: found.file ?? this.file } : undefined;
    }

    /** The named list item a resource belongs to, by its name `<cluster>-<item name>[-...]`: the longest name wins. */
    itemOf(resourceName: string, clusterName: string | undefined): { key: string; name: string; line: number } | undefined {
        if (!clusterName || !resourceName.startsWith(`${clusterName}-`)) {
            return undefined;
        }
        const rest = resourceName.slice(clusterName.length + 1);
        const candidates = [...this.items.entries()]
            .map(([k, line]) => ({ key: k.split("\u0000")[0], name: k.split("\u0000")[1], line }))
            .filter((item) => NAMED_LISTS.includes(item.key) && (rest === item.name || rest.startsWith(`${item.name}-`)));
        return candidates.sort((a, b) => b.name.length - a.name.length)[0];
    }

    /**
     * Where a policy's finding points when nothing more specific is known: its most specific key,
     * in the stack file when set there, else at its declaration (with its default) in Pulumi.yaml;
     * else the stack file's `config:` line.
     */
    policyLocation(policy: string): Location {
        // The most specific key wins, where it is set or else where its default is declared.
        for (const key of POLICY_KEYS[policy] ?? []) {
            const set = this.keys.get(key);
            if (set) {
                return { file: this.file, line: set };
            }
            const declared = this.declared.get(key);
            if (declared) {
                return { file: this.projectFile, line: declared };
            }
        }
        return { file: this.file, line: this.configLine ?? 1 };
    }
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
