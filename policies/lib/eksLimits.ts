// Limits and fixed values of the EKS API that both the stack's config validation and the rules
// enforce, defined once.

/** EKS VpcConfigRequest.publicAccessCidrs: at most 40 CIDR blocks. */
export const MAX_PUBLIC_ACCESS_CIDRS = 40;

/** EKS service quota "Nodes per managed node group". */
export const MAX_NODES_PER_NODE_GROUP = 450;

/** CreateFargateProfile: at most 5 selectors, each with at most 5 labels. */
export const MAX_FARGATE_SELECTORS = 5;
export const MAX_FARGATE_SELECTOR_LABELS = 5;

/** CreateCluster logging.clusterLogging[].types. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
