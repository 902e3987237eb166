// The compliance controls each policy corresponds to, as reviewers report against them: AWS Security
// Hub control IDs, and the CIS AWS Foundations Benchmark and NIST SP 800-53 r5 identifiers that the
// Security Hub control's own "Related requirements" lists (policies/data/control-mappings.json,
// with its sources). Shown in docs/policies.md and in SARIF rule properties and tags.
import mappings from "../policies/data/control-mappings.json";

export interface SecurityHubControl {
    id: string;
    title: string;
    /** same: checks what the policy checks; partial: overlapping; retired: withdrawn by AWS. */
    match: "same" | "partial" | "retired";
}

export interface PolicyControls {
    securityHub: SecurityHubControl[];
    cis: string[];
    nist: string[];
    note?: string;
}

type Entry = { securityHub?: SecurityHubControl[]; cis?: { id: string }[]; nist?: { id: string }[]; note?: string };
const POLICIES = (mappings as unknown as { policies: Record<string, Entry> }).policies;

/** The controls of a policy; undefined when the mapping does not list the policy at all. */
export function controlsOf(policy: string): PolicyControls | undefined {
    const entry = POLICIES[policy];
    if (!entry) {
        return undefined;
    }
    return {
        securityHub: (entry.securityHub ?? []).map(({ id, title, match }) => ({ id, title, match })),
        cis: [...new Set((entry.cis ?? []).map((c) => c.id))],
        nist: [...new Set((entry.nist ?? []).map((c) => c.id))],
        ...(entry.note ? { note: entry.note } : {}),
    };
}

/** SARIF rule tags code scanning can filter by: the Security Hub controls a policy matches. */
export function controlTags(controls: PolicyControls | undefined): string[] {
    return (controls?.securityHub ?? []).filter((c) => c.match !== "retired").map((c) => `security-hub/${c.id}`);
}

/** One line for a policy's section: its Security Hub controls (and how they match), CIS, NIST; or none. */
export function controlsLine(controls: PolicyControls | undefined): string {
    if (!controls || controls.securityHub.length === 0) {
        return `**Mapped controls.** No AWS Security Hub control checks this${controls?.note ? ` (${controls.note})` : ""}.`;
    }
    const hub = controls.securityHub.map((c) => `${c.id} "${c.title}" (${c.match})`).join("; ");
    const cis = controls.cis.length > 0 ? ` CIS: ${controls.cis.join(", ")}.` : "";
    const nist = controls.nist.length > 0 ? ` NIST SP 800-53 r5: ${controls.nist.map((n) => n.replace(/^NIST\.800-53\.r5 /, "")).join(", ")}.` : "";
    return `**Mapped controls.** AWS Security Hub ${hub}.${cis}${nist}`;
}
