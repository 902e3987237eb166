// teams under the mock runtime: a team's access entries scoped to its namespaces, and its workloads'
// roles, trust, permissions and Pod Identity associations; adding a team renames nothing.
import * as assert from "assert";
import { qualifiedConfig } from "./support/configFixtures";
import { DeclaredResource, ofType, ProgramRun, runProgram } from "./support/mockProgram";

const PAYMENTS = {
    name: "payments",
    namespaces: ["payments", "payments-jobs"],
    principals: [{ principalArn: "arn:aws:iam::210987654321:role/payments-developers" }],
    workloads: [
        { serviceAccount: "api", policyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"], statements: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:us-east-1:210987654321:orders"] }] },
        { serviceAccount: "reports", namespace: "payments-jobs", targetRoleArn: "arn:aws:iam::444455556666:role/reports-reader" },
    ],
};

const urns = (run: ProgramRun) => run.resources.map((r) => r.urn);
const byName = (run: ProgramRun, type: string, suffix: string): DeclaredResource => ofType(run, type).find((r) => r.name.endsWith(suffix))!;

describe("teams", function () {
    this.timeout(60_000);

    it("gives the team's principals access entries with their policy scoped to the team's namespaces", async () => {
        const run = await runProgram(qualifiedConfig({ teams: [PAYMENTS] }));
        const entry = ofType(run, "aws:eks/accessEntry:AccessEntry").find((e) => e.inputs.principalArn === PAYMENTS.principals[0].principalArn)!;
        assert.strictEqual(entry.inputs.type, "STANDARD");
        const association = ofType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").find((a) => a.inputs.principalArn === PAYMENTS.principals[0].principalArn)!;
        assert.deepStrictEqual([association.inputs.policyArn, association.inputs.accessScope], ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", { type: "namespace", namespaces: ["payments", "payments-jobs"] }]);
        assert.ok(association.dependsOnUrns.includes(entry.urn));
    });

    it("binds each workload's role to its service account only, with its permissions", async () => {
        const run = await runProgram(qualifiedConfig({ teams: [PAYMENTS] }));
        const api = byName(run, "aws:iam/role:Role", "-payments-api-pod");
        const condition = JSON.parse(api.inputs.assumeRolePolicy).Statement[0].Condition.StringEquals;
        assert.deepStrictEqual([condition["aws:RequestTag/kubernetes-namespace"], condition["aws:RequestTag/kubernetes-service-account"]], ["payments", "api"]);
        assert.strictEqual(api.inputs.tags["eks-platform:team-namespaces"], "payments payments-jobs");
        const attached = ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === api.outputs.name).map((a) => a.inputs.policyArn);
        assert.deepStrictEqual(attached, ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]);
        const inline = ofType(run, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === api.outputs.name)!;
        assert.deepStrictEqual(JSON.parse(inline.inputs.policy).Statement, [{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:us-east-1:210987654321:orders"] }]);
        const association = ofType(run, "aws:eks/podIdentityAssociation:PodIdentityAssociation").find((a) => a.inputs.serviceAccount === "api")!;
        assert.deepStrictEqual([association.inputs.namespace, association.inputs.roleArn, association.inputs.targetRoleArn], ["payments", api.outputs.arn, undefined]);
    });

    it("lets a workload's role assume its cross-account target role, which the association names", async () => {
        const run = await runProgram(qualifiedConfig({ teams: [PAYMENTS] }));
        const reports = byName(run, "aws:iam/role:Role", "-payments-jobs-reports-pod");
        const inline = ofType(run, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === reports.outputs.name)!;
        assert.deepStrictEqual(JSON.parse(inline.inputs.policy).Statement, [{ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: ["arn:aws:iam::444455556666:role/reports-reader"] }]);
        const association = ofType(run, "aws:eks/podIdentityAssociation:PodIdentityAssociation").find((a) => a.inputs.serviceAccount === "reports")!;
        assert.deepStrictEqual([association.inputs.namespace, association.inputs.targetRoleArn], ["payments-jobs", "arn:aws:iam::444455556666:role/reports-reader"]);
    });

    it("renames nothing when a team is added before another", async () => {
        const one = await runProgram(qualifiedConfig({ teams: [PAYMENTS] }));
        const two = await runProgram(qualifiedConfig({ teams: [{ name: "orders", namespaces: ["orders"], workloads: [{ serviceAccount: "api", policyArns: ["arn:aws:iam::aws:policy/AmazonSQSFullAccess"] }] }, PAYMENTS] }));
        const missing = urns(one).filter((urn) => !urns(two).includes(urn));
        assert.deepStrictEqual(missing, []);
    });
});
