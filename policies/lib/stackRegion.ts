// The AWS region a stack's resources live in, read from what the engine shows a stack policy: the
// AWS provider's own region (state files and real previews list providers), else a regional ARN,
// else a subnet's zone name. Undefined when nothing says (a preview whose resources do not exist
// yet and name no zone), and then callers say they do not know it.
import { PolicyResource } from "@pulumi/policy";
import { ifKnown } from "./props";
import { AWS } from "./resourceTypes";

export interface StackRegion {
    name: string;
    /** Where it was read, said to the user next to figures that depend on it. */
    from: string;
}

const AWS_PROVIDER = "pulumi:providers:aws";
const REGION = "[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d";
/** `arn:<partition>:<service>:<region>:...`; global services (IAM, Route 53) have no region there. */
const REGIONAL_ARN = new RegExp(`^arn:aws[a-z-]*:[a-z0-9-]+:(${REGION}):`);
/** A zone name is its region and a letter (us-east-1a); zone IDs (use1-az1) name no region. */
const ZONE_NAME = new RegExp(`^(${REGION})[a-z]$`);

const knownString = (read: () => unknown): string | undefined => {
    const value = ifKnown(read);
    return typeof value === "string" && value.length > 0 ? value : undefined;
};

export function stackRegion(resources: readonly PolicyResource[]): StackRegion | undefined {
    for (const provider of resources.filter((r) => r.type === AWS_PROVIDER)) {
        const region = knownString(() => provider.props.region);
        if (region && new RegExp(`^${REGION}$`).test(region)) {
            return { name: region, from: `the region of provider ${provider.name}` };
        }
    }
    for (const resource of resources) {
        const region = REGIONAL_ARN.exec(knownString(() => resource.props.arn) ?? "")?.[1];
        if (region) {
            return { name: region, from: `the ARN of ${resource.type.split(":").pop()} "${resource.name}"` };
        }
    }
    for (const subnet of resources.filter((r) => r.type === AWS.subnet)) {
        const region = ZONE_NAME.exec(knownString(() => subnet.props.availabilityZone) ?? "")?.[1];
        if (region) {
            return { name: region, from: `the zone of Subnet "${subnet.name}"` };
        }
    }
    return undefined;
}
