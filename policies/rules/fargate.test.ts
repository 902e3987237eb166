import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { eksComponentCluster } from "../testing/fixtures";
import { UNKNOWN, urnOf, validate } from "../testing/validate";
import { fargateProfileShape } from "./fargate";

const profile = (props: Record<string, unknown>) => ({
    type: AWS.fargateProfile,
    name: "apps",
    props: { clusterName: "prod", podExecutionRoleArn: "arn:aws:iam::111122223333:role/fargate", subnetIds: ["subnet-1"], fargateProfileName: "apps", ...props },
});

describe("eks-fargate-profile-shape", () => {
    it("passes up to five selectors with namespaces", async () => {
        const selectors = [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }, { namespace: "payments" }];
        assert.deepStrictEqual((await validate(fargateProfileShape, profile({ selectors }))).violations, []);
    });

    it("flags a profile without selectors and one with six", async () => {
        const none = profile({ selectors: [] });
        const { violations } = await validate(fargateProfileShape, none);
        assert.strictEqual(violations[0].urn, urnOf(none));
        assert.match(violations[0].message, /Fargate profile "apps" has 0 selectors; EKS requires 1 to 5/);
        const six = await validate(fargateProfileShape, profile({ selectors: Array.from({ length: 6 }, (_, i) => ({ namespace: `ns${i}` })) }));
        assert.match(six.violations[0].message, /has 6 selectors/);
    });

    it("flags a selector without namespace and one with six labels", async () => {
        const labels = { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6" };
        const { violations } = await validate(fargateProfileShape, profile({ selectors: [{ labels: { app: "web" } }, { namespace: "apps", labels }] }));
        assert.match(violations[0].message, /selector 0 has no namespace/);
        assert.match(violations[1].message, /selector 1 has 6 labels; EKS allows 5/);
    });

    it("flags a name starting with eks-", async () => {
        const { violations } = await validate(fargateProfileShape, profile({ fargateProfileName: "eks-apps", selectors: [{ namespace: "apps" }] }));
        assert.match(violations[0].message, /is named "eks-apps"; EKS reserves the "eks-" prefix/);
    });

    it("reports an unknown namespace through the framework", async () => {
        const outcome = await validate(fargateProfileShape, profile({ selectors: [{ namespace: UNKNOWN }] }));
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(outcome.unknown);
    });

    it("leaves a @pulumi/eks cluster's fargate option to the Fargate profile it creates", async () => {
        const component = await validate(fargateProfileShape, eksComponentCluster({ fargate: { selectors: [] } }));
        assert.deepStrictEqual(component.violations, []);
        assert.strictEqual(component.notApplicable, "Policy only applies to resources of type 'aws:eks/fargateProfile:FargateProfile'");
    });
});
