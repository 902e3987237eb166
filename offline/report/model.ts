// The report of an offline check: one entry per stack. This is also the `--format json` schema
// (schemaVersion 1; fields are only ever added), documented in docs/offline-check.md.
import * as path from "path";
import { described, Exemption, EXEMPTIONS_POLICY, WAIVED_PREFIX, waivedFinding } from "../../policies/lib/exemptions";
import { Analysis } from "../analysis";
import { Plan } from "../plan";
import { PROJECT_DIR } from "../projectDir";
import { Location, StackFileLocations, stateUrnLines } from "./configLocations";
import { explainNotRunnable, groupPlaceholders, PlannedLinks } from "./findingGroups";
import { StackComparison } from "./comparison";
import { CostEstimate } from "./cost";
import { Diagram } from "./diagram";
import { PlanChanges } from "../planChanges";

export interface ReportResource {
    urn: string;
    type: string;
    name: string;
    parentUrn?: string;
    protect: boolean;
    /** A cloud resource, not a component, provider or the stack. */
    custom?: boolean;
    /** The inputs as planned, so a later run can say what its change does (--compare). */
    inputs?: Record<string, unknown>;
    /** The program's deleteBeforeReplace option, when it sets one: how a replacement is ordered. */
    deleteBeforeReplace?: boolean;
    /** What it waits for (dependsOn and the resources its inputs came from): the order of a rollout. */
    dependencies?: string[];
    /** Property name -> the resources its value came from. */
    propertyDependencies?: Record<string, string[]>;
}

export interface ReportFinding {
    policy: string;
    enforcementLevel: "mandatory" | "advisory" | "remediate" | "disabled";
    severity: string;
    /** A "can't run during preview" note: the rule could not check yet; not a violation. */
    notRunnable: boolean;
    message: string;
    resource?: { urn: string; type: string; name: string };
    /**
     * Where to fix it: in a stack file, the line of the config key behind it (a node group's own
     * entry, the line a placeholder is written on), else the key's default in Pulumi.yaml, else
     * `config:`; in a state file, the resource's line. Always with a line.
     */
    location: { file: string; line?: number };
    /** The other resources the same fact reaches (one placeholder in several resources): one finding, every place. */
    alsoAt?: { urn: string; type: string; name: string; detail?: string }[];
    /** What the finding is about when that is not its resource and message (a placeholder value): its identity across runs. */
    fact?: string;
}

export interface PolicyDescription {
    name: string;
    description: string;
    enforcementLevel: string;
    severity: string;
}

export interface StackReport {
    stack: string;
    source: "program" | "state";
    /** The stack file or state file, relative to the working directory. */
    file: string;
    policyConfig: string;
    /** "empty": nothing to check (no cloud resource in the plan or state file). */
    status: "passed" | "failed" | "error" | "empty";
    /** For status "error": the configuration or program error. */
    error?: string;
    resources: ReportResource[];
    findings: ReportFinding[];
    remediations: { policy: string; urn: string; description: string }[];
    cost?: CostEstimate;
    /** The first of `diagrams` (kept for readers of the first schema). */
    diagram?: string;
    /** Mermaid flowcharts of the environment: each VPC's network (zones, subnets, NAT), then each cluster (endpoint paths, nodes, Fargate). */
    diagrams?: Diagram[];
    /** With --compare: what this plan does to the base's resources. */
    changes?: PlanChanges;
    /** With --compare: findings new, fixed and unchanged, and the cost before and after. */
    comparison?: StackComparison;
    /** Findings exemptions waived (as eks-exemptions lists them), and exemptions that matched nothing. */
    waivers?: { waived: ReportFinding[]; stale: string[] };
    /** The network stack judged with this one by the stack rules (network.fromStack, --with-state). */
    joined?: { stack: string; file: string };
    /** Stack rules that left the network to the stack that declares it, with why. */
    judgedElsewhere?: { policy: string; reason: string }[];
    /** `secure:` config keys the check cannot decrypt: the plan used their declared default instead. */
    unseenConfig?: { key: string; plannedWith: string }[];
    summary: { resources: number; mandatory: number; advisory: number; notRunnable: number; remediated: number };
}

export interface CheckReport {
    schemaVersion: 1;
    tool: { name: "eks-platform-check"; policyPack: { name: string; version: string } };
    /** The day Kubernetes version support was judged on. */
    evaluationDate: string;
    stacks: StackReport[];
    policies: PolicyDescription[];
    /** 0 no mandatory violation; 1 mandatory violations; 2 configuration or program error. */
    exitCode: 0 | 1 | 2;
}

const BUDGET_POLICY = "eks-monthly-cost-budget";

/** Said in place of a policy config file when a stack has none: the pack's defaults apply. */
export const PACK_DEFAULTS = "none (the pack's default levels and settings)";

