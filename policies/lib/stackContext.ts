// What every stack rule starts from: the resource graph, the network topology, the EKS resources
// and the subnets they run in; and how a rule ends when some relations could not be resolved.
import { PolicyResource, ReportViolation, StackValidation, StackValidationArgs } from "@pulumi/policy";
import { NetworkTopology, SubnetFacts } from "./networkTopology";
import { describe, ResourceGraph } from "./resourceGraph";
import { runsAutoMode } from "./autoMode";
import { externalNetworkOf } from "./networkOrigin";
import { notApplicable } from "./notApplicable";
import { AWS } from "./resourceTypes";
import { templateNodeGroups } from "./cloudFormationNodes";
import { AUTOSCALING_GROUP, isNodeAutoScalingGroup } from "./selfManagedNodes";

/* eslint-disable @typescript-eslint/no-var-requires */
const proxy: { UnknownValueError: new (sentinel: string, path: string[]) => Error; unknownObjectValue: string } = require("@pulumi/policy/proxy");

export interface Placement {
    /** The node group, Fargate profile, or Auto Mode cluster. */
    host: PolicyResource;
    subnets: SubnetFacts[];
}

export class StackContext {
    readonly graph: ResourceGraph;
    readonly network: NetworkTopology;

    /** CloudFormation stacks whose template (and so whose node group) is not known yet. */
    private readonly unknownTemplates: PolicyResource[];

    constructor(readonly args: StackValidationArgs) {
        // @pulumi/eks 1.x/2.x node groups are Auto Scaling groups inside CloudFormation templates.
        const fromTemplates = templateNodeGroups(args.resources);
        this.unknownTemplates = fromTemplates.unknownTemplates;
        this.graph = new ResourceGraph([...args.resources, ...fromTemplates.groups]);
        this.graph.externalNetwork = externalNetworkOf(this.graph.ofType(AWS.cluster));
        this.network = new NetworkTopology(this.graph);
    }

    get clusters(): PolicyResource[] {
        return this.graph.ofType(AWS.cluster);
    }

    /** The VPC of a cluster's subnets, when the stack declares it. */
    clusterVpc(cluster: PolicyResource): PolicyResource | undefined {
        const vpcs = [...new Map((this.subnetsOf(cluster) ?? []).flatMap((s) => (s.vpc ? [[s.vpc.urn, s.vpc] as const] : []))).values()];
        return vpcs[0];
    }

    /** The cluster a resource names by its clusterName, when the stack declares it (an unresolved reference is noted). */
    clusterOf(resource: PolicyResource): PolicyResource | undefined {
        return (this.graph.targetsOrNote(this.graph.references(resource, ["clusterName"], [AWS.cluster])) ?? [])[0];
    }

    get nodeGroups(): PolicyResource[] {
        return this.graph.ofType(AWS.nodeGroup);
    }

    /** Auto Scaling groups that launch EKS nodes (self-managed node groups); unknown tags are noted. */
    get selfManagedNodeGroups(): PolicyResource[] {
        for (const stack of this.unknownTemplates) {
            this.note(`the Auto Scaling groups of ${label(stack)}'s template`);
        }
        return this.graph.ofType(AUTOSCALING_GROUP).filter((group) => {
            const nodes = isNodeAutoScalingGroup(group);
            if (nodes === undefined) {
                this.note(`whether ${label(group)} launches EKS nodes (its tags)`);
            }
            return nodes === true;
        });
    }

    /** Clusters whose nodes EKS Auto Mode launches, in the cluster's own subnets (lib/autoMode.ts). */
    get autoModeClusters(): PolicyResource[] {
        return this.clusters.filter((cluster) => {
            const autoMode = runsAutoMode(cluster);
            if (autoMode === undefined) {
                this.note(`whether ${label(cluster)} runs EKS Auto Mode`);
            }
            return autoMode === true;
        });
    }

    /** Everything that runs nodes: managed node groups, self-managed ones, and Auto Mode clusters. */
    get nodeHosts(): PolicyResource[] {
        return [...this.nodeGroups, ...this.selfManagedNodeGroups, ...this.autoModeClusters];
    }

    get fargateProfiles(): PolicyResource[] {
        return this.graph.ofType(AWS.fargateProfile);
    }

    /** The subnets of a node group, Fargate profile or cluster; undefined (and noted) when unresolved. */
    subnetsOf(resource: PolicyResource): SubnetFacts[] | undefined {
        const path = resource.type === AWS.cluster ? ["vpcConfig", "subnetIds"] : resource.type === AUTOSCALING_GROUP ? ["vpcZoneIdentifiers"] : ["subnetIds"];
        const subnets = this.graph.targetsOrNote(this.graph.references(resource, path, [AWS.subnet], true));
        return subnets?.map((s) => this.network.subnet(s));
    }

    placements(hosts: PolicyResource[]): Placement[] {
        return hosts.flatMap((host) => {
            const subnets = this.subnetsOf(host);
            return subnets ? [{ host, subnets }] : [];
        });
    }

    /** Notes a fact of the network: another stack's when the network is declared elsewhere. */
    noteNetwork(what: string): void {
        (this.graph.externalNetwork ? this.graph.elsewhere : this.graph.unresolved).push(what);
    }

    /** Notes a fact that is unknown for now, so the rule ends with "cannot check yet" for it. */
    note(what: string): void {
        this.graph.unresolved.push(what);
    }

    /**
     * Ends the rule: after any certain violations were reported, relations that could not be
     * resolved become the framework's advisory "can't run during preview", never a violation.
     */
    finish(): void {
        const unresolved = [...new Set(this.graph.unresolved)];
        if (unresolved.length > 0) {
            throw new proxy.UnknownValueError(proxy.unknownObjectValue, [`relations not known yet (${unresolved.join("; ")})`]);
        }
        // Not "unknown during preview": known ids of a network this stack does not declare.
        const elsewhere = [...new Set(this.graph.elsewhere)];
        if (elsewhere.length > 0) {
            notApplicable(
                this.args,
                `the network is declared ${this.graph.externalNetwork}, not in this stack (${elsewhere.join("; ")}): judge it in that stack, or both together with npm run check -- --with-state <its pulumi stack export>`,
            );
        }
    }
}

export function label(resource: PolicyResource): string {
    return describe(resource);
}

/** A stack rule body run with its context, ended as `finish` describes. */
export function stackValidation(body: (context: StackContext, reportViolation: ReportViolation, args: StackValidationArgs) => void): StackValidation {
    return (args, reportViolation) => {
        const context = new StackContext(args);
        body(context, reportViolation, args);
        context.finish();
    };
}
