import * as assert from "assert";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { asIpv6 } from "../testing/ipv6Stack";
import { eksStack, StackFixture } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { stackUrn, validateStack } from "../testing/validateStack";
import { customNetworkingPodSubnets, fargatePrivateSubnets, ipv6Subnets, natPerAz, nodesPrivateSubnets, privateSubnetEgress, subnetIpCapacity, subnetsMultiAz } from "./subnets";

const modes = [true, false].map((knownIds) => ({ knownIds, label: knownIds ? "existing stack" : "new stack in preview" }));

describe("eks-fargate-private-subnets", () => {
    for (const { knownIds, label } of modes) {
        it(`passes Fargate on private subnets (${label})`, async () => {
            const outcome = await validateStack(fargatePrivateSubnets, eksStack({ knownIds }).resources);
            assert.deepStrictEqual(outcome, { violations: [] });
        });

        it(`flags a Fargate profile given a public subnet (${label})`, async () => {
            const fixture = eksStack({ knownIds });
            const apps = fixture.get("apps");
            apps.props.subnetIds = [...apps.props.subnetIds.slice(0, 2), knownIds ? "public-us-east-1c-id" : UNKNOWN];
            apps.deps!.subnetIds = ["private-us-east-1a", "private-us-east-1b", "public-us-east-1c"];
            const { violations } = await validateStack(fargatePrivateSubnets, fixture.resources);
            assert.strictEqual(violations.length, 1);
            assert.strictEqual(violations[0].urn, stackUrn(AWS.fargateProfile, "apps"));
            assert.match(violations[0].message, /FargateProfile "apps" uses Subnet "public-us-east-1c", whose route table routes to an internet gateway/);
        });
    }

    it("flags a private subnet whose route table was switched to the internet gateway", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(NETWORK.route, "stray-igw", { destinationCidrBlock: "198.51.100.0/24" }, { routeTableId: "rt-private-us-east-1b", gatewayId: "igw" });
        const { violations } = await validateStack(fargatePrivateSubnets, fixture.resources);
        assert.match(violations[0].message, /uses Subnet "private-us-east-1b", whose route table routes to an internet gateway/);
    });

    it("flags a private subnet that maps public IPs on launch", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("private-us-east-1a").props.mapPublicIpOnLaunch = true;
        const { violations } = await validateStack(fargatePrivateSubnets, fixture.resources);
        assert.match(violations[0].message, /gives instances public IPs on launch/);
    });

    it("says it cannot check subnets the dependencies do not identify (coarse @pulumi/eks dependencies)", async () => {
        const fixture = eksStack({ knownIds: false });
        fixture.get("apps").deps!.subnetIds = fixture.resources.filter((r) => r.type === AWS.subnet).map((r) => r.name);
        const outcome = await validateStack(fargatePrivateSubnets, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /FargateProfile "apps" subnetIds has 3 unknown values and 6 matching dependencies/);
    });
});

describe("eks-nodes-private-subnets", () => {
    it("passes node groups in private subnets", async () => {
        assert.deepStrictEqual((await validateStack(nodesPrivateSubnets, eksStack().resources)).violations, []);
    });

    it("flags a node group in public subnets", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("general").props.subnetIds = ["public-us-east-1a-id", "public-us-east-1b-id"];
        const { violations } = await validateStack(nodesPrivateSubnets, fixture.resources);
        assert.strictEqual(violations.length, 2);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.nodeGroup, "general"));
        assert.match(violations[0].message, /NodeGroup "general" places nodes in Subnet "public-us-east-1a", which routes to an internet gateway/);
    });
});

describe("eks-private-subnet-egress", () => {
    it("passes private subnets with a NAT default route", async () => {
        assert.deepStrictEqual((await validateStack(privateSubnetEgress, eksStack().resources)).violations, []);
    });

    it("flags private subnets without NAT or endpoints", async () => {
        const { violations } = await validateStack(privateSubnetEgress, eksStack({ knownIds: true, nat: "none" }).resources);
        assert.strictEqual(violations.length, 6, "three subnets, each for the node group and the Fargate profile");
        assert.match(violations[0].message, /runs in Subnet "private-us-east-1a", which has no default route through a NAT gateway and whose VPC lacks the endpoints ecr\.api, ecr\.dkr, s3, sts, ec2, logs/);
    });

    it("passes private subnets without NAT when the VPC has the endpoints nodes need", async () => {
        const fixture = eksStack({ knownIds: true, nat: "none" });
        for (const service of ["ecr.api", "ecr.dkr", "s3", "sts", "ec2", "logs"]) {
            fixture.add(NETWORK.vpcEndpoint, `endpoint-${service}`, { serviceName: `com.amazonaws.us-east-1.${service}` }, { vpcId: "vpc" });
        }
        assert.deepStrictEqual((await validateStack(privateSubnetEgress, fixture.resources)).violations, []);
        fixture.remove("endpoint-sts");
        assert.match((await validateStack(privateSubnetEgress, fixture.resources)).violations[0].message, /lacks the endpoints sts/);
    });
});

