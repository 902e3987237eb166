import * as assert from "assert";
import { notApplicable } from "./notApplicable";

describe("notApplicable", () => {
    it("says not applicable through the framework, with the reason, and restores the stack trace limit", () => {
        const before = Error.stackTraceLimit;
        Error.stackTraceLimit = 7;
        let seen: { reason?: string; limit: number } | undefined;
        const args = {
            notApplicable(reason?: string): never {
                seen = { reason, limit: Error.stackTraceLimit };
                throw new Error("not applicable");
            },
        };
        assert.throws(() => notApplicable(args, "applies to clusters"), /not applicable/);
        assert.deepStrictEqual(seen, { reason: "applies to clusters", limit: 0 });
        assert.strictEqual(Error.stackTraceLimit, 7);
        Error.stackTraceLimit = before;
    });
});
