// Unit tests of offline/rollout.ts: a Kubernetes version change spelled out as the rollout pulumi up
// starts, from hand-made plans (no program run).
import * as assert from "assert";
import { UNKNOWN } from "../offline/mockRun";
import type { PlanChanges, PlannedResource, PropertyChange, Replacement, Update } from "../offline/planChanges";
import { RolloutFacts, rolloutFacts, versionRollouts } from "../offline/rollout";

const CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ADDON = "aws:eks/addon:Addon";
const FARGATE = "aws:eks/fargateProfile:FargateProfile";

const urnOf = (type: string, name: string) => `urn:pulumi:prod::eks-platform::${type}::${name}`;

function resource(type: string, name: string, inputs: Record<string, unknown> = {}): PlannedResource {
    return { urn: urnOf(type, name), type, name, protect: false, inputs };
}

function updateOf(r: PlannedResource, changes: PropertyChange[]): Update {
    return { urn: r.urn, type: r.type, name: r.name, properties: [...new Set(changes.map((c) => c.path.split(".")[0]))], changes };
}

function replacementOf(r: PlannedResource, properties: string[], first: "create" | "delete"): Replacement {
    return { urn: r.urn, type: r.type, name: r.name, properties, uncertain: false, order: { first, why: "test" }, changes: properties.map((p) => ({ path: p, before: "a", after: "b" })) };
}

const changesOf = (updated: Update[], replaced: Replacement[] = []): Pick<PlanChanges, "updated" | "replaced"> => ({ updated, replaced });

const versionChange = (before: string, after: string): PropertyChange => ({ path: "version", before, after });

const CONTROL_PLANE = (from: string, to: string) => `EKS upgrades the control plane from ${from} to ${to}, replacing its API server instances one by one`;

/** Facts from explicit tables. */
function factsOf(zones: Record<string, number>, waitsFor: Record<string, string[]> = {}): RolloutFacts {
    const dependsOn = (urn: string, other: string): boolean => (waitsFor[urn] ?? []).some((d) => d === other || dependsOn(d, other));
    return { zonesOf: (urn) => zones[urn], dependsOn };
}