describe("eks-subnets-multi-az", () => {
    it("passes a cluster and node group across three zones", async () => {
        assert.deepStrictEqual((await validateStack(subnetsMultiAz, eksStack().resources, { minZones: 3 })).violations, []);
    });

    it("flags a two-zone cluster where three are required, and a one-zone node group", async () => {
        const fixture = eksStack({ knownIds: true, zones: ["us-east-1a", "us-east-1b"] });
        fixture.get("general").props.subnetIds = ["private-us-east-1a-id"];
        const { violations } = await validateStack(subnetsMultiAz, fixture.resources, { minZones: 3 });
        assert.strictEqual(violations.length, 2);
        assert.match(violations[0].message, /Cluster "cluster" has subnets in 2 zones \(us-east-1a, us-east-1b\); at least 3 are required/);
        assert.match(violations[1].message, /NodeGroup "general" spans 1 zone \(us-east-1a\); at least 2 are required/);
    });

    it("says it cannot check zones that are unknown", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("private-us-east-1a").props.availabilityZone = UNKNOWN;
        const outcome = await validateStack(subnetsMultiAz, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the zones of Cluster "cluster"'s subnets/);
    });
});

describe("eks-nat-per-az", () => {
    it("passes one NAT gateway per zone", async () => {
        assert.deepStrictEqual((await validateStack(natPerAz, eksStack({ nat: "onePerAz" }).resources)).violations, []);
    });

    it("flags single NAT in a 3-zone prod stack: two zones depend on the first", async () => {
        const { violations } = await validateStack(natPerAz, eksStack({ nat: "single" }).resources);
        assert.strictEqual(violations.length, 2);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.subnet, "private-us-east-1b"));
        assert.match(violations[0].message, /Subnet "private-us-east-1b" in us-east-1b sends its traffic through NatGateway "nat-us-east-1a" in us-east-1a/);
    });
});

