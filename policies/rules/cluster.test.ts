import * as assert from "assert";
import { awsCluster, eksChildCluster, eksComponentCluster } from "../testing/fixtures";
import { UNKNOWN, urnOf, validate } from "../testing/validate";
import { authenticationMode, controlPlaneLogging, kubernetesVersion, secretsEncryption, upgradePolicy } from "./cluster";

const ALL_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const onDay = (evaluationDate: string, extra: Record<string, unknown> = {}) => ({ evaluationDate, ...extra });

describe("eks-control-plane-logging", () => {
    it("passes with all five log types (the default requirement)", async () => {
        assert.deepStrictEqual((await validate(controlPlaneLogging, awsCluster({ enabledClusterLogTypes: ALL_LOGS }))).violations, []);
    });

    it("flags missing log types and names them", async () => {
        const resource = awsCluster({ enabledClusterLogTypes: ["audit", "authenticator"] });
        const { violations } = await validate(controlPlaneLogging, resource);
        assert.strictEqual(violations[0].urn, urnOf(resource));
        assert.match(violations[0].message, /EKS cluster "prod" does not send the api, controllerManager, scheduler control-plane logs to CloudWatch/);
    });

    it("takes the required types from config", async () => {
        const resource = awsCluster({ enabledClusterLogTypes: ["audit", "authenticator"] });
        assert.deepStrictEqual((await validate(controlPlaneLogging, resource, { requiredLogTypes: ["audit", "authenticator"] })).violations, []);
        const { violations } = await validate(controlPlaneLogging, awsCluster({}), { requiredLogTypes: ["audit"] });
        assert.match(violations[0].message, /does not send the audit control-plane log/);
    });

    it("reports an unknown log list through the framework", async () => {
        const outcome = await validate(controlPlaneLogging, awsCluster({ enabledClusterLogTypes: UNKNOWN }));
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(outcome.unknown);
    });

    it("judges the cluster a @pulumi/eks Cluster creates, not the component", async () => {
        const { violations } = await validate(controlPlaneLogging, eksChildCluster({ enabledClusterLogTypes: ["api"] }));
        assert.match(violations[0].message, /EKS cluster "prod-eksCluster" \(created by a @pulumi\/eks Cluster\) does not send the audit, authenticator, controllerManager, scheduler/);
        // Marked for aws:eks/cluster:Cluster, so the framework skips the component before the rule runs.
        const component = await validate(controlPlaneLogging, eksComponentCluster({ enabledClusterLogTypes: ["api"] }));
        assert.deepStrictEqual(component.violations, []);
        assert.strictEqual(component.notApplicable, "Policy only applies to resources of type 'aws:eks/cluster:Cluster'");
    });
});

