import * as assert from "assert";
import { nodeGroupInputs } from "./nodeGroupInputs";
import { AWS, PULUMI_EKS } from "./resourceTypes";

const args = (type: string, urn: string) =>
    ({
        type,
        name: "general",
        urn,
        props: { instanceTypes: ["m6i.large"] },
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    }) as never;

describe("nodeGroupInputs", () => {
    it("is not applicable to anything but a managed node group", () => {
        assert.throws(() => nodeGroupInputs(args(AWS.cluster, "urn:pulumi:s::p::aws:eks/cluster:Cluster::c")), /^Error: not applicable: applies to aws:eks\/nodeGroup:NodeGroup$/);
    });

    it("names a node group, and says where to fix one @pulumi/eks created", () => {
        assert.strictEqual(nodeGroupInputs(args(AWS.nodeGroup, `urn:pulumi:s::p::${AWS.nodeGroup}::general`)).label, 'EKS node group "general"');
        for (const parent of [PULUMI_EKS.managedNodeGroup, PULUMI_EKS.cluster]) {
            assert.strictEqual(
                nodeGroupInputs(args(AWS.nodeGroup, `urn:pulumi:s::p::${parent}$${AWS.nodeGroup}::general`)).label,
                'EKS node group "general" (created by @pulumi/eks; set it in its node group arguments)',
            );
        }
    });
});
