import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { eksStack } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { stackUrn, validateStack } from "../testing/validateStack";
import { DEFAULT_SECURITY_GROUP, defaultSecurityGroupClosed, FLOW_LOG, vpcFlowLogs } from "./vpcBaseline";

describe("ec2-vpc-flow-logs", () => {
    for (const knownIds of [true, false]) {
        it(`passes a VPC with a flow log on it (${knownIds ? "known" : "unknown"} ids), and flags one without`, async () => {
            const fixture = eksStack({ knownIds });
            const without = await validateStack(vpcFlowLogs, fixture.resources);
            assert.deepStrictEqual(without.violations.map((v) => v.urn), [stackUrn(AWS.vpc, "vpc")]);
            assert.match(without.violations[0].message, /^Vpc "vpc" has no flow log, so its traffic .* Add an aws\.ec2\.FlowLog with vpcId set to it/);
            fixture.add(FLOW_LOG, "vpc-flow", { trafficType: "ALL", logDestinationType: "s3" }, { vpcId: "vpc" });
            assert.deepStrictEqual(await validateStack(vpcFlowLogs, fixture.resources), { violations: [] });
        });
    }

    it("does not count a flow log of one subnet, and waits for a flow log whose VPC is not known yet", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(FLOW_LOG, "subnet-flow", { trafficType: "ALL" }, { subnetId: "private-us-east-1a" });
        assert.strictEqual((await validateStack(vpcFlowLogs, fixture.resources)).violations.length, 1);
        fixture.add(FLOW_LOG, "pending-flow", { trafficType: "ALL", vpcId: UNKNOWN });
        const pending = await validateStack(vpcFlowLogs, fixture.resources);
        assert.deepStrictEqual(pending.violations, []);
        assert.match(pending.unknown!, /which VPC a flow log of the stack logs/);
    });

    it("does not apply to a stack without a VPC", async () => {
        assert.ok((await validateStack(vpcFlowLogs, [{ type: AWS.cluster, name: "c", props: {} }])).notApplicable);
    });
});

describe("ec2-default-security-group-closed", () => {
    for (const knownIds of [true, false]) {
        it(`passes a VPC whose default group is adopted without rules (${knownIds ? "known" : "unknown"} ids)`, async () => {
            const fixture = eksStack({ knownIds });
            fixture.add(DEFAULT_SECURITY_GROUP, "default-sg", {}, { vpcId: "vpc" });
            assert.deepStrictEqual(await validateStack(defaultSecurityGroupClosed, fixture.resources), { violations: [] });
        });
    }

    it("flags a VPC that leaves its default group alone, and an adopted group that keeps rules", async () => {
        const fixture = eksStack({ knownIds: true });
        const alone = await validateStack(defaultSecurityGroupClosed, fixture.resources);
        assert.deepStrictEqual(alone.violations.map((v) => v.urn), [stackUrn(AWS.vpc, "vpc")]);
        assert.match(alone.violations[0].message, /^Vpc "vpc"'s default security group keeps AWS's rules \(all traffic from itself in, all traffic out\).*Adopt it with an aws\.ec2\.DefaultSecurityGroup/);
        fixture.add(DEFAULT_SECURITY_GROUP, "default-sg", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }, { vpcId: "vpc" });
        const open = await validateStack(defaultSecurityGroupClosed, fixture.resources);
        assert.deepStrictEqual(open.violations.map((v) => v.message), [
            'DefaultSecurityGroup "default-sg" keeps egress rules, so anything created in the VPC without a security group of its own is reachable or can reach out. Remove its ingress and egress rules.',
        ]);
        fixture.get("default-sg").props.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }];
        assert.match((await validateStack(defaultSecurityGroupClosed, fixture.resources)).violations[0].message, /keeps ingress and egress rules/);
    });

    it("waits for a default group whose VPC is not known yet, and does not apply without a VPC", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(DEFAULT_SECURITY_GROUP, "default-sg", { vpcId: UNKNOWN });
        const pending = await validateStack(defaultSecurityGroupClosed, fixture.resources);
        assert.deepStrictEqual(pending.violations, []);
        assert.match(pending.unknown!, /which VPC a default security group of the stack belongs to/);
        assert.ok((await validateStack(defaultSecurityGroupClosed, [{ type: AWS.cluster, name: "c", props: {} }])).notApplicable);
    });
});
