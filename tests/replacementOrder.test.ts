// Unit tests of offline/replacementOrder.ts: whether a replacement is created before the old
// resource is deleted, as the engine and the bridged AWS provider decide it.
import * as assert from "assert";
import data from "../offline/data/replacement-order.json";
import { UNKNOWN } from "../offline/mockRun";
import { autoNamedProperty, replacementOrder } from "../offline/replacementOrder";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const RECORD = "aws:route53/record:Record";
const SUBNET = "aws:ec2/subnet:Subnet";

const CREATE_FIRST = "Pulumi creates the replacement first and deletes the old one after";

describe("replacementOrder", () => {
    describe("the program's deleteBeforeReplace option", () => {
        it("true deletes first, whatever the type and inputs say", () => {
            for (const resource of [
                { type: SUBNET, inputs: {} },
                { type: ROLE, inputs: { name: "ci", __defaults: ["name"] } },
                { type: NODE_GROUP, inputs: {} },
            ]) {
                assert.deepStrictEqual(replacementOrder({ ...resource, deleteBeforeReplace: true }), { first: "delete", why: "the program sets deleteBeforeReplace on it" });
            }
        });

        it("false creates first, even for a type the provider deletes first or a name the program sets", () => {
            for (const resource of [
                { type: ATTACHMENT, inputs: {} },
                { type: NODE_GROUP, inputs: { nodeGroupName: "workers" } },
            ]) {
                assert.deepStrictEqual(replacementOrder({ ...resource, deleteBeforeReplace: false }), { first: "create", why: "the program sets deleteBeforeReplace: false on it" });
            }
        });
    });

    it("deletes first every type the provider deletes first, named or not", () => {
        assert.ok(data.providerDeletesFirst.includes(ATTACHMENT));
        for (const type of data.providerDeletesFirst) {
            const kind = type.split(":").pop();
            const expected = { first: "delete", why: `the AWS provider deletes a ${kind} before creating its replacement` };
            assert.deepStrictEqual(replacementOrder({ type }), expected);
            assert.deepStrictEqual(replacementOrder({ type, inputs: { name: "x", __defaults: ["name"] } }), expected);
        }
        assert.strictEqual(replacementOrder({ type: ATTACHMENT, inputs: { role: "r" } }).why, "the AWS provider deletes a RolePolicyAttachment before creating its replacement");
    });

    describe("an auto-named property", () => {
        it("set by the program deletes first, quoting the value", () => {
            assert.deepStrictEqual(replacementOrder({ type: NODE_GROUP, inputs: { nodeGroupName: "prod-workers", clusterName: "prod" } }), {
                first: "delete",
                why: 'the program sets its nodeGroupName "prod-workers", which the replacement needs too: the old one is deleted before the new one is created',
            });
            assert.deepStrictEqual(replacementOrder({ type: ROLE, inputs: { name: "ci" } }), {
                first: "delete",
                why: 'the program sets its name "ci", which the replacement needs too: the old one is deleted before the new one is created',
            });
        });

        it("set by the program to a value a preview does not know deletes first without quoting it", () => {
            const order = replacementOrder({ type: ROLE, inputs: { name: UNKNOWN } });
            assert.deepStrictEqual(order, { first: "delete", why: "the program sets its name, which the replacement needs too: the old one is deleted before the new one is created" });
            assert.ok(!order.why.includes(UNKNOWN));
        });

        it("set to something not a string deletes first without quoting it", () => {
            assert.strictEqual(replacementOrder({ type: ROLE, inputs: { name: 42 } }).why, "the program sets its name, which the replacement needs too: the old one is deleted before the new one is created");
        });

        it("is the program's even on a type not listed: any `name` input is auto-named", () => {
            assert.deepStrictEqual(replacementOrder({ type: SUBNET, inputs: { name: "a" } }).first, "delete");
        });

        it("present but listed in the top-level __defaults (a state file's generated name) creates first", () => {
            assert.deepStrictEqual(replacementOrder({ type: ROLE, inputs: { name: "ci-3f9a2b1", __defaults: ["name"] } }), {
                first: "create",
                why: "Pulumi creates the replacement first, under a new generated name, and deletes the old one after",
            });
            assert.deepStrictEqual(replacementOrder({ type: NODE_GROUP, inputs: { nodeGroupName: "workers-3f9a2b1", __defaults: ["nodeGroupName", "forceUpdateVersion"] } }), {
                first: "create",
                why: "Pulumi creates the replacement first, under a new generated nodeGroupName, and deletes the old one after",
            });
        });

        it("counts as set when __defaults names other properties, or is not an array", () => {
            assert.strictEqual(replacementOrder({ type: ROLE, inputs: { name: "ci", __defaults: ["description"] } }).first, "delete");
            assert.strictEqual(replacementOrder({ type: ROLE, inputs: { name: "ci", __defaults: "name" } }).first, "delete");
        });

        it("absent creates first, saying a new name is generated only for the types listed", () => {
            assert.deepStrictEqual(replacementOrder({ type: ROLE, inputs: {} }), { first: "create", why: "Pulumi creates the replacement first, under a new generated name, and deletes the old one after" });
            assert.deepStrictEqual(replacementOrder({ type: ROLE }), { first: "create", why: "Pulumi creates the replacement first, under a new generated name, and deletes the old one after" });
            assert.deepStrictEqual(replacementOrder({ type: "aws:eks/fargateProfile:FargateProfile", inputs: { clusterName: "prod" } }), {
                first: "create",
                why: "Pulumi creates the replacement first, under a new generated fargateProfileName, and deletes the old one after; when the old profile is deleted, EKS stops its pods and puts them in Pending, with the new profile already there to take them",
            });
            // A profile the program names is deleted first: its pods wait for the new one.
            assert.match(replacementOrder({ type: "aws:eks/fargateProfile:FargateProfile", inputs: { fargateProfileName: "apps" } }).why, /deleted before the new one is created; EKS stops its pods and they stay Pending until the new profile exists$/);
            assert.deepStrictEqual(replacementOrder({ type: SUBNET, inputs: { cidrBlock: "10.0.0.0/24" } }), { first: "create", why: CREATE_FIRST });
        });

        it("a node group's is nodeGroupName: its `name` is not the auto-named one", () => {
            assert.deepStrictEqual(replacementOrder({ type: NODE_GROUP, inputs: { name: "workers" } }), {
                first: "create",
                why: "Pulumi creates the replacement first, under a new generated nodeGroupName, and deletes the old one after",
            });
        });

        it("a route53 record is not auto-named: its name set creates first", () => {
            assert.deepStrictEqual(replacementOrder({ type: RECORD, inputs: { name: "api.example.com", type: "A" } }), { first: "create", why: CREATE_FIRST });
        });
    });
});

describe("autoNamedProperty", () => {
    it("is the listed property for listed types", () => {
        assert.strictEqual(autoNamedProperty(NODE_GROUP), "nodeGroupName");
        assert.strictEqual(autoNamedProperty("aws:eks/fargateProfile:FargateProfile"), "fargateProfileName");
        assert.strictEqual(autoNamedProperty("aws:eks/cluster:Cluster"), "name");
        for (const [type, property] of Object.entries(data.autoNamedProperty)) {
            assert.strictEqual(autoNamedProperty(type), property, type);
        }
    });

    it("is `name` for any other type", () => {
        assert.strictEqual(autoNamedProperty(SUBNET), "name");
        assert.strictEqual(autoNamedProperty("aws:s3/bucketV2:BucketV2"), "name");
    });

    it("is undefined for route53 records", () => {
        assert.strictEqual(autoNamedProperty(RECORD), undefined);
    });
});
