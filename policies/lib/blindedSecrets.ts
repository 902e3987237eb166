// Secrets `pulumi policy analyze --file` cannot decrypt: the CLI reads the state again with a
// "blinding" secrets provider, so each of them arrives as the string "[secret]" whatever it held
// (pulumi/pulumi pkg/cmd/pulumi/policy/policy_analyze.go, pkg/backend/secrets/providers.go). A rule
// that reads it where it expects a list or an object would judge the string (an endpoint "without
// CIDRs", a policy "granting nothing"); read as an unknown value instead, every rule says it cannot
// check, as `npm run check -- --from-state` does for the same encrypted values.
/* eslint-disable @typescript-eslint/no-var-requires */
const proxy: { unknownStringValue: string } = require("@pulumi/policy/proxy");

export const BLINDED_SECRET = "[secret]";

/** The value with every "[secret]" string replaced by the framework's unknown value (in place; returned for chaining). */
export function blindedSecretsAsUnknown<T>(value: T): T {
    if (Array.isArray(value)) {
        value.forEach((item, i) => {
            value[i] = item === BLINDED_SECRET ? proxy.unknownStringValue : blindedSecretsAsUnknown(item);
        });
    } else if (value !== null && typeof value === "object") {
        const bag = value as Record<string, unknown>;
        for (const key of Object.keys(bag)) {
            bag[key] = bag[key] === BLINDED_SECRET ? proxy.unknownStringValue : blindedSecretsAsUnknown(bag[key]);
        }
    }
    return value;
}