describe("eks-secrets-encryption", () => {
    const encrypted = { encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:us-east-1:111122223333:key/abc" } } };

    it("passes a cluster that encrypts secrets with a KMS key", async () => {
        assert.deepStrictEqual((await validate(secretsEncryption, awsCluster(encrypted))).violations, []);
    });

    it("passes a key created in the same update (ARN unknown during preview)", async () => {
        const outcome = await validate(secretsEncryption, awsCluster({ encryptionConfig: { resources: ["secrets"], provider: { keyArn: UNKNOWN } } }));
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.unknown, undefined);
    });

    it("flags a cluster without encryption config", async () => {
        const { violations } = await validate(secretsEncryption, awsCluster());
        assert.match(violations[0].message, /EKS cluster "prod" does not encrypt Kubernetes secrets with KMS\. Set encryptionConfig/);
    });

    it("flags an encryption config that does not cover secrets", async () => {
        const { violations } = await validate(secretsEncryption, awsCluster({ encryptionConfig: { resources: [], provider: { keyArn: "arn:aws:kms:us-east-1:1:key/a" } } }));
        assert.strictEqual(violations.length, 1);
    });

    it("phrases the fix in @pulumi/eks terms on the cluster it creates", async () => {
        const { violations } = await validate(secretsEncryption, eksChildCluster({}));
        assert.match(violations[0].message, /\(created by a @pulumi\/eks Cluster\) does not encrypt Kubernetes secrets with KMS\. Set the @pulumi\/eks Cluster's encryptionConfigKeyArn/);
        assert.deepStrictEqual((await validate(secretsEncryption, eksChildCluster(encrypted))).violations, []);
        assert.ok((await validate(secretsEncryption, eksComponentCluster({}))).notApplicable, "empty component inputs are no violation");
    });
});

describe("eks-kubernetes-version", () => {
    it("passes a version in standard support, far from its end", async () => {
        assert.deepStrictEqual((await validate(kubernetesVersion, awsCluster({ version: "1.35" }), onDay("2026-11-22"))).violations, []);
    });

    it("flags a cluster that does not pin a version", async () => {
        const { violations } = await validate(kubernetesVersion, awsCluster({ version: undefined }), onDay("2026-11-22"));
        assert.match(violations[0].message, /does not pin a Kubernetes version/);
        const defaulted = await validate(kubernetesVersion, awsCluster({ version: "1.35", __defaults: ["version"] }), onDay("2026-11-22"));
        assert.match(defaulted.violations[0].message, /does not pin a Kubernetes version/);
    });

    it("flags a version past end of standard support unless extended support is allowed", async () => {
        const resource = awsCluster({ version: "1.33" });
        const { violations } = await validate(kubernetesVersion, resource, onDay("2026-11-22"));
        assert.match(violations[0].message, /uses Kubernetes 1\.33, past end of standard support \(2026-07-29\); extended support costs 6x per cluster hour\. Upgrade to 1\.36, 1\.35, 1\.34/);
        assert.deepStrictEqual((await validate(kubernetesVersion, resource, onDay("2026-11-22", { allowExtendedSupport: true }))).violations, []);
    });

    it("flags a version past end of extended support even when extended support is allowed", async () => {
        const { violations } = await validate(kubernetesVersion, awsCluster({ version: "1.29" }), onDay("2026-11-22", { allowExtendedSupport: true }));
        assert.match(violations[0].message, /past end of extended support \(2026-03-23\)/);
    });

    it("warns the configured number of days before standard support ends", async () => {
        const { violations } = await validate(kubernetesVersion, awsCluster({ version: "1.34" }), onDay("2026-11-22"));
        assert.match(violations[0].message, /standard support ends on 2026-12-02 \(in 10 days\)/);
        assert.deepStrictEqual((await validate(kubernetesVersion, awsCluster({ version: "1.34" }), onDay("2026-11-22", { warnDaysBeforeEnd: 5 }))).violations, []);
    });

    it("flags a version EKS does not have", async () => {
        const { violations } = await validate(kubernetesVersion, awsCluster({ version: "1.99" }), onDay("2026-11-22"));
        assert.match(violations[0].message, /Kubernetes 1\.99, which is not in the EKS version calendar on 2026-11-22/);
    });

    it("reports an unknown version through the framework", async () => {
        const outcome = await validate(kubernetesVersion, awsCluster({ version: UNKNOWN }), onDay("2026-11-22"));
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(outcome.unknown);
    });

    it("judges the version the @pulumi/eks cluster runs, once", async () => {
        const { violations } = await validate(kubernetesVersion, eksChildCluster({ version: "1.20" }), onDay("2026-11-22"));
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /created by a @pulumi\/eks Cluster\) uses Kubernetes 1\.20/);
        assert.ok((await validate(kubernetesVersion, eksComponentCluster({}), onDay("2026-11-22"))).notApplicable);
    });
});

