// Reads the `nodeGroups` list: one managed node group per entry.
import { MAX_NODES_PER_NODE_GROUP } from "../policies/lib/eksLimits";
import { readIpv4CidrList, readSecurityGroupIds } from "./cidrValues";
import {
    AddonPermissions,
    AMI_TYPES,
    AmiType,
    CAPACITY_TYPES,
    NodeGroupConfig,
    SshAccess,
    SUBNET_PLACEMENTS,
    Taint,
    TAINT_EFFECTS,
} from "./environment";
import { ConfigProblems } from "./problems";
import {
    RawValue,
    readArray,
    readBoolean,
    readEnum,
    readInteger,
    readObject,
    readString,
    readStringArray,
    readStringMap,
    reportDuplicates,
} from "./values";

/** EKS allows at most 50 taints per node group. */
const MAX_TAINTS = 50;
/** CreateNodegroup: 1-63 characters, starting with a letter or digit. */
const NODE_GROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const HOSTED_ZONE_ARN = /^arn:aws[a-z-]*:route53:::hostedzone\/[A-Z0-9]+$/;
/** The AL2023 EKS AMIs have a 20 GiB root snapshot; a launch template volume cannot be smaller. */
const MIN_DISK_GIB = 20;
/** gp3 volumes go up to 16 TiB. */
const MAX_DISK_GIB = 16384;

const NODE_GROUP_FIELDS = [
    "name", "instanceTypes", "capacityType", "minSize", "desiredSize", "maxSize", "diskSizeGiB",
    "subnets", "amiType", "labels", "taints", "ssh", "addonPermissions",
] as const;

export type Architecture = "arm64" | "x86_64";

