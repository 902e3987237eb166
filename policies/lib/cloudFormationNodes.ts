// Self-managed node groups that @pulumi/eks 1.x and 2.x declare as CloudFormation stacks: the Auto
// Scaling group is a resource of the stack's `templateBody`, not a Pulumi resource, so rules would
// not see it at all. It is read from the template into an Auto Scaling group shaped as the AWS
// provider's (minSize, maxSize, desiredCapacity, vpcZoneIdentifiers, launchConfiguration or
// launchTemplate, tags), located at the CloudFormation stack, so every node rule judges it.
import { PolicyResource } from "@pulumi/policy";
import YAML from "yaml";
import { ifKnown, isPresent } from "./props";
import { AUTOSCALING_GROUP } from "./selfManagedNodes";

export const CLOUDFORMATION_STACK = "aws:cloudformation/stack:Stack";

/** CloudFormation's short-form intrinsic functions: their values are computed by CloudFormation, so not known here. */
export const INTRINSICS = ["Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "Condition", "ImportValue", "FindInMap", "Base64", "GetAZs", "Cidr", "Transform"];
const customTags = INTRINSICS.flatMap((name) => [{ tag: `!${name}`, resolve: (): undefined => undefined }, ...(["seq", "map"] as const).map((collection) => ({ tag: `!${name}`, collection, resolve: (): undefined => undefined }))]);

export interface TemplateNodeGroups {
    /** Auto Scaling groups of the templates, as resources of the AWS provider's shape. */
    groups: PolicyResource[];
    /** CloudFormation stacks whose template is not known yet (computed in this update). */
    unknownTemplates: PolicyResource[];
}

/** A literal of the template: intrinsic functions (objects) and nulls are values not known here. */
const literal = (value: unknown): unknown => (typeof value === "object" ? undefined : value);

function autoScalingGroup(stack: PolicyResource, logicalId: string, properties: Record<string, any>): PolicyResource {
    const number = (key: string) => {
        const value = literal(properties[key]);
        return value === undefined ? undefined : Number(value);
    };
    const zones = properties.VPCZoneIdentifier;
    const subnets = Array.isArray(zones) && zones.every((z) => typeof z === "string") ? zones : typeof zones === "string" ? zones.split(",") : undefined;
    const template = properties.LaunchTemplate as Record<string, unknown> | undefined;
    const props: Record<string, unknown> = {
        minSize: number("MinSize"),
        maxSize: number("MaxSize"),
        ...(properties.DesiredCapacity !== undefined ? { desiredCapacity: number("DesiredCapacity") } : {}),
        ...(subnets ? { vpcZoneIdentifiers: subnets } : {}),
        ...(typeof properties.LaunchConfigurationName === "string" ? { launchConfiguration: properties.LaunchConfigurationName } : {}),
        ...(template ? { launchTemplate: { id: literal(template.LaunchTemplateId), name: literal(template.LaunchTemplateName), version: literal(template.Version) } } : {}),
        tags: (Array.isArray(properties.Tags) ? properties.Tags : []).map((t: Record<string, unknown>) => ({ key: String(t.Key), value: String(literal(t.Value) ?? ""), propagateAtLaunch: String(t.PropagateAtLaunch) === "true" })),
    };
    return {
        type: AUTOSCALING_GROUP,
        name: `${stack.name} (CloudFormation ${logicalId})`,
        urn: stack.urn,
        props,
        opts: stack.opts,
        dependencies: stack.dependencies,
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    } as unknown as PolicyResource;
}

/** The Auto Scaling groups declared inside CloudFormation stacks, and the stacks not readable yet. */
export function templateNodeGroups(resources: readonly PolicyResource[]): TemplateNodeGroups {
    const found: TemplateNodeGroups = { groups: [], unknownTemplates: [] };
    // A stack given by templateUrl has no template here to read.
    for (const stack of resources.filter((r) => r.type === CLOUDFORMATION_STACK && isPresent(r.props, "templateBody"))) {
        const body = ifKnown(() => stack.props.templateBody);
        if (body === undefined) {
            found.unknownTemplates.push(stack);
            continue;
        }
        found.groups.push(...groupsOfTemplate(stack, String(body)));
    }
    return found;
}

/** The Auto Scaling groups of one template (JSON or YAML); none when it is not a template. */
export function groupsOfTemplate(stack: PolicyResource, body: string): PolicyResource[] {
    // "silent": a text that is not YAML reads as whatever it parses to, never as an error or a warning.
    const template = YAML.parse(body, { customTags, logLevel: "silent" }) as { Resources?: unknown } | null;
    // Resources that are not a map (a string, a number) hold no resource with a Type.
    return Object.entries((template?.Resources ?? {}) as Record<string, { Type?: unknown; Properties?: Record<string, any> } | null>)
        .filter(([, resource]) => resource?.Type === "AWS::AutoScaling::AutoScalingGroup")
        .map(([logicalId, resource]) => autoScalingGroup(stack, logicalId, resource!.Properties ?? {}));
}
