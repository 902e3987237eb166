// One deserialization of a resource's properties per request, not one per policy.
//
// @pulumi/policy 1.21 deserializes the request's property Struct again for every policy that is not
// marked with a single type (server.js, makeAnalyzeRpcFun: `deserializeProperties(req.getProperties(),
// false)` inside the loop over policies), and for every stack policy again for every resource
// (makeAnalyzeStackRpcFun). The Struct object is the same in each of those calls, so a cache keyed
// by it (weakly: it dies with the request) returns the same plain object: each policy still gets a
// fresh unknown-checking proxy around it. Safe because no rule writes to `props` (tests/ check it).
// The module is the framework's internal one (its .d.ts exports nothing), so the hook is applied
// only when it has the expected shape; otherwise the framework runs unchanged, only slower.
// The same hook reads the secrets `pulumi policy analyze --file` could not decrypt as unknown
// values (blindedSecrets.ts).
import { blindedSecretsAsUnknown } from "./blindedSecrets";

type Deserialize = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

const HOOKED = Symbol.for("eks-guard.deserializeOnce");

export function deserializeOncePerRequest(): boolean {
    let framework: { deserializeProperties?: Deserialize & { [HOOKED]?: true } };
    try {
        framework = require("@pulumi/policy/deserialize");
    } catch {
        return false;
    }
    const original = framework.deserializeProperties;
    if (typeof original !== "function" || original.length !== 2) {
        return false;
    }
    if (original[HOOKED]) {
        return true;
    }
    const cached = [new WeakMap<object, Record<string, unknown>>(), new WeakMap<object, Record<string, unknown>>()];
    const once = ((struct: object, proxySecrets: boolean) => {
        // Objects only: a WeakMap key must be one, and anything else is not a request's Struct.
        if (typeof struct !== "object" || struct === null) {
            return original(struct, proxySecrets);
        }
        const cache = cached[proxySecrets ? 1 : 0];
        let props = cache.get(struct);
        if (props === undefined) {
            props = original(struct, proxySecrets);
            // Remediation (proxySecrets) must give secrets back as they came: only analysis reads them as unknown.
            if (!proxySecrets) {
                blindedSecretsAsUnknown(props);
            }
            cache.set(struct, props);
        }
        return props;
    }) as Deserialize & { [HOOKED]?: true };
    once[HOOKED] = true;
    framework.deserializeProperties = once;
    return true;
}
