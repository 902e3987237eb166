// CloudWatch log groups: a retention, and a KMS key where the environment requires one.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { effective, isChosen } from "../lib/props";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { forType } from "../lib/typedValidation";

export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

interface LogGroupSettings {
    /** Days a log group must keep its events at least; 0: any retention, as long as one is set. */
    minRetentionDays: number;
    requireKms: boolean;
}
const logDefaults: LogGroupSettings = { minRetentionDays: 0, requireKms: false };

// Sources: Amazon CloudWatch Logs User Guide, "Change log data retention" (events are kept
// indefinitely unless a retention is set) and "Encrypt log data in CloudWatch Logs using AWS KMS"
// (log data is always encrypted; a KMS key of your own adds key policy control and audit); AWS
// Security Hub CloudWatch.16 "CloudWatch log groups should be retained for a specified time
// period" (365 days by default; no Security Hub control checks a log group's KMS key); Checkov
// CKV_AWS_338 (a year), CKV_AWS_158 (KMS).
export const logGroupRetentionKms: ResourceValidationPolicy = {
    name: "cloudwatch-log-group-retention-kms",
    description: "CloudWatch log groups set a retention of at least minRetentionDays (never keep forever by default), and a KMS key where requireKms is set.",
    enforcementLevel: "mandatory",
    severity: "low",
    configSchema: schemaWithDefaults({ properties: { minRetentionDays: { type: "integer", minimum: 0, maximum: 3653 }, requireKms: { type: "boolean" } } }, { ...logDefaults }),
    validateResource: forType(LOG_GROUP, (args, reportViolation) => {
        const { minRetentionDays, requireKms } = settingsOf(args, logDefaults);
        const days = Number(effective(args.props, "retentionInDays", 0));
        if (days === 0) {
            reportViolation(
                `Log group "${args.name}" sets no retention, so CloudWatch keeps its events forever and bills their storage every month. Set retentionInDays${minRetentionDays > 0 ? ` to at least ${minRetentionDays}` : ""}.`,
            );
        } else if (days < minRetentionDays) {
            reportViolation(`Log group "${args.name}" keeps its events ${days} days, less than this environment's ${minRetentionDays}. Raise retentionInDays.`);
        }
        if (requireKms && !(isChosen(args.props, "kmsKeyId") && args.props.kmsKeyId)) {
            reportViolation(
                `Log group "${args.name}" is encrypted with CloudWatch's own key, and this environment requires a KMS key of its own. Set kmsKeyId to a key whose policy allows logs.<region>.amazonaws.com.`,
            );
        }
    }),
};

export const logPolicies = [logGroupRetentionKms];
