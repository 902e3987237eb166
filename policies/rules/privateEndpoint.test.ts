import * as assert from "assert";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { eksStack } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { stackUrn, validateStack } from "../testing/validateStack";
import { privateEndpointAccessPath, privateEndpointDns } from "./privateEndpoint";

describe("eks-private-endpoint-dns", () => {
    it("passes a private endpoint in a VPC with DNS support and hostnames", async () => {
        assert.deepStrictEqual((await validateStack(privateEndpointDns, eksStack().resources)).violations, []);
    });

    it("flags a VPC with DNS hostnames off", async () => {
        for (const knownIds of [true, false]) {
            const fixture = eksStack({ knownIds });
            fixture.get("vpc").props.enableDnsHostnames = false;
            const { violations } = await validateStack(privateEndpointDns, fixture.resources);
            assert.strictEqual(violations[0].urn, stackUrn(AWS.cluster, "cluster"));
            assert.match(violations[0].message, /Cluster "cluster" has a private endpoint, but Vpc "vpc" does not enable enableDnsHostnames/);
        }
    });

    it("flags hostnames left to the EC2 default (off)", async () => {
        const fixture = eksStack();
        delete fixture.get("vpc").props.enableDnsHostnames;
        assert.strictEqual((await validateStack(privateEndpointDns, fixture.resources)).violations.length, 1);
    });

    it("ignores public-only clusters", async () => {
        const fixture = eksStack({ endpoint: { public: true, private: false } });
        fixture.get("vpc").props.enableDnsHostnames = false;
        assert.deepStrictEqual((await validateStack(privateEndpointDns, fixture.resources)).violations, []);
    });
});

