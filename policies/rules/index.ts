// Every rule of eks-guard, in the order the README lists them.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { clusterPolicies } from "./cluster";
import { endpointPolicies } from "./endpoint";
import { fargatePolicies } from "./fargate";
import { iamPolicies } from "./iam";
import { networkPolicies } from "./network";
import { nodePolicies } from "./nodes";

export const resourcePolicies: ResourceValidationPolicy[] = [
    ...endpointPolicies,
    ...clusterPolicies,
    ...nodePolicies,
    ...fargatePolicies,
    ...iamPolicies,
    ...networkPolicies,
];
