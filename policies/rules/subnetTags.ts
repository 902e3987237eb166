// Load balancer subnet discovery tags.
// Sources: Amazon EKS User Guide, "Route internet traffic with AWS Load Balancer Controller" /
// "Subnet requirements": public subnets carry kubernetes.io/role/elb=1, private ones
// kubernetes.io/role/internal-elb=1, so the controller can choose subnets for load balancers.
// AWS Load Balancer Controller, "Subnet Auto-Discovery" (kubernetes-sigs.github.io/
// aws-load-balancer-controller/latest/deploy/subnet_discovery): a tag's value is "1" or empty;
// where subnets with the role tag exist only they are candidates; "[For LBC version >= 2.12.1] If
// no subnets have role tags: Candidates are subnets whose reachability (public/private) matches the
// LoadBalancer's schema". So an untagged subnet is left out only where others carry the tag, and in
// a VPC without any, only older controllers (and the in-tree service controller) find none. Advisory
// by default: a stack that runs no load balancer loses nothing.
import { PolicyResource, ResourceValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { effective, ifKnown, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, stackValidation } from "../lib/stackContext";
import { podSubnetIdsOf } from "../lib/vpcCni";

export const ELB_TAG = "kubernetes.io/role/elb";
export const INTERNAL_ELB_TAG = "kubernetes.io/role/internal-elb";

interface TagSettings {
    publicSubnetPattern: string;
    privateSubnetPattern: string;
}
const tagDefaults: TagSettings = { publicSubnetPattern: "public", privateSubnetPattern: "private" };

function tagsOf(subnet: PolicyResource | PropertyBag): Record<string, string> {
    const props = "props" in subnet && "urn" in subnet ? (subnet as PolicyResource).props : (subnet as PropertyBag);
    return (ifKnown(() => props.tags) as Record<string, string> | undefined) ?? {};
}

/**
 * The role a subnet declares by itself, for remediation (which sees one resource before its route
 * tables exist): public when it maps public IPs or its name says so, private when its name says so.
 */
export function declaredRole(args: Pick<ResourceValidationArgs, "name" | "props">, settings: TagSettings): "public" | "private" | undefined {
    const name = `${args.name} ${tagsOf(args.props).Name ?? ""}`.toLowerCase();
    if (ifKnown(() => effective<boolean>(args.props, "mapPublicIpOnLaunch", false)) === true || name.includes(settings.publicSubnetPattern.toLowerCase())) {
        return "public";
    }
    return name.includes(settings.privateSubnetPattern.toLowerCase()) ? "private" : undefined;
}

export const elbSubnetTags: StackValidationPolicy & Pick<import("@pulumi/policy").ResourceValidationPolicy, "remediateResource"> = {
    name: "eks-elb-subnet-tags",
    description: "Subnets of an EKS VPC carry the load balancer role tag that matches their routing (elb for public, internal-elb for private).",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: schemaWithDefaults(
        { properties: { publicSubnetPattern: { type: "string", minLength: 1 }, privateSubnetPattern: { type: "string", minLength: 1 } } },
        { ...tagDefaults },
    ),
    validateStack: stackValidation((context, reportViolation) => {
        const clusterVpcs = new Set(context.clusters.flatMap((c) => (context.subnetsOf(c) ?? []).flatMap((s) => (s.vpc ? [s.vpc.urn] : []))));
        const hasTag = (subnet: PolicyResource, tag: string) => ["1", ""].includes(tagsOf(subnet)[tag]);
        const pods = podSubnetIdsOf(context);
        const judged = context.graph.ofType(AWS.subnet).flatMap((subnet) => {
            const facts = context.network.subnet(subnet);
            return facts.vpc && clusterVpcs.has(facts.vpc.urn) ? [{ subnet, facts, vpc: facts.vpc.urn }] : [];
        });
        // VPCs in which some subnet carries a role tag: there, the controller considers only tagged subnets.
        const tagging = new Set(judged.filter(({ subnet }) => hasTag(subnet, ELB_TAG) || hasTag(subnet, INTERNAL_ELB_TAG)).map(({ vpc }) => vpc));
        for (const { subnet, facts, vpc } of judged) {
            if (facts.internetRoute === undefined) {
                context.note(`the routes of ${label(subnet)}`);
                continue;
            }
            const [tag, role, scheme] = facts.internetRoute ? [ELB_TAG, "public", "internet-facing"] : [INTERNAL_ELB_TAG, "private", "internal"];
            if (hasTag(subnet, tag)) {
                continue;
            }
            // A pod subnet of custom networking holds pods' ENIs, not load balancers.
            if (!facts.internetRoute) {
                const id = ifKnown(() => subnet.props.id) as string | undefined;
                if (id !== undefined && pods.ids.has(id)) {
                    continue;
                }
                if (pods.unknownAddons.length > 0) {
                    context.note(`whether ${label(subnet)} is a pod subnet of ${pods.unknownAddons.map(label).join(", ")}`);
                    continue;
                }
            }
            const why = tagging.has(vpc)
                ? `other subnets of its VPC carry role tags, so the AWS Load Balancer Controller places ${scheme} load balancers only in tagged subnets, never in this one`
                : `no subnet of its VPC carries a role tag: the AWS Load Balancer Controller 2.12.1 and later then chooses subnets by their routing, but earlier versions and the in-tree service controller find none for ${scheme} load balancers`;
            reportViolation(`${label(subnet)} is ${role} but lacks the tag ${tag}=1: ${why}. Add the tag (enforcement level "remediate" adds it).`, subnet.urn);
        }
    }),
    // Remediation sees one subnet before its route tables exist, so it adds the tag of the role the
    // subnet declares (public IPs on launch, or its name); the stack check confirms it by routing.
    remediateResource: (args) => {
        if (args.type !== AWS.subnet) {
            return undefined;
        }
        const role = declaredRole(args, settingsOf(args, tagDefaults));
        const tag = role === "public" ? ELB_TAG : role === "private" ? INTERNAL_ELB_TAG : undefined;
        const tags = tagsOf(args.props);
        if (!tag || tags[tag] === "1") {
            return undefined;
        }
        return { ...args.props, tags: { ...tags, [tag]: "1" } };
    },
};