describe("eks-subnet-ip-capacity", () => {
    it("passes /19 subnets for the node group at maxSize", async () => {
        assert.deepStrictEqual((await validateStack(subnetIpCapacity, eksStack().resources)).violations, []);
    });

    it("flags a /24 subnet under a node group of 20 m5.large nodes", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/24";
        Object.assign(fixture.get("general").props, { instanceTypes: ["m5.large"], scalingConfig: { minSize: 3, desiredSize: 10, maxSize: 20 }, subnetIds: ["private-us-east-1a-id"] });
        const { violations } = await validateStack(subnetIpCapacity, fixture.resources);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.subnet, "private-us-east-1a"));
        assert.match(violations[0].message, /Subnet "private-us-east-1a" \(10\.0\.0\.0\/24, 251 usable addresses\) is too small for 600 addresses at maxSize: NodeGroup "general": 20 nodes x 30 addresses \(m5\.large\)/);
    });

    it("counts nodes per subnet as balanced across the group's zones with one zone lost", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/24";
        Object.assign(fixture.get("general").props, { instanceTypes: ["m5.large"], scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 16 } });
        assert.deepStrictEqual((await validateStack(subnetIpCapacity, fixture.resources)).violations, [], "16 nodes: 8 per subnet x 30 = 240 fit in 251");
        fixture.get("general").props.scalingConfig.maxSize = 18;
        const { violations } = await validateStack(subnetIpCapacity, fixture.resources);
        assert.match(violations[0].message, /too small for 270 addresses at maxSize: NodeGroup "general": 9 nodes x 30/);
    });

    /** The vpc-cni add-on of the fixture's cluster, with the daemon environment given (undefined: not known yet). */
    const withVpcCni = (fixture: StackFixture, env: Record<string, string> | undefined, eniConfig?: Record<string, unknown>) => {
        fixture.add("aws:eks/addon:Addon", "vpc-cni", { addonName: "vpc-cni", configurationValues: env ? JSON.stringify({ env, ...(eniConfig ? { eniConfig } : {}) }) : UNKNOWN }, { clusterName: "cluster.name" });
        return fixture;
    };
    const PREFIXES = { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" };

    it("with prefix delegation, counts each node's /28 prefixes at EKS's max pods, its warm prefix and its ENIs' addresses", async () => {
        const fixture = withVpcCni(eksStack({ knownIds: true }), PREFIXES);
        fixture.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/24";
        // m6i.large, maxSize 6 over 3 subnets with one zone lost: 3 nodes per subnet. Max pods
        // min(110, 3 x (9 x 16) + 2) = 110: 108 pod addresses in 7 prefixes, 1 warm = 8 prefixes
        // (128 addresses) on 1 ENI (+1) = 129 a node, 387 a subnet (without prefixes 3 x 30 = 90).
        const { violations } = await validateStack(subnetIpCapacity, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.message), [
            'Subnet "private-us-east-1a" (10.0.0.0/24, 251 usable addresses) is too small for 387 addresses at maxSize: NodeGroup "general": 3 nodes x 129 addresses (m6i.large, prefix delegation: 110 max pods in /28 prefixes, 1 kept free, and the ENIs\' own addresses). Use a larger subnet, or fewer or smaller nodes.',
        ]);
        fixture.get("vpc-cni").props.configurationValues = JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: "false" } });
        assert.deepStrictEqual((await validateStack(subnetIpCapacity, fixture.resources)).violations, [], "90 addresses without prefixes");
    });

    it("with prefix delegation, applies the smallest max pods of a mixed group, the larger cap above 30 vCPUs, and WARM_PREFIX_TARGET", async () => {
        const perNode = async (types: string[], env: Record<string, string> = PREFIXES) => {
            const fixture = withVpcCni(eksStack({ knownIds: true }), env);
            fixture.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/28";
            Object.assign(fixture.get("general").props, { instanceTypes: types, scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 1 } });
            const { violations } = await validateStack(subnetIpCapacity, fixture.resources);
            return Number(/1 nodes x (\d+) addresses/.exec(violations[0].message)![1]);
        };
        // m6i.8xlarge: 32 vCPUs, max pods min(250, 8 x 29 x 16 + 2) = 250: 248 in 16 prefixes + 1 warm = 17 (272) on 1 ENI = 273.
        assert.strictEqual(await perNode(["m6i.8xlarge"]), 273);
        // With t3.medium in the group every node gets 110: t3.medium's 8 prefixes need 2 ENIs of 5 (130), m6i.8xlarge's 1 (129).
        assert.strictEqual(await perNode(["t3.medium", "m6i.8xlarge"]), 130);
        // Two warm prefixes: 9 on m6i.large's first ENI = 145.
        assert.strictEqual(await perNode(["m6i.large"], { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "2" }), 145);
    });

    it("counts single addresses for a vpc-cni add-on without configuration, with nothing left to check", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add("aws:eks/addon:Addon", "vpc-cni", { addonName: "vpc-cni" }, { clusterName: "cluster.name" });
        fixture.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/27";
        const outcome = await validateStack(subnetIpCapacity, fixture.resources);
        assert.strictEqual(outcome.unknown, undefined);
        assert.match(outcome.violations[0].message, /3 nodes x 30 addresses \(m6i\.large\)/);
    });

    /** Custom networking: a pod subnet per zone in 100.64.0.0/16, and the add-on's ENIConfigs naming them. */
    const withCustomNetworking = (fixture: StackFixture, podPrefix: number, env: Record<string, string> = PREFIXES, zones = ["us-east-1a", "us-east-1b", "us-east-1c"]) => {
        zones.forEach((zone, i) => fixture.add(AWS.subnet, `pods-${zone}`, { cidrBlock: `100.64.${i * 8}.0/${podPrefix}`, availabilityZone: zone }, { vpcId: "vpc" }));
        const subnets = Object.fromEntries(zones.map((zone) => [zone, { id: `pods-${zone}-id` }]));
        return withVpcCni(fixture, { ...env, AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" }, { create: true, region: "us-east-1", subnets });
    };

    it("with custom networking, counts one address a node in its subnet and its pods' ENIs in the pod subnet of its zone", async () => {
        // m6i.large with prefixes, 3 nodes a zone: 110 max pods; the 8 prefixes fit the 2 ENIs pods may
        // use (18 prefixes): 129 addresses a node in the pod subnet (387), 1 in the node subnet (3).
        const fixture = withCustomNetworking(eksStack({ knownIds: true }), 24);
        fixture.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/29";
        const { violations } = await validateStack(subnetIpCapacity, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), ["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => stackUrn(AWS.subnet, `pods-${z}`)));
        assert.strictEqual(
            violations[0].message,
            'Subnet "pods-us-east-1a" (100.64.0.0/24, 251 usable addresses) is too small for 387 addresses at maxSize: NodeGroup "general"\'s pods on 3 nodes in us-east-1a: 3 x 129 addresses (m6i.large, prefix delegation: 110 max pods in /28 prefixes, 1 kept free, and the ENIs\' own addresses, custom networking). Use a larger subnet, or fewer or smaller nodes.',
        );
        const roomy = withCustomNetworking(eksStack({ knownIds: true }), 23);
        roomy.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/29";
        assert.deepStrictEqual((await validateStack(subnetIpCapacity, roomy.resources)).violations, [], "387 in 507; 3 node addresses in a /29's 3");
    });

    it("with custom networking and single addresses, leaves the primary ENI out", async () => {
        // m6i.large: (3 - 1) ENIs x 10 addresses = 20 a node, 60 a zone: a /26 (59) is one short.
        const fixture = withCustomNetworking(eksStack({ knownIds: true }), 26, {});
        const { violations } = await validateStack(subnetIpCapacity, fixture.resources);
        assert.match(violations[0].message, /too small for 60 addresses at maxSize: NodeGroup "general"'s pods on 3 nodes in us-east-1a: 3 x 20 addresses \(m6i\.large, custom networking\)/);
    });

    it("in an IPv6 cluster, counts one IPv4 address a node whatever the VPC CNI's settings", async () => {
        // m5.large, maxSize 20 in one subnet: 20 nodes x 1 address; an IPv4 cluster would need 20 x 30 = 600.
        const fixture = withVpcCni(asIpv6(eksStack({ knownIds: true })), PREFIXES);
        fixture.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/27";
        Object.assign(fixture.get("general").props, { instanceTypes: ["m5.large"], scalingConfig: { minSize: 3, desiredSize: 10, maxSize: 20 }, subnetIds: ["private-us-east-1a-id"] });
        assert.deepStrictEqual((await validateStack(subnetIpCapacity, fixture.resources)).violations, [], "20 addresses in a /27's 27");
        fixture.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/28";
        const { violations } = await validateStack(subnetIpCapacity, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.message), [
            'Subnet "private-us-east-1a" (10.0.0.0/28, 11 usable addresses) is too small for 20 addresses at maxSize: NodeGroup "general": 20 nodes x 1 address (IPv6 cluster: pods take IPv6 addresses). Use a larger subnet, or fewer or smaller nodes.',
        ]);
        // The same group in an IPv4 cluster of the same subnet.
        fixture.get("cluster").props.kubernetesNetworkConfig = { ipFamily: "ipv4" };
        assert.match((await validateStack(subnetIpCapacity, fixture.resources)).violations[0].message, /too small for 2580 addresses at maxSize: NodeGroup "general": 20 nodes x 129 addresses/);
    });

    it("in an IPv6 cluster, needs no instance data, and says it cannot count while the family is unknown", async () => {
        const fixture = asIpv6(eksStack({ knownIds: true }));
        fixture.get("general").props.instanceTypes = ["x9z.huge"];
        assert.deepStrictEqual(await validateStack(subnetIpCapacity, fixture.resources), { violations: [] });
        fixture.get("cluster").props.kubernetesNetworkConfig = { ipFamily: UNKNOWN };
        const outcome = await validateStack(subnetIpCapacity, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the IP family of Cluster "cluster"/);
    });

    it("says it cannot count pod subnets whose ENIConfigs are not in the stack", async () => {
        const fixture = withVpcCni(eksStack({ knownIds: true }), { ...PREFIXES, AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true" });
        const outcome = await validateStack(subnetIpCapacity, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the pod subnets of NodeGroup "general" \(ENIConfigs not declared in the stack\)/);
    });

    it("says it cannot count a node group while the vpc-cni configuration is not known", async () => {
        const fixture = withVpcCni(eksStack({ knownIds: true }), undefined);
        const outcome = await validateStack(subnetIpCapacity, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the configuration of Addon "vpc-cni"/);
    });

    it("says it cannot check instance types it has no data for", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("general").props.instanceTypes = ["x9z.large"];
        const outcome = await validateStack(subnetIpCapacity, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the max pods of x9z\.large/);
    });
});

describe("self-managed nodes (Auto Scaling groups of EKS nodes)", () => {
    const asgTags = [{ key: "kubernetes.io/cluster/prod", value: "owned", propagateAtLaunch: true }];
    /** An Auto Scaling group of cluster nodes from a launch template, in the given subnets. */
    function withSelfManaged(knownIds: boolean, subnets: string[], nic: Record<string, unknown> = { associatePublicIpAddress: "false" }, group: Record<string, unknown> = {}) {
        const fixture = eksStack({ knownIds });
        fixture.add(AWS.launchTemplate, "workers-lt", { name: "workers-lt-1a2b3c", instanceType: "m5.large", networkInterfaces: [nic], blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 40 } }] });
        fixture.add("aws:autoscaling/group:Group", "workers", { minSize: 2, desiredCapacity: 3, maxSize: 4, tags: asgTags, launchTemplate: { version: "1" }, ...group }, { vpcZoneIdentifiers: subnets, "launchTemplate.name": "workers-lt.name" });
        return fixture;
    }
    const privateSubnets = ["private-us-east-1a", "private-us-east-1b", "private-us-east-1c"];

    for (const knownIds of [true, false]) {
        it(`passes self-managed nodes in private subnets without public IPs (${knownIds ? "known" : "unknown"} ids)`, async () => {
            const fixture = withSelfManaged(knownIds, privateSubnets);
            assert.deepStrictEqual(await validateStack(nodesPrivateSubnets, fixture.resources), { violations: [] });
            assert.deepStrictEqual(await validateStack(subnetsMultiAz, fixture.resources), { violations: [] });
            assert.deepStrictEqual(await validateStack(privateSubnetEgress, fixture.resources), { violations: [] });
        });
    }

    it("flags self-managed nodes in public subnets and with public IPs", async () => {
        const fixture = withSelfManaged(true, ["public-us-east-1a", "public-us-east-1b"], { associatePublicIpAddress: "true" });
        const messages = (await validateStack(nodesPrivateSubnets, fixture.resources)).violations.map((v) => v.message);
        assert.deepStrictEqual(messages, [
            'Group "workers" (self-managed EKS nodes) places nodes in Subnet "public-us-east-1a", which routes to an internet gateway. Put node groups in private subnets.',
            'Group "workers" (self-managed EKS nodes) places nodes in Subnet "public-us-east-1b", which routes to an internet gateway. Put node groups in private subnets.',
            'Group "workers" (self-managed EKS nodes) gives its nodes public IP addresses (associatePublicIpAddress in LaunchTemplate "workers-lt"), so each is reachable from the internet wherever its security groups allow. Set associatePublicIpAddress: false and reach the internet through NAT.',
        ]);
    });

    it("flags public IPs even when the group's subnets are not in the stack (a certain violation, not a wait)", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add("aws:ec2/launchConfiguration:LaunchConfiguration", "workers-lc", { name: "workers-lc-1a2b", instanceType: "t3.small", associatePublicIpAddress: true });
        fixture.add("aws:autoscaling/group:Group", "workers", { minSize: 1, maxSize: 2, tags: asgTags, vpcZoneIdentifiers: ["subnet-0aaaaaaaaaaaaaaaa"] }, { launchConfiguration: "workers-lc.name" });
        const outcome = await validateStack(nodesPrivateSubnets, fixture.resources);
        assert.deepStrictEqual(outcome.violations.map((v) => v.message.split(" (associatePublicIpAddress")[0]), ['Group "workers" (self-managed EKS nodes) gives its nodes public IP addresses']);
    });

    it("judges the node group @pulumi/eks 1.x/2.x declares in a CloudFormation stack like any other, or waits for its template", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add("aws:ec2/launchConfiguration:LaunchConfiguration", "nodes-lc", { name: "nodes-lc-6569f47", instanceType: "t3.medium", associatePublicIpAddress: true });
        const subnets = ["public-us-east-1a", "public-us-east-1b"].map((name) => JSON.stringify(fixture.get(name).props.id)).join(",");
        const templateBody = `Resources:\n  NodeGroup:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: 1\n      MaxSize: 2\n      LaunchConfigurationName: nodes-lc-6569f47\n      VPCZoneIdentifier: [${subnets}]\n      Tags:\n      - Key: kubernetes.io/cluster/prod\n        Value: owned\n        PropagateAtLaunch: 'true'\n`;
        fixture.add("aws:cloudformation/stack:Stack", "example-nodes", { templateBody });
        const messages = (await validateStack(nodesPrivateSubnets, fixture.resources)).violations.map((v) => v.message);
        assert.deepStrictEqual(messages, [
            'Group "example-nodes (CloudFormation NodeGroup)" (self-managed EKS nodes) places nodes in Subnet "public-us-east-1a", which routes to an internet gateway. Put node groups in private subnets.',
            'Group "example-nodes (CloudFormation NodeGroup)" (self-managed EKS nodes) places nodes in Subnet "public-us-east-1b", which routes to an internet gateway. Put node groups in private subnets.',
            'Group "example-nodes (CloudFormation NodeGroup)" (self-managed EKS nodes) gives its nodes public IP addresses (associatePublicIpAddress in LaunchConfiguration "nodes-lc"), so each is reachable from the internet wherever its security groups allow. Set associatePublicIpAddress: false and reach the internet through NAT.',
        ]);
        fixture.get("example-nodes").props.templateBody = UNKNOWN;
        const pending = await validateStack(nodesPrivateSubnets, fixture.resources);
        assert.deepStrictEqual(pending.violations, []);
        assert.match(pending.unknown!, /the Auto Scaling groups of Stack "example-nodes"'s template/);
    });

    it("ignores Auto Scaling groups that are not EKS nodes", async () => {
        const fixture = withSelfManaged(true, ["public-us-east-1a"], { associatePublicIpAddress: "true" }, { tags: [{ key: "team", value: "web", propagateAtLaunch: true }] });
        assert.deepStrictEqual((await validateStack(nodesPrivateSubnets, fixture.resources)).violations, []);
    });

    it("counts self-managed nodes in subnet capacity and zones", async () => {
        const small = withSelfManaged(true, ["private-us-east-1a"], undefined, { maxSize: 40 });
        small.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/24";
        const capacity = (await validateStack(subnetIpCapacity, small.resources)).violations;
        assert.ok(capacity.some((v) => /Group "workers": 40 nodes x 30 addresses \(m5\.large\)/.test(v.message)), capacity.map((v) => v.message).join("\n"));
        const zones = (await validateStack(subnetsMultiAz, small.resources)).violations;
        assert.match(zones[0].message, /Group "workers" spans 1 zone \(us-east-1a\); at least 2 are required/);
    });

    it("reads a launch configuration too", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add("aws:ec2/launchConfiguration:LaunchConfiguration", "workers-lc", { name: "workers-lc-1a2b", instanceType: "t3.small", associatePublicIpAddress: true });
        fixture.add("aws:autoscaling/group:Group", "workers", { minSize: 1, maxSize: 2, tags: asgTags }, { vpcZoneIdentifiers: ["private-us-east-1a", "private-us-east-1b"], launchConfiguration: "workers-lc.name" });
        const messages = (await validateStack(nodesPrivateSubnets, fixture.resources)).violations.map((v) => v.message);
        assert.deepStrictEqual(messages.length, 1);
        assert.match(messages[0], /associatePublicIpAddress in LaunchConfiguration "workers-lc"/);
    });
});

