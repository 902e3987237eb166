// Reads the `nodeGroups` list: one managed node group per entry.
import { MAX_NODES_PER_NODE_GROUP } from "../policies/lib/eksLimits";
import { firings, parseWeeklyCron } from "../policies/lib/weeklySchedule";
import { blockSize, parseIpv4Cidr } from "../policies/lib/cidr";
import { readIpv4CidrList, readSecurityGroupIds } from "./cidrValues";
import {
    AMI_TYPES,
    AmiType,
    CAPACITY_TYPES,
    NodeGroupConfig,
    NodeGroupSchedule,
    NodeGroupUpdate,
    SshAccess,
    SUBNET_PLACEMENTS,
    Taint,
    TAINT_EFFECTS,
    UPDATE_STRATEGIES,
} from "./environment";
import { Architecture, instanceArchitecture, readInstanceType } from "./instanceTypes";
import { checkLabels, labelKeyProblem, labelValueProblem } from "./kubernetesNames";
import { ConfigProblems } from "./problems";
import { RawValue, readArray, readBoolean, readEnum, readInteger, readObject, readString, readStringArray, readStringMap, reportDuplicates } from "./values";

/** EKS allows at most 50 taints per node group. */
const MAX_TAINTS = 50;
/** CreateNodegroup: 1-63 characters, starting with a letter or digit. */
const NODE_GROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/;
/**
 * IMDSv2 response hop limit. 1 (the EKS default for AL2023 managed node groups, EKS User Guide "Amazon
 * Linux 2023") keeps pods that are not on the host network away from the node role's credentials;
 * add-ons get their own roles through EKS Pod Identity instead. Raise it to 2 only for software that
 * must read instance metadata from a pod network (the AWS Load Balancer Controller does unless its
 * `region` and `vpcId` are set, EKS User Guide "Install AWS Load Balancer Controller with Helm").
 */
export const DEFAULT_IMDS_HOP_LIMIT = 1;
/** EC2 ModifyInstanceMetadataOptions: HttpPutResponseHopLimit is 1 to 64. */
const MAX_IMDS_HOP_LIMIT = 64;
/** The AL2023 EKS AMIs have a 20 GiB root snapshot; a launch template volume cannot be smaller. */
const MIN_DISK_GIB = 20;
/** gp3 volumes go up to 16 TiB. */
const MAX_DISK_GIB = 16384;

export const NODE_GROUP_FIELDS = [
    "name", "instanceTypes", "capacityType", "minSize", "desiredSize", "maxSize", "diskSizeGiB",
    "subnets", "amiType", "labels", "taints", "ssh", "imdsHopLimit", "version", "releaseVersion",
    "update", "autoRepair", "schedule",
] as const;

/** A scheduled action's name (PutScheduledUpdateGroupAction allows 255 characters; short keeps resource names readable). */
const ACTION_NAME = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;

/**
 * The default rollout: one node at a time, new ones first, as the program always declared it (and
 * EKS's own default, EKS User Guide managed-node-update-behavior.adoc: "The default value is one node").
 */
export const DEFAULT_NODE_GROUP_UPDATE: NodeGroupUpdate = { maxUnavailable: 1 };

const KUBERNETES_MINOR = /^1\.\d+$/;
/** EKS AMI release versions: 1.35.0-20260115 (AL2023), 1.20.3-5d9ac849 (Bottlerocket). */
const RELEASE_VERSION = /^\d+\.\d+\.\d+-[0-9a-f]+$/;

