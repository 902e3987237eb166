import * as assert from "assert";
import { deserializeOncePerRequest } from "./deserializeOnce";

/* eslint-disable @typescript-eslint/no-var-requires */
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const framework: { deserializeProperties(struct: object, proxySecrets: boolean): Record<string, unknown> } = require("@pulumi/policy/deserialize");

describe("deserializeOncePerRequest", () => {
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
