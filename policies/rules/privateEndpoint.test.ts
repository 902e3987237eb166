import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
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
});
