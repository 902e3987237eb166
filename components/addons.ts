// EKS managed add-ons, in two phases: networking daemons before any node exists (nodes stay
// NotReady without the CNI, and a node group waits for Ready nodes), the rest once compute exists
// (CoreDNS and controllers need somewhere to run or the add-on never becomes ACTIVE).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AddonConfig } from "../config/environment";

/** Add-ons that run as DaemonSets and must be in place before nodes join. */
export const BEFORE_COMPUTE_ADDONS: ReadonlySet<string> = new Set(["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]);

export function addonsBeforeCompute(addons: readonly AddonConfig[]): AddonConfig[] {
    return addons.filter((a) => BEFORE_COMPUTE_ADDONS.has(a.name));
}

export function addonsAfterCompute(addons: readonly AddonConfig[]): AddonConfig[] {
    return addons.filter((a) => !BEFORE_COMPUTE_ADDONS.has(a.name));
}

export interface AddonsArgs {
    clusterName: pulumi.Input<string>;
    /** The control plane's version output: an add-on without a pinned version gets its default for it. */
    kubernetesVersion: pulumi.Input<string>;
    /** The cluster name as configured, used in resource names so URNs do not depend on outputs. */
    resourcePrefix: string;
    addons: AddonConfig[];
    /** The versions unpinned add-ons run now, kept while the Kubernetes version stays. */
    runningVersions?: Readonly<Record<string, string>>;
    /** Per add-on configuration values (JSON), e.g. CoreDNS on Fargate, the VPC CNI's pod subnets. */
    configurationValues?: Record<string, pulumi.Input<string>>;
    tags: Record<string, string>;
    /**
     * What its cloud resources wait for. A component's own dependsOn does not hold its children
     * back: each child is registered, and ordered by the engine, with its own dependencies only.
     */
    after?: pulumi.Resource[];
}

export class Addons extends pulumi.ComponentResource {
    readonly addons: aws.eks.Addon[];

    constructor(name: string, args: AddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-platform:eks:Addons", name, {}, opts);
        this.addons = args.addons.map(
            (addon) =>
                new aws.eks.Addon(
                    `${args.resourcePrefix}-${addon.name}`,
                    {
                        clusterName: args.clusterName,
                        addonName: addon.name,
                        // Always explicit, so a Kubernetes upgrade upgrades the add-on too (EKS leaves an
                        // add-on without a version where it is): the pinned one, else EKS's default for
                        // the cluster's version (DescribeAddonVersions, as aws.eks.getAddonVersion).
                        // An unpinned add-on of a running cluster keeps the version it runs until the
                        // Kubernetes version moves (index.ts reads it): EKS's default moves whenever
                        // AWS publishes a build, and would roll the add-on on any `pulumi up`.
                        addonVersion:
                            addon.version ??
                            args.runningVersions?.[addon.name] ??
                            aws.eks.getAddonVersionOutput({ addonName: addon.name, kubernetesVersion: args.kubernetesVersion, mostRecent: false }, { parent: this }).version,
                        ...(args.configurationValues?.[addon.name] ? { configurationValues: args.configurationValues[addon.name] } : {}),
                        // The program owns the add-on configuration; keep its values on conflicts.
                        resolveConflictsOnCreate: "OVERWRITE",
                        resolveConflictsOnUpdate: "OVERWRITE",
                        tags: args.tags,
                    },
                    { parent: this, dependsOn: args.after ?? [] },
                ),
        );
        this.registerOutputs({ addonNames: this.addons.map((a) => a.addonName) });
    }
}
