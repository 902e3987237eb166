import * as assert from "assert";
import { StackContext } from "./stackContext";
import { cniSettingsOf, podSubnetIdsOf } from "./vpcCni";
import { eksStack, StackFixture } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { toPolicyResources } from "../testing/validateStack";

const ADDON = "aws:eks/addon:Addon";
const context = (fixture: StackFixture) => new StackContext({ resources: toPolicyResources(fixture.resources) } as never);
const settingsOf = (fixture: StackFixture) => {
    const ctx = context(fixture);
    return cniSettingsOf(ctx, ctx.graph.ofType("aws:eks/nodeGroup:NodeGroup")[0]);
};
const withConfiguration = (configurationValues: unknown, fixture = eksStack({ knownIds: true })) => {
    fixture.add(ADDON, "vpc-cni", { addonName: "vpc-cni", ...(configurationValues === undefined ? {} : { configurationValues }) }, { clusterName: "cluster.name" });
    return fixture;
};

describe("the VPC CNI as the pack reads it", () => {
    it("reads prefix delegation and its warm target from the add-on's environment, defaults where it says nothing usable", () => {
        const env = (values: Record<string, unknown>) => settingsOf(withConfiguration(JSON.stringify({ env: values })));
        assert.deepStrictEqual(env({ ENABLE_PREFIX_DELEGATION: "true" }), { prefixes: { warmPrefixes: 1 } });
        assert.deepStrictEqual(env({ ENABLE_PREFIX_DELEGATION: "TRUE", WARM_PREFIX_TARGET: "2" }), { prefixes: { warmPrefixes: 2 } });
        for (const warm of ["0", "-1", "1.5", "many"]) {
            assert.deepStrictEqual(env({ ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: warm }), { prefixes: { warmPrefixes: 1 } }, warm);
        }
        assert.deepStrictEqual(env({ ENABLE_PREFIX_DELEGATION: "false" }), { prefixes: false });
        for (const text of [undefined, "", "  ", "{not json", JSON.stringify({ env: ["ENABLE_PREFIX_DELEGATION"] }), JSON.stringify(null)]) {
            assert.deepStrictEqual(settingsOf(withConfiguration(text)), { prefixes: false }, String(text));
        }
        assert.deepStrictEqual(settingsOf(eksStack({ knownIds: true })), { prefixes: false }, "no vpc-cni add-on: its defaults");
        assert.strictEqual(settingsOf(withConfiguration(UNKNOWN)), undefined);
    });

    it("reads custom networking and the ENIConfigs the add-on creates, by zone", () => {
        const custom = (eniConfig: unknown) => settingsOf(withConfiguration(JSON.stringify({ env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true" }, eniConfig })));
        assert.deepStrictEqual(custom({ create: true, region: "us-east-1", subnets: { "us-east-1a": { id: "subnet-a" }, "us-east-1b": { securityGroups: [] }, "us-east-1c": null } }), {
            prefixes: false,
            customNetworking: { podSubnetIds: { "us-east-1a": "subnet-a" } },
        });
        assert.deepStrictEqual(custom({ create: false, subnets: { "us-east-1a": { id: "subnet-a" } } }), { prefixes: false, customNetworking: {} }, "ENIConfigs made elsewhere");
        assert.deepStrictEqual(custom(undefined), { prefixes: false, customNetworking: {} });
        assert.deepStrictEqual(custom({ create: true, subnets: "subnet-a" }), { prefixes: false, customNetworking: {} });
    });

    it("takes the add-on of the node group's own cluster when a stack has several", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add("aws:eks/cluster:Cluster", "other", { name: "other", version: "1.35" });
        fixture.add(ADDON, "other-vpc-cni", { addonName: "vpc-cni", configurationValues: JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: "true" } }) }, { clusterName: "other.name" });
        fixture.add(ADDON, "vpc-cni", { addonName: "vpc-cni" }, { clusterName: "cluster.name" });
        fixture.add(ADDON, "coredns", { addonName: "coredns", configurationValues: JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: "true" } }) }, { clusterName: "cluster.name" });
        assert.deepStrictEqual(settingsOf(fixture), { prefixes: false });
        fixture.get("general").props.clusterName = "other";
        fixture.get("general").deps!.clusterName = ["other"];
        assert.deepStrictEqual(settingsOf(fixture), { prefixes: { warmPrefixes: 1 } });
    });

    it("collects every pod subnet the stack's vpc-cni add-ons name, and the add-ons it cannot read", () => {
        const fixture = withConfiguration(JSON.stringify({ env: {}, eniConfig: { create: true, subnets: { a: { id: "subnet-a" }, b: { id: 7 }, c: {} } } }));
        fixture.add(ADDON, "second", { addonName: "vpc-cni", configurationValues: JSON.stringify({ env: {}, eniConfig: { create: true, subnets: { d: { id: "subnet-d" } } } }) }, { clusterName: "cluster.name" });
        fixture.add(ADDON, "third", { addonName: "vpc-cni", configurationValues: UNKNOWN }, { clusterName: "cluster.name" });
        fixture.add(ADDON, "coredns", { addonName: "coredns", configurationValues: JSON.stringify({ eniConfig: { subnets: { e: { id: "subnet-e" } } } }) }, { clusterName: "cluster.name" });
        fixture.add(ADDON, "plain", { addonName: "vpc-cni", configurationValues: JSON.stringify({ eniConfig: { subnets: "subnet-f" } }) }, { clusterName: "cluster.name" });
        const { ids, unknownAddons } = podSubnetIdsOf(context(fixture));
        assert.deepStrictEqual([...ids].sort(), ["subnet-a", "subnet-d"]);
        assert.deepStrictEqual(unknownAddons.map((a) => a.name), ["third"]);
    });
});
