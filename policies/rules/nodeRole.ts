// Stack rule on the IAM role of EKS nodes.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { addonActions, addonOfManagedPolicy, onEveryHostedZone } from "../lib/addonPermissions";
import { ADMIN_MANAGED_POLICY, allows, isAdminStatement, managedPolicyName } from "../lib/iamDocuments";
import { ipFamilyOf } from "../lib/ipFamily";
import { AUTO_MODE_NODE_ROLE_PATH } from "../lib/autoMode";
import { ifKnown, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { selfManagedNodes } from "../lib/selfManagedNodes";
import { grantsOf } from "../lib/roleGrants";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, stackValidation } from "../lib/stackContext";

const ECR_PULL = ["AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryReadOnly"];
/** Amazon EKS User Guide, "Amazon EKS node IAM role". Either ECR policy grants image pulls. */
const REQUIRED = [["AmazonEKSWorkerNodePolicy"], ECR_PULL];
/**
 * Amazon EKS User Guide, "Amazon EKS Auto Mode node IAM role": the minimal worker policy (the full
 * one grants more) and image pulls; no CNI policy, Auto Mode's networking runs with the cluster role.
 */
const REQUIRED_AUTO_MODE = [["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEKSWorkerNodePolicy"], ECR_PULL];
const CNI_POLICY = "AmazonEKS_CNI_Policy";
/**
 * An IPv6 cluster's VPC CNI needs the IPv6 policy the EKS User Guide gives (no AWS managed one):
 * AmazonEKS_CNI_Policy is the IPv4 family's and lacks ec2:AssignIpv6Addresses
 * (networking/eks-networking-add-ons.adoc, cni-iam-role-create-ipv6-policy).
 */
const IPV6_CNI_ACTION = "ec2:AssignIpv6Addresses";
const INSTANCE_PROFILE = "aws:iam/instanceProfile:InstanceProfile";

/** A node role and who uses it: node groups (the managed-node expectations apply) or only Auto Mode. */
interface NodeRoleUse {
    role: PolicyResource;
    nodeGroups: boolean;
    /** A node group of an IPv6 cluster uses it. */
    ipv6?: boolean;
}

interface NodeRoleSettings {
    requireCniPolicy: boolean;
}
const nodeRoleDefaults: NodeRoleSettings = { requireCniPolicy: true };

