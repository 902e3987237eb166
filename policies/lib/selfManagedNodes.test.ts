import * as assert from "assert";
import { linkPolicyResources, ResourceEntry } from "./policyResources";
import { ResourceGraph } from "./resourceGraph";
import { AWS, PULUMI_EKS } from "./resourceTypes";
import { AUTOSCALING_GROUP, isNodeAutoScalingGroup, LAUNCH_CONFIGURATION, selfManagedNodes } from "./selfManagedNodes";
import { UNKNOWN } from "../testing/validate";

const entry = (type: string, name: string, props: Record<string, unknown>, urn = `urn:pulumi:test::app::${type}::${name}`, propertyDependencies: Record<string, string[]> = {}): ResourceEntry => ({
    type,
    name,
    urn,
    props,
    protect: false,
    dependencies: Object.values(propertyDependencies).flat(),
    propertyDependencies,
});

function nodesOf(entries: ResourceEntry[]) {
    const resources = linkPolicyResources(entries);
    const graph = new ResourceGraph(resources);
    return { nodes: selfManagedNodes(graph, resources.find((r) => r.type === AUTOSCALING_GROUP)!), graph, resources };
}

describe("self-managed EKS nodes", () => {
    it("recognises a group by the cluster tag in tags or tag, or by being inside a @pulumi/eks component", () => {
        const [tags, tag, other, none] = linkPolicyResources([
            entry(AUTOSCALING_GROUP, "a", { tags: [{ key: "kubernetes.io/cluster/prod", value: "owned" }] }),
            entry(AUTOSCALING_GROUP, "b", { tag: [{ key: "kubernetes.io/cluster/prod", value: "owned" }] }),
            entry(AUTOSCALING_GROUP, "c", { tags: [{ key: "team", value: "kubernetes.io/cluster/prod" }] }),
            entry(AUTOSCALING_GROUP, "d", {}),
        ]);
        assert.deepStrictEqual([tags, tag, other, none].map(isNodeAutoScalingGroup), [true, true, false, false]);
        for (const parent of [PULUMI_EKS.cluster, "eks:index:NodeGroup", "eks:index:NodeGroupV2"]) {
            const [child] = linkPolicyResources([entry(AUTOSCALING_GROUP, "e", {}, `urn:pulumi:test::app::${parent}$${AUTOSCALING_GROUP}::e`)]);
            assert.strictEqual(isNodeAutoScalingGroup(child), true, parent);
        }
        const [unknown] = linkPolicyResources([entry(AUTOSCALING_GROUP, "f", { tags: UNKNOWN })]);
        assert.strictEqual(isNodeAutoScalingGroup(unknown), undefined);
    });

    it("reads a launch configuration's type, public IP setting and root volume", () => {
        const { nodes } = nodesOf([
            entry(LAUNCH_CONFIGURATION, "lc", { name: "lc-1", instanceType: "m6i.large", associatePublicIpAddress: true, rootBlockDevice: { volumeSize: 60 } }),
            entry(AUTOSCALING_GROUP, "asg", { launchConfiguration: "lc-1", minSize: 1, maxSize: 3 }),
        ]);
        assert.strictEqual(nodes.launchSpec?.name, "lc");
        assert.deepStrictEqual(nodes.instanceTypes, ["m6i.large"]);
        assert.strictEqual(nodes.publicIp, true);
        assert.strictEqual(nodes.rootVolumeGiB, 60);
        assert.strictEqual(nodes.desiredSize, 1, "minSize without a desired capacity");
        assert.strictEqual(nodes.maxSize, 3);
    });

    it("finds a launch template by id or by name, and takes instance types from mixed-instances overrides", () => {
        const template = entry(AWS.launchTemplate, "lt", { id: "lt-0abc", name: "workers", instanceType: "m6i.large", networkInterfaces: [{ associatePublicIpAddress: "false" }], blockDeviceMappings: [{ ebs: { volumeSize: 40 } }] });
        const byId = nodesOf([template, entry(AUTOSCALING_GROUP, "asg", { launchTemplate: { id: "lt-0abc" } })]).nodes;
        assert.strictEqual(byId.launchSpec?.name, "lt");
        assert.strictEqual(byId.publicIp, false);
        assert.strictEqual(byId.rootVolumeGiB, 40);
        const byName = nodesOf([template, entry(AUTOSCALING_GROUP, "asg", { launchTemplate: { name: "workers" } })]).nodes;
        assert.strictEqual(byName.launchSpec?.name, "lt");
        const mixed = nodesOf([template, entry(AUTOSCALING_GROUP, "asg", { mixedInstancesPolicy: { launchTemplate: { overrides: [{ instanceType: "m7i.large" }, { instanceType: "m6a.large" }] } }, launchTemplate: { id: "lt-0abc" } })]).nodes;
        assert.deepStrictEqual(mixed.instanceTypes, ["m7i.large", "m6a.large"]);
    });

    it("knows nothing of the nodes without a launch spec", () => {
        const { nodes } = nodesOf([entry(AUTOSCALING_GROUP, "asg", { desiredCapacity: 2 })]);
        assert.deepStrictEqual({ launchSpec: nodes.launchSpec, instanceTypes: nodes.instanceTypes, publicIp: nodes.publicIp, rootVolumeGiB: nodes.rootVolumeGiB, desiredSize: nodes.desiredSize }, {
            launchSpec: undefined,
            instanceTypes: undefined,
            publicIp: undefined,
            rootVolumeGiB: undefined,
            desiredSize: 2,
        });
    });

    it("notes a launch template it cannot resolve", () => {
        const { nodes, graph } = nodesOf([entry(AUTOSCALING_GROUP, "asg", { launchTemplate: { id: "lt-elsewhere" } })]);
        assert.strictEqual(nodes.launchSpec, undefined);
        assert.ok(graph.unresolved.some((u) => /launchTemplate\.id refers to lt-elsewhere, which this stack does not declare/.test(u)), graph.unresolved.join("\n"));
    });
});
