// Every rule over every resource of real `pulumi stack export` files (EKS stacks deployed by the
// pulumi-eks project's tests): real `__defaults`, awsx networking and @pulumi/eks children.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { resourcePolicies } from "../policies/rules";
import { PolicyOutcome, validate } from "../policies/testing/validate";

const EXPORTS = path.join(__dirname, "fixtures", "stack-exports");
const EVALUATION = { evaluationDate: "2026-11-22" };

interface ExportedResource {
    urn: string;
    type: string;
    custom: boolean;
    inputs?: Record<string, unknown>;
}

function resourcesOf(file: string): ExportedResource[] {
    return JSON.parse(fs.readFileSync(path.join(EXPORTS, file), "utf8")).deployment.resources;
}

async function outcomes(file: string): Promise<Map<string, PolicyOutcome>> {
    const results = new Map<string, PolicyOutcome>();
    for (const resource of resourcesOf(file).filter((r) => r.custom && r.inputs)) {
        for (const policy of resourcePolicies) {
            const outcome = await validate(policy, { type: resource.type, props: resource.inputs!, name: resource.urn.split("::").pop(), urn: resource.urn }, EVALUATION);
            results.set(`${policy.name} ${resource.urn}`, outcome);
        }
    }
    return results;
}

const find = (results: Map<string, PolicyOutcome>, policy: string, urnSuffix: string): PolicyOutcome[] =>
    [...results].filter(([key]) => key.startsWith(`${policy} `) && key.endsWith(urnSuffix)).map(([, outcome]) => outcome);

describe("rules over real stack exports", () => {
    for (const file of fs.readdirSync(EXPORTS).filter((f) => f.endsWith(".json"))) {
        it(`${file}: every rule runs on every resource without error`, async () => {
            const results = await outcomes(file);
            assert.ok(results.size > 1000, `${results.size} rule runs`);
        });
    }

    it("accepts the awsx VPC whose DNS support the provider defaulted", async () => {
        const results = await outcomes("pulumi-eks-managed-nodegroups.json");
        const [vpc] = find(results, "ec2-vpc-dns-enabled", "aws:ec2/vpc:Vpc::eks-vpc");
        assert.deepStrictEqual(vpc.violations, []);
    });

    it("flags the hop limit of 2 in the launch templates @pulumi/eks makes, which otherwise require IMDSv2", async () => {
        const results = await outcomes("pulumi-eks-managed-nodegroups.json");
        const templates = find(results, "eks-nodes-imdsv2", "-launchTemplate");
        assert.strictEqual(templates.length, 3);
        for (const template of templates) {
            assert.deepStrictEqual(template.violations.map((v) => v.message.replace(/"[^"]+"/, "X")), [
                "Launch template X sets metadataOptions.httpPutResponseHopLimit to 2, above 1, so pods can reach the node's metadata and role. Set it to 1 or less, and give add-ons that need AWS access their own role with EKS Pod Identity.",
            ]);
        }
    });

    it("judges the clusters and node groups @pulumi/eks components created, phrased for @pulumi/eks", async () => {
        const results = await outcomes("pulumi-eks-managed-nodegroups.json");
        const [cluster] = find(results, "eks-endpoint-access-explicit", "aws:eks/cluster:Cluster::example-managed-nodegroups-eksCluster");
        assert.deepStrictEqual(cluster.violations.map((v) => v.message), [
            'EKS cluster "example-managed-nodegroups-eksCluster" (created by a @pulumi/eks Cluster) leaves the @pulumi/eks Cluster\'s endpointPublicAccess and the @pulumi/eks Cluster\'s endpointPrivateAccess to the AWS default (public endpoint on, private off). Set both the @pulumi/eks Cluster\'s endpointPublicAccess and the @pulumi/eks Cluster\'s endpointPrivateAccess explicitly.',
        ]);
        const [nodeGroup] = find(results, "eks-nodegroup-scaling", "aws:eks/nodeGroup:NodeGroup::example-managed-ng1");
        assert.strictEqual(nodeGroup.notApplicable, undefined);
        assert.deepStrictEqual(nodeGroup.violations, []);
    });

    it("flags what @pulumi/eks leaves open on the cluster it creates, once: CONFIG_MAP, under which EKS requires the creator's admin", async () => {
        const resources = resourcesOf("pulumi-eks-managed-nodegroups.json");
        const cluster = resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
        const authentication = resourcePolicies.find((p) => p.name === "eks-authentication-mode")!;
        const outcome = await validate(authentication, { type: cluster.type, props: cluster.inputs!, urn: cluster.urn, name: "example" }, { forbidCreatorAdmin: true });
        // One finding on the cluster (the component is not judged too): the creator's admin cannot go while the mode is CONFIG_MAP.
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(outcome.violations[0].message, /uses authentication mode CONFIG_MAP \(the AWS default\).*Set the @pulumi\/eks Cluster's authenticationMode.*Then the creator's implicit admin can go too: EKS requires it under CONFIG_MAP\.$/);
    });
});
