import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { UNKNOWN } from "../testing/validate";
import { stackUrn, TestStackResource, validateStack } from "../testing/validateStack";
import { nodeGroupDefaultImds } from "./nodeGroupImds";

const group = (props: Record<string, unknown>, name = "general"): TestStackResource => ({ type: AWS.nodeGroup, name, props: { clusterName: "prod", ...props } });

describe("eks-nodegroup-imds-default", () => {
    it("passes AL2023 groups without a launch template, and any group with one (eks-nodes-imdsv2 judges it)", async () => {
        const outcome = await validateStack(nodeGroupDefaultImds, [
            group({ amiType: "AL2023_x86_64_STANDARD" }, "a"),
            group({ amiType: "AL2023_ARM_64_STANDARD" }, "b"),
            group({ amiType: "AL2_x86_64", launchTemplate: { id: "lt-0123456789abcdef0", version: "1" } }, "c"),
            group({ version: "1.31" }, "d"),
        ]);
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(!outcome.unknown);
    });

    it("flags a group on EKS's default launch template with a non-AL2023 AMI type: hop limit 2", async () => {
        const { violations } = await validateStack(nodeGroupDefaultImds, [group({ amiType: "AL2_x86_64" }), group({ amiType: "BOTTLEROCKET_x86_64" }, "br")]);
        assert.deepStrictEqual(
            violations.map((v) => v.urn),
            [stackUrn(AWS.nodeGroup, "general"), stackUrn(AWS.nodeGroup, "br")],
        );
        assert.strictEqual(
            violations[0].message,
            'NodeGroup "general" has no launch template, so its nodes get EKS\'s default one, which sets the metadata hop limit to 2 for AL2_x86_64: every pod can read the node role\'s credentials from instance metadata (only AL2023 AMI types get 1, with IMDSv2 required). Move it to an AL2023 AMI type, or give it a launch template with metadataOptions httpTokens "required" and httpPutResponseHopLimit 1; give add-ons that need AWS access their own role with EKS Pod Identity.',
        );
        assert.match(violations[1].message, /hop limit to 2 for BOTTLEROCKET_x86_64/);
    });

    it("takes the AMI type EKS picks from the group's Kubernetes version when none is set (AL2023 from 1.30)", async () => {
        const { violations } = await validateStack(nodeGroupDefaultImds, [group({ version: "1.29" }, "old"), group({ version: "1.30" }, "new")]);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /^NodeGroup "old" .*hop limit to 2 for AL2_x86_64 \(EKS's default before Kubernetes 1\.30\)/);
    });

    it("accepts the default hop limit where the environment allows 2", async () => {
        assert.deepStrictEqual((await validateStack(nodeGroupDefaultImds, [group({ amiType: "AL2_x86_64" })], { maxHopLimit: 2 })).violations, []);
        assert.match((await validateStack(nodeGroupDefaultImds, [group({ amiType: "AL2_x86_64" })], { maxHopLimit: 1 })).violations[0].message, /httpPutResponseHopLimit 1;/);
    });

    it("cannot say yet when neither the AMI type nor the version is known, or the launch template is unknown", async () => {
        const unset = await validateStack(nodeGroupDefaultImds, [group({})]);
        assert.deepStrictEqual(unset.violations, []);
        assert.match(String(unset.unknown), /the AMI type EKS gives NodeGroup "general"/);
        const unknownType = await validateStack(nodeGroupDefaultImds, [group({ amiType: UNKNOWN })]);
        assert.ok(unknownType.unknown);
        // A launch template created in the same update is a launch template: judged by eks-nodes-imdsv2.
        const unknownTemplate = await validateStack(nodeGroupDefaultImds, [group({ amiType: "AL2_x86_64", launchTemplate: UNKNOWN })]);
        assert.deepStrictEqual([unknownTemplate.violations, unknownTemplate.unknown], [[], undefined]);
    });
});
