// Reads the `cluster.*` keys: version, endpoint access, logging, encryption, access, add-ons.
import { readIpv4CidrList, readSecurityGroupIds } from "./cidrValues";
import {
    AddonConfig,
    AUTHENTICATION_MODES,
    ClusterConfig,
    CONTROL_PLANE_LOG_TYPES,
    ControlPlaneLogType,
    ENDPOINT_MODES,
    EndpointConfig,
    SecretsEncryption,
    SUPPORT_TYPES,
} from "./environment";
import { MAX_PUBLIC_ACCESS_CIDRS } from "../policies/lib/eksLimits";
import { supportStatus, versionsInStatus } from "../policies/lib/eksVersions";
import { checkPrincipalArn, readAccessEntries } from "./accessEntries";
import { defaultAddons, readCompute } from "./compute";
import { readVpcCni } from "./vpcCni";
import { readControlPlane } from "./controlPlane";
import { readHybridNodes } from "./hybridNodes";
import { checkCapabilities, readCapabilities } from "./capabilities";
import { ADDON_VERSION, KNOWN_ADDONS, MARKETPLACE_ADDON } from "./eksAddons";
import { readInstanceType } from "./instanceTypes";
import { ConfigProblems } from "./problems";
import { didYouMean } from "./suggest";
import { RawValue, readArray, readBoolean, readEnum, readInteger, readObject, readString, readStringArray, reportDuplicates } from "./values";

/** CreateCluster: 1-100 characters, starting with a letter or digit. */
export const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const ADDON = /^([a-z0-9][a-z0-9_-]*)(@([A-Za-z0-9._-]+))?$/;

function readVersion(problems: ConfigProblems, value: RawValue, upgradePolicy: string | undefined, today: Date): string | undefined {
    const key = "cluster.version";
    const version = typeof value === "number" ? String(value) : value;
    if (typeof version !== "string" || !/^1\.\d+$/.test(version)) {
        problems.add(key, value, 'expected a Kubernetes minor version such as "1.35" (quote it in YAML, or 1.30 reads as 1.3)');
        return undefined;
    }
    const supported = [...versionsInStatus("standard", today), ...versionsInStatus("extended", today)];
    const status = supportStatus(version, today);
    const choose = `supported on ${today.toISOString().slice(0, 10)}: ${supported.join(", ")}`;
    switch (status) {
        case "standard":
            return version;
        case "extended":
            if (upgradePolicy === "STANDARD") {
                problems.add(key, version, `is past end of standard support, so upgradePolicy STANDARD would have EKS upgrade it automatically; upgrade, or set cluster.upgradePolicy: EXTENDED (6x the cluster-hour price). Versions in standard support: ${versionsInStatus("standard", today).join(", ")}`);
                return undefined;
            }
            return version;
        case "ended":
            problems.add(key, version, `is past end of extended support; EKS no longer runs it. Versions ${choose}`);
            return undefined;
        case "notReleased":
            problems.add(key, version, `is not released on EKS yet. Versions ${choose}`);
            return undefined;
        default:
            problems.add(key, version, `is not in the EKS version calendar (policies/data/eks-versions.json). Versions ${choose}`);
            return undefined;
    }
}

