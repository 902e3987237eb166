// What every node's launch specification (launch template, launch configuration, instance) holds
// beyond instance metadata: encrypted volumes, and no credentials in its user data.
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { ifKnown, isPresent, listOf, PropertyBag } from "../lib/props";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { LAUNCH_CONFIGURATION } from "../lib/selfManagedNodes";
import { notApplicable } from "../lib/notApplicable";

const LAUNCH_SPECS = [AWS.launchTemplate, LAUNCH_CONFIGURATION, NETWORK.instance];

/** Both rules judge launch templates, launch configurations and instances, nothing else. */
function onlyLaunchSpecs(args: ResourceValidationArgs): void {
    if (!LAUNCH_SPECS.includes(args.type as (typeof LAUNCH_SPECS)[number])) {
        notApplicable(args, "not a launch template, launch configuration or instance");
    }
}

function specLabel(args: Pick<ResourceValidationArgs, "type" | "name">): string {
    const kind = args.type === AWS.launchTemplate ? "Launch template" : args.type === LAUNCH_CONFIGURATION ? "Launch configuration" : "Instance";
    return `${kind} "${args.name}"`;
}

const isTrue = (value: unknown) => value === true || value === "true";

/** Each EBS volume a launch specification declares, with its device and whether it says encrypted. */
function volumes(args: ResourceValidationArgs): { device: string; encrypted: unknown }[] {
    if (args.type === AWS.launchTemplate) {
        return listOf<PropertyBag>(args.props, "blockDeviceMappings")
            .filter((m) => m.ebs)
            .map((m) => ({ device: String(m.deviceName ?? "(no device name)"), encrypted: (m.ebs as PropertyBag).encrypted }));
    }
    const root = args.props.rootBlockDevice as PropertyBag | undefined;
    const ebs = listOf<PropertyBag>(args.props, "ebsBlockDevices").map((d) => ({ device: String(d.deviceName), encrypted: d.encrypted }));
    return [{ device: "the root volume", encrypted: root?.encrypted }, ...ebs];
}

// Sources: Amazon EBS User Guide, "Amazon EBS encryption": a volume is encrypted when its launch
// specification says so, when it is made from an encrypted snapshot, or when the account turned on
// encryption by default in the Region (off unless enabled); AWS Security Hub EC2.181 (launch
// templates' EBS volumes; EC2.3 judges attached volumes); Checkov CKV_AWS_8 (launch configurations); Trivy
// AVD-AWS-0131 (instances and launch templates). Which of the last two applies is not in the
// program, so a volume that does not say "encrypted" is reported with both named.
export const nodeVolumesEncrypted: ResourceValidationPolicy = {
    name: "eks-node-volumes-encrypted",
    description: "Launch templates, launch configurations and instances encrypt every EBS volume they declare (encrypted: true), rather than rely on the account's encryption by default.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
        onlyLaunchSpecs(args);
        const declared = volumes(args);
        const plain = declared.filter((v) => !isTrue(v.encrypted));
        if (args.type === AWS.launchTemplate && declared.length === 0) {
            reportViolation(
                `${specLabel(args)} declares no block device mappings, so its nodes' volumes are the AMI's: encrypted only if the AMI's snapshot is or the account encrypts EBS by default in the Region, which the program does not say. Map the root volume with ebs.encrypted: "true" (and a kmsKeyId for your own key).`,
            );
            return;
        }
        if (plain.length > 0) {
            reportViolation(
                `${specLabel(args)} does not encrypt ${plain.map((v) => v.device).join(", ")} (encrypted is not true): the data is encrypted only if the account encrypts EBS by default in the Region, which the program does not say. Set encrypted: true (and a kmsKeyId for your own key).`,
            );
        }
    },
};

/** Credentials that must never be in user data, by how they look (high precision first). */
const SECRET_PATTERNS: { what: string; pattern: RegExp }[] = [
    { what: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
    { what: "an AWS secret access key", pattern: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}/i },
    { what: "a private key", pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/ },
    { what: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
    // A literal value (not a variable, a command substitution or a placeholder) after a secret's name.
    { what: "a password or token", pattern: /\b(?:password|passwd|secret_key|client_secret|api_key|apikey|access_token|auth_token)\s*[=:]\s*["']?(?![$<{`(])[^\s"']{8,}/i },
];

/** The user data as text: launch templates hold it base64-encoded, the others either way. */
function userDataText(args: ResourceValidationArgs): string | undefined {
    const plain = args.type !== AWS.launchTemplate && isPresent(args.props, "userData") ? ifKnown(() => args.props.userData) : undefined;
    if (typeof plain === "string") {
        return plain;
    }
    const encoded = args.type === AWS.launchTemplate ? args.props.userData : args.props.userDataBase64;
    return typeof encoded === "string" ? Buffer.from(encoded, "base64").toString("utf8") : undefined;
}

// Sources: Amazon EC2 User Guide, "Run commands when you launch an EC2 instance with user data"
// ("we recommend that you don't store sensitive data, such as passwords or long-lived
// credentials"; anyone who can describe the instance attribute reads it, and every process on the
// instance reads it from instance metadata); Checkov CKV_AWS_46.
export const userDataSecrets: ResourceValidationPolicy = {
    name: "ec2-launch-template-user-data-secrets",
    description: "No credentials (AWS keys, private keys, tokens, passwords) in the user data of launch templates, launch configurations or instances.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
        onlyLaunchSpecs(args);
        const text = userDataText(args);
        if (text === undefined) {
            notApplicable(args, "no user data");
        }
        const lines = text.split("\n");
        for (const { what, pattern } of SECRET_PATTERNS) {
            const line = lines.findIndex((l) => pattern.test(l));
            if (line >= 0) {
                reportViolation(
                    `${specLabel(args)} has ${what} in its user data (line ${line + 1}), which anyone allowed to describe the instance and every process on the node can read. Remove it: give the node role the access instead, or read the secret at boot from Secrets Manager or SSM Parameter Store.`,
                );
            }
        }
    },
};

export const launchSpecPolicies = [nodeVolumesEncrypted, userDataSecrets];