export { Architecture, instanceArchitecture } from "./instanceTypes";

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
        const keyProblem = key === undefined ? undefined : labelKeyProblem(key);
        if (keyProblem) {
            problems.add(`${at}.key`, key, `is not a valid taint key: ${keyProblem}`);
        }
        const effect = readEnum(problems, `${at}.effect`, taint.effect, TAINT_EFFECTS);
        const taintValue = taint.value === undefined ? undefined : readString(problems, `${at}.value`, taint.value);
        const valueProblem = taintValue === undefined ? undefined : labelValueProblem(taintValue);
        if (valueProblem) {
            problems.add(`${at}.value`, taintValue, `is not a valid taint value: it ${valueProblem}`);
        }
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
    if (sourceCidrs && !sourceCidrs.some((c) => c.endsWith("/0")) && coversEveryAddress(sourceCidrs)) {
        problems.add(`${path}.sourceCidrs`, sourceCidrs, "together these cover every IPv4 address, so SSH would be open to the whole internet; list the bastion or VPN CIDRs");
    }
    if (sourceSecurityGroupIds && sourceCidrs && sourceSecurityGroupIds.length + sourceCidrs.length === 0) {
        problems.add(path, value, "SSH access needs sources: list sourceSecurityGroupIds and/or sourceCidrs (without them AWS would open port 22 to 0.0.0.0/0)");
    }
    return problems.count > before ? undefined : { keyName: keyName!, sourceSecurityGroupIds: sourceSecurityGroupIds!, sourceCidrs: sourceCidrs! };
}

/**
 * `update`: { maxUnavailable | maxUnavailablePercentage, strategy? }. Both are 1 to 100 and exactly
 * one is set (EKS API NodegroupUpdateConfig; terraform-provider-aws node_group.go: IntBetween(1, 100),
 * ExactlyOneOf); strategy is DEFAULT or MINIMAL (API updateStrategy).
 */
function readUpdate(problems: ConfigProblems, path: string, value: RawValue, maxSize: number | undefined): NodeGroupUpdate | undefined {
    const update = readObject(problems, path, value, ["maxUnavailable", "maxUnavailablePercentage", "strategy"]);
    if (!update) {
        return undefined;
    }
    const before = problems.count;
    const count = update.maxUnavailable === undefined ? undefined : readInteger(problems, `${path}.maxUnavailable`, update.maxUnavailable, { min: 1, max: 100, why: "EKS updates at most 100 nodes at once" });
    const percentage =
        update.maxUnavailablePercentage === undefined
            ? undefined
            : readInteger(problems, `${path}.maxUnavailablePercentage`, update.maxUnavailablePercentage, { min: 1, max: 100, why: "a percentage of the group's nodes" });
    const strategy = update.strategy === undefined ? undefined : readEnum(problems, `${path}.strategy`, update.strategy, UPDATE_STRATEGIES);
    if (update.maxUnavailable !== undefined && update.maxUnavailablePercentage !== undefined) {
        problems.add(path, value, "set maxUnavailable or maxUnavailablePercentage, not both (EKS takes exactly one)");
    } else if (update.maxUnavailable === undefined && update.maxUnavailablePercentage === undefined) {
        problems.add(path, value, "set maxUnavailable (nodes) or maxUnavailablePercentage (of the group) for how many nodes an update may take down at once");
    }
    if (count !== undefined && maxSize !== undefined && count > maxSize) {
        problems.add(`${path}.maxUnavailable`, count, `is more than the group's maxSize (${maxSize}); at most ${maxSize} nodes can be unavailable`);
    }
    if (problems.count > before) {
        return undefined;
    }
    const limit = count !== undefined ? { maxUnavailable: count } : { maxUnavailablePercentage: percentage! };
    return strategy ? { ...limit, strategy } : limit;
}

/** Whether the runtime knows the IANA time zone (as AWS does: "the canonical names of the IANA time zones"). */
function isTimeZone(name: string): boolean {
    try {
        new Intl.DateTimeFormat("en", { timeZone: name });
        return name !== "" && !/^[+-]|^local$/i.test(name);
    } catch {
        return false;
    }
}

/**
 * `schedule`: { timeZone, actions: [{ name, cron, desiredSize }] }. Each action sets the group's
 * desired size at weekly times; the group's minSize and maxSize stay, so every size must lie within
 * them. Only weekly crons, so the estimate can count the hours at each size.
 */