function readEndpoint(problems: ConfigProblems, value: (key: string) => RawValue): EndpointConfig | undefined {
    const before = problems.count;
    const mode = readEnum(problems, "cluster.endpoint.mode", value("cluster.endpoint.mode"), ENDPOINT_MODES, "choose explicitly; the AWS default is a public endpoint open to 0.0.0.0/0");
    const publicAccessCidrs = readIpv4CidrList(problems, "cluster.endpoint.publicAccessCidrs", value("cluster.endpoint.publicAccessCidrs"));
    const privateAccessCidrs = readIpv4CidrList(problems, "cluster.endpoint.privateAccessCidrs", value("cluster.endpoint.privateAccessCidrs"));
    const privateAccessSecurityGroupIds = readSecurityGroupIds(problems, "cluster.endpoint.privateAccessSecurityGroupIds", value("cluster.endpoint.privateAccessSecurityGroupIds"));
    const accessHostWanted = readBoolean(problems, "cluster.endpoint.accessHost", value("cluster.endpoint.accessHost"));
    const accessHostType = readInstanceType(problems, "cluster.endpoint.accessHostInstanceType", value("cluster.endpoint.accessHostInstanceType"));
    if (!mode || !publicAccessCidrs || !privateAccessCidrs || !privateAccessSecurityGroupIds || accessHostWanted === undefined || !accessHostType) {
        return undefined;
    }
    const accessHost = accessHostWanted ? { instanceType: accessHostType } : undefined;
    if (accessHost && mode === "public") {
        problems.add("cluster.endpoint.accessHost", true, 'forwards to the private endpoint, and "public" mode has none; use "publicAndPrivate" or "private"');
    }
    if (mode === "private" && publicAccessCidrs.length > 0) {
        problems.add("cluster.endpoint.publicAccessCidrs", publicAccessCidrs, 'must be empty in "private" mode: there is no public endpoint');
    }
    if (mode !== "private" && publicAccessCidrs.length === 0) {
        problems.add("cluster.endpoint.publicAccessCidrs", publicAccessCidrs, `must list who may reach the public endpoint in "${mode}" mode; write "0.0.0.0/0" explicitly to open it to the internet`);
    }
    if (publicAccessCidrs.length > MAX_PUBLIC_ACCESS_CIDRS) {
        problems.add("cluster.endpoint.publicAccessCidrs", publicAccessCidrs, `at most ${MAX_PUBLIC_ACCESS_CIDRS} CIDRs (EKS limit); got ${publicAccessCidrs.length}`);
    }
    const listsPrivateSources = privateAccessCidrs.length > 0 || privateAccessSecurityGroupIds.length > 0;
    const hasPrivatePath = listsPrivateSources || !!accessHost;
    if (mode === "public" && listsPrivateSources) {
        problems.add("cluster.endpoint.mode", mode, 'has no private endpoint, so privateAccessCidrs/privateAccessSecurityGroupIds would admit nobody; use "publicAndPrivate" or "private", or remove them');
    }
    if (mode === "private" && !hasPrivatePath) {
        problems.add("cluster.endpoint.privateAccessCidrs", privateAccessCidrs, 'a "private" endpoint needs an access path: list the CIDRs (VPN, bastion, peered network) in cluster.endpoint.privateAccessCidrs, the security groups in cluster.endpoint.privateAccessSecurityGroupIds that may reach the API on TCP 443, or set cluster.endpoint.accessHost: true (SSM port forwarding, no VPN needed); otherwise its operators are locked out');
    }
    return problems.count > before ? undefined : { mode, publicAccessCidrs, privateAccessCidrs, privateAccessSecurityGroupIds, ...(accessHost ? { accessHost } : {}) };
}

function readSecretsEncryption(problems: ConfigProblems, value: RawValue): SecretsEncryption | undefined {
    if (value === "createKey" || value === "none") {
        return { kind: value };
    }
    if (typeof value === "string" && KMS_KEY_ARN.test(value)) {
        return { kind: "existingKey", kmsKeyArn: value };
    }
    problems.add("cluster.secretsEncryption", value, 'must be "createKey", "none", or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) of a symmetric key in the cluster\'s region');
    return undefined;
}

/** An entry as a map: `{ name, version?, configurationValues? }`, read into the string form and its values. */
function readAddonEntry(problems: ConfigProblems, path: string, entry: Record<string, unknown>): { text: string; configurationValues?: Record<string, unknown> } | undefined {
    const before = problems.count;
    const name = readString(problems, `${path}.name`, entry.name);
    const version = entry.version === undefined ? undefined : readString(problems, `${path}.version`, entry.version);
    let configurationValues: Record<string, unknown> | undefined;
    if (entry.configurationValues !== undefined) {
        const values = entry.configurationValues;
        if (values === null || typeof values !== "object" || Array.isArray(values)) {
            problems.add(`${path}.configurationValues`, values, "expected a map: the add-on's configuration as YAML, which EKS takes as JSON (its schema: aws eks describe-addon-configuration)");
        } else if (Object.keys(values).length === 0) {
            problems.add(`${path}.configurationValues`, values, "is empty; leave it out for the add-on's defaults");
        } else {
            configurationValues = values as Record<string, unknown>;
        }
    }
    if (problems.count > before) {
        return undefined;
    }
    return { text: version ? `${name}@${version}` : name!, ...(configurationValues ? { configurationValues } : {}) };
}