/** Graviton families carry a `g` after the generation digit (m7g, t4g, c7gn, im4gn); a1 is Graviton too. */
export function instanceArchitecture(instanceType: string): Architecture {
    const family = instanceType.split(".")[0];
    return /^a1$|^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

function amiArchitecture(amiType: AmiType): Architecture {
    return /ARM/.test(amiType) ? "arm64" : "x86_64";
}

function readTaints(problems: ConfigProblems, path: string, value: RawValue): Taint[] | undefined {
    const items = readArray(problems, path, value);
    if (!items) {
        return undefined;
    }
    const before = problems.count;
    const taints: Taint[] = [];
    items.forEach((item, i) => {
        const at = `${path}[${i}]`;
        const taint = readObject(problems, at, item, ["key", "value", "effect"]);
        if (!taint) {
            return;
        }
        const key = readString(problems, `${at}.key`, taint.key);
        const effect = readEnum(problems, `${at}.effect`, taint.effect, TAINT_EFFECTS);
        const taintValue = taint.value === undefined ? undefined : readString(problems, `${at}.value`, taint.value);
        if (key && effect) {
            taints.push(taintValue === undefined ? { key, effect } : { key, value: taintValue, effect });
        }
    });
    if (items.length > MAX_TAINTS) {
        problems.add(path, items.length, `at most ${MAX_TAINTS} taints per node group (EKS limit)`);
    }
    return problems.count > before ? undefined : taints;
}

function readSsh(problems: ConfigProblems, path: string, value: RawValue): SshAccess | undefined {
    const ssh = readObject(problems, path, value, ["keyName", "sourceSecurityGroupIds", "sourceCidrs"]);
    if (!ssh) {
        return undefined;
    }
    const before = problems.count;
    const keyName = readString(problems, `${path}.keyName`, ssh.keyName);
    const sourceSecurityGroupIds = readSecurityGroupIds(problems, `${path}.sourceSecurityGroupIds`, ssh.sourceSecurityGroupIds ?? []);
    const sourceCidrs = readIpv4CidrList(problems, `${path}.sourceCidrs`, ssh.sourceCidrs ?? []);
    sourceCidrs?.forEach((cidr, i) => {
        if (cidr.endsWith("/0")) {
            problems.add(`${path}.sourceCidrs[${i}]`, cidr, "SSH must not be open to the whole internet; list the bastion or VPN CIDRs");
        }
    });
    if (sourceSecurityGroupIds && sourceCidrs && sourceSecurityGroupIds.length + sourceCidrs.length === 0) {
        problems.add(path, value, "SSH access needs sources: list sourceSecurityGroupIds and/or sourceCidrs (without them AWS would open port 22 to 0.0.0.0/0)");
    }
    return problems.count > before ? undefined : { keyName: keyName!, sourceSecurityGroupIds: sourceSecurityGroupIds!, sourceCidrs: sourceCidrs! };
}

function readAddonPermissions(problems: ConfigProblems, path: string, value: RawValue): AddonPermissions | undefined {
    const permissions = readObject(problems, path, value ?? {}, ["externalDns", "ebsCsi", "clusterAutoscaler"]);
    if (!permissions) {
        return undefined;
    }
    const before = problems.count;
    let externalDnsHostedZoneArns: string[] = [];
    if (permissions.externalDns !== undefined) {
        const externalDns = readObject(problems, `${path}.externalDns`, permissions.externalDns, ["hostedZoneArns"]);
        const arns = externalDns && readStringArray(problems, `${path}.externalDns.hostedZoneArns`, externalDns.hostedZoneArns);
        if (arns) {
            arns.forEach((arn, i) => {
                if (!HOSTED_ZONE_ARN.test(arn)) {
                    problems.add(`${path}.externalDns.hostedZoneArns[${i}]`, arn, "expected a hosted zone ARN such as arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ");
                }
            });
            if (arns.length === 0) {
                problems.add(`${path}.externalDns.hostedZoneArns`, arns, "list the hosted zones external-dns may change; it is never granted on all zones");
            }
            externalDnsHostedZoneArns = arns;
        }
    }
    const ebsCsi = readBoolean(problems, `${path}.ebsCsi`, permissions.ebsCsi ?? false);
    const clusterAutoscaler = readBoolean(problems, `${path}.clusterAutoscaler`, permissions.clusterAutoscaler ?? false);
    return problems.count > before ? undefined : { externalDnsHostedZoneArns, ebsCsi: ebsCsi!, clusterAutoscaler: clusterAutoscaler! };
}

function readNodeGroup(problems: ConfigProblems, path: string, value: RawValue): NodeGroupConfig | undefined {
    const entry = readObject(problems, path, value, NODE_GROUP_FIELDS);
    if (!entry) {
        return undefined;
    }
    const before = problems.count;
    const name = readString(problems, `${path}.name`, entry.name);
    if (name !== undefined && !NODE_GROUP_NAME.test(name)) {
        problems.add(`${path}.name`, name, "must be 1-63 letters, digits, hyphens or underscores, starting with a letter or digit");
    }

    const instanceTypes = readStringArray(problems, `${path}.instanceTypes`, entry.instanceTypes);
    if (instanceTypes) {
        instanceTypes.forEach((t, i) => {
            if (!INSTANCE_TYPE.test(t)) {
                problems.add(`${path}.instanceTypes[${i}]`, t, "expected an EC2 instance type such as m6i.large");
            }
        });
        if (instanceTypes.length === 0) {
            problems.add(`${path}.instanceTypes`, instanceTypes, "list at least one instance type");
        }
        reportDuplicates(problems, `${path}.instanceTypes`, instanceTypes);
        const architectures = new Set(instanceTypes.map(instanceArchitecture));
        if (architectures.size > 1) {
            problems.add(`${path}.instanceTypes`, instanceTypes, "mixes arm64 (Graviton) and x86_64 types; a node group runs one AMI architecture");
        }
    }
    const capacityType = readEnum(problems, `${path}.capacityType`, entry.capacityType ?? "ON_DEMAND", CAPACITY_TYPES);

    const sizeRange = { min: 0, max: MAX_NODES_PER_NODE_GROUP, why: `the EKS quota is ${MAX_NODES_PER_NODE_GROUP} nodes per managed node group` };
    const minSize = readInteger(problems, `${path}.minSize`, entry.minSize, sizeRange);
    const maxSize = readInteger(problems, `${path}.maxSize`, entry.maxSize, { ...sizeRange, min: 1 });
    const desiredSize = readInteger(problems, `${path}.desiredSize`, entry.desiredSize ?? minSize, sizeRange);
    if (minSize !== undefined && desiredSize !== undefined && maxSize !== undefined && !(minSize <= desiredSize && desiredSize <= maxSize)) {
        problems.add(`${path}`, { minSize, desiredSize, maxSize }, "sizes must satisfy minSize <= desiredSize <= maxSize");
    }
    const diskSizeGiB = readInteger(problems, `${path}.diskSizeGiB`, entry.diskSizeGiB ?? 50, {
        min: MIN_DISK_GIB,
        max: MAX_DISK_GIB,
        why: "the EKS AMI root snapshot is 20 GiB; gp3 goes to 16 TiB",
    });
    const subnets = readEnum(problems, `${path}.subnets`, entry.subnets ?? "private", SUBNET_PLACEMENTS);

    const architecture = instanceTypes && instanceTypes.length > 0 ? instanceArchitecture(instanceTypes[0]) : "x86_64";
    const defaultAmi: AmiType = architecture === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
    const amiType = readEnum(problems, `${path}.amiType`, entry.amiType ?? defaultAmi, AMI_TYPES);
    if (amiType && instanceTypes && instanceTypes.length > 0 && amiArchitecture(amiType) !== architecture) {
        problems.add(`${path}.amiType`, amiType, `is for ${amiArchitecture(amiType)}, but the instance types are ${architecture}`);
    }

    const labels = readStringMap(problems, `${path}.labels`, entry.labels ?? {});
    const taints = readTaints(problems, `${path}.taints`, entry.taints ?? []);
    const ssh = entry.ssh === undefined ? undefined : readSsh(problems, `${path}.ssh`, entry.ssh);
    const addonPermissions = readAddonPermissions(problems, `${path}.addonPermissions`, entry.addonPermissions);

    if (problems.count > before) {
        return undefined;
    }
    return {
        name: name!,
        instanceTypes: instanceTypes!,
        capacityType: capacityType!,
        minSize: minSize!,
        desiredSize: desiredSize!,
        maxSize: maxSize!,
        diskSizeGiB: diskSizeGiB!,
        subnets: subnets!,
        amiType: amiType!,
        labels: labels!,
        taints: taints!,
        ...(ssh ? { ssh } : {}),
        addonPermissions: addonPermissions!,
    };
}

export function readNodeGroups(problems: ConfigProblems, value: RawValue): NodeGroupConfig[] | undefined {
    const items = readArray(problems, "nodeGroups", value);
    if (!items) {
        return undefined;
    }
    const before = problems.count;
    const nodeGroups = items.map((item, i) => readNodeGroup(problems, `nodeGroups[${i}]`, item));
    reportDuplicates(
        problems,
        "nodeGroups",
        items.map((item) => (item && typeof item === "object" ? ((item as Record<string, unknown>).name as string) : undefined)),
    );
    return problems.count > before ? undefined : (nodeGroups as NodeGroupConfig[]);
}