function readSchedule(problems: ConfigProblems, path: string, value: RawValue, sizes: { minSize?: number; maxSize?: number }): NodeGroupSchedule | undefined {
    const schedule = readObject(problems, path, value, ["timeZone", "actions"]);
    if (!schedule) {
        return undefined;
    }
    const before = problems.count;
    const timeZone = schedule.timeZone === undefined ? undefined : readString(problems, `${path}.timeZone`, schedule.timeZone);
    if (timeZone !== undefined && !isTimeZone(timeZone)) {
        problems.add(`${path}.timeZone`, timeZone, "expected an IANA time zone name such as Europe/Berlin, America/New_York or UTC");
    }
    if (schedule.timeZone === undefined) {
        problems.add(`${path}.timeZone`, undefined, "required: the IANA time zone the crons are read in, such as Europe/Berlin or UTC");
    }
    const items = readArray(problems, `${path}.actions`, schedule.actions) ?? [];
    if (schedule.actions !== undefined && items.length < 2) {
        problems.add(`${path}.actions`, items.length, "list at least two actions: one that lowers the size and one that restores it");
    }
    const actions = items.map((item, i) => {
        const at = `${path}.actions[${i}]`;
        const action = readObject(problems, at, item, ["name", "cron", "desiredSize"]);
        if (!action) {
            return undefined;
        }
        const name = readString(problems, `${at}.name`, action.name);
        if (name !== undefined && !ACTION_NAME.test(name)) {
            problems.add(`${at}.name`, name, "1-32 lowercase letters, digits or hyphens, starting and ending with a letter or digit");
        }
        const cron = readString(problems, `${at}.cron`, action.cron);
        const parsed = cron === undefined ? undefined : parseWeeklyCron(cron);
        if (parsed && "error" in parsed) {
            problems.add(`${at}.cron`, cron, `${parsed.error}; a weekly Unix cron, read in ${timeZone ?? "the schedule's time zone"}`);
        }
        const desiredSize = readInteger(problems, `${at}.desiredSize`, action.desiredSize, { min: 0, max: MAX_NODES_PER_NODE_GROUP });
        if (desiredSize !== undefined && sizes.minSize !== undefined && sizes.maxSize !== undefined && (desiredSize < sizes.minSize || desiredSize > sizes.maxSize)) {
            problems.add(`${at}.desiredSize`, desiredSize, `must lie within the group's minSize (${sizes.minSize}) and maxSize (${sizes.maxSize}); lower minSize to ${desiredSize} to scale that far down`);
        }
        return { name: name!, cron: cron!, desiredSize: desiredSize!, firings: parsed && !("error" in parsed) ? firings(parsed) : [] };
    });
    reportDuplicates(problems, `${path}.actions`, actions.map((a) => a?.name));
    // Two actions at the same minute leave the size to whichever Auto Scaling runs last.
    const seen = new Map<number, string>();
    for (const action of actions.filter((a) => a !== undefined)) {
        const clash = action!.firings.find((at) => seen.has(at));
        if (clash !== undefined) {
            problems.add(`${path}.actions`, [seen.get(clash), action!.name], "fire at the same minute of the week; give each a time of its own");
        }
        action!.firings.forEach((at) => seen.set(at, action!.name));
    }
    if (problems.count > before) {
        return undefined;
    }
    return { timeZone: timeZone!, actions: actions.map((a) => ({ name: a!.name, cron: a!.cron, desiredSize: a!.desiredSize })) };
}

/** True when the blocks together contain every IPv4 address (e.g. 0.0.0.0/1 and 128.0.0.0/1). */
export function coversEveryAddress(cidrs: readonly string[]): boolean {
    const ranges = cidrs
        .map((c) => parseIpv4Cidr(c))
        .flatMap((b) => (b ? [[b.base, b.base + blockSize(b.prefixLength)] as const] : []))
        .sort((a, b) => a[0] - b[0]);
    let reached = 0;
    for (const [start, end] of ranges) {
        if (start > reached) {
            return false;
        }
        reached = Math.max(reached, end);
    }
    return reached >= 2 ** 32;
}

