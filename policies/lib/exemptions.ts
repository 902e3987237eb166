// Waivers: a known violation accepted for a time, for one resource, with a reason, without disabling
// the policy for the whole stack. Each policy's config takes
//   "exemptions": [{ "resource": <name, URN or glob>, "reason": ..., "expires": "YYYY-MM-DD", "approvedBy"?: ... }]
// and the pack itself honours them, so a real `pulumi preview --policy-pack` does too:
// - a finding an exemption covers is not reported by its policy (not a violation); the advisory
//   policy `eks-exemptions` lists it instead, with the reason and the expiry;
// - after the expiry day (the day is the rules' evaluation day) the finding is a violation again,
//   and its message says which waiver expired;
// - `eks-exemptions` also lists each exemption that matched no finding (stale: remove it).
// The policy framework gives each policy only its own config, and runs a policy marked for one type
// only on resources of that type, so staleness is judged for the policies that ran; the offline
// check, which reads the whole config file, adds the rest.
import { PolicyConfigSchema, ReportViolation, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { DAY, evaluationDay, pinnedDay } from "./evaluationDate";
import { forType, markedType } from "./typedValidation";

export interface Exemption {
    /** A resource's name, its URN, or a glob over either (`*` any run of characters, `?` one). */
    resource: string;
    reason: string;
    /** The last day the waiver holds (YYYY-MM-DD). */
    expires: string;
    approvedBy?: string;
}

export const EXEMPTIONS_POLICY = "eks-exemptions";

/** JSON Schema of the `exemptions` setting every policy takes. */
export const EXEMPTIONS_SCHEMA = {
    type: "array",
    description: "Findings of this policy accepted until a day: each names the resource (name, URN or glob), why, until when, and who approved it.",
    items: {
        type: "object",
        properties: {
            resource: { type: "string", minLength: 1, description: "A resource name, a URN, or a glob over either (* and ?)." },
            reason: { type: "string", minLength: 1, description: "Why the finding is accepted (shown with every waived finding)." },
            expires: { type: "string", pattern: DAY.source, description: "The last day the waiver holds (YYYY-MM-DD)." },
            approvedBy: { type: "string", minLength: 1, description: "Who approved the waiver." },
        },
        required: ["resource", "reason", "expires"],
        additionalProperties: false,
    },
} as const;

function globPattern(glob: string): RegExp {
    const source = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${source}$`);
}

/** Whether an exemption's `resource` names the resource of this URN (by URN or by name). */
export function exemptionCovers(exemption: Pick<Exemption, "resource">, urn: string | undefined): boolean {
    if (!urn) {
        return false;
    }
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    const pattern = globPattern(exemption.resource);
    return pattern.test(urn) || pattern.test(name);
}

/** How messages name an exemption; the offline check finds the findings an exemption touched by it. */
export const described = (e: Exemption) => `exemption "${e.resource}" (${e.reason}${e.approvedBy ? `; approved by ${e.approvedBy}` : ""})`;

interface Waived {
    policy: string;
    urn?: string;
    message: string;
    exemption: Exemption;
}

/**
 * What the policies of this run waived and which exemptions they saw; read and cleared by
 * `eks-exemptions` at the end of AnalyzeStack (the engine's last call of a preview or update).
 */
const ledger = { waived: [] as Waived[], seen: new Map<string, Exemption[]>(), used: new Set<string>() };
// By content: the framework may hand each call its own copy of the config.
const keyOf = (policy: string, e: Exemption) => `${policy}\u0000${e.resource}\u0000${e.expires}\u0000${e.reason}`;

type Validation = (args: any, reportViolation: ReportViolation) => Promise<void> | void;

function honouring(policyName: string, validate: Validation): Validation {
    const wrapped: Validation = (args, reportViolation) => {
        const exemptions = ((args.getConfig() as { exemptions?: Exemption[] }).exemptions ?? []).filter((e) => e && typeof e.resource === "string");
        if (exemptions.length === 0) {
            return validate(args, reportViolation);
        }
        ledger.seen.set(policyName, exemptions);
        const today = evaluationDay(undefined).getTime();
        const report: ReportViolation = (message, urn) => {
            const subject = urn ?? args.urn;
            const exemption = exemptions.find((e) => exemptionCovers(e, subject));
            if (!exemption) {
                return reportViolation(message, urn);
            }
            ledger.used.add(keyOf(policyName, exemption));
            const last = pinnedDay(exemption.expires);
            if (!DAY.test(exemption.expires) || !last) {
                return reportViolation(`${message} (${described(exemption)} has expires "${exemption.expires}", not a YYYY-MM-DD day, so it waives nothing)`, urn);
            }
            if (today > last.getTime()) {
                return reportViolation(`${message} (the waiver expired on ${exemption.expires}: ${described(exemption)}; fix this or renew the waiver)`, urn);
            }
            ledger.waived.push({ policy: policyName, urn: subject, message, exemption });
        };
        return validate(args, report);
    };
    // Keep the mark of a single-type validation: the framework's fast path.
    const marked = markedType(validate);
    return marked ? (forType(marked, wrapped as ResourceValidation) as Validation) : wrapped;
}

function withExemptionsSchema(schema: PolicyConfigSchema | undefined): PolicyConfigSchema {
    return { ...(schema ?? {}), properties: { ...(schema?.properties ?? {}), exemptions: EXEMPTIONS_SCHEMA as any } };
}

/** The policy with an `exemptions` setting that its own findings honour. */
export function withExemptions<P extends ResourceValidationPolicy | StackValidationPolicy>(policy: P): P {
    const configSchema = withExemptionsSchema(policy.configSchema);
    if ("validateStack" in policy && policy.validateStack) {
        return { ...policy, configSchema, validateStack: honouring(policy.name, policy.validateStack as Validation) };
    }
    const resource = policy as ResourceValidationPolicy;
    const validations = resource.validateResource;
    const validateResource = Array.isArray(validations) ? validations.map((v) => honouring(policy.name, v as Validation)) : honouring(policy.name, validations as Validation);
    return { ...policy, configSchema, validateResource } as P;
}

/** The message `eks-exemptions` gives a waived finding; the offline check reads these. */
export const WAIVED_PREFIX = "Waived until ";
export const STALE_PREFIX = "Stale exemption of ";

/** A waived finding's own policy and message, read back from eks-exemptions' message; else undefined. */
export function waivedFinding(message: string): { policy: string; message: string } | undefined {
    const tag = message.startsWith(WAIVED_PREFIX) ? /: \[([a-z0-9-]+)\] /.exec(message) : null;
    return tag ? { policy: tag[1], message: message.slice(tag.index + tag[0].length) } : undefined;
}

// Lists what the exemptions of this run waived, and those that matched nothing. Advisory: a waived
// finding is visible in every preview without failing it. Runs last of the pack's policies.
export const exemptionsReport: StackValidationPolicy = {
    name: EXEMPTIONS_POLICY,
    description: "Lists every finding an exemption waived (with its reason and expiry) and every exemption that matched nothing.",
    enforcementLevel: "advisory",
    severity: "low",
    validateStack: (_args, reportViolation) => {
        const { waived, seen, used } = ledger;
        ledger.waived = [];
        ledger.seen = new Map();
        ledger.used = new Set();
        for (const w of waived) {
            reportViolation(`${WAIVED_PREFIX}${w.exemption.expires} by ${described(w.exemption)}: [${w.policy}] ${w.message}`, w.urn);
        }
        for (const [policy, exemptions] of seen) {
            for (const e of exemptions.filter((x) => !used.has(keyOf(policy, x)))) {
                reportViolation(`${STALE_PREFIX}${policy}: ${described(e)} matches no finding of this stack; remove it.`);
            }
        }
    },
};

/** Every policy with exemptions honoured, and the exemptions report last. */
export function honouringExemptions(policies: readonly (ResourceValidationPolicy | StackValidationPolicy)[]): (ResourceValidationPolicy | StackValidationPolicy)[] {
    return [...policies.map((p) => withExemptions(p)), exemptionsReport];
}
