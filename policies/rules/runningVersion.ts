// Stack rule on the Kubernetes version clusters run.
import { StackValidationPolicy } from "@pulumi/policy";
import { findEksVersion, supportStatus, versionsInStatus } from "../lib/eksVersions";
import { DAY, evaluationDay } from "../lib/evaluationDate";
import { ifKnown } from "../lib/props";
import { schemaWithDefaults, settingsOf } from "../lib/settings";
import { label, stackValidation } from "../lib/stackContext";

interface RunningVersionSettings {
    allowExtendedSupport: boolean;
    evaluationDate?: string;
}
const runningDefaults: RunningVersionSettings = { allowExtendedSupport: false };

// Source: Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS": after
// standard support a cluster runs in extended support at 6x the cluster-hour price, and after
// extended support EKS upgrades its control plane itself (its nodes are not upgraded with it).
// AnalyzeStack sees outputs (pkg/resource/plugin/analyzer_plugin.go), so this judges the version a
// cluster runs: in a state file, and after an update, also for clusters whose program pinned none
// (eks-kubernetes-version judges the version a program pins, in Analyze).
export const runningKubernetesVersion: StackValidationPolicy = {
    name: "eks-running-kubernetes-version",
    description: "Clusters run a Kubernetes version in standard support (or extended support where allowed), whatever the program pinned.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: schemaWithDefaults(
        { properties: { allowExtendedSupport: { type: "boolean" }, evaluationDate: { type: "string", pattern: DAY.source } } },
        { ...runningDefaults },
    ),
    validateStack: stackValidation((context, reportViolation, args) => {
        const settings = settingsOf(args, runningDefaults);
        const day = evaluationDay(settings.evaluationDate);
        const standard = versionsInStatus("standard", day).join(", ");
        for (const cluster of context.clusters) {
            const version = ifKnown(() => cluster.props.version) as string | undefined;
            if (version === undefined || version === null) {
                // A new cluster without a pinned version: EKS chooses it when it creates the cluster.
                context.note(`the version ${label(cluster)} will run`);
                continue;
            }
            const entry = findEksVersion(String(version));
            const status = supportStatus(String(version), day);
            if (!entry || status === "unknown") {
                reportViolation(`${label(cluster)} runs Kubernetes ${version}, which is not in the EKS version calendar. Upgrade to a version in standard support: ${standard}.`, cluster.urn);
            } else if (status === "ended") {
                reportViolation(
                    `${label(cluster)} runs Kubernetes ${version}, past end of extended support (${entry.endOfExtendedSupport}): EKS upgrades its control plane on its own schedule, and nodes left behind fall out of the supported skew. Upgrade to ${standard}, nodes and add-ons included.`,
                    cluster.urn,
                );
            } else if (status === "extended" && !settings.allowExtendedSupport) {
                reportViolation(
                    `${label(cluster)} runs Kubernetes ${version}, in extended support since ${entry.endOfStandardSupport} (6x the cluster-hour price until ${entry.endOfExtendedSupport}). Upgrade to ${standard}.`,
                    cluster.urn,
                );
            }
        }
    }),
};
