import * as assert from "assert";
import { PULUMI_EKS } from "../lib/resourceTypes";
import { awsCluster, eksChildCluster, eksComponentCluster } from "../testing/fixtures";
import { UNKNOWN, urnOf, validate } from "../testing/validate";
import { endpointAccessExplicit, endpointModeAllowed, publicEndpointCidrs } from "./endpoint";

const publicCluster = (cidrs?: unknown[]) =>
    awsCluster({ vpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: false, ...(cidrs ? { publicAccessCidrs: cidrs } : {}) } });

describe("eks-endpoint-access-explicit", () => {
    it("passes when both flags are set explicitly", async () => {
        assert.deepStrictEqual((await validate(endpointAccessExplicit, awsCluster())).violations, []);
    });

    it("flags a cluster that sets neither flag (as mocks show it)", async () => {
        const resource = awsCluster({ vpcConfig: { subnetIds: ["subnet-1"] } });
        const { violations } = await validate(endpointAccessExplicit, resource);
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(violations[0].urn, urnOf(resource));
        assert.match(violations[0].message, /EKS cluster "prod" leaves vpcConfig\.endpointPublicAccess and vpcConfig\.endpointPrivateAccess to the AWS default/);
    });

    it("flags flags that the provider filled in (__defaults, as real previews show it)", async () => {
        const resource = awsCluster({
            vpcConfig: { __defaults: ["endpointPrivateAccess", "endpointPublicAccess"], endpointPrivateAccess: false, endpointPublicAccess: true, subnetIds: ["subnet-1"] },
        });
        const { violations } = await validate(endpointAccessExplicit, resource);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /leaves vpcConfig\.endpointPublicAccess and vpcConfig\.endpointPrivateAccess/);
    });

    it("flags one flag left to the default", async () => {
        const { violations } = await validate(endpointAccessExplicit, awsCluster({ vpcConfig: { endpointPrivateAccess: true } }));
        assert.match(violations[0].message, /leaves vpcConfig\.endpointPublicAccess to the AWS default/);
    });

    it("flags both endpoints disabled", async () => {
        const { violations } = await validate(endpointAccessExplicit, awsCluster({ vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: false } }));
        assert.match(violations[0].message, /disables both the public and the private endpoint/);
    });

    it("leaves an unknown flag to the framework instead of reporting it", async () => {
        const outcome = await validate(endpointAccessExplicit, awsCluster({ vpcConfig: { endpointPublicAccess: UNKNOWN, endpointPrivateAccess: true } }));
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /vpcConfig,endpointPublicAccess|endpointPublicAccess/);
    });

    it("judges the cluster @pulumi/eks creates (what the provider defaulted), not the component's inputs", async () => {
        const defaulted = eksChildCluster({ vpcConfig: { endpointPrivateAccess: false, endpointPublicAccess: true, __defaults: ["endpointPrivateAccess", "endpointPublicAccess"] } });
        const { violations } = await validate(endpointAccessExplicit, defaulted);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /EKS cluster "prod-eksCluster" \(created by a @pulumi\/eks Cluster\) leaves the @pulumi\/eks Cluster's endpointPublicAccess and the @pulumi\/eks Cluster's endpointPrivateAccess to the AWS default/);
        assert.deepStrictEqual((await validate(endpointAccessExplicit, eksChildCluster())).violations, []);
        assert.ok((await validate(endpointAccessExplicit, eksComponentCluster({}))).notApplicable, "an input-less component is no violation");
        assert.strictEqual(eksChildCluster().parentTypes![0], PULUMI_EKS.cluster);
    });
});

describe("eks-endpoint-mode-allowed", () => {
    it("passes a private cluster where only private is allowed", async () => {
        assert.deepStrictEqual((await validate(endpointModeAllowed, awsCluster(), { allowedModes: ["private"] })).violations, []);
    });

    it("flags a public cluster where only private is allowed", async () => {
        const { violations } = await validate(endpointModeAllowed, publicCluster(["203.0.113.0/24"]), { allowedModes: ["private"] });
        assert.match(violations[0].message, /EKS cluster "prod" uses endpoint mode "public", which this environment does not allow \(allowed: private\)/);
    });

    it("judges unset flags by the AWS defaults (public)", async () => {
        const { violations } = await validate(endpointModeAllowed, awsCluster({ vpcConfig: {} }), { allowedModes: ["private", "publicAndPrivate"] });
        assert.match(violations[0].message, /uses endpoint mode "public"/);
    });

    it("allows every mode by default", async () => {
        assert.deepStrictEqual((await validate(endpointModeAllowed, publicCluster(["203.0.113.0/24"]))).violations, []);
    });

    it("judges the cluster @pulumi/eks creates", async () => {
        const child = eksChildCluster({ vpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: true } });
        const { violations } = await validate(endpointModeAllowed, child, { allowedModes: ["private"] });
        assert.match(violations[0].message, /\(created by a @pulumi\/eks Cluster\) uses endpoint mode "publicAndPrivate"/);
        assert.ok((await validate(endpointModeAllowed, eksComponentCluster({ endpointPublicAccess: true }), { allowedModes: ["private"] })).notApplicable);
    });
});

