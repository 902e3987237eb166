import * as assert from "assert";
import { AWS, isChildOf, PULUMI_EKS } from "./resourceTypes";

describe("isChildOf", () => {
    const child = `urn:pulumi:prod::app::${PULUMI_EKS.cluster}$${AWS.cluster}::prod-eksCluster`;

    it("finds a component type among a URN's parents, not as its own type", () => {
        assert.strictEqual(isChildOf(child, PULUMI_EKS.cluster), true);
        assert.strictEqual(isChildOf(`urn:pulumi:prod::app::${PULUMI_EKS.cluster}::prod`, PULUMI_EKS.cluster), false);
        assert.strictEqual(isChildOf(`urn:pulumi:prod::app::${AWS.cluster}::prod`, PULUMI_EKS.cluster), false);
        assert.strictEqual(isChildOf(child, AWS.cluster), false);
    });

    it("finds nothing in a URN without a type chain", () => {
        assert.strictEqual(isChildOf("not-a-urn", PULUMI_EKS.cluster), false);
    });
});
