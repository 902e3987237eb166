// Rules on IAM grants.
// Source: AWS IAM best practices ("Apply least-privilege permissions"); CIS AWS Foundations
// Benchmark 1.16 (no policies that allow full "*:*" administrative privileges).
import { ResourceValidationPolicy } from "@pulumi/policy";
import { ifKnown, listOf, PropertyBag } from "../lib/props";
import { ADMIN_MANAGED_POLICY, isAdminStatement, statementsOf } from "../lib/iamDocuments";
import { AWS } from "../lib/resourceTypes";
import { notApplicable } from "../lib/notApplicable";

/** Statements that allow every action on every resource. */
export function adminStatements(document: unknown): number {
    return statementsOf(document).filter(isAdminStatement).length;
}

const POLICY_DOCUMENT_TYPES: string[] = [AWS.rolePolicy, AWS.policy, AWS.userPolicy, AWS.groupPolicy];
const ATTACHMENT_TYPES: string[] = [AWS.rolePolicyAttachment, AWS.userPolicyAttachment, AWS.groupPolicyAttachment, AWS.policyAttachment];

export const noAdminWildcards: ResourceValidationPolicy = {
    name: "iam-no-admin-wildcards",
    description: 'No IAM role or policy allows Action "*" on Resource "*", and none attaches AdministratorAccess or PowerUserAccess.',
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: (args, reportViolation) => {
        const fix = "Grant only the actions and resources the workload needs.";
        if (POLICY_DOCUMENT_TYPES.includes(args.type)) {
            if (adminStatements(args.props.policy) > 0) {
                reportViolation(`IAM policy "${args.name}" allows Action "*" on Resource "*" (full administrator). ${fix}`);
            }
        } else if (args.type === AWS.role) {
            for (const inline of listOf<PropertyBag>(args.props, "inlinePolicies")) {
                if (adminStatements(inline.policy) > 0) {
                    reportViolation(`IAM role "${args.name}" has inline policy "${inline.name ?? ""}" allowing Action "*" on Resource "*". ${fix}`);
                }
            }
            for (const arn of listOf<string>(args.props, "managedPolicyArns").filter((a) => ADMIN_MANAGED_POLICY.test(a))) {
                reportViolation(`IAM role "${args.name}" attaches ${arn.split("/").pop()}. ${fix}`);
            }
        } else if (ATTACHMENT_TYPES.includes(args.type)) {
            // An AWS managed policy's ARN is a literal; one unknown in a preview belongs to a policy
            // created in the same update, whose document this rule checks on the policy itself.
            const arn = ifKnown(() => args.props.policyArn);
            if (arn !== undefined && ADMIN_MANAGED_POLICY.test(String(arn))) {
                reportViolation(`IAM attachment "${args.name}" attaches ${String(arn).split("/").pop()}. ${fix}`);
            }
        } else if (args.type === AWS.rolePolicyAttachmentsExclusive) {
            for (const arn of listOf<string>(args.props, "policyArns").filter((a) => ADMIN_MANAGED_POLICY.test(a))) {
                reportViolation(`IAM role policy attachments "${args.name}" attach ${arn.split("/").pop()}. ${fix}`);
            }
        } else {
            notApplicable(args, "not an IAM role, policy or attachment");
        }
    },
};

export const iamPolicies = [noAdminWildcards];
