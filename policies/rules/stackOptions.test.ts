import * as assert from "assert";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { eksStack } from "../testing/stackFixture";
import { stackUrn, validateStack } from "../testing/validateStack";
import { protectStateful } from "./protection";
import { runningKubernetesVersion } from "./runningVersion";
import { UNKNOWN } from "../testing/validate";
import { elbSubnetTags, INTERNAL_ELB_TAG } from "./subnetTags";

describe("eks-elb-subnet-tags", () => {
    it("passes subnets tagged for their routing", async () => {
        for (const knownIds of [true, false]) {
            assert.deepStrictEqual((await validateStack(elbSubnetTags, eksStack({ knownIds }).resources)).violations, []);
        }
    });

    it("flags a private subnet without internal-elb and a public one without elb", async () => {
        const fixture = eksStack();
        fixture.get("private-us-east-1a").props.tags = {};
        fixture.get("public-us-east-1b").props.tags = { [INTERNAL_ELB_TAG]: "1" };
        const { violations } = await validateStack(elbSubnetTags, fixture.resources);
        assert.strictEqual(violations.length, 2);
        assert.match(violations[0].message, /Subnet "public-us-east-1b" is public but lacks the tag kubernetes\.io\/role\/elb=1/);
        assert.strictEqual(violations[1].urn, stackUrn(AWS.subnet, "private-us-east-1a"));
        assert.match(violations[1].message, /is private but lacks the tag kubernetes\.io\/role\/internal-elb=1: other subnets of its VPC carry role tags, so the AWS Load Balancer Controller places internal load balancers only in tagged subnets, never in this one\./);
    });

    it("leaves the pod subnets of custom networking untagged, and cannot tell them while the vpc-cni configuration is unknown", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(AWS.subnet, "pods-us-east-1a", { cidrBlock: "100.64.0.0/19", availabilityZone: "us-east-1a", tags: {} }, { vpcId: "vpc" });
        fixture.add(NETWORK.routeTableAssociation, "assoc-pods-us-east-1a", {}, { subnetId: "pods-us-east-1a", routeTableId: "rt-private-us-east-1a" });
        const configuration = JSON.stringify({ env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true" }, eniConfig: { create: true, region: "us-east-1", subnets: { "us-east-1a": { id: "pods-us-east-1a-id" } } } });
        fixture.add(AWS.cluster.replace("cluster:Cluster", "addon:Addon"), "vpc-cni", { addonName: "vpc-cni", configurationValues: configuration }, { clusterName: "cluster.name" });
        assert.deepStrictEqual(await validateStack(elbSubnetTags, fixture.resources), { violations: [] });
        fixture.get("vpc-cni").props.configurationValues = UNKNOWN;
        const outcome = await validateStack(elbSubnetTags, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /whether Subnet "pods-us-east-1a" is a pod subnet of Addon "vpc-cni"/);
        fixture.remove("vpc-cni");
        assert.deepStrictEqual((await validateStack(elbSubnetTags, fixture.resources)).violations.map((v) => v.urn), [stackUrn(AWS.subnet, "pods-us-east-1a")], "without custom networking it is a private subnet like the others");
    });

    it("says what a VPC without any role tag means: the controller 2.12.1+ chooses by routing, older ones find none", async () => {
        const fixture = eksStack();
        for (const subnet of fixture.resources.filter((r) => r.type === AWS.subnet)) {
            subnet.props.tags = {};
        }
        const { violations } = await validateStack(elbSubnetTags, fixture.resources);
        assert.ok(violations.length > 0);
        assert.ok(violations.every((v) => /no subnet of its VPC carries a role tag: the AWS Load Balancer Controller 2\.12\.1 and later then chooses subnets by their routing, but earlier versions and the in-tree service controller find none for (internet-facing|internal) load balancers\. Add the tag/.test(v.message)), violations[0].message);
    });

    it("takes an empty tag value as the controller does (\"1\" or empty)", async () => {
        const fixture = eksStack();
        fixture.get("private-us-east-1a").props.tags = { [INTERNAL_ELB_TAG]: "" };
        assert.deepStrictEqual((await validateStack(elbSubnetTags, fixture.resources)).violations, []);
        fixture.get("private-us-east-1a").props.tags = { [INTERNAL_ELB_TAG]: "yes" };
        assert.strictEqual((await validateStack(elbSubnetTags, fixture.resources)).violations.length, 1);
    });

    it("is advisory by default: a stack without load balancers loses nothing", () => {
        assert.strictEqual(elbSubnetTags.enforcementLevel, "advisory");
    });

    it("remediates by adding the tag of the role the subnet declares", async () => {
        const remediate = elbSubnetTags.remediateResource!;
        const args = (name: string, props: Record<string, unknown>) => ({ type: AWS.subnet, name, props, getConfig: () => ({}) }) as any;
        assert.deepStrictEqual((await remediate(args("eks-private-us-east-1a", { cidrBlock: "10.0.0.0/19", tags: { team: "a" } })))!.tags, { team: "a", [INTERNAL_ELB_TAG]: "1" });
        assert.deepStrictEqual((await remediate(args("edge", { mapPublicIpOnLaunch: true })))!.tags, { "kubernetes.io/role/elb": "1" });
        assert.strictEqual(await remediate(args("edge", { cidrBlock: "10.0.0.0/24" })), undefined, "no guess when the subnet does not say");
        assert.strictEqual(await remediate(args("x-private", { tags: { [INTERNAL_ELB_TAG]: "1" } })), undefined, "already tagged");
    });

    it("ignores subnets outside EKS VPCs", async () => {
        const fixture = eksStack();
        fixture.add(AWS.vpc, "other-vpc", { cidrBlock: "10.9.0.0/16" });
        fixture.add(AWS.subnet, "other-subnet", { cidrBlock: "10.9.0.0/24", availabilityZone: "us-east-1a" }, { vpcId: "other-vpc" });
        assert.deepStrictEqual((await validateStack(elbSubnetTags, fixture.resources)).violations, []);
    });
});

describe("eks-protect-stateful", () => {
    it("does not apply unless protection is required", async () => {
        assert.ok((await validateStack(protectStateful, eksStack().resources)).notApplicable);
    });

    it("flags an unprotected cluster, VPC and KMS key where required", async () => {
        const fixture = eksStack();
        fixture.add(NETWORK.kmsKey, "secrets", { enableKeyRotation: true });
        const { violations } = await validateStack(protectStateful, fixture.resources, { requireProtection: true });
        assert.deepStrictEqual(violations.map((v) => v.urn).sort(), [stackUrn(AWS.vpc, "vpc"), stackUrn(AWS.cluster, "cluster"), stackUrn(NETWORK.kmsKey, "secrets")].sort());
        assert.match(violations[0].message, /is not protected, so a destroy or a replacing change deletes it/);
        for (const name of ["vpc", "cluster", "secrets"]) {
            fixture.get(name).protect = true;
        }
        assert.deepStrictEqual((await validateStack(protectStateful, fixture.resources, { requireProtection: true })).violations, []);
    });
});

describe("eks-running-kubernetes-version", () => {
    const onDay = { evaluationDate: "2026-11-22" };

    it("passes a cluster running a version in standard support", async () => {
        assert.deepStrictEqual(await validateStack(runningKubernetesVersion, eksStack({ knownIds: true }).resources, onDay), { violations: [] });
    });

    it("judges the version a cluster runs, pinned or not: ended, extended, unknown", async () => {
        const fixture = eksStack({ knownIds: true });
        const cluster = fixture.get("cluster");
        cluster.props.version = "1.29";
        let { violations } = await validateStack(runningKubernetesVersion, fixture.resources, onDay);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.cluster, "cluster"));
        assert.match(violations[0].message, /Cluster "cluster" runs Kubernetes 1\.29, past end of extended support \(2026-03-23\)/);
        cluster.props.version = "1.33";
        ({ violations } = await validateStack(runningKubernetesVersion, fixture.resources, onDay));
        assert.match(violations[0].message, /runs Kubernetes 1\.33, in extended support since 2026-07-29 \(6x the cluster-hour price until 2027-07-29\)/);
        assert.deepStrictEqual((await validateStack(runningKubernetesVersion, fixture.resources, { ...onDay, allowExtendedSupport: true })).violations, []);
        cluster.props.version = "1.99";
        ({ violations } = await validateStack(runningKubernetesVersion, fixture.resources, onDay));
        assert.match(violations[0].message, /runs Kubernetes 1\.99, which is not in the EKS version calendar/);
    });

    it("says it cannot know the version a new, unpinned cluster will run", async () => {
        const fixture = eksStack({ knownIds: false });
        delete fixture.get("cluster").props.version;
        fixture.get("cluster").props.version = UNKNOWN;
        const outcome = await validateStack(runningKubernetesVersion, fixture.resources, onDay);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the version Cluster "cluster" will run/);
    });
});

