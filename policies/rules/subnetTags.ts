// Load balancer subnet discovery tags.
// Source: Amazon EKS User Guide, "Route internet traffic with AWS Load Balancer Controller" /
// "Subnet requirements": public subnets carry kubernetes.io/role/elb=1, private ones
// kubernetes.io/role/internal-elb=1, so the controller can choose subnets for load balancers.
import { PolicyResource, ResourceValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { effective, ifKnown, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, stackValidation } from "../lib/stackContext";

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
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: schemaWithDefaults(
        { properties: { publicSubnetPattern: { type: "string", minLength: 1 }, privateSubnetPattern: { type: "string", minLength: 1 } } },
        { ...tagDefaults },
    ),
    validateStack: stackValidation((context, reportViolation) => {
        const clusterVpcs = new Set(context.clusters.flatMap((c) => (context.subnetsOf(c) ?? []).flatMap((s) => (s.vpc ? [s.vpc.urn] : []))));
        for (const subnet of context.graph.ofType(AWS.subnet)) {
            const facts = context.network.subnet(subnet);
            if (!facts.vpc || !clusterVpcs.has(facts.vpc.urn)) {
                continue;
            }
            if (facts.internetRoute === undefined) {
                context.note(`the routes of ${label(subnet)}`);
                continue;
            }
            const [tag, role] = facts.internetRoute ? [ELB_TAG, "public"] : [INTERNAL_ELB_TAG, "private"];
            if (tagsOf(subnet)[tag] !== "1") {
                reportViolation(`${label(subnet)} is ${role} but lacks the tag ${tag}=1, so load balancers cannot find it. Add the tag (enforcement level "remediate" adds it).`, subnet.urn);
            }
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
