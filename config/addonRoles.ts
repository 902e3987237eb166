// Reads `addonRoles`: an IAM role per add-on, bound by EKS Pod Identity to the add-on's service
// account, so add-on permissions never sit on a node role that every pod on the node can use.
import { ADDON_ROLE_NAMES, AddonRole, AddonRoleName, AddonRoles } from "./environment";
import { ConfigProblems } from "./problems";
import { RawValue, readObject, readString, readStringArray } from "./values";

/**
 * Where each add-on runs by default:
 * - ebsCsi: kube-system/ebs-csi-controller-sa (EKS User Guide, "Amazon EBS CSI driver" add-on);
 * - externalDns: external-dns/external-dns (EKS User Guide, "Community add-ons", External DNS);
 * - clusterAutoscaler: kube-system/cluster-autoscaler (kubernetes/autoscaler
 *   cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml);
 * - loadBalancerController: kube-system/aws-load-balancer-controller (EKS User Guide, "Install AWS
 *   Load Balancer Controller with Helm").
 */
export const ADDON_ROLE_DEFAULTS: Readonly<Record<AddonRoleName, AddonRole>> = {
    ebsCsi: { namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa" },
    externalDns: { namespace: "external-dns", serviceAccount: "external-dns" },
    clusterAutoscaler: { namespace: "kube-system", serviceAccount: "cluster-autoscaler" },
    loadBalancerController: { namespace: "kube-system", serviceAccount: "aws-load-balancer-controller" },
};

const HOSTED_ZONE_ARN = /^arn:aws[a-z-]*:route53:::hostedzone\/[A-Z0-9]+$/;
/** Kubernetes namespace and service account names are RFC 1123 labels / subdomains. */
const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** A namespace and service account, checked as Kubernetes names; `fields` missing either take `defaults`. */
export function readBinding(problems: ConfigProblems, path: string, fields: Record<string, unknown>, defaults: AddonRole): AddonRole | undefined {
    const namespace = readString(problems, `${path}.namespace`, fields.namespace ?? defaults.namespace);
    const serviceAccount = readString(problems, `${path}.serviceAccount`, fields.serviceAccount ?? defaults.serviceAccount);
    if (namespace !== undefined && !RFC1123_LABEL.test(namespace)) {
        problems.add(`${path}.namespace`, namespace, "expected a Kubernetes namespace name (lowercase letters, digits and hyphens, at most 63)");
    }
    if (serviceAccount !== undefined && !RFC1123_SUBDOMAIN.test(serviceAccount)) {
        problems.add(`${path}.serviceAccount`, serviceAccount, "expected a Kubernetes service account name (lowercase letters, digits, '-' and '.')");
    }
    return namespace && serviceAccount ? { namespace, serviceAccount } : undefined;
}

function readHostedZones(problems: ConfigProblems, path: string, value: RawValue): string[] | undefined {
    if (value === undefined) {
        problems.add(path, undefined, "required: list the hosted zones external-dns may change; it is never granted on all zones");
        return undefined;
    }
    const arns = readStringArray(problems, path, value);
    arns?.forEach((arn, i) => {
        if (!HOSTED_ZONE_ARN.test(arn)) {
            problems.add(`${path}[${i}]`, arn, "expected a hosted zone ARN such as arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ");
        }
    });
    if (arns && arns.length === 0) {
        problems.add(path, arns, "list the hosted zones external-dns may change; it is never granted on all zones");
    }
    return arns;
}

export function readAddonRoles(problems: ConfigProblems, value: RawValue): AddonRoles | undefined {
    const entries = readObject(problems, "addonRoles", value, ADDON_ROLE_NAMES);
    if (!entries) {
        return undefined;
    }
    const before = problems.count;
    const roles: AddonRoles = {};
    for (const name of ADDON_ROLE_NAMES) {
        const entry = entries[name];
        if (entry === undefined || entry === false) {
            continue;
        }
        const path = `addonRoles.${name}`;
        const extraFields = name === "externalDns" ? ["hostedZoneArns"] : [];
        const fields = entry === true ? {} : readObject(problems, path, entry, ["namespace", "serviceAccount", ...extraFields]);
        if (!fields) {
            continue;
        }
        const binding = readBinding(problems, path, fields, ADDON_ROLE_DEFAULTS[name]);
        if (name === "externalDns") {
            const hostedZoneArns = readHostedZones(problems, `${path}.hostedZoneArns`, fields.hostedZoneArns);
            if (binding && hostedZoneArns) {
                roles.externalDns = { ...binding, hostedZoneArns };
            }
        } else if (binding) {
            roles[name] = binding;
        }
    }
    return problems.count > before ? undefined : roles;
}
