import * as assert from "assert";
import { AUTONAME_SUFFIX_LENGTH, IAM_ROLE_NAME_LIMIT, NODE_GROUP_NAME_LIMIT } from "../config/resourceNames";
import { load, nodeGroup, problemsOf, qualifiedConfig } from "./support/configFixtures";
import { ofType, runProgram } from "./support/mockProgram";

// Every name limit, checked on what the program declares: an auto-named resource's AWS name is its
// logical name plus Pulumi's 8-character suffix.
const everything = {
    fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps" }] }],
    "cluster.endpoint.accessHost": "true",
    addonRoles: { ebsCsi: true, clusterAutoscaler: true, loadBalancerController: true, externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"] } },
    "cluster.addons": ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent", "aws-ebs-csi-driver"],
};
const LONGEST_ROLE_PART = "-addons-load-balancer-controller".length;
const longestCluster = "c".repeat(IAM_ROLE_NAME_LIMIT - AUTONAME_SUFFIX_LENGTH - LONGEST_ROLE_PART);

describe("names within AWS limits", () => {
    it("fit for the longest cluster and node group names config allows", async () => {
        const group = "g".repeat(NODE_GROUP_NAME_LIMIT - AUTONAME_SUFFIX_LENGTH - longestCluster.length - "-".length - "-node".length + 4);
        const overrides = { ...everything, "cluster.name": longestCluster, nodeGroups: nodeGroup({ name: group.slice(0, IAM_ROLE_NAME_LIMIT - AUTONAME_SUFFIX_LENGTH - longestCluster.length - "--node".length) }) };
        const run = await runProgram(qualifiedConfig(overrides));
        for (const role of ofType(run, "aws:iam/role:Role")) {
            assert.ok(role.name.length + AUTONAME_SUFFIX_LENGTH <= IAM_ROLE_NAME_LIMIT, `${role.name}: ${role.name.length + AUTONAME_SUFFIX_LENGTH}`);
        }
        for (const group of ofType(run, "aws:eks/nodeGroup:NodeGroup")) {
            assert.ok(group.name.length + AUTONAME_SUFFIX_LENGTH <= NODE_GROUP_NAME_LIMIT, group.name);
        }
        assert.ok(ofType(run, "aws:iam/role:Role").some((r) => r.name.length + AUTONAME_SUFFIX_LENGTH === IAM_ROLE_NAME_LIMIT), "the longest role name is exactly at the limit");
    });

    it("refuses a cluster name one character too long, saying how long it may be", () => {
        const problems = problemsOf({ ...everything, "cluster.name": `${longestCluster}c` });
        const problem = problems.find((p) => p.key === "eks-platform:cluster.name")!;
        assert.ok(problem, problems.map((p) => p.key).join());
        assert.match(problem.allowed, new RegExp(`makes the IAM role name "${longestCluster}c-addons-load-balancer-controller" 65 characters with Pulumi's 8-character auto-name suffix, over the AWS limit of 64; use at most ${longestCluster.length} characters here`));
    });

    it("allows a longer cluster name when no long role name is declared (limits follow the config)", () => {
        // The Fargate pod execution role is the longest name of this config: 34 characters fit.
        const fargate = { fargateProfiles: [{ name: "apps", selectors: [{ namespace: "apps" }] }] };
        assert.deepStrictEqual(problemsOf({ ...fargate, "cluster.name": "c".repeat(35) }).map((p) => p.key), ["eks-platform:cluster.name"]);
        assert.strictEqual(load({ ...fargate, "cluster.name": "c".repeat(34) }).cluster.name.length, 34);
        assert.strictEqual(load({ "cluster.name": "c".repeat(42) }).cluster.name.length, 42, "without Fargate, the node role of the base node group binds");
    });

    it("refuses a node group name whose node role or node group name would not fit", () => {
        const problems = problemsOf({ "cluster.name": "eks-platform-prod", nodeGroups: nodeGroup({ name: "n".repeat(40) }) });
        const problem = problems.find((p) => p.key === "eks-platform:nodeGroups[0].name")!;
        assert.match(problem.allowed, /makes the IAM role name "eks-platform-prod-n{40}-node" 71 characters .* use at most 33 characters here/);
    });
});