describe("subnet rules: unknown routes, endpoints, NAT zones and address demand", () => {
    /** The fixture with one private subnet's default route pointing at a target not known yet. */
    function pendingRoute(knownIds = true) {
        const fixture = eksStack({ knownIds });
        fixture.remove("route-private-us-east-1a");
        fixture.add(NETWORK.route, "route-pending", { destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }, { routeTableId: "rt-private-us-east-1a" });
        fixture.get("route-pending").deps!.gatewayId = [];
        return fixture;
    }

    it("wait for a route target not known yet, naming the subnet", async () => {
        for (const policy of [fargatePrivateSubnets, nodesPrivateSubnets, privateSubnetEgress]) {
            const outcome = await validateStack(policy, pendingRoute().resources);
            assert.deepStrictEqual(outcome.violations, [], policy.name);
            assert.match(outcome.unknown!, /the routes of Subnet "private-us-east-1a"/, policy.name);
        }
    });

    it("egress: counts only the VPC's own endpoints, by service suffix, and takes the required list from config", async () => {
        const fixture = eksStack({ knownIds: true, nat: "none" });
        fixture.remove("apps");
        fixture.add(AWS.vpc, "other-vpc", { cidrBlock: "10.9.0.0/16" });
        for (const service of ["ecr.api", "ecr.dkr", "s3", "sts", "ec2", "logs"]) {
            fixture.add(NETWORK.vpcEndpoint, `other-${service}`, { serviceName: `com.amazonaws.us-east-1.${service}` }, { vpcId: "other-vpc" });
        }
        assert.strictEqual((await validateStack(privateSubnetEgress, fixture.resources)).violations.length, 3, "another VPC's endpoints do not serve these subnets");
        fixture.add(NETWORK.vpcEndpoint, "s3", { serviceName: "com.amazonaws.us-east-1.s3" }, { vpcId: "vpc" });
        fixture.add(NETWORK.vpcEndpoint, "s3x", { serviceName: "com.amazonaws.us-east-1.s3x" }, { vpcId: "vpc" });
        fixture.add(NETWORK.vpcEndpoint, "pending", { serviceName: UNKNOWN }, { vpcId: "vpc" });
        const { violations } = await validateStack(privateSubnetEgress, fixture.resources);
        assert.match(violations[0].message, /NodeGroup "general" runs in Subnet "private-us-east-1a", which has no default route through a NAT gateway and whose VPC lacks the endpoints ecr\.api, ecr\.dkr, sts, ec2, logs; nodes cannot pull images or reach AWS APIs/);
        assert.deepStrictEqual((await validateStack(privateSubnetEgress, fixture.resources, { requiredEndpoints: ["s3"] })).violations, []);
    });

    it("egress: leaves subnets with an internet route to the other rules", async () => {
        const fixture = eksStack({ knownIds: true, nat: "none" });
        const group = fixture.get("general");
        group.props.subnetIds = ["public-us-east-1a-id"];
        group.deps!.subnetIds = ["public-us-east-1a"];
        fixture.remove("apps");
        assert.deepStrictEqual((await validateStack(privateSubnetEgress, fixture.resources)).violations, []);
    });

    it("NAT per zone: waits for a NAT gateway whose subnet, and so zone, is not known", async () => {
        const fixture = eksStack({ knownIds: true, nat: "single" });
        fixture.get("nat-us-east-1a").props.subnetId = "subnet-elsewhere";
        fixture.get("nat-us-east-1a").deps!.subnetId = [];
        const outcome = await validateStack(natPerAz, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the zone of NatGateway "nat-us-east-1a"/);
    });

    it("IP capacity: t3.medium without types, the largest type of a mixed group, and notes for unknown sizes, types and CIDRs", async () => {
        const small = eksStack({ knownIds: true });
        small.get("general").props.instanceTypes = [];
        small.get("general").props.scalingConfig.maxSize = 20;
        small.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/26";
        // 20 nodes over 3 subnets with one zone lost: 10 per subnet, x 18 addresses (t3.medium: 3 ENIs x 6).
        let { violations } = await validateStack(subnetIpCapacity, small.resources);
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(
            violations[0].message,
            'Subnet "private-us-east-1a" (10.0.0.0/26, 59 usable addresses) is too small for 180 addresses at maxSize: NodeGroup "general": 10 nodes x 18 addresses (t3.medium). Use a larger subnet, or fewer or smaller nodes.',
        );
        small.get("general").props.instanceTypes = ["t3.medium", "m6i.xlarge"];
        small.get("private-us-east-1a").props.cidrBlock = "10.0.0.0/23";
        ({ violations } = await validateStack(subnetIpCapacity, small.resources));
        assert.match(violations[0].message, /10 nodes x 60 addresses \(t3\.medium\/m6i\.xlarge\)/);
        const unknownSize = eksStack({ knownIds: true });
        unknownSize.get("general").props.scalingConfig = UNKNOWN;
        assert.match((await validateStack(subnetIpCapacity, unknownSize.resources)).unknown!, /the size of NodeGroup "general"/);
        const unknownType = eksStack({ knownIds: true });
        unknownType.get("general").props.instanceTypes = ["m6i.large", "z9.huge"];
        assert.match((await validateStack(subnetIpCapacity, unknownType.resources)).unknown!, /the max pods of z9\.huge \(no instance data\)/);
        const unknownCidr = eksStack({ knownIds: true });
        unknownCidr.get("private-us-east-1b").props.cidrBlock = UNKNOWN;
        assert.match((await validateStack(subnetIpCapacity, unknownCidr.resources)).unknown!, /the CIDR of Subnet "private-us-east-1b"/);
    });

    it("multi-AZ: takes its minimums from config", async () => {
        const two = eksStack({ knownIds: true, zones: ["us-east-1a", "us-east-1b"] });
        assert.deepStrictEqual((await validateStack(subnetsMultiAz, two.resources)).violations, [], "two zones by default");
        const { violations } = await validateStack(subnetsMultiAz, two.resources, { minZones: 3, minNodeGroupZones: 3 });
        assert.deepStrictEqual(violations.map((v) => v.message), [
            'Cluster "cluster" has subnets in 2 zones (us-east-1a, us-east-1b); at least 3 are required. Add subnets in other zones.',
            'NodeGroup "general" spans 2 zones (us-east-1a, us-east-1b); at least 3 are required. Add subnets in other zones.',
        ]);
    });
});

