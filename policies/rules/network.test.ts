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

describe("ec2-no-public-ssh: protocols, ports and messages", () => {
    const fix = "Admit SSH only from a bastion or VPN range, or use SSM Session Manager.";
    const ssh = (props: Record<string, unknown>) => groupRule({ cidrBlocks: ["0.0.0.0/0"], fromPort: 22, toPort: 22, ...props });

    it("counts all traffic and TCP by name or number, in any case, and not UDP or ranges without 22", async () => {
        for (const protocol of ["-1", "all", "tcp", "TCP", "6"]) {
            assert.strictEqual((await validate(noPublicSsh, ssh({ protocol }))).violations.length, 1, protocol);
        }
        for (const props of [{ protocol: "udp" }, { protocol: "17" }, { protocol: "tcp", fromPort: 23, toPort: 80 }, { protocol: "tcp", fromPort: 0, toPort: 21 }]) {
            assert.deepStrictEqual((await validate(noPublicSsh, ssh(props))).violations, [], JSON.stringify(props));
        }
        assert.strictEqual((await validate(noPublicSsh, ssh({ protocol: "tcp", fromPort: 0, toPort: 65535 }))).violations.length, 1);
    });

    it("says where SSH is open, from which sources, and the fix, for each kind of rule", async () => {
        const group = await validate(noPublicSsh, securityGroup([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }]));
        assert.deepStrictEqual(group.violations.map((v) => v.message), [`Security group "nodes" has an inline ingress rule admitting SSH from 0.0.0.0/0 and ::/0. ${fix}`]);
        const rule = await validate(noPublicSsh, ssh({ protocol: "tcp", ipv6CidrBlocks: ["::/0"] }));
        assert.deepStrictEqual(rule.violations.map((v) => v.message), [`Security group rule "ssh" admits SSH from 0.0.0.0/0 and ::/0. ${fix}`]);
        const ingress = await validate(noPublicSsh, ingressRule({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv6: "::/0" }));
        assert.deepStrictEqual(ingress.violations.map((v) => v.message), [`Security group ingress rule "ssh" admits SSH from ::/0. ${fix}`]);
        assert.deepStrictEqual((await validate(noPublicSsh, ssh({ protocol: "tcp", cidrBlocks: ["10.0.0.0/8"] }))).violations, [], "a private source");
        assert.deepStrictEqual((await validate(noPublicSsh, ingressRule({ ipProtocol: "udp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" }))).violations, []);
    });

    it("is not applicable to egress rules or to other resources", async () => {
        assert.ok((await validate(noPublicSsh, ssh({ protocol: "tcp", type: "egress" }))).notApplicable);
        const other = await validate(noPublicSsh, { type: AWS.vpc, name: "vpc", props: {} });
        assert.match(String(other.notApplicable), /not a security group or security group rule/);
    });
});

describe("ec2-vpc-dns-enabled: defaults and the fix", () => {
    it("takes DNS support as on and hostnames as off when unset (the EC2 defaults), naming each setting and its fix", async () => {
        const { violations } = await validate(vpcDnsEnabled, { type: AWS.vpc, name: "vpc", props: {} });
        assert.deepStrictEqual(violations.map((v) => v.message), ['VPC "vpc" does not enable enableDnsHostnames; EKS nodes cannot register and a private endpoint cannot resolve without them. Set enableDnsHostnames: true.']);
        const both = await validate(vpcDnsEnabled, { type: AWS.vpc, name: "vpc", props: { enableDnsSupport: false, enableDnsHostnames: false } });
        assert.match(both.violations[0].message, /does not enable enableDnsSupport and enableDnsHostnames; .* Set enableDnsSupport: true and enableDnsHostnames: true\.$/);
    });
});