describe("rollout: versionRollouts", () => {
    const cluster = resource(CLUSTER, "prod", { name: "prod", version: "1.36" });

    it("gives no rollout when no cluster's version changes", () => {
        const group = resource(NODE_GROUP, "workers", { clusterName: "prod", version: "1.35" });
        assert.deepStrictEqual(versionRollouts(changesOf([updateOf(cluster, [{ path: "tags.team", before: "a", after: "b" }]), updateOf(group, [versionChange("1.34", "1.35")])]), [cluster, group]), []);
        assert.deepStrictEqual(versionRollouts(changesOf([]), [cluster]), []);
    });

    it("gives from, to and the control plane as the first step", () => {
        const [rollout, ...rest] = versionRollouts(changesOf([updateOf(cluster, [versionChange("1.35", "1.36")])]), [cluster]);
        assert.strictEqual(rest.length, 0);
        assert.deepStrictEqual(rollout.cluster, { urn: cluster.urn, name: "prod" });
        assert.strictEqual(rollout.from, "1.35");
        assert.strictEqual(rollout.to, "1.36");
        assert.deepStrictEqual(rollout.steps, [{ urn: cluster.urn, type: CLUSTER, name: "prod", what: CONTROL_PLANE("1.35", "1.36"), wave: 1 }]);
        assert.deepStrictEqual(rollout.notes, []);
    });

    describe("a node group with a version change", () => {
        const rollOf = (inputs: Record<string, unknown>, zones?: number, change: PropertyChange = versionChange("1.35", "1.36")) => {
            const group = resource(NODE_GROUP, "workers", { clusterName: "prod", version: "1.36", ...inputs });
            const facts = zones === undefined ? undefined : factsOf({ [group.urn]: zones }, { [group.urn]: [cluster.urn] });
            const [rollout] = versionRollouts(changesOf([updateOf(cluster, [versionChange("1.35", "1.36")]), updateOf(group, [change])]), [cluster, group], facts);
            assert.strictEqual(rollout.steps.length, 2);
            assert.strictEqual(rollout.steps[0].type, CLUSTER);
            assert.deepStrictEqual({ ...rollout.steps[1], what: "" }, { urn: group.urn, type: NODE_GROUP, name: "workers", what: "", wave: 2 });
            return rollout.steps[1].what;
        };

        it("rolls its desired nodes one at a time by default, the surge twice its zones", () => {
            assert.strictEqual(
                rollOf({ scalingConfig: { desiredSize: 3, minSize: 2, maxSize: 6 } }, 3),
                "rolls its 3 nodes to 1.36: EKS adds up to 6 new nodes (twice its 3 zones, or maxUnavailable if larger), drains and terminates the old ones 1 at a time (updateConfig.maxUnavailable, default 1), each drain allowed up to 15 minutes, then scales back to 3",
            );
        });

        it("uses maxUnavailable when set, and it as the surge when larger than twice the zones", () => {
            assert.strictEqual(
                rollOf({ scalingConfig: { desiredSize: 10 }, updateConfig: { maxUnavailable: 5 } }, 2),
                "rolls its 10 nodes to 1.36: EKS adds up to 5 new nodes (twice its 2 zones, or maxUnavailable if larger), drains and terminates the old ones 5 at a time (updateConfig.maxUnavailable), each drain allowed up to 15 minutes, then scales back to 10",
            );
            assert.match(rollOf({ scalingConfig: { desiredSize: 1 }, updateConfig: { maxUnavailable: 2 } }, 1), /^rolls its 1 node to 1\.36: EKS adds up to 2 new nodes \(twice its 1 zone, or maxUnavailable if larger\), drains and terminates the old ones 2 at a time \(updateConfig\.maxUnavailable\),/);
        });

        it("uses the percentage when only maxUnavailablePercentage is set, without a surge figure", () => {
            assert.strictEqual(
                rollOf({ scalingConfig: { desiredSize: 4 }, updateConfig: { maxUnavailablePercentage: 25 } }, 3),
                "rolls its 4 nodes to 1.36: EKS adds new nodes (up to twice its zones, or maxUnavailable if larger), drains and terminates the old ones 25% at a time (updateConfig.maxUnavailablePercentage), each drain allowed up to 15 minutes, then scales back to 4",
            );
        });

        it("with the MINIMAL strategy, terminates old nodes before their replacements start, and says the group runs short", () => {
            assert.strictEqual(
                rollOf({ scalingConfig: { desiredSize: 4 }, updateConfig: { maxUnavailable: 2, updateStrategy: "MINIMAL" } }, 2),
                "rolls its 4 nodes to 1.36 with the MINIMAL strategy: EKS drains and terminates the old ones 2 at a time (updateConfig.maxUnavailable) before their replacements start, each drain allowed up to 15 minutes, so the group runs short of that many nodes while it updates",
            );
            assert.match(rollOf({ scalingConfig: { desiredSize: 4 }, updateConfig: { maxUnavailable: 2, updateStrategy: "DEFAULT" } }, 2), /EKS adds up to 4 new nodes/);
        });

        it("says no surge figure when its zones are not known, and no size when its desired size is not", () => {
            assert.strictEqual(
                rollOf({ scalingConfig: { desiredSize: UNKNOWN } }),
                "rolls its nodes to 1.36: EKS adds new nodes (up to twice its zones, or maxUnavailable if larger), drains and terminates the old ones 1 at a time (updateConfig.maxUnavailable, default 1), each drain allowed up to 15 minutes, then scales back",
            );
        });

        it("rolls to the group's own new version, or the cluster's when the group's is not known yet", () => {
            assert.match(rollOf({ scalingConfig: { desiredSize: 2 } }, 2, versionChange("1.34", "1.35")), /^rolls its 2 nodes to 1\.35:/);
            assert.match(rollOf({ scalingConfig: { desiredSize: 2 } }, 2, { path: "version", before: "1.35", after: UNKNOWN, afterUnknown: true }), /^rolls its 2 nodes to 1\.36:/);
        });

        it("counts a releaseVersion change as a version change", () => {
            assert.match(rollOf({ scalingConfig: { desiredSize: 2 } }, 2, { path: "releaseVersion", before: "1.35.0-20260101", after: "1.36.0-20260301" }), /^rolls its 2 nodes to 1\.36:/);
        });
    });

    describe("add-ons", () => {
        it("updates an add-on whose addonVersion changes, moves one with an unknown version to the default, and notes a pinned one", () => {
            const cni = resource(ADDON, "vpc-cni", { clusterName: "prod", addonName: "vpc-cni", addonVersion: "v1.20.0-eksbuild.1" });
            const dns = resource(ADDON, "coredns", { clusterName: "prod", addonName: "coredns", addonVersion: UNKNOWN });
            const proxy = resource(ADDON, "proxy", { clusterName: "prod", addonName: "kube-proxy", addonVersion: "v1.35.0-eksbuild.2" });
            const [rollout] = versionRollouts(
                changesOf([updateOf(cluster, [versionChange("1.35", "1.36")]), updateOf(cni, [{ path: "addonVersion", before: "v1.19.0-eksbuild.1", after: "v1.20.0-eksbuild.1" }])]),
                [cluster, cni, dns, proxy],
            );
            assert.deepStrictEqual(
                rollout.steps.map((s) => [s.name, s.what, s.wave]),
                [
                    ["prod", CONTROL_PLANE("1.35", "1.36"), 1],
                    ["vpc-cni", "pulumi up moves the vpc-cni add-on from v1.19.0-eksbuild.1 to v1.20.0-eksbuild.1", 2],
                    ["coredns", "pulumi up moves the coredns add-on to EKS's default version for 1.36 (pulumi preview names it; offline, EKS cannot be asked)", 2],
                ],
            );
            assert.deepStrictEqual(rollout.notes, ["The kube-proxy add-on stays pinned at v1.35.0-eksbuild.2: check that it supports Kubernetes 1.36"]);
        });

        it("names an add-on by its resource name when addonName is not set, and says 'its current version' when it had none", () => {
            const addon = resource(ADDON, "ebs", { clusterName: "prod", addonVersion: "v1.40.0-eksbuild.1" });
            const [rollout] = versionRollouts(changesOf([updateOf(cluster, [versionChange("1.35", "1.36")]), updateOf(addon, [{ path: "addonVersion", after: "v1.40.0-eksbuild.1" }])]), [cluster, addon]);
            assert.strictEqual(rollout.steps[1].what, "pulumi up moves the ebs add-on from its current version to v1.40.0-eksbuild.1");
        });

        it("moves an add-on whose new addonVersion is computed during the update to the default", () => {
            const addon = resource(ADDON, "coredns", { clusterName: "prod", addonName: "coredns", addonVersion: UNKNOWN });
            const [rollout] = versionRollouts(
                changesOf([updateOf(cluster, [versionChange("1.35", "1.36")]), updateOf(addon, [{ path: "addonVersion", before: "v1.11.0-eksbuild.1", after: UNKNOWN, afterUnknown: true }])]),
                [cluster, addon],
            );
            assert.strictEqual(rollout.steps[1].what, "pulumi up moves the coredns add-on to EKS's default version for 1.36 (pulumi preview names it; offline, EKS cannot be asked)");
        });
    });

    it("says a replaced node group's order: new group first, or old deleted first", () => {
        const a = resource(NODE_GROUP, "a", { clusterName: "prod" });
        const b = resource(NODE_GROUP, "b", { clusterName: "prod" });
        const [rollout] = versionRollouts(changesOf([updateOf(cluster, [versionChange("1.35", "1.36")])], [replacementOf(a, ["amiType"], "create"), replacementOf(b, ["nodeGroupName", "subnetIds"], "delete")]), [cluster, a, b]);
        assert.deepStrictEqual(
            rollout.steps.slice(1).map((s) => [s.name, s.what]),
            [
                ["a", "is replaced (amiType): a new group starts on 1.36; the old one runs beside it until pulumi up deletes it at the end of the update, draining its nodes"],
                ["b", "is replaced (nodeGroupName, subnetIds): the old group is deleted first, draining its nodes, then the new one starts"],
            ],
        );
        assert.deepStrictEqual(rollout.notes, []);
    });

    it("notes a node group that keeps its version", () => {
        const pinned = resource(NODE_GROUP, "pinned", { clusterName: "prod", version: "1.35" });
        const unset = resource(NODE_GROUP, "unset", { clusterName: "prod" });
        const [rollout] = versionRollouts(changesOf([updateOf(cluster, [versionChange("1.35", "1.36")]), updateOf(pinned, [{ path: "scalingConfig.desiredSize", before: 2, after: 3 }])]), [cluster, pinned, unset]);
        assert.strictEqual(rollout.steps.length, 1);
        assert.deepStrictEqual(rollout.notes, [
            'NodeGroup "pinned" keeps its version (1.35): its nodes stay behind the control plane until it is upgraded',
            'NodeGroup "unset" keeps its version (the one it was created with): its nodes stay behind the control plane until it is upgraded',
        ]);
    });

    it("notes Fargate profiles, and Auto Mode", () => {
        const system = resource(FARGATE, "system", { clusterName: "prod" });
        const apps = resource(FARGATE, "apps", { clusterName: "prod" });
        const auto = resource(CLUSTER, "prod", { name: "prod", version: "1.36", computeConfig: { enabled: true } });
        const [rollout] = versionRollouts(changesOf([updateOf(auto, [versionChange("1.35", "1.36")])]), [auto, system, apps]);
        assert.strictEqual(rollout.steps.length, 1);
        assert.deepStrictEqual(rollout.notes, [
            'Fargate pods (profile "system", profile "apps") keep their kubelet version until they are restarted: restart their deployments after the upgrade',
            "EKS Auto Mode then updates its nodes incrementally, on its own",
        ]);
    });

    it("notes a jump of more than one minor version, and a downgrade", () => {
        const [jump] = versionRollouts(changesOf([updateOf(cluster, [versionChange("1.33", "1.35")])]), [cluster]);
        assert.deepStrictEqual(jump.notes, ["EKS upgrades one minor version at a time: 1.33 → 1.35 fails; go through 1.34 first"]);
        const [bigJump] = versionRollouts(changesOf([updateOf(cluster, [versionChange("1.32", "1.35")])]), [cluster]);
        assert.deepStrictEqual(bigJump.notes, ["EKS upgrades one minor version at a time: 1.32 → 1.35 fails; go through 1.33, 1.34 first"]);
        const [down] = versionRollouts(changesOf([updateOf(cluster, [versionChange("1.36", "1.35")])]), [cluster]);
        assert.deepStrictEqual(down.notes, ["EKS cannot downgrade a cluster: 1.36 → 1.35 will fail; create a new cluster instead"]);
        assert.deepStrictEqual([down.from, down.to], ["1.36", "1.35"]);
        assert.strictEqual(down.steps[0].what, CONTROL_PLANE("1.36", "1.35"));
    });

    describe("waves", () => {
        const cni = resource(ADDON, "vpc-cni", { clusterName: "prod", addonName: "vpc-cni", addonVersion: "v1.20.0-eksbuild.1" });
        const dns = resource(ADDON, "coredns", { clusterName: "prod", addonName: "coredns", addonVersion: "v1.12.0-eksbuild.1" });
        const group = resource(NODE_GROUP, "workers", { clusterName: "prod", scalingConfig: { desiredSize: 2 } });
        const changes = changesOf([
            updateOf(cluster, [versionChange("1.35", "1.36")]),
            updateOf(cni, [{ path: "addonVersion", before: "v1.19.0-eksbuild.1", after: "v1.20.0-eksbuild.1" }]),
            updateOf(dns, [{ path: "addonVersion", before: "v1.11.0-eksbuild.1", after: "v1.12.0-eksbuild.1" }]),
            updateOf(group, [versionChange("1.35", "1.36")]),
        ]);
        const head = [cluster, dns, cni, group];

        it("follow what waits for what: steps that do not wait for each other share a wave", () => {
            // vpc-cni and the node group wait for the cluster; coredns waits for the node group.
            const facts = factsOf({}, { [cni.urn]: [cluster.urn], [group.urn]: [cluster.urn], [dns.urn]: [group.urn] });
            const [rollout] = versionRollouts(changes, head, facts);
            assert.deepStrictEqual(
                rollout.steps.map((s) => [s.name, s.wave]),
                [
                    ["prod", 1],
                    ["vpc-cni", 2],
                    ["workers", 2],
                    ["coredns", 3],
                ],
            );
        });

        it("put steps that wait for nothing in the first wave, with the control plane", () => {
            const [rollout] = versionRollouts(changes, head, factsOf({}, { [dns.urn]: [cluster.urn] }));
            assert.deepStrictEqual(
                rollout.steps.map((s) => [s.name, s.wave]),
                [
                    ["prod", 1],
                    ["vpc-cni", 1],
                    ["workers", 1],
                    ["coredns", 2],
                ],
            );
        });

        it("without facts: the control plane in wave 1, everything else in wave 2", () => {
            const [rollout] = versionRollouts(changes, head);
            assert.deepStrictEqual(
                rollout.steps.map((s) => [s.name, s.wave]),
                [
                    ["prod", 1],
                    ["coredns", 2],
                    ["vpc-cni", 2],
                    ["workers", 2],
                ],
            );
        });

        it("take the rest as one wave rather than loop when facts say two steps wait for each other", () => {
            const facts = factsOf({}, { [cni.urn]: [cluster.urn], [dns.urn]: [group.urn] });
            const cyclic: RolloutFacts = { zonesOf: () => undefined, dependsOn: (urn, other) => facts.dependsOn(urn, other) || (urn === group.urn && other === dns.urn) };
            const [rollout] = versionRollouts(changes, head, cyclic);
            assert.deepStrictEqual(
                rollout.steps.map((s) => [s.name, s.wave]),
                [
                    ["prod", 1],
                    ["vpc-cni", 2],
                    ["coredns", 3],
                    ["workers", 3],
                ],
            );
        });
    });

    it("matches the resources of two clusters by clusterName", () => {
        const blue = resource(CLUSTER, "blue", { name: "blue-eks", version: "1.36" });
        const green = resource(CLUSTER, "green", { name: "green-eks", version: "1.35" });
        const blueGroup = resource(NODE_GROUP, "blue-workers", { clusterName: "blue-eks", scalingConfig: { desiredSize: 2 } });
        const greenGroup = resource(NODE_GROUP, "green-workers", { clusterName: "green-eks", version: "1.35" });
        const greenFargate = resource(FARGATE, "green-system", { clusterName: "green-eks" });
        const blueAddon = resource(ADDON, "blue-dns", { clusterName: "blue-eks", addonName: "coredns", addonVersion: "v1.11.0-eksbuild.1" });
        const rollouts = versionRollouts(
            changesOf([updateOf(blue, [versionChange("1.35", "1.36")]), updateOf(blueGroup, [versionChange("1.35", "1.36")])]),
            [blue, green, blueGroup, greenGroup, greenFargate, blueAddon],
        );
        assert.strictEqual(rollouts.length, 1);
        const [rollout] = rollouts;
        assert.deepStrictEqual(rollout.cluster, { urn: blue.urn, name: "blue" });
        assert.deepStrictEqual(
            rollout.steps.map((s) => s.name),
            ["blue", "blue-workers"],
        );
        assert.deepStrictEqual(rollout.notes, ["The coredns add-on stays pinned at v1.11.0-eksbuild.1: check that it supports Kubernetes 1.36"]);
    });

    it("gives one rollout per cluster whose version changes", () => {
        const blue = resource(CLUSTER, "blue", { name: "blue-eks", version: "1.36" });
        const green = resource(CLUSTER, "green", { name: "green-eks", version: "1.34" });
        const greenGroup = resource(NODE_GROUP, "green-workers", { clusterName: "green-eks", version: "1.33" });
        const rollouts = versionRollouts(changesOf([updateOf(blue, [versionChange("1.35", "1.36")]), updateOf(green, [versionChange("1.33", "1.34")])]), [blue, green, greenGroup]);
        assert.deepStrictEqual(
            rollouts.map((r) => [r.cluster.name, r.from, r.to, r.notes.length]),
            [
                ["blue", "1.35", "1.36", 0],
                ["green", "1.33", "1.34", 1],
            ],
        );
        assert.match(rollouts[1].notes[0], /^NodeGroup "green-workers" keeps its version \(1\.33\)/);
    });
});

