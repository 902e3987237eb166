import * as assert from "assert";
import { BLINDED_SECRET, blindedSecretsAsUnknown } from "./blindedSecrets";

/* eslint-disable @typescript-eslint/no-var-requires */
const proxy: { unknownStringValue: string } = require("@pulumi/policy/proxy");

describe("secrets the CLI could not decrypt ('[secret]')", () => {
    it("become the framework's unknown value wherever they are: a whole property, a list item, a nested field", () => {
        const props = { vpcConfig: BLINDED_SECRET, tags: { team: "a", token: BLINDED_SECRET }, cidrs: ["10.0.0.0/8", BLINDED_SECRET], nested: [{ doc: BLINDED_SECRET }], n: 3, nothing: null };
        assert.strictEqual(blindedSecretsAsUnknown(props), props, "in place");
        assert.deepStrictEqual(props, {
            vpcConfig: proxy.unknownStringValue,
            tags: { team: "a", token: proxy.unknownStringValue },
            cidrs: ["10.0.0.0/8", proxy.unknownStringValue],
            nested: [{ doc: proxy.unknownStringValue }],
            n: 3,
            nothing: null,
        });
    });

    it("leaves every other string alone, a secret's look-alikes included", () => {
        const props = { a: "[secret] ", b: "secret", c: ["[SECRET]"] };
        assert.deepStrictEqual(blindedSecretsAsUnknown(JSON.parse(JSON.stringify(props))), props);
        assert.strictEqual(blindedSecretsAsUnknown(BLINDED_SECRET), BLINDED_SECRET, "a bare value is not a property bag");
    });
});