function readAddons(problems: ConfigProblems, value: RawValue): AddonConfig[] | undefined {
    const items = readArray(problems, "cluster.addons", value);
    if (!items) {
        return undefined;
    }
    const before = problems.count;
    const addons: AddonConfig[] = [];
    items.forEach((item, i) => {
        const path = `cluster.addons[${i}]`;
        const object = item !== null && typeof item === "object" && !Array.isArray(item) ? readObject(problems, path, item, ["name", "version", "configurationValues"]) : undefined;
        const read = object ? readAddonEntry(problems, path, object) : undefined;
        if (object && !read) {
            return;
        }
        if (!object && (typeof item !== "string" || item === "")) {
            problems.add(path, item, 'expected an add-on name such as "vpc-cni" (optionally "vpc-cni@<version>"), or a map { name, version?, configurationValues? }');
            return;
        }
        const entry = read ? read.text : (item as string);
        const match = ADDON.exec(entry);
        if (!match) {
            problems.add(`cluster.addons[${i}]`, entry, 'expected an add-on name such as "vpc-cni", optionally with "@<version>"');
            return;
        }
        const [, name, , version] = match;
        if (!KNOWN_ADDONS.has(name) && !MARKETPLACE_ADDON.test(name)) {
            problems.add(`cluster.addons[${i}]`, entry, `${didYouMean(name, KNOWN_ADDONS)}"${name}" is not an EKS add-on from AWS or the community, nor a Marketplace "<vendor>_<product>" name; known: ${[...KNOWN_ADDONS].join(", ")}`);
        } else if (version !== undefined && !ADDON_VERSION.test(version)) {
            problems.add(`cluster.addons[${i}]`, entry, `"${version}" is not an add-on version; write one such as v1.19.2-eksbuild.1 (aws eks describe-addon-versions --addon-name ${name}), or omit it for the default version of the cluster's Kubernetes version`);
        } else {
            addons.push({ name, ...(version ? { version } : {}), ...(read?.configurationValues ? { configurationValues: read.configurationValues } : {}) });
        }
    });
    reportDuplicates(problems, "cluster.addons", addons.map((a) => a.name));
    return problems.count > before ? undefined : addons;
}