describe("eks-custom-networking-pod-subnets", () => {
    const withEniConfigs = (fixture: StackFixture, subnets: Record<string, string>) => {
        for (const [zone, where] of Object.entries(subnets)) {
            fixture.add(AWS.subnet, `pods-${zone}`, { cidrBlock: "100.64.0.0/19", availabilityZone: where }, { vpcId: "vpc" });
        }
        const env = { ENABLE_PREFIX_DELEGATION: "true", AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" };
        const eniConfig = { create: true, region: "us-east-1", subnets: Object.fromEntries(Object.keys(subnets).map((zone) => [zone, { id: `pods-${zone}-id` }])) };
        fixture.add("aws:eks/addon:Addon", "vpc-cni", { addonName: "vpc-cni", configurationValues: JSON.stringify({ env, eniConfig }) }, { clusterName: "cluster.name" });
        return fixture;
    };

    it("passes a pod subnet in each zone the nodes run in", async () => {
        const fixture = withEniConfigs(eksStack({ knownIds: true }), { "us-east-1a": "us-east-1a", "us-east-1b": "us-east-1b", "us-east-1c": "us-east-1c" });
        assert.deepStrictEqual(await validateStack(customNetworkingPodSubnets, fixture.resources), { violations: [] });
    });

    it("flags a node zone without an ENIConfig, and an ENIConfig naming a subnet of another zone", async () => {
        const fixture = withEniConfigs(eksStack({ knownIds: true }), { "us-east-1a": "us-east-1a", "us-east-1b": "us-east-1c" });
        const { violations } = await validateStack(customNetworkingPodSubnets, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.subnet, "pods-us-east-1b"), stackUrn(AWS.nodeGroup, "general")]);
        assert.match(violations[0].message, /^The ENIConfig for us-east-1b names Subnet "pods-us-east-1b", which is in us-east-1c/);
        assert.match(violations[1].message, /^NodeGroup "general" has nodes in us-east-1c, and no ENIConfig of the vpc-cni add-on is named after it/);
    });

    it("leaves node groups alone without custom networking", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add("aws:eks/addon:Addon", "vpc-cni", { addonName: "vpc-cni", configurationValues: JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: "true" } }) }, { clusterName: "cluster.name" });
        assert.deepStrictEqual(await validateStack(customNetworkingPodSubnets, fixture.resources), { violations: [] });
    });
});