describe("eks-private-endpoint-access-path", () => {
    it("passes a private-only cluster whose additional security group admits 443 from the VPN", async () => {
        for (const knownIds of [true, false]) {
            assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, eksStack({ knownIds }).resources)).violations, []);
        }
    });

    it("flags a private-only cluster with no 443 rule", async () => {
        const fixture = eksStack();
        fixture.remove("api-access-vpn");
        const { violations } = await validateStack(privateEndpointAccessPath, fixture.resources);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.cluster, "cluster"));
        assert.match(violations[0].message, /Cluster "cluster" has only a private endpoint and no ingress rule on TCP 443/);
    });

    it("does not count a rule on another port", async () => {
        const fixture = eksStack();
        Object.assign(fixture.get("api-access-vpn").props, { fromPort: 22, toPort: 22 });
        assert.strictEqual((await validateStack(privateEndpointAccessPath, fixture.resources)).violations.length, 1);
    });

    it("accepts a 443 rule on the cluster's own security group (an output of the cluster)", async () => {
        const fixture = eksStack();
        fixture.remove("api-access-vpn");
        fixture.add(AWS.securityGroupIngressRule, "cluster-sg-vpn", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.100.0.0/16" }, { securityGroupId: "cluster" });
        assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, fixture.resources)).violations, []);
    });

    it("accepts an inline ingress rule and ignores clusters with a public endpoint", async () => {
        const fixture = eksStack();
        fixture.remove("api-access-vpn");
        fixture.get("api-access").props.ingress = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.100.0.0/16"] }];
        assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, fixture.resources)).violations, []);
        const open = eksStack({ endpoint: { public: true, private: true } });
        open.remove("api-access-vpn");
        assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, open.resources)).violations, []);
    });

    it("flags a VPN that is admitted on 443 but has no route back from the cluster's subnets", async () => {
        for (const knownIds of [true, false]) {
            const fixture = eksStack({ knownIds, vpnRoute: false });
            const { violations } = await validateStack(privateEndpointAccessPath, fixture.resources);
            assert.strictEqual(violations.length, 1, `knownIds ${knownIds}`);
            assert.strictEqual(violations[0].urn, stackUrn(AWS.cluster, "cluster"));
            assert.strictEqual(
                violations[0].message,
                'Cluster "cluster" admits 10.100.0.0/16 on TCP 443 (SecurityGroupIngressRule "api-access-vpn"), but Subnet "private-us-east-1a", Subnet "private-us-east-1b", Subnet "private-us-east-1c" have no route to it: the API\'s replies follow the default route (NAT or internet gateway) and never reach that network. Route 10.100.0.0/16 from the cluster\'s subnets to the transit gateway, VPN gateway or peering connection it comes from, or list it in this policy\'s externallyRoutedCidrs if another stack adds the routes.',
            );
        }
    });

    it("flags only the subnets whose route table lacks the route, and not a route that covers a wider range", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("route-private-us-east-1b-vpn");
        fixture.get("route-private-us-east-1a-vpn").props.destinationCidrBlock = "10.0.0.0/8";
        const { violations } = await validateStack(privateEndpointAccessPath, fixture.resources);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /but Subnet "private-us-east-1b" has no route to it/);
    });

    it("does not count a route to the NAT gateway as the way back", async () => {
        const fixture = eksStack({ knownIds: true, vpnRoute: false });
        for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
            fixture.add(NETWORK.route, `route-${zone}-vpn-nat`, { destinationCidrBlock: "10.100.0.0/16" }, { routeTableId: `rt-private-${zone}`, natGatewayId: `nat-${zone}` });
        }
        assert.strictEqual((await validateStack(privateEndpointAccessPath, fixture.resources)).violations.length, 1);
    });

    it("needs no route for a network inside the VPC, a security group source, or a network the policy config says is routed elsewhere", async () => {
        const inVpc = eksStack({ vpnRoute: false });
        inVpc.get("api-access-vpn").props.cidrIpv4 = "10.0.250.0/24";
        assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, inVpc.resources)).violations, []);
        const bastion = eksStack({ vpnRoute: false });
        bastion.remove("api-access-vpn");
        bastion.add(AWS.securityGroup, "bastion", { description: "bastion" }, { vpcId: "vpc" });
        bastion.add(AWS.securityGroupIngressRule, "api-access-bastion", { ipProtocol: "tcp", fromPort: 443, toPort: 443 }, { securityGroupId: "api-access", referencedSecurityGroupId: "bastion" });
        assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, bastion.resources)).violations, []);
        const elsewhere = eksStack({ vpnRoute: false });
        assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, elsewhere.resources, { externallyRoutedCidrs: ["10.100.0.0/16"] })).violations, []);
        assert.strictEqual((await validateStack(privateEndpointAccessPath, elsewhere.resources, { externallyRoutedCidrs: ["10.100.0.0/24"] })).violations.length, 1, "a narrower range does not cover it");
    });
});

