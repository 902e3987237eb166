import * as assert from "assert";
import { stackRegion } from "./stackRegion";
import { UNKNOWN } from "../testing/validate";
import { toPolicyResources, TestStackResource } from "../testing/validateStack";

const region = (resources: TestStackResource[]) => stackRegion(toPolicyResources(resources));

describe("the region of a stack's resources", () => {
    it("reads the AWS provider's region first, then a regional ARN, then a subnet's zone name", () => {
        const subnet = { type: "aws:ec2/subnet:Subnet", name: "private-a", props: { availabilityZone: "eu-west-1a" } };
        const cluster = { type: "aws:eks/cluster:Cluster", name: "prod", props: { arn: "arn:aws:eks:eu-central-1:210987654321:cluster/prod" } };
        const provider = { type: "pulumi:providers:aws", name: "default_7_0_0", props: { region: "us-west-2" } };
        assert.deepStrictEqual(region([subnet, cluster, provider]), { name: "us-west-2", from: "the region of provider default_7_0_0" });
        assert.deepStrictEqual(region([subnet, cluster]), { name: "eu-central-1", from: 'the ARN of Cluster "prod"' });
        assert.deepStrictEqual(region([subnet]), { name: "eu-west-1", from: 'the zone of Subnet "private-a"' });
        assert.deepStrictEqual(region([{ ...subnet, props: { availabilityZone: "us-gov-west-1b" } }]), { name: "us-gov-west-1", from: 'the zone of Subnet "private-a"' });
    });

    it("reads the region of AWS providers only, and of their first known one", () => {
        const other = { type: "aws:ec2/subnet:Subnet", name: "s", props: { region: "eu-north-1", availabilityZone: "eu-west-1a" } };
        const empty = { type: "pulumi:providers:aws", name: "p0", props: { region: "" } };
        const provider = { type: "pulumi:providers:aws", name: "p1", props: { region: "ap-southeast-2" } };
        assert.deepStrictEqual(region([other, empty, provider]), { name: "ap-southeast-2", from: "the region of provider p1" });
    });

    it("skips what names no region: unknown or odd provider regions, global ARNs, zone IDs, other types' zones", () => {
        assert.strictEqual(region([]), undefined);
        assert.strictEqual(region([{ type: "pulumi:providers:aws", name: "p", props: { region: UNKNOWN } }]), undefined);
        assert.strictEqual(region([{ type: "pulumi:providers:aws", name: "p", props: { region: "[secret]" } }]), undefined);
        assert.strictEqual(region([{ type: "pulumi:providers:aws", name: "p", props: {} }]), undefined);
        assert.strictEqual(region([{ type: "aws:iam/role:Role", name: "r", props: { arn: "arn:aws:iam::210987654321:role/r" } }]), undefined);
        assert.strictEqual(region([{ type: "aws:eks/cluster:Cluster", name: "c", props: { arn: UNKNOWN } }]), undefined);
        assert.strictEqual(region([{ type: "aws:ec2/subnet:Subnet", name: "s", props: { availabilityZone: "use1-az1" } }]), undefined);
        assert.strictEqual(region([{ type: "aws:ec2/subnet:Subnet", name: "s", props: { availabilityZoneId: "use1-az1" } }]), undefined);
        assert.strictEqual(region([{ type: "aws:ec2/instance:Instance", name: "i", props: { availabilityZone: "eu-west-1a" } }]), undefined);
        assert.deepStrictEqual(region([{ type: "aws:kms/key:Key", name: "k", props: { arn: "arn:aws-us-gov:kms:us-gov-east-1:210987654321:key/k" } }]), { name: "us-gov-east-1", from: 'the ARN of Key "k"' });
    });
});
