import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { UNKNOWN, urnOf, validate } from "../testing/validate";
import { noPublicSsh, vpcDnsEnabled } from "./network";

const securityGroup = (ingress: Record<string, unknown>[]) => ({ type: AWS.securityGroup, name: "nodes", props: { vpcId: "vpc-1", ingress } });
const groupRule = (props: Record<string, unknown>) => ({ type: AWS.securityGroupRule, name: "ssh", props: { securityGroupId: "sg-1", type: "ingress", ...props } });
const ingressRule = (props: Record<string, unknown>) => ({ type: AWS.securityGroupIngressRule, name: "ssh", props: { securityGroupId: "sg-1", ...props } });

describe("ec2-no-public-ssh", () => {
    it("passes SSH from a private range and HTTPS from anywhere", async () => {
        const group = securityGroup([
            { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.100.0.0/16"] },
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        ]);
        assert.deepStrictEqual((await validate(noPublicSsh, group)).violations, []);
    });

    it("flags an inline rule admitting SSH from 0.0.0.0/0, including port ranges and all protocols", async () => {
        for (const rule of [
            { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
            { protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] },
            { protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] },
        ]) {
            const group = securityGroup([rule]);
            const { violations } = await validate(noPublicSsh, group);
            assert.strictEqual(violations.length, 1, JSON.stringify(rule));
            assert.strictEqual(violations[0].urn, urnOf(group));
            assert.match(violations[0].message, /Security group "nodes" has an inline ingress rule admitting SSH from (0\.0\.0\.0\/0|::\/0)/);
        }
    });

    it("flags aws.ec2.SecurityGroupRule and aws.vpc.SecurityGroupIngressRule", async () => {
        const classic = await validate(noPublicSsh, groupRule({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }));
        assert.match(classic.violations[0].message, /Security group rule "ssh" admits SSH from 0\.0\.0\.0\/0/);
        const vpcRule = await validate(noPublicSsh, ingressRule({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv6: "::/0" }));
        assert.match(vpcRule.violations[0].message, /Security group ingress rule "ssh" admits SSH from ::\/0/);
        const allTraffic = await validate(noPublicSsh, ingressRule({ ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }));
        assert.strictEqual(allTraffic.violations.length, 1);
    });

    it("passes rules that are egress, on other ports, or from specific sources", async () => {
        assert.ok((await validate(noPublicSsh, groupRule({ type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }))).notApplicable);
        assert.deepStrictEqual((await validate(noPublicSsh, ingressRule({ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }))).violations, []);
        assert.deepStrictEqual((await validate(noPublicSsh, ingressRule({ ipProtocol: "tcp", fromPort: 22, toPort: 22, referencedSecurityGroupId: "sg-2" }))).violations, []);
    });

    it("reports known open rules and leaves unknown ones to the framework", async () => {
        const outcome = await validate(noPublicSsh, securityGroup([UNKNOWN, { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }]));
        assert.strictEqual(outcome.violations.length, 1);
        assert.ok(outcome.unknown);
    });
});

describe("ec2-vpc-dns-enabled", () => {
    const vpc = (props: Record<string, unknown>) => ({ type: AWS.vpc, name: "main", props: { cidrBlock: "10.0.0.0/16", ...props } });

    it("passes a VPC with DNS support and hostnames", async () => {
        assert.deepStrictEqual((await validate(vpcDnsEnabled, vpc({ enableDnsSupport: true, enableDnsHostnames: true }))).violations, []);
    });

    it("flags DNS hostnames left to the EC2 default (off)", async () => {
        const resource = vpc({ enableDnsSupport: true, __defaults: ["enableDnsSupport"] });
        const { violations } = await validate(vpcDnsEnabled, resource);
        assert.strictEqual(violations[0].urn, urnOf(resource));
        assert.match(violations[0].message, /VPC "main" does not enable enableDnsHostnames; EKS nodes cannot register/);
    });

    it("flags DNS support switched off", async () => {
        const { violations } = await validate(vpcDnsEnabled, vpc({ enableDnsSupport: false, enableDnsHostnames: true }));
        assert.match(violations[0].message, /does not enable enableDnsSupport;/);
    });

    it("reports an unknown flag through the framework", async () => {
        const outcome = await validate(vpcDnsEnabled, vpc({ enableDnsSupport: true, enableDnsHostnames: UNKNOWN }));
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(outcome.unknown);
    });
});
