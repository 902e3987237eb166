// Grants that give a workload a whole sensitive service: every bucket, secret, parameter, key, table
// or role of the account, where a workload needs the few it uses. Used for the roles pods get (EKS
// Pod Identity and IRSA); add-on and node roles have their own, narrower checks.
import { managedPolicyName, Statement } from "./iamDocuments";

/** AWS managed policies that grant a sensitive service on every resource. */
const BROAD_MANAGED_POLICIES: ReadonlySet<string> = new Set([
    "AWSKeyManagementServicePowerUser",
    "AWSLambda_FullAccess",
    "AmazonDynamoDBFullAccess",
    "AmazonS3FullAccess",
    "AmazonS3ReadOnlyAccess",
    "AmazonSSMFullAccess",
    "AmazonSSMReadOnlyAccess",
    "IAMFullAccess",
    "SecretsManagerReadWrite",
]);

/** Services whose data or access a workload should reach only by named resources. */
const SENSITIVE_SERVICES: ReadonlySet<string> = new Set(["dynamodb", "iam", "kms", "lambda", "s3", "secretsmanager", "ssm", "sts"]);

/** Metadata reads that reveal no data (IAM's Get* too: it returns policies, not secrets). */
function readsMetadata(action: string): boolean {
    const [service, name = ""] = action.toLowerCase().split(":");
    return /^(list|describe)/.test(name) || (service === "iam" && name.startsWith("get")) || (service === "sts" && name === "getcalleridentity");
}

/** The broad managed policies among a role's ARNs, by name. */
export function broadManagedPolicies(arns: readonly string[]): string[] {
    return arns.map((arn) => managedPolicyName(arn)).filter((name): name is string => name !== undefined && BROAD_MANAGED_POLICIES.has(name));
}

/**
 * The actions of a sensitive service an Allow statement grants on every resource ("*"), without a
 * condition that narrows them; empty when it grants none.
 */
export function broadActions(statement: Statement): string[] {
    if (statement.effect !== "Allow" || !statement.resources.includes("*") || Object.keys(statement.conditions).length > 0) {
        return [];
    }
    return statement.actions.filter((action) => {
        const service = action.toLowerCase().split(":")[0];
        return SENSITIVE_SERVICES.has(service) && !readsMetadata(action);
    });
}
