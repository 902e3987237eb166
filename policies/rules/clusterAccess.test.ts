import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { UNKNOWN, validate } from "../testing/validate";
import { clusterAdminPrincipals } from "./clusterAccess";

const ADMIN = "arn:aws:iam::210987654321:role/platform-admin";
const TEAM = "arn:aws:iam::210987654321:role/app-team";
const association = (principalArn: string, policy: string, accessScope: Record<string, unknown>) => ({
    type: AWS.accessPolicyAssociation,
    name: "grant",
    props: { clusterName: "c", principalArn, policyArn: `arn:aws:eks::aws:cluster-access-policy/${policy}`, accessScope },
});
const settings = { adminPrincipalArns: [ADMIN] };

describe("eks-cluster-admin-principals", () => {
    it("passes cluster admin access for a listed admin, and team policies or namespace scopes for anyone", async () => {
        for (const subject of [
            association(ADMIN, "AmazonEKSClusterAdminPolicy", { type: "cluster" }),
            association(TEAM, "AmazonEKSEditPolicy", { type: "cluster" }),
            association(TEAM, "AmazonEKSViewPolicy", { type: "cluster" }),
            association(TEAM, "AmazonEKSAdminPolicy", { type: "namespace", namespaces: ["payments"] }),
        ]) {
            assert.deepStrictEqual((await validate(clusterAdminPrincipals, subject, settings)).violations, [], JSON.stringify(subject.props));
        }
    });

    it("flags cluster-wide admin and cluster admin policies for a principal the environment does not list", async () => {
        for (const policy of ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy"]) {
            const { violations } = await validate(clusterAdminPrincipals, association(TEAM, policy, { type: "cluster" }), settings);
            assert.strictEqual(violations.length, 1, policy);
            assert.strictEqual(
                violations[0].message,
                `AccessPolicyAssociation "grant" gives ${TEAM} ${policy} on the whole cluster, but this environment's admins are ${ADMIN}. ` +
                    "Give it AmazonEKSEditPolicy or AmazonEKSViewPolicy, or a namespace scope (cluster.accessEntries[].namespaces), or list it in adminPrincipalArns of the policy config.",
            );
        }
    });

    it("does not apply where the environment lists no admins, nor to other resource types", async () => {
        assert.match((await validate(clusterAdminPrincipals, association(TEAM, "AmazonEKSClusterAdminPolicy", { type: "cluster" }))).notApplicable ?? "", /no adminPrincipalArns are configured/);
        assert.ok((await validate(clusterAdminPrincipals, { type: AWS.cluster, props: {} }, settings)).notApplicable);
    });

    it("waits for a principal created in the same update", async () => {
        const outcome = await validate(clusterAdminPrincipals, association(UNKNOWN, "AmazonEKSClusterAdminPolicy", { type: "cluster" }), settings);
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(outcome.unknown, "can't run during preview");
    });
});
