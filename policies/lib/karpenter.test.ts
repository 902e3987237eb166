import * as assert from "assert";
import { PolicyResource } from "@pulumi/policy";
import { detailTypesOf, karpenterControllers } from "./karpenter";
import { AWS } from "./resourceTypes";
import { StackContext } from "./stackContext";
import { eksStack, withKarpenter } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { toPolicyResources } from "../testing/validateStack";

const rule = (eventPattern: unknown): PolicyResource => toPolicyResources([{ type: AWS.eventRule, name: "r", props: { eventPattern }, deps: {} }])[0];

describe("Karpenter, as the pack finds it", () => {
    it("reads the detail-types of an event pattern, and none from what is not one", () => {
        assert.deepStrictEqual(detailTypesOf(rule(JSON.stringify({ source: ["aws.ec2"], "detail-type": ["A", 3, "B"] }))), ["A", "B"]);
        assert.deepStrictEqual(detailTypesOf(rule(JSON.stringify({ "detail-type": "A" }))), []);
        assert.deepStrictEqual(detailTypesOf(rule("{not json")), []);
        assert.strictEqual(detailTypesOf(rule(UNKNOWN)), undefined);
        assert.strictEqual(detailTypesOf(rule(undefined)), undefined);
    });

    it("finds a controller by a role that may create fleets, bound by a Pod Identity association of the stack", () => {
        const fixture = withKarpenter(eksStack({ knownIds: true }));
        const context = () => new StackContext({ resources: toPolicyResources(fixture.resources) } as never);
        assert.deepStrictEqual(karpenterControllers(context()).map((c) => [c.association.name, c.role.name]), [["binding", "karpenter"]]);
        // Bound to a role this stack does not declare: nothing to judge here.
        fixture.get("binding").props.roleArn = "arn:aws:iam::111122223333:role/elsewhere";
        fixture.get("binding").deps = {};
        assert.deepStrictEqual(karpenterControllers(context()), []);
    });
});