export function readCluster(
    problems: ConfigProblems,
    value: (key: string) => RawValue,
    isSet: (key: string) => boolean,
    /** `nodeGroupCount`: the unset cluster.addons default depends on whether node groups need them. */
    defaults: { name: string; today: Date; nodeGroupCount: number },
): ClusterConfig | undefined {
    const before = problems.count;
    const nameValue = value("cluster.name") ?? defaults.name;
    const name = readString(problems, "cluster.name", nameValue);
    if (name !== undefined && !CLUSTER_NAME.test(name)) {
        problems.add("cluster.name", name, "must be 1-100 letters, digits, hyphens or underscores, starting with a letter or digit");
    }
    const upgradePolicy = readEnum(problems, "cluster.upgradePolicy", value("cluster.upgradePolicy"), SUPPORT_TYPES);
    const version = readVersion(problems, value("cluster.version"), upgradePolicy, defaults.today);
    const endpoint = readEndpoint(problems, value);
    const compute = readCompute(problems, value, isSet);

    const logTypeNames = readStringArray(problems, "cluster.logTypes", value("cluster.logTypes"));
    const logTypes: ControlPlaneLogType[] = [];
    logTypeNames?.forEach((t, i) => {
        const logType = readEnum(problems, `cluster.logTypes[${i}]`, t, CONTROL_PLANE_LOG_TYPES);
        if (logType) {
            logTypes.push(logType);
        }
    });
    reportDuplicates(problems, "cluster.logTypes", logTypes);
    const logRetentionDays = readInteger(problems, "cluster.logRetentionDays", value("cluster.logRetentionDays"), { min: 1, max: 3653 });
    if (logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(logRetentionDays)) {
        problems.add("cluster.logRetentionDays", logRetentionDays, `must be a CloudWatch retention value: ${LOG_RETENTION_DAYS.join(", ")}`);
    }

    const secretsEncryption = readSecretsEncryption(problems, value("cluster.secretsEncryption"));
    const authenticationMode = readEnum(problems, "cluster.authenticationMode", value("cluster.authenticationMode"), AUTHENTICATION_MODES);
    const adminPrincipalArns = readStringArray(problems, "cluster.adminPrincipalArns", value("cluster.adminPrincipalArns"));
    adminPrincipalArns?.forEach((arn, i) => checkPrincipalArn(problems, `cluster.adminPrincipalArns[${i}]`, arn));
    if (adminPrincipalArns) {
        reportDuplicates(problems, "cluster.adminPrincipalArns", adminPrincipalArns);
    }
    const accessEntries = readAccessEntries(problems, value("cluster.accessEntries") ?? []);
    accessEntries?.forEach((entry, i) => {
        if (adminPrincipalArns?.includes(entry.principalArn)) {
            problems.add(`cluster.accessEntries[${i}].principalArn`, entry.principalArn, "is also in cluster.adminPrincipalArns; EKS allows one access entry per principal: keep it in one list");
        }
    });
    const bootstrapCreatorAdmin = readBoolean(problems, "cluster.bootstrapCreatorAdmin", value("cluster.bootstrapCreatorAdmin"));
    if (authenticationMode === "CONFIG_MAP" && ((adminPrincipalArns?.length ?? 0) > 0 || (accessEntries?.length ?? 0) > 0)) {
        problems.add("cluster.authenticationMode", authenticationMode, 'access entries (cluster.adminPrincipalArns, cluster.accessEntries) need "API" or "API_AND_CONFIG_MAP"');
    }
    const clusterAdmins = accessEntries?.filter((e) => e.policy === "AmazonEKSClusterAdminPolicy" && !e.namespaces).length ?? 0;
    if (adminPrincipalArns && adminPrincipalArns.length === 0 && clusterAdmins === 0 && bootstrapCreatorAdmin === false) {
        problems.add("cluster.adminPrincipalArns", adminPrincipalArns, "nobody could administer the cluster: list at least one IAM role ARN, or set cluster.bootstrapCreatorAdmin: true");
    }
    // No default in Pulumi.yaml: the CLI would hand it over as if the stack had set it.
    const addons = readAddons(problems, isSet("cluster.addons") ? value("cluster.addons") : defaultAddons(compute, defaults.nodeGroupCount));
    const oidcProvider = readBoolean(problems, "cluster.oidcProvider", value("cluster.oidcProvider"));
    const vpcCni = readVpcCni(problems, value);
    const controlPlane = readControlPlane(problems, value);
    const hybridNodes = isSet("cluster.hybridNodes") ? readHybridNodes(problems, value("cluster.hybridNodes")) : undefined;
    const capabilities = isSet("cluster.capabilities") ? readCapabilities(problems, value("cluster.capabilities")) : [];
    if (capabilities && authenticationMode) {
        checkCapabilities(problems, capabilities, authenticationMode);
    }

    if (problems.count > before) {
        return undefined;
    }
    return {
        name: name!,
        version: version!,
        compute: compute!,
        endpoint: endpoint!,
        logTypes,
        logRetentionDays: logRetentionDays!,
        secretsEncryption: secretsEncryption!,
        authenticationMode: authenticationMode!,
        adminPrincipalArns: adminPrincipalArns!,
        accessEntries: accessEntries!,
        bootstrapCreatorAdmin: bootstrapCreatorAdmin!,
        upgradePolicy: upgradePolicy!,
        addons: addons!,
        oidcProvider: oidcProvider!,
        vpcCni: vpcCni!,
        controlPlane: controlPlane!,
        ...(hybridNodes ? { hybridNodes } : {}),
        capabilities: capabilities!,
    };
}