describe("eks-upgrade-policy", () => {
    it("passes an explicit STANDARD policy", async () => {
        assert.deepStrictEqual((await validate(upgradePolicy, awsCluster({ upgradePolicy: { supportType: "STANDARD" } }))).violations, []);
    });

    it("flags a policy left to the AWS default (EXTENDED)", async () => {
        const { violations } = await validate(upgradePolicy, awsCluster());
        assert.match(violations[0].message, /leaves upgradePolicy\.supportType to the AWS default \(EXTENDED/);
    });

    it("flags EXTENDED unless allowed", async () => {
        const resource = awsCluster({ upgradePolicy: { supportType: "EXTENDED" } });
        assert.match((await validate(upgradePolicy, resource)).violations[0].message, /opts into EXTENDED support/);
        assert.deepStrictEqual((await validate(upgradePolicy, resource, { allowExtendedSupport: true })).violations, []);
    });

    it("judges the cluster a @pulumi/eks Cluster creates", async () => {
        const { violations } = await validate(upgradePolicy, eksChildCluster({ upgradePolicy: { supportType: "EXTENDED" } }));
        assert.match(violations[0].message, /\(created by a @pulumi\/eks Cluster\) opts into EXTENDED/);
        assert.ok((await validate(upgradePolicy, eksComponentCluster({ upgradePolicy: { supportType: "EXTENDED" } }))).notApplicable);
    });
});

describe("eks-authentication-mode", () => {
    it("passes API mode", async () => {
        assert.deepStrictEqual((await validate(authenticationMode, awsCluster({ accessConfig: { authenticationMode: "API" } }))).violations, []);
    });

    it("flags the AWS default (CONFIG_MAP) and an explicit CONFIG_MAP", async () => {
        assert.match((await validate(authenticationMode, awsCluster())).violations[0].message, /uses authentication mode CONFIG_MAP \(the AWS default\); allowed: API, API_AND_CONFIG_MAP/);
        const explicit = await validate(authenticationMode, awsCluster({ accessConfig: { authenticationMode: "CONFIG_MAP" } }));
        assert.match(explicit.violations[0].message, /uses authentication mode CONFIG_MAP; allowed/);
    });

    it("takes the allowed modes from config", async () => {
        const { violations } = await validate(authenticationMode, awsCluster({ accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" } }), { allowedModes: ["API"] });
        assert.match(violations[0].message, /uses authentication mode API_AND_CONFIG_MAP; allowed: API\./);
    });

    it("flags implicit creator admin where configured", async () => {
        const implicit = awsCluster({ accessConfig: { authenticationMode: "API" } });
        assert.deepStrictEqual((await validate(authenticationMode, implicit)).violations, [], "not checked unless configured");
        const { violations } = await validate(authenticationMode, implicit, { forbidCreatorAdmin: true });
        assert.match(violations[0].message, /gives whoever creates it implicit cluster admin/);
        const explicitOff = awsCluster({ accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false } });
        assert.deepStrictEqual((await validate(authenticationMode, explicitOff, { forbidCreatorAdmin: true })).violations, []);
    });

    it("judges the cluster @pulumi/eks creates in its terms, and CONFIG_MAP once: EKS requires the creator's admin under it", async () => {
        assert.ok((await validate(authenticationMode, eksComponentCluster({}))).notApplicable);
        const child = await validate(authenticationMode, eksChildCluster({ accessConfig: { authenticationMode: "CONFIG_MAP" } }), { forbidCreatorAdmin: true });
        assert.strictEqual(child.violations.length, 1);
        assert.match(
            child.violations[0].message,
            /^EKS cluster "prod-eksCluster" \(created by a @pulumi\/eks Cluster\) uses authentication mode CONFIG_MAP; allowed: API, API_AND_CONFIG_MAP\. Set the @pulumi\/eks Cluster's authenticationMode to "API" and grant access with access entries\. Then the creator's implicit admin can go too: EKS requires it under CONFIG_MAP\.$/,
        );
        // Without forbidCreatorAdmin, nothing is said of the creator.
        const quiet = await validate(authenticationMode, eksChildCluster({ accessConfig: { authenticationMode: "CONFIG_MAP" } }));
        assert.doesNotMatch(quiet.violations[0].message, /creator/);
        // A mode other than CONFIG_MAP that is not allowed: both findings, the creator's own fix.
        const both = await validate(authenticationMode, awsCluster({ accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" } }), { allowedModes: ["API"], forbidCreatorAdmin: true });
        assert.deepStrictEqual(both.violations.map((v) => /uses authentication mode|gives whoever creates it/.exec(v.message)![0]), ["uses authentication mode", "gives whoever creates it"]);
    });

    it("says when CONFIG_MAP is allowed but the creator's admin is forbidden: EKS cannot do both", async () => {
        const { violations } = await validate(authenticationMode, awsCluster({ accessConfig: { authenticationMode: "CONFIG_MAP" } }), { allowedModes: ["CONFIG_MAP", "API"], forbidCreatorAdmin: true });
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /uses authentication mode CONFIG_MAP, under which EKS requires the creator's implicit cluster admin, which this policy's forbidCreatorAdmin forbids\. Move to "API_AND_CONFIG_MAP" or "API" \(accessConfig\.authenticationMode\), or accept it with forbidCreatorAdmin: false\.$/);
        assert.deepStrictEqual((await validate(authenticationMode, awsCluster({ accessConfig: { authenticationMode: "CONFIG_MAP" } }), { allowedModes: ["CONFIG_MAP"] })).violations, []);
    });
});

describe("evaluation day", () => {
    it("reports a malformed pinned day instead of judging versions on an invalid date", async () => {
        await assert.rejects(async () => validate(kubernetesVersion, awsCluster({ version: "1.35" }), { evaluationDate: "2026-13-45" }), /evaluationDate "2026-13-45" is not a YYYY-MM-DD day/);
    });
});

describe("cluster rules: messages, boundaries and @pulumi/eks wording", () => {
    it("names one missing log type in the singular, lists what is enabled, and says what to add", async () => {
        const { violations } = await validate(controlPlaneLogging, awsCluster({ enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager"] }));
        assert.strictEqual(violations[0].message, 'EKS cluster "prod" does not send the scheduler control-plane log to CloudWatch (enabledClusterLogTypes: [api, audit, authenticator, controllerManager]). Add "scheduler" to enabledClusterLogTypes.');
        const none = await validate(controlPlaneLogging, awsCluster({}), { requiredLogTypes: ["audit", "api"] });
        assert.strictEqual(none.violations[0].message, 'EKS cluster "prod" does not send the audit, api control-plane logs to CloudWatch (enabledClusterLogTypes: []). Add "audit", "api" to enabledClusterLogTypes.');
    });

    it("refuses a version not yet released on the evaluation day, naming the day and the versions in standard support", async () => {
        const { violations } = await validate(kubernetesVersion, awsCluster({ version: "1.36" }), onDay("2026-01-10"));
        assert.match(violations[0].message, /^EKS cluster "prod" uses Kubernetes 1\.36, which is not in the EKS version calendar on 2026-01-10\. Use a version in standard support: [0-9., ]+\.$/);
        const offered = violations[0].message.split("standard support: ")[1].replace(/\.$/, "").split(", ");
        assert.ok(!offered.includes("1.36") && !offered.includes("1.35") && offered.includes("1.34"), offered.join(", "));
    });

    it("warns on the last day of the warning window and not the day before it", async () => {
        // 1.35's standard support ends 2027-03-27 (policies/data/eks-versions.json).
        const at = await validate(kubernetesVersion, awsCluster({ version: "1.35" }), onDay("2027-01-26", { warnDaysBeforeEnd: 60 }));
        assert.match(at.violations[0].message, /whose standard support ends on 2027-03-27 \(in 60 days\)\. Plan the upgrade to a newer version/);
        assert.deepStrictEqual((await validate(kubernetesVersion, awsCluster({ version: "1.35" }), onDay("2027-01-25", { warnDaysBeforeEnd: 60 }))).violations, []);
    });

    it("tells a @pulumi/eks user where the authentication mode is set and that creator admin has no input there", async () => {
        const mode = await validate(authenticationMode, eksChildCluster({ accessConfig: { authenticationMode: "CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: false } }));
        assert.match(mode.violations[0].message, /uses authentication mode CONFIG_MAP; allowed: API, API_AND_CONFIG_MAP\. Set the @pulumi\/eks Cluster's authenticationMode to "API"/);
        const admin = await validate(authenticationMode, eksChildCluster({ accessConfig: { authenticationMode: "API" } }), { forbidCreatorAdmin: true });
        assert.match(admin.violations[0].message, /@pulumi\/eks exposes no input for it: delete the creator's access entry once admins have their own \(or, for a new cluster, declare aws\.eks\.Cluster directly with it false\), or accept it with this policy's forbidCreatorAdmin: false, and grant admins through access entries\.$/);
        const plain = await validate(authenticationMode, awsCluster({ accessConfig: { authenticationMode: "API" } }), { forbidCreatorAdmin: true });
        assert.match(plain.violations[0].message, /\(accessConfig\.bootstrapClusterCreatorAdminPermissions is not false\)\. Set it to false on a new cluster; on a running one that replaces the cluster \(it is fixed at creation\), so delete the creator's access entry instead once admins have their own, and grant admins through access entries\.$/);
        const aws = await validate(authenticationMode, awsCluster({ accessConfig: { authenticationMode: "CONFIG_MAP" } }));
        assert.match(aws.violations[0].message, /Set accessConfig\.authenticationMode to "API"/);
    });
});
