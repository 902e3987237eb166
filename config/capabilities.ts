// Reads `cluster.capabilities`: EKS Capabilities, the managed Argo CD, AWS Controllers for Kubernetes
// (ACK) and kro that EKS runs for the cluster, each with an IAM role of its own.
//
// Sources: @pulumi/aws 7.48.0 aws.eks.Capability (type ACK, KRO or ARGOCD; deletePropagationPolicy
// RETAIN; configuration.argoCd.awsIdc.idcInstanceArn required for Argo CD); EKS User Guide,
// capabilities.adoc ("You can create one capability resource of each type ... for a given cluster"),
// capabilities-security.adoc (kro and Argo CD need no IAM permissions by default; ACK needs those of
// the AWS resources it manages; EKS creates the capabilities' access entries itself).
import { ConfigProblems } from "./problems";
import { RawValue, readArray, readEnum, readObject, readString, readStringArray, reportDuplicates } from "./values";

export const CAPABILITY_TYPES = ["ARGOCD", "ACK", "KRO"] as const;
export type CapabilityType = (typeof CAPABILITY_TYPES)[number];
export const ARGOCD_ROLES = ["ADMIN", "EDITOR", "VIEWER"] as const;
export const IDENTITY_TYPES = ["SSO_USER", "SSO_GROUP"] as const;

export interface ArgoCdConfig {
    idcInstanceArn: string;
    idcRegion?: string;
    namespace?: string;
    rbacRoleMappings: { role: (typeof ARGOCD_ROLES)[number]; identities: { id: string; type: (typeof IDENTITY_TYPES)[number] }[] }[];
}

export interface CapabilityConfig {
    type: CapabilityType;
    /** AWS managed or customer policy ARNs for the capability's role (what ACK may manage). */
    policyArns: string[];
    argoCd?: ArgoCdConfig;
}

const IDC_INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;
const ADMIN_POLICY = /:policy\/(AdministratorAccess|PowerUserAccess)$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

function readArgoCd(problems: ConfigProblems, path: string, value: RawValue): ArgoCdConfig | undefined {
    const entry = readObject(problems, path, value, ["idcInstanceArn", "idcRegion", "namespace", "rbacRoleMappings"]);
    if (!entry) {
        return undefined;
    }
    const before = problems.count;
    const idcInstanceArn = readString(problems, `${path}.idcInstanceArn`, entry.idcInstanceArn);
    if (idcInstanceArn !== undefined && !IDC_INSTANCE_ARN.test(idcInstanceArn)) {
        problems.add(`${path}.idcInstanceArn`, idcInstanceArn, "expected an IAM Identity Center instance ARN such as arn:aws:sso:::instance/ssoins-1234567890abcdef");
    }
    const idcRegion = entry.idcRegion === undefined ? undefined : readString(problems, `${path}.idcRegion`, entry.idcRegion);
    if (idcRegion !== undefined && !REGION.test(idcRegion)) {
        problems.add(`${path}.idcRegion`, idcRegion, "expected the AWS region of the Identity Center instance, such as us-east-1");
    }
    const namespace = entry.namespace === undefined ? undefined : readString(problems, `${path}.namespace`, entry.namespace);
    const mappings = (readArray(problems, `${path}.rbacRoleMappings`, entry.rbacRoleMappings ?? []) ?? []).map((item, i) => {
        const at = `${path}.rbacRoleMappings[${i}]`;
        const mapping = readObject(problems, at, item, ["role", "identities"]);
        const role = mapping ? readEnum(problems, `${at}.role`, mapping.role, ARGOCD_ROLES) : undefined;
        const identities = (mapping ? (readArray(problems, `${at}.identities`, mapping.identities) ?? []) : []).map((identity, j) => {
            const found = readObject(problems, `${at}.identities[${j}]`, identity, ["id", "type"]);
            return found ? { id: readString(problems, `${at}.identities[${j}].id`, found.id)!, type: readEnum(problems, `${at}.identities[${j}].type`, found.type, IDENTITY_TYPES)! } : undefined;
        });
        return { role: role!, identities: identities as ArgoCdConfig["rbacRoleMappings"][number]["identities"] };
    });
    return problems.count > before ? undefined : { idcInstanceArn: idcInstanceArn!, ...(idcRegion ? { idcRegion } : {}), ...(namespace ? { namespace } : {}), rbacRoleMappings: mappings };
}

export function readCapabilities(problems: ConfigProblems, value: RawValue): CapabilityConfig[] | undefined {
    const items = readArray(problems, "cluster.capabilities", value);
    if (!items) {
        return undefined;
    }
    const before = problems.count;
    const capabilities = items.map((item, i) => {
        const path = `cluster.capabilities[${i}]`;
        const entry = readObject(problems, path, item, ["type", "policyArns", "argoCd"]);
        if (!entry) {
            return undefined;
        }
        const type = readEnum(problems, `${path}.type`, entry.type, CAPABILITY_TYPES);
        const policyArns = readStringArray(problems, `${path}.policyArns`, entry.policyArns ?? []) ?? [];
        policyArns.forEach((arn, j) => {
            if (!POLICY_ARN.test(arn)) {
                problems.add(`${path}.policyArns[${j}]`, arn, "expected an IAM policy ARN such as arn:aws:iam::aws:policy/AmazonS3FullAccess");
            } else if (ADMIN_POLICY.test(arn)) {
                problems.add(`${path}.policyArns[${j}]`, arn, "gives the capability, and everyone who can create its custom resources in the cluster, the whole account; grant the services it manages instead (the EKS User Guide's AdministratorAccess is for trying it out)");
            }
        });
        if (type === "ACK" && entry.policyArns === undefined) {
            problems.add(`${path}.policyArns`, undefined, "required for ACK: the permissions of the AWS resources it will manage, e.g. arn:aws:iam::aws:policy/AmazonS3FullAccess for S3 buckets");
        }
        const argoCd = entry.argoCd === undefined ? undefined : readArgoCd(problems, `${path}.argoCd`, entry.argoCd);
        if (type === "ARGOCD" && entry.argoCd === undefined) {
            problems.add(`${path}.argoCd`, undefined, "required for ARGOCD: { idcInstanceArn } of the IAM Identity Center instance its users sign in with");
        } else if (type !== undefined && type !== "ARGOCD" && entry.argoCd !== undefined) {
            problems.add(`${path}.argoCd`, entry.argoCd, "applies to type ARGOCD only");
        }
        return { type: type!, policyArns, ...(argoCd ? { argoCd } : {}) };
    });
    reportDuplicates(problems, "cluster.capabilities", capabilities.map((c) => c?.type));
    return problems.count > before ? undefined : (capabilities as CapabilityConfig[]);
}

/** The capabilities' access entries are EKS's own, for which the cluster needs access entries. */
export function checkCapabilities(problems: ConfigProblems, capabilities: readonly CapabilityConfig[], authenticationMode: string): void {
    if (capabilities.length > 0 && authenticationMode === "CONFIG_MAP") {
        problems.add("cluster.capabilities", capabilities.map((c) => c.type), "EKS gives each capability an access entry, which needs cluster.authenticationMode API or API_AND_CONFIG_MAP");
    }
}

