import * as assert from "assert";
import { deserializeOncePerRequest } from "./deserializeOnce";

/* eslint-disable @typescript-eslint/no-var-requires */
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const framework: { deserializeProperties(struct: object, proxySecrets: boolean): Record<string, unknown> } = require("@pulumi/policy/deserialize");

describe("deserializeOncePerRequest", () => {
    /** Runs `body` with the framework's deserializer replaced, then puts the real one back. */
    function withDeserializer(replacement: unknown, body: () => void): void {
        const real = framework.deserializeProperties;
        (framework as { deserializeProperties: unknown }).deserializeProperties = replacement;
        try {
            body();
        } finally {
            framework.deserializeProperties = real;
        }
    }

    it("leaves a framework whose deserializer has another shape alone", () => {
        for (const shape of [undefined, "deserialize", (struct: object) => struct]) {
            withDeserializer(shape, () => {
                assert.strictEqual(deserializeOncePerRequest(), false, String(shape));
                assert.strictEqual(framework.deserializeProperties as unknown, shape);
            });
        }
    });

    it("hooks a fresh deserializer of the expected shape and marks it, so it is hooked once", () => {
        let calls = 0;
        const fresh = (struct: object, proxySecrets: boolean) => {
            calls++;
            return { struct, proxySecrets };
        };
        withDeserializer(fresh, () => {
            assert.strictEqual(deserializeOncePerRequest(), true);
            const hooked = framework.deserializeProperties;
            assert.notStrictEqual(hooked, fresh);
            assert.strictEqual((hooked as unknown as Record<symbol, unknown>)[Symbol.for("eks-guard.deserializeOnce")], true);
            const request = {};
            hooked(request, false);
            hooked(request, false);
            hooked(request, true);
            assert.strictEqual(calls, 2, "once per request and per secrets mode");
            assert.deepStrictEqual(hooked("not a struct" as never, false), { struct: "not a struct", proxySecrets: false });
            assert.strictEqual(calls, 3, "anything but an object is not cached");
            assert.strictEqual(deserializeOncePerRequest(), true);
            assert.strictEqual(framework.deserializeProperties, hooked, "not hooked twice");
        });
    });

    it("hooks the pinned framework's deserializer, once however often it is called", () => {
        assert.strictEqual(deserializeOncePerRequest(), true, "@pulumi/policy/deserialize no longer has the expected shape");
        const hooked = framework.deserializeProperties;
        assert.strictEqual(deserializeOncePerRequest(), true);
        assert.strictEqual(framework.deserializeProperties, hooked, "hooked twice");
    });

    it("gives every policy of a request the same properties, and each request its own", () => {
        deserializeOncePerRequest();
        const request = Struct.fromJavaScript({ name: "a", vpcConfig: { subnetIds: ["subnet-1"] } });
        const first = framework.deserializeProperties(request, false);
        assert.deepStrictEqual(first, { name: "a", vpcConfig: { subnetIds: ["subnet-1"] } });
        assert.strictEqual(framework.deserializeProperties(request, false), first);

        const other = Struct.fromJavaScript({ name: "a", vpcConfig: { subnetIds: ["subnet-1"] } });
        assert.notStrictEqual(framework.deserializeProperties(other, false), first);
        // Remediate asks for secrets kept as proxies: a separate entry, not the plain one.
        assert.notStrictEqual(framework.deserializeProperties(request, true), first);
    });
});