describe("eks-private-endpoint-dns: defaults, unknowns and the fix", () => {
    it("names each setting that is off, and the fix for both", async () => {
        const fixture = eksStack({ knownIds: true });
        Object.assign(fixture.get("vpc").props, { enableDnsSupport: false, enableDnsHostnames: false });
        const { violations } = await validateStack(privateEndpointDns, fixture.resources);
        assert.strictEqual(
            violations[0].message,
            'Cluster "cluster" has a private endpoint, but Vpc "vpc" does not enable enableDnsSupport and enableDnsHostnames, so the endpoint name does not resolve inside the VPC. Set enableDnsSupport: true and enableDnsHostnames: true.',
        );
        fixture.get("vpc").props.enableDnsHostnames = true;
        assert.match((await validateStack(privateEndpointDns, fixture.resources)).violations[0].message, /does not enable enableDnsSupport, so .* Set enableDnsSupport: true\.$/);
    });

    it("takes DNS support as on when unset (the EC2 default)", async () => {
        const fixture = eksStack({ knownIds: true });
        delete fixture.get("vpc").props.enableDnsSupport;
        assert.deepStrictEqual((await validateStack(privateEndpointDns, fixture.resources)).violations, []);
    });

    it("takes an endpoint without flags as public only (the EKS default), and judges public-and-private ones", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("vpc").props.enableDnsHostnames = false;
        fixture.get("cluster").props.vpcConfig = { ...fixture.get("cluster").props.vpcConfig, endpointPublicAccess: undefined, endpointPrivateAccess: undefined };
        delete fixture.get("cluster").props.vpcConfig.endpointPublicAccess;
        delete fixture.get("cluster").props.vpcConfig.endpointPrivateAccess;
        assert.deepStrictEqual((await validateStack(privateEndpointDns, fixture.resources)).violations, []);
        const both = eksStack({ knownIds: true, endpoint: { public: true, private: true } });
        both.get("vpc").props.enableDnsHostnames = false;
        assert.strictEqual((await validateStack(privateEndpointDns, both.resources)).violations.length, 1);
    });

    it("waits for endpoint flags, VPC DNS settings or a VPC that are not known yet", async () => {
        const flags = eksStack({ knownIds: true });
        flags.get("cluster").props.vpcConfig.endpointPrivateAccess = UNKNOWN;
        assert.match((await validateStack(privateEndpointDns, flags.resources)).unknown!, /the endpoint access of Cluster "cluster"/);
        const dns = eksStack({ knownIds: true });
        dns.get("vpc").props.enableDnsHostnames = UNKNOWN;
        assert.match((await validateStack(privateEndpointDns, dns.resources)).unknown!, /the DNS settings of Vpc "vpc"/);
        const noVpc = eksStack({ knownIds: true });
        for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
            noVpc.get(`private-${zone}`).props.vpcId = "vpc-elsewhere";
            noVpc.get(`private-${zone}`).deps!.vpcId = [];
        }
        assert.match((await validateStack(privateEndpointDns, noVpc.resources)).unknown!, /the VPC of Cluster "cluster"/);
    });
});

