import * as assert from "assert";
import { linkPolicyResources, ResourceEntry } from "./policyResources";

describe("linkPolicyResources", () => {
    const entries: ResourceEntry[] = [
        { type: "aws:ec2/vpc:Vpc", name: "vpc", urn: "urn:vpc", props: { cidrBlock: "10.0.0.0/16" }, protect: true, dependencies: [], propertyDependencies: {} },
        { type: "aws:ec2/subnet:Subnet", name: "a", urn: "urn:a", props: { vpcId: "vpc-1" }, protect: false, dependencies: ["urn:vpc", "urn:elsewhere"], propertyDependencies: { vpcId: ["urn:vpc", "urn:elsewhere"] } },
    ];

    it("shapes resources as the framework hands them to stack policies", () => {
        const [vpc, subnet] = linkPolicyResources(entries);
        assert.deepStrictEqual(vpc.opts, { protect: true, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] });
        assert.strictEqual(subnet.props.vpcId, "vpc-1");
        assert.strictEqual(vpc.isType({} as never), false);
        assert.strictEqual(vpc.asType({} as never), undefined);
    });

    it("links dependencies to the resource objects by URN, leaving out URNs not among them", () => {
        const [vpc, subnet] = linkPolicyResources(entries);
        assert.deepStrictEqual(subnet.dependencies, [vpc]);
        assert.deepStrictEqual(subnet.propertyDependencies, { vpcId: [vpc] });
        assert.deepStrictEqual(vpc.dependencies, []);
        assert.deepStrictEqual(vpc.propertyDependencies, {});
    });

    it("copies the properties, so a rule cannot change the entries", () => {
        const [vpc] = linkPolicyResources(entries);
        assert.notStrictEqual(vpc.props, entries[0].props);
        assert.deepStrictEqual({ ...vpc.props }, { cidrBlock: "10.0.0.0/16" });
    });
});
