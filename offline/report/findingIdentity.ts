// Which findings are the same finding in two runs: the same policy on the same resource saying the
// same thing but for its numbers (counts, prices and sizes change while the problem stays).
// SARIF fingerprints (which GitHub uses to follow an alert) and --compare (new, fixed, unchanged)
// both use it, so a pull request comment and code scanning agree on what is new.
import { createHash } from "crypto";

export const withoutNumbers = (text: string) => text.replace(/\d+(\.\d+)?/g, "#");

export function findingKey(stack: string, policy: string, urn: string | undefined, message: string): string {
    const digest = createHash("sha256").update(withoutNumbers(message)).digest("hex").slice(0, 16);
    return `${stack}:${policy}:${urn ?? "stack"}:${digest}`;
}

/** A finding's key: by its fact when it has one (a placeholder value, wherever it reaches), else its resource and message. */
export function keyOfFinding(stack: string, finding: { policy: string; resource?: { urn: string }; message: string; fact?: string }, policy = finding.policy): string {
    return finding.fact ? findingKey(stack, policy, undefined, finding.fact) : findingKey(stack, policy, finding.resource?.urn, finding.message);
}