describe("eks-ipv6-subnets", () => {
    it("passes an IPv6 cluster whose subnets have /64s and assign IPv6 addresses on launch, and leaves IPv4 clusters alone", async () => {
        assert.deepStrictEqual(await validateStack(ipv6Subnets, asIpv6(eksStack({ knownIds: true })).resources), { violations: [] });
        assert.deepStrictEqual(await validateStack(ipv6Subnets, eksStack({ knownIds: true }).resources), { violations: [] }, "IPv4 subnets without IPv6 blocks");
    });

    it("flags a subnet of the cluster without an IPv6 block, once, naming who uses it", async () => {
        const fixture = asIpv6(eksStack({ knownIds: true }));
        delete fixture.get("private-us-east-1b").props.ipv6CidrBlock;
        const { violations } = await validateStack(ipv6Subnets, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.subnet, "private-us-east-1b")]);
        assert.match(violations[0].message, /^Subnet "private-us-east-1b" has no IPv6 block, and Cluster "cluster" is an IPv6 cluster: its control plane uses it\. EKS needs an IPv6 block on every subnet/);
    });

    it("flags a Fargate-only subnet without a block, and counts an empty block (state of a subnet without one) as none", async () => {
        const fixture = asIpv6(eksStack({ knownIds: true }));
        fixture.add(AWS.subnet, "fargate-only", { cidrBlock: "10.0.200.0/24", availabilityZone: "us-east-1a", ipv6CidrBlock: "" }, { vpcId: "vpc" });
        fixture.get("apps").props.subnetIds = [...fixture.get("apps").props.subnetIds, "fargate-only-id"];
        fixture.get("apps").deps!.subnetIds = [...fixture.get("apps").deps!.subnetIds, "fargate-only"];
        const { violations } = await validateStack(ipv6Subnets, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.subnet, "fargate-only")]);
        assert.match(violations[0].message, /IPv6 cluster: FargateProfile "apps" runs Fargate pods in it\./);
    });

    it("flags node subnets that do not assign IPv6 addresses on launch, not Fargate's or the control plane's", async () => {
        const fixture = asIpv6(eksStack({ knownIds: true }));
        fixture.get("private-us-east-1a").props.assignIpv6AddressOnCreation = false;
        const { violations } = await validateStack(ipv6Subnets, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.urn), [stackUrn(AWS.subnet, "private-us-east-1a")]);
        assert.match(violations[0].message, /does not assign IPv6 addresses on launch, and NodeGroup "general" of IPv6 cluster Cluster "cluster" runs nodes there: EKS cannot deploy nodes to it/);
        const onlyFargate = asIpv6(eksStack({ knownIds: true }));
        onlyFargate.remove("general");
        onlyFargate.get("private-us-east-1a").props.assignIpv6AddressOnCreation = false;
        assert.deepStrictEqual((await validateStack(ipv6Subnets, onlyFargate.resources)).violations, []);
    });

    it("accepts a block that is not known yet, from IPAM, or an IPv6-only subnet", async () => {
        const fixture = asIpv6(eksStack({ knownIds: true }));
        fixture.get("private-us-east-1a").props.ipv6CidrBlock = UNKNOWN;
        delete fixture.get("private-us-east-1b").props.ipv6CidrBlock;
        fixture.get("private-us-east-1b").props.ipv6IpamPoolId = "ipam-pool-0a1b2c3d4e5f67890";
        delete fixture.get("private-us-east-1c").props.ipv6CidrBlock;
        fixture.get("private-us-east-1c").props.ipv6Native = true;
        assert.deepStrictEqual((await validateStack(ipv6Subnets, fixture.resources)).violations, []);
    });
});
