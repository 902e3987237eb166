import * as assert from "assert";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { eksStack } from "../testing/stackFixture";
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