describe("eks-running-kubernetes-version: messages and the evaluation day", () => {
    it("offers the versions in standard support on the evaluation day, and says what an ended version means", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("cluster").props.version = "1.99";
        const unknown = await validateStack(runningKubernetesVersion, fixture.resources, { evaluationDate: "2026-11-22" });
        const offered = unknown.violations[0].message.split("standard support: ")[1].replace(/\.$/, "").split(", ");
        assert.ok(offered.includes("1.35") && offered.includes("1.36") && !offered.includes("1.33"), offered.join(", "));
        fixture.get("cluster").props.version = "1.29";
        const ended = await validateStack(runningKubernetesVersion, fixture.resources, { evaluationDate: "2026-11-22" });
        assert.match(ended.violations[0].message, /EKS upgrades its control plane on its own schedule, and nodes left behind fall out of the supported skew\. Upgrade to [0-9., ]+, nodes and add-ons included\.$/);
    });

    it("judges a version by the configured day: in standard support on one day, extended on a later one", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("cluster").props.version = "1.34";
        assert.deepStrictEqual((await validateStack(runningKubernetesVersion, fixture.resources, { evaluationDate: "2026-12-02" })).violations, []);
        assert.strictEqual((await validateStack(runningKubernetesVersion, fixture.resources, { evaluationDate: "2026-12-03" })).violations.length, 1);
    });

    it("waits for a cluster whose version is null (not pinned, not created yet)", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("cluster").props.version = null;
        assert.match((await validateStack(runningKubernetesVersion, fixture.resources)).unknown!, /the version Cluster "cluster" will run/);
    });
});
