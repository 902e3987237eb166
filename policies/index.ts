// eks-guard: CrossGuard rules for Amazon EKS environments. The rules live in rules/; this file only
// assembles the pack the Pulumi CLI runs.
import { PolicyPack } from "@pulumi/policy";
import { deserializeOncePerRequest } from "./lib/deserializeOnce";
import { allPolicies } from "./rules";

deserializeOncePerRequest();

new PolicyPack("eks-guard", {
    description: "Amazon EKS guard rails: endpoint access, control plane, nodes, Fargate, network and IAM.",
    policies: allPolicies,
});
