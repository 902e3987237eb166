// Recognises add-on permissions: what external-dns, cluster-autoscaler, a load balancer controller
// or a CSI driver needs. On a node role every pod on the node can use them (through the instance
// metadata service); they belong on the add-on's own role, bound with EKS Pod Identity.
import { managedPolicyName, Statement } from "./iamDocuments";

/** AWS managed policies that exist to serve one add-on. */
const ADDON_MANAGED_POLICIES: Readonly<Record<string, string>> = {
    AmazonEBSCSIDriverPolicy: "the EBS CSI driver",
    AmazonEFSCSIDriverPolicy: "the EFS CSI driver",
    AmazonFSxFullAccess: "the FSx CSI driver",
    AmazonRoute53FullAccess: "external-dns",
    ElasticLoadBalancingFullAccess: "a load balancer controller",
    AutoScalingFullAccess: "cluster-autoscaler",
};

/** Mutating actions each add-on needs (their published IAM policies). */
const ADDON_ACTIONS: readonly { addon: string; service: string; action: RegExp }[] = [
    { addon: "external-dns", service: "route53", action: /^route53:(Change|Create|Delete|Update)/i },
    { addon: "cluster-autoscaler", service: "autoscaling", action: /^autoscaling:(SetDesiredCapacity|TerminateInstanceInAutoScalingGroup|UpdateAutoScalingGroup)$/i },
    { addon: "a load balancer controller", service: "elasticloadbalancing", action: /^elasticloadbalancing:(Create|Delete|Modify|Register|Deregister|Add|Remove|Set)/i },
    { addon: "the EBS CSI driver", service: "ec2", action: /^ec2:(CreateVolume|AttachVolume|DetachVolume|DeleteVolume|CreateSnapshot|DeleteSnapshot)$/i },
];

export interface AddonGrant {
    addon: string;
    /** The policy name or the actions, and where they come from. */
    what: string;
}

export function addonOfManagedPolicy(arn: string): string | undefined {
    const name = managedPolicyName(arn);
    return name ? ADDON_MANAGED_POLICIES[name] : undefined;
}

/** The add-ons whose mutating actions an Allow statement grants (a whole-service wildcard counts). */
export function addonActions(statement: Statement): Map<string, string[]> {
    const found = new Map<string, string[]>();
    if (statement.effect !== "Allow") {
        return found;
    }
    for (const { addon, service, action } of ADDON_ACTIONS) {
        const matching = statement.actions.filter((a) => action.test(a) || a.toLowerCase() === `${service}:*`);
        if (matching.length > 0) {
            found.set(addon, [...(found.get(addon) ?? []), ...matching]);
        }
    }
    return found;
}

/** Route 53 changes on every hosted zone, not on named ones. */
export function onEveryHostedZone(statement: Statement): string[] {
    return statement.resources.filter((r) => r === "*" || /hostedzone\/\*$/.test(r));
}
