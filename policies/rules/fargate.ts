// Rules on Fargate profiles.
// Source: EKS API CreateFargateProfile and Amazon EKS User Guide "Define which Pods use AWS Fargate":
// up to five selectors, each with a namespace and up to five labels; profile names must not start
// with "eks-".
import { forType } from "../lib/typedValidation";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { MAX_FARGATE_SELECTOR_LABELS as MAX_SELECTOR_LABELS, MAX_FARGATE_SELECTORS as MAX_SELECTORS } from "../lib/eksLimits";
import { isChosen, listOf, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";


function selectorProblems(selectors: PropertyBag[]): string[] {
    const problems: string[] = [];
    if (selectors.length < 1 || selectors.length > MAX_SELECTORS) {
        problems.push(`has ${selectors.length} selectors; EKS requires 1 to ${MAX_SELECTORS}`);
    }
    selectors.forEach((selector, i) => {
        if (typeof selector.namespace !== "string" || selector.namespace.length === 0) {
            problems.push(`selector ${i} has no namespace; every selector needs one`);
        }
        const labels = selector.labels && typeof selector.labels === "object" ? Object.keys(selector.labels) : [];
        if (labels.length > MAX_SELECTOR_LABELS) {
            problems.push(`selector ${i} has ${labels.length} labels; EKS allows ${MAX_SELECTOR_LABELS}`);
        }
    });
    return problems;
}

export const fargateProfileShape: ResourceValidationPolicy = {
    name: "eks-fargate-profile-shape",
    description: "Fargate profiles have 1 to 5 selectors, each with a namespace, and a name that does not start with eks-.",
    enforcementLevel: "mandatory",
    severity: "medium",
    // Marked for Fargate profiles: a @pulumi/eks Cluster's fargate option is judged as the
    // aws.eks.FargateProfile child it becomes.
    validateResource: forType(AWS.fargateProfile, (args, reportViolation) => {
        const label = `Fargate profile "${args.name}"`;
        for (const problem of selectorProblems(listOf<PropertyBag>(args.props, "selectors"))) {
            reportViolation(`${label} ${problem}. Fix its selectors.`);
        }
        if (isChosen(args.props, "fargateProfileName") && String(args.props.fargateProfileName).startsWith("eks-")) {
            reportViolation(`${label} is named "${args.props.fargateProfileName}"; EKS reserves the "eks-" prefix. Rename it.`);
        }
    }),
};

export const fargatePolicies = [fargateProfileShape];
