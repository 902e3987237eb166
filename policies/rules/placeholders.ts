// Rule on documentation placeholders that would reach AWS.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { findPlaceholders, placeholderMessage } from "../lib/placeholders";

/* eslint-disable @typescript-eslint/no-var-requires */
const proxy: { getSpecialProxyTarget: string } = require("@pulumi/policy/proxy");

// Sources: RFC 5737 (192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24 are for documentation only);
// the AWS documentation's example account IDs and identifiers. Example stack files carry them so a
// preview shows a realistic plan; a deployment must replace each one (the eks-platform program also
// refuses them outside a dry run).
export const placeholderValues: ResourceValidationPolicy = {
    name: "eks-placeholder-values",
    description: "No resource input holds a documentation placeholder: an RFC 5737 address range, an AWS documentation account ID or an example identifier.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: (args, reportViolation) => {
        // The raw inputs: unknown values are the engine's sentinels, which are never placeholders,
        // so nothing here needs to wait for the update.
        const props = (args.props as Record<string, unknown>)[proxy.getSpecialProxyTarget] ?? args.props;
        for (const hit of findPlaceholders(props)) {
            reportViolation(placeholderMessage(args.type.split(":").pop()!, args.name, hit));
        }
    },
};