describe("eks-private-endpoint-access-path: what admits 443, and unknowns", () => {
    const withRule = (props: Record<string, unknown>) => {
        const fixture = eksStack({ knownIds: true });
        Object.assign(fixture.get("api-access-vpn").props, props);
        return fixture.resources;
    };
    const noRuleMessage = /has only a private endpoint and no ingress rule on TCP 443/;

    it("counts all traffic, TCP by name in any case or by number, and port ranges that include 443", async () => {
        for (const props of [{ ipProtocol: "-1" }, { ipProtocol: "all" }, { ipProtocol: "6" }, { ipProtocol: "TCP" }, { fromPort: 400, toPort: 443 }, { fromPort: 443, toPort: 500 }, { fromPort: 0, toPort: 65535 }]) {
            assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, withRule(props))).violations, [], JSON.stringify(props));
        }
    });

    it("does not count UDP on 443 or TCP ranges that miss it", async () => {
        for (const props of [{ ipProtocol: "udp" }, { ipProtocol: "17" }, { fromPort: 444, toPort: 500 }, { fromPort: 80, toPort: 442 }]) {
            const { violations } = await validateStack(privateEndpointAccessPath, withRule(props));
            assert.strictEqual(violations.length, 1, JSON.stringify(props));
            assert.match(violations[0].message, noRuleMessage);
        }
    });

    it("reads aws.ec2.SecurityGroupRule ingress rules, with CIDRs or a source group, and ignores egress ones", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("api-access-vpn");
        fixture.add(AWS.securityGroupRule, "egress-443", { type: "egress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }, { securityGroupId: "api-access" });
        assert.match((await validateStack(privateEndpointAccessPath, fixture.resources)).violations[0].message, noRuleMessage);
        fixture.add(AWS.securityGroupRule, "ingress-vpn", { type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.100.0.0/16"] }, { securityGroupId: "api-access" });
        assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, fixture.resources)).violations, []);
        const grouped = eksStack({ knownIds: true, vpnRoute: false });
        grouped.remove("api-access-vpn");
        grouped.add(AWS.securityGroupRule, "ingress-self", { type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, self: true }, { securityGroupId: "api-access" });
        assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, grouped.resources)).violations, [], "a group source needs no route");
    });

    it("takes an inline rule with only `self` as a group source, and one with an off-VPC CIDR as needing a route", async () => {
        const self = eksStack({ knownIds: true, vpnRoute: false });
        self.remove("api-access-vpn");
        self.get("api-access").props.ingress = [{ protocol: "tcp", fromPort: 443, toPort: 443, self: true }];
        assert.deepStrictEqual((await validateStack(privateEndpointAccessPath, self.resources)).violations, []);
        const cidrs = eksStack({ knownIds: true, vpnRoute: false });
        cidrs.remove("api-access-vpn");
        cidrs.get("api-access").props.ingress = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.100.0.0/16"], self: false }];
        const { violations } = await validateStack(privateEndpointAccessPath, cidrs.resources);
        assert.match(violations[0].message, /admits 10\.100\.0\.0\/16 on TCP 443 \(an ingress rule of SecurityGroup "api-access"\)/);
    });

    it("waits for CIDRs not known yet rather than reporting no rule", async () => {
        const outcome = await validateStack(privateEndpointAccessPath, withRule({ cidrIpv4: UNKNOWN }));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the security group rules that may admit HTTPS to Cluster "cluster"/);
    });

    it("takes an endpoint without flags as public (the EKS default), which needs no access path", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("api-access-vpn");
        delete fixture.get("cluster").props.vpcConfig.endpointPublicAccess;
        assert.deepStrictEqual(await validateStack(privateEndpointAccessPath, fixture.resources), { violations: [] });
    });

    it("says has for one subnet, waits for routes not known yet, and ignores externally routed entries that are not CIDRs", async () => {
        const one = eksStack({ knownIds: true, zones: ["us-east-1a"], vpnRoute: false });
        assert.match((await validateStack(privateEndpointAccessPath, one.resources)).violations[0].message, /but Subnet "private-us-east-1a" has no route to it/);
        const unknown = eksStack({ knownIds: true, vpnRoute: false });
        unknown.add(NETWORK.route, "route-private-us-east-1a-pending", { destinationCidrBlock: UNKNOWN, transitGatewayId: "tgw-0a1b2c3d4e5f67890" }, { routeTableId: "rt-private-us-east-1a" });
        const outcome = await validateStack(privateEndpointAccessPath, unknown.resources);
        assert.match(outcome.violations[0].message, /but Subnet "private-us-east-1b", Subnet "private-us-east-1c" have no route/);
        assert.match(outcome.unknown!, /the routes of Subnet "private-us-east-1a"/);
        const junk = eksStack({ knownIds: true, vpnRoute: false });
        assert.strictEqual((await validateStack(privateEndpointAccessPath, junk.resources, { externallyRoutedCidrs: ["not a CIDR"] })).violations.length, 1);
    });

    it("waits for a route table or a VPC block not known yet rather than reporting no route", async () => {
        const pendingTable = eksStack({ knownIds: true });
        const association = pendingTable.get("assoc-private-us-east-1a");
        association.props.routeTableId = UNKNOWN;
        association.deps!.routeTableId = [];
        const table = await validateStack(privateEndpointAccessPath, pendingTable.resources);
        assert.deepStrictEqual(table.violations, []);
        assert.match(table.unknown!, /the route table of Subnet "private-us-east-1a"/);
        const pendingVpc = eksStack({ knownIds: true, vpnRoute: false });
        pendingVpc.get("vpc").props.cidrBlock = UNKNOWN;
        const vpc = await validateStack(privateEndpointAccessPath, pendingVpc.resources);
        assert.deepStrictEqual(vpc.violations, []);
        assert.match(vpc.unknown!, /the routes back from the subnets of Cluster "cluster"/);
    });
});