// Sources: Amazon EKS User Guide "Amazon EKS node IAM role" (required policies) and "Learn how EKS
// Pod Identity grants pods access to AWS services" (add-on permissions on their own role); EKS Best
// Practices (Security, IAM: restrict access to the instance profile assigned to the worker node,
// since every pod that reaches instance metadata gets the node role).
export const nodeRoleLeastPrivilege: StackValidationPolicy = {
    name: "eks-node-role-least-privilege",
    description: "Node roles (of managed and self-managed node groups, and of EKS Auto Mode nodes) carry the required worker policies (with the IPv6 CNI policy in an IPv6 cluster) and nothing else: no administrator access, and no add-on permissions (Route 53, autoscaling, load balancer or volume changes), which belong on the add-on's own EKS Pod Identity role.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults({ properties: { requireCniPolicy: { type: "boolean" } } }, { ...nodeRoleDefaults }),
    validateStack: stackValidation((context, reportViolation, args) => {
        const { requireCniPolicy } = settingsOf(args, nodeRoleDefaults);
        const roles = new Map<string, NodeRoleUse>();
        for (const group of context.nodeGroups) {
            const [role] = context.graph.targetsOrNote(context.graph.references(group, ["nodeRoleArn"], [AWS.role])) ?? [];
            const cluster = context.clusterOf(group);
            if (role) {
                const ipv6 = roles.get(role.urn)?.ipv6 === true || (cluster !== undefined && ipFamilyOf(cluster) === "ipv6");
                roles.set(role.urn, { role, nodeGroups: true, ipv6 });
            }
        }
        // Self-managed nodes: the role of the instance profile their launch template or configuration names.
        for (const group of context.selfManagedNodeGroups) {
            const spec = selfManagedNodes(context.graph, group).launchSpec;
            const profilePath = spec?.type === AWS.launchTemplate ? ["iamInstanceProfile", ifKnown(() => (spec.props.iamInstanceProfile as PropertyBag | undefined)?.arn) ? "arn" : "name"] : ["iamInstanceProfile"];
            if (!spec || !ifKnown(() => spec.props.iamInstanceProfile)) {
                continue;
            }
            const [profile] = context.graph.targetsOrNote(context.graph.references(spec, profilePath, [INSTANCE_PROFILE])) ?? [];
            const [role] = profile ? (context.graph.targetsOrNote(context.graph.references(profile, ["role"], [AWS.role])) ?? []) : [];
            if (role) {
                roles.set(role.urn, { role, nodeGroups: true });
            }
        }
        for (const cluster of context.autoModeClusters) {
            const [role] = context.graph.targetsOrNote(context.graph.references(cluster, AUTO_MODE_NODE_ROLE_PATH, [AWS.role])) ?? [];
            const [clusterRole] = context.graph.targetsOrNote(context.graph.references(cluster, ["roleArn"], [AWS.role])) ?? [];
            if (role && role.urn === clusterRole?.urn) {
                reportViolation(`${label(cluster)} gives EKS Auto Mode nodes its own cluster role ${label(role)}; AWS requires a separate node role ("You can't use the same role that is used to create any clusters"), and every pod on those nodes could act as the control plane. Create a node role with AmazonEKSWorkerNodeMinimalPolicy and AmazonEC2ContainerRegistryPullOnly.`, cluster.urn);
            } else if (role && !roles.has(role.urn)) {
                roles.set(role.urn, { role, nodeGroups: false });
            }
        }
        for (const { role, nodeGroups, ipv6 } of roles.values()) {
            const grants = grantsOf(context, role);
            const names = (grants?.managed ?? []).map((arn) => managedPolicyName(arn) ?? arn);
            const addonGrants = new Map<string, string[]>();
            const addGrant = (addon: string, what: string) => addonGrants.set(addon, [...(addonGrants.get(addon) ?? []), what]);
            for (const arn of grants?.managed ?? []) {
                if (ADMIN_MANAGED_POLICY.test(arn)) {
                    reportViolation(`Node role ${label(role)} has ${managedPolicyName(arn)}; every pod on the node can use it. Remove it and grant only what the nodes need.`, role.urn);
                }
                const addon = addonOfManagedPolicy(arn);
                if (addon) {
                    addGrant(addon, managedPolicyName(arn)!);
                }
            }
            for (const { source, statement } of grants?.statements ?? []) {
                if (isAdminStatement(statement)) {
                    reportViolation(`Node role ${label(role)} allows Action "*" on Resource "*" through ${source}. Remove it.`, role.urn);
                    continue;
                }
                for (const [addon, actions] of addonActions(statement)) {
                    const everyZone = addon === "external-dns" ? onEveryHostedZone(statement) : [];
                    const scope = everyZone.length > 0 ? ` in every hosted zone (Resource ${everyZone.join(", ")})` : "";
                    addGrant(addon, `${actions.join(", ")}${scope} through ${source}`);
                }
            }
            for (const [addon, what] of addonGrants) {
                reportViolation(
                    `Node role ${label(role)} carries ${addon}'s permissions (${what.join("; ")}), which every pod on its nodes can use through the instance metadata service. Give ${addon} a role of its own, bound to its service account with EKS Pod Identity (aws.eks.PodIdentityAssociation), and remove them from the node role.`,
                    role.urn,
                );
            }
            if (grants && nodeGroups && requireCniPolicy && ipv6 && !grants.statements.some(({ statement }) => allows(statement, IPV6_CNI_ACTION))) {
                reportViolation(
                    `Node role ${label(role)} serves an IPv6 cluster and no policy of it allows ${IPV6_CNI_ACTION}${names.includes(CNI_POLICY) ? ` (${CNI_POLICY} is the IPv4 family's)` : ""}: the VPC CNI cannot give pods addresses. Attach the IPv6 CNI policy of the EKS User Guide (AmazonEKS_CNI_IPv6_Policy), to the node role or to the vpc-cni add-on's own role.`,
                    role.urn,
                );
            }
            if (grants) {
                const required = !nodeGroups ? REQUIRED_AUTO_MODE : requireCniPolicy && !ipv6 ? [...REQUIRED, [CNI_POLICY]] : REQUIRED;
                const missing = required.filter((alternatives) => !alternatives.some((name) => names.includes(name))).map((a) => a.join(" or "));
                if (missing.length > 0) {
                    reportViolation(`Node role ${label(role)} lacks ${missing.join(", ")}; nodes cannot join the cluster or pull images without them. Attach the AWS managed policies.`, role.urn);
                }
            }
        }
    }),
};
