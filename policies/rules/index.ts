// Every rule of eks-guard, in the order docs/policy-pack.md lists them.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { honouringExemptions } from "../lib/exemptions";
import { hybridNodesNetworks } from "./hybridNodes";
import { autoModeSettings } from "./autoMode";
import { clusterPolicies } from "./cluster";
import { clusterAdminPrincipals } from "./clusterAccess";
import { controlPlaneEgressMode, zonalShift } from "./controlPlane";
import { monthlyCostBudget } from "./cost";
import { endpointPolicies } from "./endpoint";
import { fargatePolicies } from "./fargate";
import { iamPolicies } from "./iam";
import { karpenterPolicies } from "./karpenter";
import { kmsPolicies } from "./kms";
import { launchSpecPolicies } from "./launchSpecs";
import { logPolicies } from "./logs";
import { networkPolicies } from "./network";
import { nodeGroupDefaultImds } from "./nodeGroupImds";
import { nodePolicies } from "./nodes";
import { nodeRoleLeastPrivilege } from "./nodeRole";
import { placeholderValues } from "./placeholders";
import { podIdentityBinding, podIdentityLeastPrivilege } from "./podIdentity";
import { privateEndpointAccessPath, privateEndpointDns } from "./privateEndpoint";
import { protectStateful } from "./protection";
import { POLICY_REFERENCE } from "./reference";
import { runningKubernetesVersion } from "./runningVersion";
import { customNetworkingPodSubnets, fargatePrivateSubnets, ipv6Subnets, natPerAz, nodesPrivateSubnets, privateSubnetEgress, subnetIpCapacity, subnetsMultiAz } from "./subnets";
import { elbSubnetTags } from "./subnetTags";
import { vpcBaselinePolicies } from "./vpcBaseline";
import { workloadIdentityPolicies } from "./workloadIdentity";

/** Rules on one resource at a time. */
export const resourcePolicies: ResourceValidationPolicy[] = [
    ...endpointPolicies,
    ...clusterPolicies,
    controlPlaneEgressMode,
    autoModeSettings,
    clusterAdminPrincipals,
    ...nodePolicies,
    ...fargatePolicies,
    ...iamPolicies,
    ...networkPolicies,
    ...launchSpecPolicies,
    ...kmsPolicies,
    ...logPolicies,
    placeholderValues,
];

/** Rules on how resources relate, run over the whole stack. */
export const stackPolicies: StackValidationPolicy[] = [
    fargatePrivateSubnets,
    privateEndpointDns,
    privateEndpointAccessPath,
    privateSubnetEgress,
    subnetsMultiAz,
    zonalShift,
    natPerAz,
    nodesPrivateSubnets,
    nodeGroupDefaultImds,
    subnetIpCapacity,
    customNetworkingPodSubnets,
    ipv6Subnets,
    hybridNodesNetworks,
    nodeRoleLeastPrivilege,
    podIdentityLeastPrivilege,
    podIdentityBinding,
    ...karpenterPolicies,
    ...workloadIdentityPolicies,
    elbSubnetTags,
    protectStateful,
    ...vpcBaselinePolicies,
    runningKubernetesVersion,
    monthlyCostBudget,
];

/** What the pack runs: every rule honouring its `exemptions` setting, and the exemptions report last. */
export const allPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = honouringExemptions([...resourcePolicies, ...stackPolicies]).map((policy) => ({
    ...policy,
    // Shown by Pulumi Cloud with each violation (the framework sends it in GetAnalyzerInfo).
    remediationSteps: POLICY_REFERENCE[policy.name]?.fix,
}));