/** Fields that moved elsewhere, with where they went, so the message says more than "unknown". */
const MOVED_FIELDS: Readonly<Record<string, string>> = {
    addonPermissions:
        "add-on permissions no longer go on node roles (every pod on the node could use them); move them to eks-platform:addonRoles, which gives each add-on its own EKS Pod Identity role",
};

function readNodeGroup(problems: ConfigProblems, path: string, value: RawValue): NodeGroupConfig | undefined {
    const before = problems.count;
    let fields = value;
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const remaining: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        for (const [field, where] of Object.entries(MOVED_FIELDS)) {
            if (field in remaining) {
                problems.add(`${path}.${field}`, remaining[field], where);
                delete remaining[field];
            }
        }
        fields = remaining;
    }
    const entry = readObject(problems, path, fields, NODE_GROUP_FIELDS);
    if (!entry) {
        return undefined;
    }
    const name = readString(problems, `${path}.name`, entry.name);
    if (name !== undefined && !NODE_GROUP_NAME.test(name)) {
        problems.add(`${path}.name`, name, "must be 1-63 letters, digits, hyphens or underscores, starting with a letter or digit");
    }

    if (entry.instanceTypes === undefined) {
        problems.add(`${path}.instanceTypes`, undefined, "required: list the EC2 instance types of the group, e.g. [m6i.large]");
    }
    const instanceTypes = readStringArray(problems, `${path}.instanceTypes`, entry.instanceTypes);
    if (instanceTypes) {
        instanceTypes.forEach((t, i) => readInstanceType(problems, `${path}.instanceTypes[${i}]`, t));
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
    if (labels) {
        checkLabels(problems, `${path}.labels`, labels);
    }
    const taints = readTaints(problems, `${path}.taints`, entry.taints ?? []);
    const ssh = entry.ssh === undefined ? undefined : readSsh(problems, `${path}.ssh`, entry.ssh);
    const version = entry.version === undefined ? undefined : readString(problems, `${path}.version`, typeof entry.version === "number" ? String(entry.version) : entry.version);
    if (version !== undefined && !KUBERNETES_MINOR.test(version)) {
        problems.add(`${path}.version`, version, 'expected a Kubernetes minor version such as "1.34" (quote it in YAML); leave it out to follow the cluster');
    }
    const releaseVersion = entry.releaseVersion === undefined ? undefined : readString(problems, `${path}.releaseVersion`, entry.releaseVersion);
    if (releaseVersion !== undefined && !RELEASE_VERSION.test(releaseVersion)) {
        problems.add(`${path}.releaseVersion`, releaseVersion, "expected an EKS AMI release version such as 1.35.0-20260115 (AL2023) or 1.20.3-5d9ac849 (Bottlerocket)");
    }
    const imdsHopLimit = readInteger(problems, `${path}.imdsHopLimit`, entry.imdsHopLimit ?? DEFAULT_IMDS_HOP_LIMIT, {
        min: 1,
        max: MAX_IMDS_HOP_LIMIT,
        why: "1 keeps pods off the node role; 2 lets pods on the pod network reach instance metadata",
    });

    const update = entry.update === undefined ? DEFAULT_NODE_GROUP_UPDATE : readUpdate(problems, `${path}.update`, entry.update, maxSize);
    const autoRepair = readBoolean(problems, `${path}.autoRepair`, entry.autoRepair ?? false);
    const schedule = entry.schedule === undefined ? undefined : readSchedule(problems, `${path}.schedule`, entry.schedule, { minSize, maxSize });

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
        imdsHopLimit: imdsHopLimit!,
        ...(version ? { version } : {}),
        ...(releaseVersion ? { releaseVersion } : {}),
        update: update!,
        autoRepair: autoRepair!,
        ...(schedule ? { schedule } : {}),
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
