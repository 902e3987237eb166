// Rules on the EKS API server endpoint.
// Source: Amazon EKS User Guide, "Control network access to cluster API server endpoint"
// (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html): public access is on
// and private access off by default, and the public endpoint admits 0.0.0.0/0 unless restricted.
// Limit of 40 public access CIDRs: EKS VpcConfigRequest.publicAccessCidrs.
import { AWS } from "../lib/resourceTypes";
import { forType } from "../lib/typedValidation";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { canonicalIpv4Cidr, hasHostBitsSet, parseIpv4Cidr } from "../lib/cidr";
import { clusterInputs, endpointMode, EndpointMode } from "../lib/clusterInputs";
import { MAX_PUBLIC_ACCESS_CIDRS } from "../lib/eksLimits";
import { isChosen, knownItems, listOf } from "../lib/props";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { notApplicable } from "../lib/notApplicable";

const MODES: EndpointMode[] = ["public", "publicAndPrivate", "private"];

export const endpointAccessExplicit: ResourceValidationPolicy = {
    name: "eks-endpoint-access-explicit",
    description: "EKS clusters set both endpointPublicAccess and endpointPrivateAccess explicitly, and not both to false.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const unset = ["endpointPublicAccess", "endpointPrivateAccess"].filter((key) => !isChosen(cluster.endpoint, key));
        if (unset.length > 0) {
            reportViolation(
                `${cluster.label} leaves ${unset.map(cluster.path).join(" and ")} to the AWS default (public endpoint on, private off). ` +
                    `Set both ${cluster.path("endpointPublicAccess")} and ${cluster.path("endpointPrivateAccess")} explicitly.`,
            );
        } else if (endpointMode(cluster) === "none") {
            reportViolation(`${cluster.label} disables both the public and the private endpoint, so nothing can reach its API (EKS rejects it). Enable at least one.`);
        }
    }),
};

interface ModeSettings {
    allowedModes: EndpointMode[];
}

const modeDefaults: ModeSettings = { allowedModes: [...MODES] };

export const endpointModeAllowed: ResourceValidationPolicy = {
    name: "eks-endpoint-mode-allowed",
    description: "The EKS endpoint mode (public, publicAndPrivate or private) is one of the modes this environment allows.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults(
        { properties: { allowedModes: { type: "array", items: { type: "string", enum: MODES }, minItems: 1, uniqueItems: true } } },
        { ...modeDefaults },
    ),
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const { allowedModes } = settingsOf(args, modeDefaults);
        const mode = endpointMode(cluster);
        if (mode !== "none" && !allowedModes.includes(mode)) {
            reportViolation(
                `${cluster.label} uses endpoint mode "${mode}", which this environment does not allow (allowed: ${allowedModes.join(", ")}). ` +
                    `Set ${cluster.path("endpointPublicAccess")} and ${cluster.path("endpointPrivateAccess")} to an allowed mode.`,
            );
        }
    }),
};

export const publicEndpointCidrs: ResourceValidationPolicy = {
    name: "eks-public-endpoint-cidrs",
    description: "A public EKS endpoint lists at most 40 valid publicAccessCidrs, none of them 0.0.0.0/0 or ::/0.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: forType(AWS.cluster, (args, reportViolation) => {
        const cluster = clusterInputs(args);
        const mode = endpointMode(cluster);
        if (mode !== "public" && mode !== "publicAndPrivate") {
            notApplicable(args, "the cluster has no public endpoint");
        }
        const where = cluster.path("publicAccessCidrs");
        if (!isChosen(cluster.endpoint, "publicAccessCidrs") || listOf(cluster.endpoint, "publicAccessCidrs").length === 0) {
            reportViolation(`${cluster.label} has a public endpoint without ${where}, so AWS opens it to 0.0.0.0/0. List the networks that may reach it.`);
            return;
        }
        const cidrs = listOf<string>(cluster.endpoint, "publicAccessCidrs");
        if (cidrs.length > MAX_PUBLIC_ACCESS_CIDRS) {
            reportViolation(`${cluster.label} lists ${cidrs.length} ${where}; EKS accepts at most ${MAX_PUBLIC_ACCESS_CIDRS}. Merge ranges or use a private endpoint.`);
        }
        const { items, unknown } = knownItems(cidrs);
        for (const cidr of items) {
            if (cidr === "0.0.0.0/0" || cidr === "::/0") {
                reportViolation(`${cluster.label} opens its public endpoint to the whole internet (${where} contains ${cidr}). List specific networks instead.`);
                continue;
            }
            const parsed = parseIpv4Cidr(cidr);
            if (!parsed && !/^[0-9a-fA-F:]+\/\d{1,3}$/.test(cidr)) {
                reportViolation(`${cluster.label} has an invalid CIDR "${cidr}" in ${where}. Use a block such as 203.0.113.0/24.`);
            } else if (parsed && hasHostBitsSet(parsed)) {
                reportViolation(`${cluster.label} has "${cidr}" in ${where}, with host bits set; EKS rejects it. Use ${canonicalIpv4Cidr(parsed)}.`);
            }
        }
        if (unknown) {
            // Known items are fine so far; the rest can only be judged once known.
            throw unknown;
        }
    }),
};

export const endpointPolicies = [endpointAccessExplicit, endpointModeAllowed, publicEndpointCidrs];
