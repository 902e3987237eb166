// Documentation values that must never reach AWS: the stack files and examples carry them so they
// read as real config, and a real deployment must replace each one.
import { cidrContains, parseIpv4Cidr } from "./cidr";

interface PlaceholderPattern {
    why: string;
    test: (value: string) => boolean;
}

/** RFC 5737: TEST-NET-1, -2 and -3 are reserved for documentation. */
const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map((c) => parseIpv4Cidr(c)!);
/** The account IDs the AWS documentation uses in examples. */
const DOCUMENTATION_ACCOUNTS = ["111122223333", "123456789012", "444455556666"];
/** One of those accounts as a whole ARN field or the whole value; compiled once (this runs on every string of every resource). */
const DOCUMENTATION_ACCOUNT = new RegExp(`(^|:)(${DOCUMENTATION_ACCOUNTS.join("|")})(:|$)`);
const EXAMPLE_IDENTIFIER = /EXAMPLE$|[-/](0123456789abcdef0|1234abcd-12ab-34cd-56ef-1234567890ab)$/;
const IPV4_ADDRESS_OR_CIDR = /^(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})?$/;

const PATTERNS: readonly PlaceholderPattern[] = [
    {
        why: "an RFC 5737 documentation address range",
        test: (value) => {
            const match = IPV4_ADDRESS_OR_CIDR.exec(value);
            const block = match ? parseIpv4Cidr(`${match[1]}${match[2] ?? "/32"}`) : undefined;
            return !!block && DOCUMENTATION_RANGES.some((range) => cidrContains(range, block));
        },
    },
    {
        why: "an AWS documentation account ID",
        test: (value) => DOCUMENTATION_ACCOUNT.test(value),
    },
    {
        // AWS examples end identifiers in EXAMPLE (Z0123456789EXAMPLE, AKIAIOSFODNN7EXAMPLE).
        why: "an AWS documentation example identifier",
        test: (value) => EXAMPLE_IDENTIFIER.test(value),
    },
];

/** Why a value is a documentation placeholder, or undefined when it is not one. */
export function placeholderReason(value: string): string | undefined {
    return PATTERNS.find((p) => p.test(value))?.why;
}

export interface PlaceholderHit {
    /** Dotted path of the value inside the object searched, e.g. `vpcConfig.publicAccessCidrs[0]`. */
    path: string;
    value: string;
    why: string;
}

/** A JSON document held as text (an IAM policy, add-on configuration), parsed; else undefined. */
function embeddedJson(text: string): unknown {
    if (!/^\s*[{[]/.test(text)) {
        return undefined;
    }
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** Every placeholder string inside a value (objects and arrays searched; `__` keys skipped). */
export function findPlaceholders(value: unknown, path = "", hits: PlaceholderHit[] = []): PlaceholderHit[] {
    if (typeof value === "string") {
        const embedded = embeddedJson(value);
        if (embedded !== undefined) {
            return findPlaceholders(embedded, path, hits);
        }
        const why = placeholderReason(value);
        if (why) {
            hits.push({ path, value, why });
        }
    } else if (Array.isArray(value)) {
        value.forEach((item, i) => findPlaceholders(item, `${path}[${i}]`, hits));
    } else if (value && typeof value === "object") {
        for (const key of Object.keys(value)) {
            if (!key.startsWith("__")) {
                findPlaceholders((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, hits);
            }
        }
    }
    return hits;
}

/** What eks-placeholder-values says of one hit; parsePlaceholderMessage reads it back. */
export function placeholderMessage(kind: string, name: string, hit: PlaceholderHit): string {
    return `${kind} "${name}" has ${hit.path} = ${JSON.stringify(hit.value)}, ${hit.why}: a placeholder; replace it before deploying.`;
}

const MESSAGE = /^(\S+) "(.*)" has (\S*) = ("(?:[^"\\]|\\.)*"), (an? [^:]+): a placeholder; replace it before deploying\.$/s;

/** The hit a placeholder message reports (so a report can say each value once); undefined for other text. */
export function parsePlaceholderMessage(message: string): (PlaceholderHit & { kind: string; name: string }) | undefined {
    const match = MESSAGE.exec(message);
    if (!match) {
        return undefined;
    }
    const [, kind, name, path, value, why] = match;
    return { kind, name, path, value: JSON.parse(value) as string, why };
}
