import * as assert from "assert";
import { allPolicies } from "../rules";
import { forType, markedType } from "./typedValidation";

/* eslint-disable @typescript-eslint/no-var-requires */
const framework: { getPulumiType(obj: unknown): string | undefined } = require("@pulumi/policy/policy");

describe("forType", () => {
    it("marks a validation so the policy framework reads its type (its Analyze fast path)", () => {
        const validation = forType("aws:ec2/vpc:Vpc", () => undefined);
        assert.strictEqual(framework.getPulumiType(validation), "aws:ec2/vpc:Vpc");
        assert.strictEqual(markedType(validation), "aws:ec2/vpc:Vpc");
        assert.strictEqual(markedType(() => undefined), undefined);
    });

    it("reads no type from nothing, an empty mark or a mark that is not a string", () => {
        assert.strictEqual(markedType(undefined), undefined);
        assert.strictEqual(markedType(Object.assign(() => undefined, { __pulumiType: "" })), undefined);
        assert.strictEqual(markedType(Object.assign(() => undefined, { __pulumiType: 7 })), undefined);
        assert.strictEqual(markedType(Object.assign(() => undefined, { __pulumiType: "a" })), "a");
    });

    it("is on the single-type rules of the pack, and each such rule names a real AWS type", () => {
        const marked = Object.fromEntries(allPolicies.flatMap((p) => ("validateResource" in p && markedType(p.validateResource) ? [[p.name, markedType(p.validateResource)]] : [])));
        assert.strictEqual(marked["eks-control-plane-logging"], "aws:eks/cluster:Cluster");
        assert.strictEqual(marked["eks-fargate-profile-shape"], "aws:eks/fargateProfile:FargateProfile");
        assert.ok(Object.keys(marked).length >= 13, `${Object.keys(marked).length} marked`);
        for (const type of Object.values(marked)) {
            assert.match(type!, /^aws:[a-z0-9]+\/[a-zA-Z]+:[A-Z][a-zA-Z]+$/);
        }
        // Rules over several types (IAM documents, security groups, launch templates) stay unmarked.
        assert.strictEqual(marked["iam-no-admin-wildcards"], undefined);
    });
});