describe("eks-public-endpoint-cidrs", () => {
    it("does not apply to a private-only cluster", async () => {
        assert.ok((await validate(publicEndpointCidrs, awsCluster())).notApplicable);
    });

    it("passes a public endpoint limited to specific networks", async () => {
        assert.deepStrictEqual((await validate(publicEndpointCidrs, publicCluster(["203.0.113.0/24", "198.51.100.7/32"]))).violations, []);
    });

    it("flags a public endpoint without CIDRs (AWS opens it to 0.0.0.0/0)", async () => {
        const { violations } = await validate(publicEndpointCidrs, publicCluster());
        assert.match(violations[0].message, /has a public endpoint without vpcConfig\.publicAccessCidrs, so AWS opens it to 0\.0\.0\.0\/0/);
    });

    it("flags 0.0.0.0/0 and ::/0", async () => {
        const { violations } = await validate(publicEndpointCidrs, publicCluster(["0.0.0.0/0", "::/0"]));
        assert.strictEqual(violations.length, 2);
        assert.match(violations[0].message, /opens its public endpoint to the whole internet \(vpcConfig\.publicAccessCidrs contains 0\.0\.0\.0\/0\)/);
        assert.match(violations[1].message, /contains ::\/0/);
    });

    it("flags invalid CIDRs and CIDRs with host bits", async () => {
        const { violations } = await validate(publicEndpointCidrs, publicCluster(["10.0.0.0/33", "203.0.113.9/24"]));
        assert.match(violations[0].message, /invalid CIDR "10\.0\.0\.0\/33"/);
        assert.match(violations[1].message, /"203\.0\.113\.9\/24" in vpcConfig\.publicAccessCidrs, with host bits set; EKS rejects it\. Use 203\.0\.113\.0\/24/);
    });

    it("flags more than 40 CIDRs", async () => {
        const cidrs = Array.from({ length: 41 }, (_, i) => `198.18.${i}.0/24`);
        const { violations } = await validate(publicEndpointCidrs, publicCluster(cidrs));
        assert.match(violations[0].message, /lists 41 vpcConfig\.publicAccessCidrs; EKS accepts at most 40/);
    });

    it("checks known CIDRs and leaves unknown ones (a new NAT address) to the framework", async () => {
        const fine = await validate(publicEndpointCidrs, publicCluster(["203.0.113.0/24", UNKNOWN]));
        assert.deepStrictEqual(fine.violations, []);
        assert.ok(fine.unknown);
        const open = await validate(publicEndpointCidrs, publicCluster(["0.0.0.0/0", UNKNOWN]));
        assert.strictEqual(open.violations.length, 1, "a known open CIDR is reported even when others are unknown");
    });

    it("judges the cluster @pulumi/eks creates, naming the component's input", async () => {
        const { violations } = await validate(publicEndpointCidrs, eksChildCluster({ vpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: false } }));
        assert.match(violations[0].message, /\(created by a @pulumi\/eks Cluster\) has a public endpoint without the @pulumi\/eks Cluster's publicAccessCidrs/);
        assert.ok((await validate(publicEndpointCidrs, eksComponentCluster({}))).notApplicable);
    });
});

describe("endpoint rules: messages and limits", () => {
    it("says which flags are left to the default and how to set both, for a cluster and for @pulumi/eks", async () => {
        const plain = await validate(endpointAccessExplicit, awsCluster({ vpcConfig: { endpointPrivateAccess: true } }));
        assert.strictEqual(plain.violations[0].message, 'EKS cluster "prod" leaves vpcConfig.endpointPublicAccess to the AWS default (public endpoint on, private off). Set both vpcConfig.endpointPublicAccess and vpcConfig.endpointPrivateAccess explicitly.');
        const eks = await validate(endpointAccessExplicit, eksChildCluster({ vpcConfig: {} }));
        assert.match(eks.violations[0].message, /leaves the @pulumi\/eks Cluster's endpointPublicAccess and the @pulumi\/eks Cluster's endpointPrivateAccess to the AWS default/);
    });

    it("names the mode, what is allowed and what to set", async () => {
        const { violations } = await validate(endpointModeAllowed, awsCluster({ vpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ["203.0.113.0/24"] } }), { allowedModes: ["private", "publicAndPrivate"] });
        assert.strictEqual(violations[0].message, 'EKS cluster "prod" uses endpoint mode "public", which this environment does not allow (allowed: private, publicAndPrivate). Set vpcConfig.endpointPublicAccess and vpcConfig.endpointPrivateAccess to an allowed mode.');
        assert.deepStrictEqual((await validate(endpointModeAllowed, awsCluster({ vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: false } }), { allowedModes: ["private"] })).violations, [], "no endpoint at all is the other rule's finding");
    });

    it("judges the CIDRs of a publicAndPrivate endpoint too, and takes at most 40, an IPv6 block, and refuses malformed IPv6", async () => {
        const both = (cidrs: unknown[]) => awsCluster({ vpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: cidrs } });
        assert.strictEqual((await validate(publicEndpointCidrs, both(["0.0.0.0/0"]))).violations.length, 1);
        const forty = Array.from({ length: 40 }, (_, i) => `198.51.${i}.0/24`);
        assert.deepStrictEqual((await validate(publicEndpointCidrs, both(forty))).violations, []);
        assert.match((await validate(publicEndpointCidrs, both([...forty, "198.51.40.0/24"]))).violations[0].message, /lists 41 vpcConfig\.publicAccessCidrs; EKS accepts at most 40/);
        assert.deepStrictEqual((await validate(publicEndpointCidrs, both(["2001:db8::/32"]))).violations, []);
        for (const bad of ["2001:db8::/", "x2001:db8::/32", "2001:db8::/32x", "2001:db8::/1234", "g::/32"]) {
            assert.match((await validate(publicEndpointCidrs, both([bad]))).violations[0]?.message ?? "", /has an invalid CIDR/, bad);
        }
        assert.match((await validate(publicEndpointCidrs, both([]))).violations[0].message, /has a public endpoint without vpcConfig\.publicAccessCidrs, so AWS opens it to 0\.0\.0\.0\/0/);
    });
});