/** Paths relative to the working directory; a description (no path) is kept as it is. */
const relative = (file: string) => (path.isAbsolute(file) ? path.relative(process.cwd(), file) || file : file);

/**
 * What a rule could not check, worded for where the plan came from: in a preview a value is unknown
 * until the resource exists; in a state file it never will be known here (a secret exported without
 * --show-secrets, or a value that refers to a resource outside the stack).
 */
export function notRunnableMessage(message: string, source: "program" | "state"): string {
    if (source === "program") {
        return message;
    }
    const never = "a state file will never hold it (a secret exported without --show-secrets, or a value that refers to something outside the stack)";
    const relations = /^(can't run policy '[^']+' from policy pack '[^']+') during preview: Object value at \.relations not known yet \((.*)\) can't be known during preview$/s.exec(message);
    if (relations) {
        return `${relations[1]} on this state file: ${relations[2]}; ${never}`;
    }
    return message.replace(/ during preview: (.*) can't be known during preview$/s, (_, what) => ` on this state file: ${what} is not known; ${never}`);
}

/** A cloud resource a rule could look at: not the stack, a component or a provider. */
export function isCheckable(resource: { type: string; custom: boolean }): boolean {
    return resource.custom && !resource.type.startsWith("pulumi:providers:");
}

/**
 * The waived findings (from eks-exemptions) and every configured exemption that neither waived a
 * finding nor expired on one: the pack can only judge the policies that ran, this sees the file.
 */
function waiversOf(findings: ReportFinding[], exemptions: Record<string, Exemption[]>): StackReport["waivers"] | undefined {
    const waived = findings.filter((f) => f.policy === EXEMPTIONS_POLICY && f.message.startsWith(WAIVED_PREFIX));
    const used = (policy: string, e: Exemption) =>
        findings.some((f) => f.message.includes(described(e)) && (f.policy === policy || waivedFinding(f.message)?.policy === policy));
    const stale = Object.entries(exemptions).flatMap(([policy, list]) =>
        list.filter((e) => !used(policy, e)).map((e) => `${policy}: exemption "${e.resource}" (${e.reason}; expires ${e.expires}) matches no finding of this stack; remove it`),
    );
    return waived.length + stale.length > 0 ? { waived, stale } : undefined;
}

/** A resource as the report records it: cloud resources with what a later --compare needs. */
function reportResource(r: Plan["resources"][number]): ReportResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        ...(r.parentUrn ? { parentUrn: r.parentUrn } : {}),
        protect: r.protect,
        custom: isCheckable(r),
        ...(r.custom
            ? {
                  inputs: r.inputs,
                  ...(r.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.deleteBeforeReplace } : {}),
                  ...(r.dependsOnUrns.length > 0 ? { dependencies: r.dependsOnUrns } : {}),
                  ...(Object.keys(r.propertyDependencies).length > 0 ? { propertyDependencies: r.propertyDependencies } : {}),
              }
            : {}),
    };
}

