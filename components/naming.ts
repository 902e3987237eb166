// Resource names and tags derived from the environment, so URNs stay stable across runs.

/** The tag that lets load balancer controllers and the cluster find the subnets (EKS subnet requirements). */
export function clusterOwnershipTag(clusterName: string): Record<string, string> {
    return { [`kubernetes.io/cluster/${clusterName}`]: "shared" };
}

export function withName(tags: Record<string, string>, name: string): Record<string, string> {
    return { ...tags, Name: name };
}

/** A readable, URN-safe slug of an IAM principal ARN: `role-platform-admin` for `...:role/platform-admin`. */
export function principalSlug(arn: string): string {
    const resource = arn.split(":").slice(5).join(":");
    return resource.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase();
}

/** A CIDR as a URN-safe name part: 10.100.0.0/16 -> 10-100-0-0-16. */
export function cidrSlug(cidr: string): string {
    return cidr.replace(/[./]/g, "-");
}

/**
 * The tag Karpenter's EC2NodeClass selectors find subnets and security groups by (the getting-started
 * guide's `karpenter.sh/discovery: <cluster>`).
 */
export const KARPENTER_DISCOVERY_TAG = "karpenter.sh/discovery";
