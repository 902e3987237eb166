// cluster.vpcCni.prefixDelegation under the mock runtime: the vpc-cni add-on's configuration, set
// before the node groups exist (EKS computes their max pods from it), and what --compare says.
import * as assert from "assert";
import { comparePlans, PlannedResource } from "../offline/planChanges";
import { qualifiedConfig } from "./support/configFixtures";
import { ofType, runProgram } from "./support/mockProgram";

const ADDON = "aws:eks/addon:Addon";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

describe("VPC CNI prefix delegation (cluster.vpcCni.prefixDelegation)", function () {
    this.timeout(60_000);

    it("configures the vpc-cni add-on for /28 prefixes with one warm prefix, before the node groups are created", async () => {
        const run = await runProgram(qualifiedConfig({ "cluster.vpcCni.prefixDelegation": "true", "cluster.addons": ["vpc-cni@v1.19.2-eksbuild.1", "kube-proxy", "coredns", "eks-pod-identity-agent"] }));
        const vpcCni = ofType(run, ADDON).find((a) => a.inputs.addonName === "vpc-cni")!;
        assert.deepStrictEqual(JSON.parse(vpcCni.inputs.configurationValues), { env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" } });
        assert.strictEqual(vpcCni.inputs.addonVersion, "v1.19.2-eksbuild.1");
        for (const group of ofType(run, NODE_GROUP)) {
            assert.ok(group.dependsOnUrns.includes(vpcCni.urn), `${group.name} is created after the vpc-cni add-on`);
        }
        const others = ofType(run, ADDON).filter((a) => a.inputs.addonName !== "vpc-cni");
        assert.ok(others.every((a) => a.inputs.configurationValues === undefined), "only vpc-cni is configured");
    });

    it("leaves the add-on's configuration unset without it", async () => {
        const run = await runProgram(qualifiedConfig({}));
        const vpcCni = ofType(run, ADDON).find((a) => a.inputs.addonName === "vpc-cni")!;
        assert.strictEqual(vpcCni.inputs.configurationValues, undefined);
    });
});

describe("prefix delegation in --compare", () => {
    const vpcCni = (configurationValues?: string): PlannedResource => ({
        urn: "urn:pulumi:p::x::eks-platform:eks:Addons$aws:eks/addon:Addon::c-vpc-cni",
        type: ADDON,
        name: "c-vpc-cni",
        protect: false,
        custom: true,
        inputs: { addonName: "vpc-cni", clusterName: "c", ...(configurationValues ? { configurationValues } : {}) },
    });
    const on = JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" } });

    it("says running nodes keep their max pods until they are replaced, either way", () => {
        for (const [before, after, turned] of [[undefined, on, "on"], [on, undefined, "off"]] as const) {
            const changes = comparePlans([vpcCni(before)], [vpcCni(after)], "base");
            assert.deepStrictEqual(changes.updated.map((u) => u.properties), [["configurationValues"]], "an update in place");
            assert.deepStrictEqual(changes.findings.map((f) => f.level), ["advisory"]);
            assert.match(changes.findings[0].message, new RegExp(`^Addon "c-vpc-cni" turns VPC CNI prefix delegation ${turned}: nodes running now keep the max pods they started with`));
        }
    });

    it("says nothing when another setting of the add-on changes", () => {
        const changes = comparePlans([vpcCni(on)], [vpcCni(JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "2" } }))], "base");
        assert.deepStrictEqual(changes.findings, []);
    });
});

describe("VPC CNI custom networking (network.podCidr)", function () {
    this.timeout(60_000);

    it("associates the pod CIDR, a pod subnet per zone routed like the zone's private subnet, and ENIConfigs through the add-on", async () => {
        const run = await runProgram(qualifiedConfig({ "network.zoneCount": "3", "network.podCidr": "100.64.0.0/16", "cluster.vpcCni.prefixDelegation": "true" }));
        const association = ofType(run, "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation");
        assert.deepStrictEqual(association.map((a) => a.inputs.cidrBlock), ["100.64.0.0/16"]);
        const subnets = ofType(run, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-pods-"));
        assert.deepStrictEqual(subnets.map((s) => [s.inputs.availabilityZone, s.inputs.cidrBlock]), [
            ["us-east-1a", "100.64.0.0/19"],
            ["us-east-1b", "100.64.32.0/19"],
            ["us-east-1c", "100.64.64.0/19"],
        ]);
        assert.ok(subnets.every((s) => s.dependsOnUrns.includes(association[0].urn)), "created once the block is associated");
        const routes = ofType(run, "aws:ec2/routeTableAssociation:RouteTableAssociation");
        for (const subnet of subnets) {
            const zone = subnet.inputs.availabilityZone;
            const link = routes.find((r) => r.inputs.subnetId === subnet.outputs.id)!;
            const privateLink = routes.find((r) => r.name.endsWith(`-private-${zone}`))!;
            assert.strictEqual(link.inputs.routeTableId, privateLink.inputs.routeTableId, `${zone}: the private route table`);
        }
        const vpcCni = ofType(run, ADDON).find((a) => a.inputs.addonName === "vpc-cni")!;
        assert.deepStrictEqual(JSON.parse(vpcCni.inputs.configurationValues), {
            env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1", AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" },
            eniConfig: { create: true, region: "us-east-1", subnets: Object.fromEntries(subnets.map((s) => [s.inputs.availabilityZone, { id: s.outputs.id }])) },
        });
        assert.ok(ofType(run, NODE_GROUP).every((g) => g.dependsOnUrns.includes(vpcCni.urn)), "nodes start with the ENIConfigs in place");
    });
});
