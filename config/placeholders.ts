// Refuses documentation placeholders in a real deployment: the stack files carry them (RFC 5737
// ranges, the AWS documentation account, example ids) so that a preview shows a realistic plan,
// and a `pulumi up` must not create anything with them.
import { findPlaceholders } from "../policies/lib/placeholders";
import { ConfigProblems } from "./problems";

export function refusePlaceholders(problems: ConfigProblems, raw: Readonly<Record<string, string>>): void {
    for (const [key, text] of Object.entries(raw)) {
        // Structured values arrive as JSON text, which findPlaceholders reads into.
        for (const hit of findPlaceholders(text)) {
            problems.add(`${key}${hit.path && !hit.path.startsWith("[") ? "." : ""}${hit.path}`, hit.value, `is ${hit.why}, a placeholder: replace it before deploying (a preview accepts it, pulumi up does not)`);
        }
    }
}
