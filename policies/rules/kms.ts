// KMS keys: automatic rotation of key material.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { effective } from "../lib/props";
import { NETWORK } from "../lib/resourceTypes";
import { forType } from "../lib/typedValidation";
import { notApplicable } from "../lib/notApplicable";

// Sources: AWS KMS Developer Guide, "Rotate AWS KMS keys": automatic rotation is off by default and
// "supported only on symmetric encryption KMS keys with key material that AWS KMS generates"
// (not asymmetric, HMAC, imported or custom key store keys); AWS Security Hub KMS.4 "AWS KMS key
// rotation should be enabled"; CIS AWS Foundations Benchmark 3.6; Checkov CKV_AWS_7.
export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Symmetric encryption KMS keys with AWS-generated key material rotate it automatically (enableKeyRotation).",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forType(NETWORK.kmsKey, (args, reportViolation) => {
        const spec = effective<string>(args.props, "customerMasterKeySpec", effective<string>(args.props, "keySpec", "SYMMETRIC_DEFAULT"));
        const usage = effective<string>(args.props, "keyUsage", "ENCRYPT_DECRYPT");
        if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT") {
            notApplicable(args, `KMS rotates only symmetric encryption keys (this one is ${spec}, ${usage})`);
        }
        if (args.props.customKeyStoreId) {
            notApplicable(args, "a key in a custom key store cannot rotate automatically");
        }
        if (effective<boolean>(args.props, "enableKeyRotation", false) !== true) {
            reportViolation(
                `KMS key "${args.name}" does not rotate its key material (enableKeyRotation is not true; AWS's default is off), so one key encrypts everything it ever protected. Set enableKeyRotation: true (yearly, or rotationPeriodInDays).`,
            );
        }
    }),
};

export const kmsPolicies = [kmsKeyRotation];