describe("rollout: rolloutFacts", () => {
    const subnet = (name: string, inputs: Record<string, unknown>) => ({ urn: urnOf("aws:ec2/subnet:Subnet", name), inputs });
    const group = (subnetUrns: string[] | undefined) => ({ urn: urnOf(NODE_GROUP, "workers"), ...(subnetUrns ? { propertyDependencies: { subnetIds: subnetUrns, clusterName: [urnOf(CLUSTER, "prod")] } } : {}) });

    it("counts the distinct zones of a node group's subnets, by name or by ID but not mixed", () => {
        const subnets = [subnet("a1", { availabilityZone: "eu-west-1a" }), subnet("a2", { availabilityZone: "eu-west-1a" }), subnet("b", { availabilityZone: "eu-west-1b" }), subnet("c", { availabilityZoneId: "euw1-az3" })];
        const byName = rolloutFacts([group(subnets.slice(0, 3).map((s) => s.urn)), ...subnets]);
        assert.strictEqual(byName.zonesOf(urnOf(NODE_GROUP, "workers")), 2);
        const ids = [subnet("x", { availabilityZoneId: "euw1-az1" }), subnet("y", { availabilityZoneId: "euw1-az3" })];
        assert.strictEqual(rolloutFacts([group(ids.map((s) => s.urn)), ...ids]).zonesOf(urnOf(NODE_GROUP, "workers")), 2);
        // A zone written by name in one subnet and by ID in another cannot be told apart: not counted.
        assert.strictEqual(rolloutFacts([group([subnets[0].urn, subnets[3].urn]), ...subnets]).zonesOf(urnOf(NODE_GROUP, "workers")), undefined);
        const unknown = subnet("u", { availabilityZone: UNKNOWN });
        assert.strictEqual(rolloutFacts([group([subnets[0].urn, unknown.urn]), subnets[0], unknown]).zonesOf(urnOf(NODE_GROUP, "workers")), undefined, "an unknown zone is no zone");
    });

    it("is undefined when a subnet's zone is not known, or a subnet is not in the plan", () => {
        const known = subnet("a", { availabilityZone: "eu-west-1a" });
        const noZone = subnet("b", { cidrBlock: "10.0.1.0/24" });
        assert.strictEqual(rolloutFacts([group([known.urn, noZone.urn]), known, noZone]).zonesOf(urnOf(NODE_GROUP, "workers")), undefined);
        assert.strictEqual(rolloutFacts([group([known.urn, urnOf("aws:ec2/subnet:Subnet", "elsewhere")]), known]).zonesOf(urnOf(NODE_GROUP, "workers")), undefined);
        const noInputs = { urn: urnOf("aws:ec2/subnet:Subnet", "old") };
        assert.strictEqual(rolloutFacts([group([noInputs.urn]), noInputs]).zonesOf(urnOf(NODE_GROUP, "workers")), undefined);
    });

    it("is undefined when no subnets are given, or the resource is not in the plan", () => {
        assert.strictEqual(rolloutFacts([group(undefined)]).zonesOf(urnOf(NODE_GROUP, "workers")), undefined);
        assert.strictEqual(rolloutFacts([group([])]).zonesOf(urnOf(NODE_GROUP, "workers")), undefined);
        assert.strictEqual(rolloutFacts([]).zonesOf(urnOf(NODE_GROUP, "workers")), undefined);
    });

    it("follows dependencies and propertyDependencies transitively", () => {
        const [vpc, sub, role, clusterUrn, ng, addon, other] = ["vpc", "subnet", "role", "cluster", "ng", "addon", "other"].map((n) => `urn:${n}`);
        const facts = rolloutFacts([
            { urn: vpc },
            { urn: sub, propertyDependencies: { vpcId: [vpc] } },
            { urn: role },
            { urn: clusterUrn, dependencies: [role], propertyDependencies: { vpcConfig: [sub] } },
            { urn: ng, propertyDependencies: { clusterName: [clusterUrn] } },
            { urn: addon, dependencies: [ng] },
            { urn: other },
        ]);
        assert.strictEqual(facts.dependsOn(clusterUrn, role), true);
        assert.strictEqual(facts.dependsOn(clusterUrn, sub), true);
        assert.strictEqual(facts.dependsOn(ng, clusterUrn), true);
        assert.strictEqual(facts.dependsOn(ng, vpc), true);
        assert.strictEqual(facts.dependsOn(addon, vpc), true);
        assert.strictEqual(facts.dependsOn(addon, role), true);
        assert.strictEqual(facts.dependsOn(clusterUrn, ng), false);
        assert.strictEqual(facts.dependsOn(vpc, sub), false);
        assert.strictEqual(facts.dependsOn(addon, other), false);
        assert.strictEqual(facts.dependsOn(other, vpc), false);
        assert.strictEqual(facts.dependsOn("urn:not-in-plan", vpc), false);
    });

    it("ends on a cycle", () => {
        const facts = rolloutFacts([
            { urn: "a", dependencies: ["b"] },
            { urn: "b", propertyDependencies: { x: ["a"] } },
        ]);
        assert.strictEqual(facts.dependsOn("a", "b"), true);
        assert.strictEqual(facts.dependsOn("a", "c"), false);
    });
});