export function stackReport(
    plan: Plan,
    analysis: Analysis,
    policyConfig: string,
    extras: { cost?: CostEstimate; exemptions?: Record<string, Exemption[]> },
    project: string,
): StackReport {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const links = new Map<string, PlannedLinks>(plan.resources.map((r) => [r.urn, r]));
    // Defaults are declared in the project's Pulumi.yaml, wherever the stack files are (--stack-dir).
    const locations = plan.source === "program" ? new StackFileLocations(plan.file, project, path.join(PROJECT_DIR, "Pulumi.yaml")) : undefined;
    const urnLines = plan.source === "state" ? stateUrnLines(plan.file) : new Map<string, number>();
    const clusterName = plan.resources.map((r) => (r.type === "aws:eks/cluster:Cluster" ? r.inputs?.name : undefined)).find((n): n is string => typeof n === "string");
    const stackUrn = plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    const at = (location: Location) => ({ file: relative(location.file), line: location.line });
    // A stack file: the named item the resource belongs to, else the key behind the policy. A state file: the resource's entry.
    const locate = (policy: string, urn: string | undefined): ReportFinding["location"] => {
        if (!locations) {
            return { file: relative(plan.file), line: (urn && urnLines.get(urn)) || (stackUrn && urnLines.get(stackUrn)) || 1 };
        }
        const item = urn ? locations.itemOf(byUrn.get(urn)?.name ?? "", clusterName) : undefined;
        return item ? { file: relative(plan.file), line: item.line } : at(locations.policyLocation(policy));
    };
    // A budget finding is about the stack; it points where most of the money goes (its largest item's entry).
    const dearest = [...(extras.cost?.lines ?? [])].sort((a, b) => b.usd - a.usd).map((l) => l.key?.split("#")[0]).find((urn) => urn && byUrn.has(urn));
    const explained = new Map<string, ReportFinding[]>();
    const all: ReportFinding[] = [];
    for (const f of analysis.findings.filter((f) => f.enforcementLevel !== "disabled")) {
        const resource = byUrn.get(f.urn);
        const about = f.policyName === BUDGET_POLICY && !resource ? dearest : resource?.urn;
        const finding: ReportFinding = {
            policy: f.policyName,
            enforcementLevel: f.enforcementLevel,
            severity: f.severity,
            notRunnable: f.notRunnable,
            message: f.message,
            ...(resource ? { resource: { urn: resource.urn, type: resource.type, name: resource.name } } : {}),
            location: locate(f.policyName, about),
        };
        if (!f.notRunnable) {
            all.push(finding);
            continue;
        }
        // Said once per thing not known, in plain words, with every resource it holds back.
        const plain = plan.source === "program" ? explainNotRunnable(f.message, resource ? links.get(resource.urn) : undefined, links) : { message: notRunnableMessage(f.message, plan.source), fact: f.message };
        const key = `${f.policyName}\u0000${plain.fact}`;
        const same = explained.get(key);
        if (same) {
            same.push(finding);
            continue;
        }
        explained.set(key, [finding]);
        all.push(Object.assign(finding, { message: plain.message, fact: plain.fact }));
    }
    for (const [first, ...rest] of explained.values()) {
        if (rest.length > 0) {
            first.alsoAt = rest.filter((f) => f.resource).map((f) => ({ ...f.resource! }));
        }
    }
    const waivers = waiversOf(all, extras.exemptions ?? {});
    const placed = (value: string) => {
        const written = locations?.valueLine(value);
        return written ? { file: relative(written.file), line: written.line } : undefined;
    };
    const findings = groupPlaceholders(all.filter((f) => f.policy !== EXEMPTIONS_POLICY), placed);
    const counted = findings.filter((f) => !f.notRunnable);
    const mandatory = counted.filter((f) => f.enforcementLevel === "mandatory" || f.enforcementLevel === "remediate").length;
    return {
        stack: plan.stack,
        source: plan.source,
        file: relative(plan.file),
        policyConfig: relative(policyConfig),
        status: mandatory > 0 ? "failed" : "passed",
        resources: plan.resources.map(reportResource),
        findings,
        remediations: analysis.remediations.map((r) => ({ policy: r.policyName, urn: r.urn, description: r.description })),
        ...(extras.cost ? { cost: extras.cost } : {}),
        ...(waivers ? { waivers } : {}),
        ...(plan.joined ? { joined: { stack: plan.joined.stack, file: relative(plan.joined.file) } } : {}),
        ...(analysis.judgedElsewhere.length > 0 ? { judgedElsewhere: analysis.judgedElsewhere.map((n) => ({ policy: n.policyName, reason: n.reason })) } : {}),
        ...(plan.unseenConfig ? { unseenConfig: plan.unseenConfig } : {}),
        summary: {
            resources: plan.resources.length,
            mandatory,
            advisory: counted.filter((f) => f.enforcementLevel === "advisory").length,
            notRunnable: findings.length - counted.length,
            remediated: analysis.remediations.length,
        },
    };
}

export function emptyReport(plan: Plan, policyConfig: string): StackReport {
    return {
        stack: plan.stack,
        source: plan.source,
        file: relative(plan.file),
        policyConfig: relative(policyConfig),
        status: "empty",
        resources: plan.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, ...(r.parentUrn ? { parentUrn: r.parentUrn } : {}), protect: r.protect })),
        findings: [],
        remediations: [],
        summary: { resources: plan.resources.length, mandatory: 0, advisory: 0, notRunnable: 0, remediated: 0 },
    };
}

export function errorReport(stack: string, source: "program" | "state", file: string, policyConfig: string, error: string): StackReport {
    return {
        stack,
        source,
        file: relative(file),
        policyConfig: relative(policyConfig),
        status: "error",
        error,
        resources: [],
        findings: [],
        remediations: [],
        summary: { resources: 0, mandatory: 0, advisory: 0, notRunnable: 0, remediated: 0 },
    };
}

export function exitCodeOf(stacks: readonly StackReport[]): 0 | 1 | 2 {
    if (stacks.some((s) => s.status === "error")) {
        return 2;
    }
    return stacks.some((s) => s.status === "failed") ? 1 : 0;
}

/** Adds what the plan does to the base's resources; a mandatory change finding fails the stack. */
export function withChanges(stack: StackReport, changes: PlanChanges): StackReport {
    const failing = changes.findings.some((f) => f.level === "mandatory");
    return { ...stack, changes, ...(failing && stack.status === "passed" ? { status: "failed" as const } : {}) };
}
