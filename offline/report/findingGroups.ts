// One finding per fact. The pack judges resource by resource, as the engine asks it to, so one
// placeholder written once in a stack file comes back once for every resource it reaches; and a
// value a preview cannot know comes back in the framework's own words ("can't run policy ... during
// preview: string value at .policy can't be known during preview"). The report says each fact once,
// naming every place it reaches, and says in plain words what is not known yet and from where.
import { parsePlaceholderMessage } from "../../policies/lib/placeholders";
import type { ReportFinding } from "./model";

export const PLACEHOLDER_POLICY = "eks-placeholder-values";

/** A resource of the plan as far as explanations need it. */
export interface PlannedLinks {
    urn: string;
    type: string;
    name: string;
    propertyDependencies: Record<string, string[]>;
}

const kind = (type: string) => type.split(":").pop()!;
const listed = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

/**
 * Placeholder findings of one value become one: located where the value is written, naming every
 * resource and property it reaches. Other findings pass through.
 */
export function groupPlaceholders(findings: ReportFinding[], locate: (value: string) => ReportFinding["location"] | undefined): ReportFinding[] {
    const groups = new Map<string, ReportFinding[]>();
    const result: (ReportFinding | string)[] = [];
    for (const finding of findings) {
        const hit = finding.policy === PLACEHOLDER_POLICY && !finding.notRunnable ? parsePlaceholderMessage(finding.message) : undefined;
        if (!hit) {
            result.push(finding);
            continue;
        }
        if (!groups.has(hit.value)) {
            groups.set(hit.value, []);
            result.push(hit.value);
        }
        groups.get(hit.value)!.push(finding);
    }
    return result.map((entry) => {
        if (typeof entry !== "string") {
            return entry;
        }
        const members = groups.get(entry)!;
        const hits = members.map((f) => parsePlaceholderMessage(f.message)!);
        const places = hits.map((h) => `${h.kind} "${h.name}" (${h.path || "its value"})`);
        const [first] = members;
        return {
            ...first,
            message: `${JSON.stringify(entry)} is ${hits[0].why}, a placeholder: replace it before deploying. It reaches ${members.length === 1 ? "" : `${members.length} resources: `}${listed(places)}.`,
            location: locate(entry) ?? first.location,
            fact: `placeholder ${entry}`,
            ...(members.length > 1 ? { alsoAt: members.slice(1).map((f, i) => ({ ...f.resource!, detail: hits[i + 1].path })) } : {}),
        };
    });
}

/** Which of a property's dependencies an unknown value comes from, by the property: a CIDR list from addresses. */
const VALUE_SOURCES: { path: RegExp; types: string[]; what: string }[] = [
    { path: /(^|\.)publicAccessCidrs(\[|$)/, types: ["aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"], what: "public IP" },
    { path: /^policy$/, types: ["aws:kms/key:Key", "aws:iam/role:Role", "aws:eks/cluster:Cluster", "aws:iam/openIdConnectProvider:OpenIdConnectProvider"], what: "ARN" },
];

const RESOURCE_UNKNOWN = /^can't run policy '([^']+)' from policy pack '[^']+' during preview: \w+ value at (\.[^\s]*) can't be known during preview$/s;
const STACK_UNKNOWN = /^can't run policy '([^']+)' from policy pack '[^']+' during preview: Object value at \.relations not known yet \((.*)\) can't be known during preview$/s;

/**
 * A "can't run during preview" note in plain words: what is not known, where it comes from, and when
 * it is checked. The framework's words stay when they cannot be read.
 */
export function explainNotRunnable(message: string, resource: PlannedLinks | undefined, byUrn: ReadonlyMap<string, PlannedLinks>): { message: string; fact: string } {
    const relations = STACK_UNKNOWN.exec(message);
    if (relations) {
        return {
            message: `${relations[1]} cannot decide before the resources exist: ${relations[2]} ${/;/.test(relations[2]) ? "are" : "is"} not known yet. pulumi up judges it after the update, on the real values; nothing is wrong yet.`,
            fact: `relations ${relations[2]}`,
        };
    }
    const match = RESOURCE_UNKNOWN.exec(message);
    if (!match || !resource) {
        return { message, fact: message };
    }
    const [, policy, at] = match;
    // The framework writes list indexes as path segments (.publicAccessCidrs.1).
    const path = at.slice(1).replace(/\.(\d+)(?=\.|$)/g, "[$1]");
    const property = path.split(/[.[]/)[0];
    const dependencies = (resource.propertyDependencies[property] ?? []).map((urn) => byUrn.get(urn)).filter((r): r is PlannedLinks => !!r);
    // A property depends on everything its object was built from; where the value says which, keep those.
    const value = VALUE_SOURCES.find((s) => s.path.test(path));
    const narrowed = value ? dependencies.filter((d) => value.types.includes(d.type)) : [];
    const sources = narrowed.length > 0 ? narrowed : dependencies;
    const what = narrowed.length > 0 ? value!.what : "values";
    const from =
        sources.length > 0
            ? `is built from the ${what} of ${listed(sources.map((s) => `${kind(s.type)} "${s.name}"`))}, which AWS assigns when it creates ${sources.length === 1 ? "it" : "them"}`
            : "comes from a resource AWS has not created yet";
    return {
        message: `Its ${path} ${from}. pulumi up runs ${policy} on the real value before it creates ${kind(resource.type)} "${resource.name}"; nothing is wrong yet.`,
        fact: `unknown ${policy} ${at} from ${sources.map((s) => s.urn).join(",") || "?"}`,
    };
}
