import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { awsCluster, eksChildCluster } from "../testing/fixtures";
import { autoModeStack, eksStack } from "../testing/stackFixture";
import { UNKNOWN, validate } from "../testing/validate";
import { stackUrn, validateStack } from "../testing/validateStack";
import { autoModeSettings } from "./autoMode";
import { monthlyCostBudget } from "./cost";
import { nodeRoleLeastPrivilege } from "./nodeRole";
import { nodesImdsv2 } from "./nodes";
import { nodesPrivateSubnets, privateSubnetEgress, subnetIpCapacity, subnetsMultiAz } from "./subnets";

/** What components/cluster.ts declares for cluster.compute: autoMode. */
const AUTO_MODE = {
    computeConfig: { enabled: true, nodePools: ["general-purpose", "system"], nodeRoleArn: "arn:aws:iam::111122223333:role/auto-nodes" },
    storageConfig: { blockStorage: { enabled: true } },
    kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
    accessConfig: { authenticationMode: "API" },
    bootstrapSelfManagedAddons: false,
};
const DISABLED_STEP = {
    ...AUTO_MODE,
    computeConfig: { enabled: false, nodePools: [], nodeRoleArn: "arn:aws:iam::111122223333:role/auto-nodes" },
    storageConfig: { blockStorage: { enabled: false } },
    kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: false } },
};

describe("eks-auto-mode-settings", () => {
    it("passes Auto Mode as this project declares it, its disabled step, and a cluster without it", async () => {
        for (const props of [AUTO_MODE, DISABLED_STEP, {}]) {
            assert.deepStrictEqual((await validate(autoModeSettings, awsCluster(props))).violations, []);
        }
    });

    it("flags a capability left out or off while the others are on, naming each", async () => {
        const { violations } = await validate(autoModeSettings, awsCluster({ ...AUTO_MODE, storageConfig: undefined, kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: false } } }));
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(
            violations[0].message,
            'EKS cluster "prod" turns on part of EKS Auto Mode (computeConfig.enabled) but storageConfig.blockStorage.enabled is not set, kubernetesNetworkConfig.elasticLoadBalancing.enabled is false; EKS accepts the three capabilities only all on or all off, in the same request. Set all three to true, or all to false.',
        );
    });

    it("flags block storage left on when compute is turned off (the half-disabled cluster)", async () => {
        const { violations } = await validate(autoModeSettings, awsCluster({ ...DISABLED_STEP, storageConfig: { blockStorage: { enabled: true } } }));
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /turns on part of EKS Auto Mode \(storageConfig\.blockStorage\.enabled\) but computeConfig\.enabled is false/);
    });

    it("waits for a switch that is unknown in preview", async () => {
        const outcome = await validate(autoModeSettings, awsCluster({ ...AUTO_MODE, storageConfig: { blockStorage: { enabled: UNKNOWN } } }));
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("flags built-in node pools without a node role", async () => {
        const { violations } = await validate(autoModeSettings, awsCluster({ ...AUTO_MODE, computeConfig: { enabled: true, nodePools: ["system"] } }));
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /enables the built-in node pools \(computeConfig\.nodePools\) without computeConfig\.nodeRoleArn.*AmazonEKSWorkerNodeMinimalPolicy, AmazonEC2ContainerRegistryPullOnly/);
    });

    it("accepts a node role that is unknown in preview", async () => {
        const outcome = await validate(autoModeSettings, awsCluster({ ...AUTO_MODE, computeConfig: { enabled: true, nodePools: ["system"], nodeRoleArn: UNKNOWN } }));
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("flags the ConfigMap-only authentication mode, also when it is the AWS default", async () => {
        for (const accessConfig of [{ authenticationMode: "CONFIG_MAP" }, {}]) {
            const { violations } = await validate(autoModeSettings, awsCluster({ ...AUTO_MODE, accessConfig }));
            assert.strictEqual(violations.length, 1);
            assert.match(violations[0].message, /runs EKS Auto Mode with authentication mode CONFIG_MAP; Auto Mode requires access entries\. Set accessConfig\.authenticationMode to "API"/);
        }
        assert.deepStrictEqual((await validate(autoModeSettings, awsCluster({ ...AUTO_MODE, accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" } }))).violations, []);
    });

    it("does not judge Auto Mode settings of a cluster whose compute capability is off", async () => {
        const { violations } = await validate(autoModeSettings, awsCluster({ ...DISABLED_STEP, accessConfig: { authenticationMode: "CONFIG_MAP" } }));
        assert.deepStrictEqual(violations, []);
    });

    it("names a @pulumi/eks cluster as such", async () => {
        const { violations } = await validate(autoModeSettings, eksChildCluster({ ...AUTO_MODE, storageConfig: { blockStorage: { enabled: false } } }));
        assert.match(violations[0].message, /^EKS cluster "prod-eksCluster" \(created by a @pulumi\/eks Cluster\) turns on part of EKS Auto Mode/);
    });
});

const modes = [true, false].map((knownIds) => ({ knownIds, label: knownIds ? "existing stack" : "new stack in preview" }));

describe("stack rules on an EKS Auto Mode cluster", () => {
    for (const { knownIds, label } of modes) {
        it(`pass Auto Mode nodes in the cluster's private subnets (${label})`, async () => {
            const resources = autoModeStack({ knownIds }).resources;
            for (const policy of [nodesPrivateSubnets, privateSubnetEgress, subnetsMultiAz, subnetIpCapacity, nodeRoleLeastPrivilege]) {
                assert.deepStrictEqual(await validateStack(policy, resources), { violations: [] }, policy.name);
            }
        });

        it(`judge the cluster's subnets as the nodes' subnets (${label})`, async () => {
            const fixture = autoModeStack({ knownIds });
            const cluster = fixture.get("cluster");
            cluster.props.vpcConfig.subnetIds = knownIds ? ["public-us-east-1a-id", "public-us-east-1b-id"] : [UNKNOWN, UNKNOWN];
            cluster.deps!.vpcConfig = ["public-us-east-1a", "public-us-east-1b", "api-access"];
            const { violations } = await validateStack(nodesPrivateSubnets, fixture.resources);
            assert.strictEqual(violations.length, 2);
            assert.strictEqual(violations[0].urn, stackUrn(AWS.cluster, "cluster"));
            assert.strictEqual(
                violations[0].message,
                `Cluster "cluster" (EKS Auto Mode, nodes in the cluster's subnets) places nodes in Subnet "public-us-east-1a", which routes to an internet gateway. Give the cluster private subnets (Auto Mode nodes use them).`,
            );
        });
    }

    it("leave a cluster without Auto Mode to its node groups", async () => {
        const fixture = eksStack({ knownIds: true });
        const cluster = fixture.get("cluster");
        cluster.props.vpcConfig.subnetIds = ["public-us-east-1a-id", "public-us-east-1b-id"];
        cluster.deps!.vpcConfig = ["public-us-east-1a", "public-us-east-1b", "api-access"];
        assert.deepStrictEqual(await validateStack(nodesPrivateSubnets, fixture.resources), { violations: [] });
    });

    it("wait when whether the cluster runs Auto Mode is unknown", async () => {
        const fixture = autoModeStack({ knownIds: true });
        fixture.get("cluster").props.computeConfig = UNKNOWN;
        const outcome = await validateStack(nodesPrivateSubnets, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /whether Cluster "cluster" runs EKS Auto Mode/);
    });

    it("report a one-zone Auto Mode cluster once, as a cluster", async () => {
        const fixture = autoModeStack({ knownIds: true, zones: ["us-east-1a"] });
        const { violations } = await validateStack(subnetsMultiAz, fixture.resources, { minZones: 2, minNodeGroupZones: 2 });
        assert.deepStrictEqual(violations.map((v) => v.message), ['Cluster "cluster" has subnets in 1 zone (us-east-1a); at least 2 are required. Add subnets in other zones.']);
    });

    it("check the egress of Auto Mode nodes' subnets (nothing else runs there)", async () => {
        const fixture = autoModeStack({ knownIds: true, nat: "none" });
        fixture.remove("apps");
        const { violations } = await validateStack(privateSubnetEgress, fixture.resources);
        assert.strictEqual(violations.length, 3);
        assert.ok(violations.every((v) => /Subnet "private-us-east-1[abc]"/.test(v.message)), violations.map((v) => v.message).join("\n"));
    });
});

describe("eks-node-role-least-privilege on the Auto Mode node role", () => {
    it("does not ask the Auto Mode role for the CNI policy or the full worker policy", async () => {
        assert.deepStrictEqual(await validateStack(nodeRoleLeastPrivilege, autoModeStack({ knownIds: true }).resources, { requireCniPolicy: true }), { violations: [] });
    });

    it("still asks it for image pulls", async () => {
        const fixture = autoModeStack({ knownIds: true });
        fixture.remove("auto-node-role-AmazonEC2ContainerRegistryPullOnly");
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.message), [
            'Node role Role "auto-node-role" lacks AmazonEC2ContainerRegistryPullOnly or AmazonEC2ContainerRegistryReadOnly; nodes cannot join the cluster or pull images without them. Attach the AWS managed policies.',
        ]);
    });

    it("still refuses add-on permissions on it", async () => {
        const fixture = autoModeStack({ knownIds: true });
        fixture.add(AWS.rolePolicyAttachment, "auto-ebs", { policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" }, { role: "auto-node-role.name" });
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /Node role Role "auto-node-role" carries the EBS CSI driver's permissions/);
    });

    it("keeps the managed-node expectations for a role that node groups also use", async () => {
        const fixture = autoModeStack({ knownIds: true });
        fixture.add(
            AWS.nodeGroup,
            "general",
            { instanceTypes: ["m6i.large"], scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 2 } },
            { clusterName: "cluster.name", nodeRoleArn: "auto-node-role.arn", subnetIds: ["private-us-east-1a", "private-us-east-1b"] },
        );
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.deepStrictEqual(violations.map((v) => v.message), [
            'Node role Role "auto-node-role" lacks AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy; nodes cannot join the cluster or pull images without them. Attach the AWS managed policies.',
        ]);
    });

    it("flags the cluster role given to Auto Mode nodes", async () => {
        const fixture = autoModeStack({ knownIds: true });
        const cluster = fixture.get("cluster");
        cluster.props.computeConfig.nodeRoleArn = fixture.get("cluster-role").props.arn;
        cluster.deps!.computeConfig = ["cluster-role"];
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.cluster, "cluster"));
        assert.match(violations[0].message, /gives EKS Auto Mode nodes its own cluster role Role "cluster-role"; AWS requires a separate node role/);
    });
});

describe("eks-monthly-cost-budget on an Auto Mode cluster", () => {
    const onDay = { evaluationDate: "2026-11-22" };

    it("states that Auto Mode's instances and management fee are not included, instead of pricing them", async () => {
        const { violations } = await validateStack(monthlyCostBudget, autoModeStack({ nat: "single" }).resources, { ...onDay, monthlyBudgetUsd: 1 });
        // 730 h: cluster 0.10 -> 73.00; 1 NAT x 0.045 -> 32.85; 1 EIP x 0.005 -> 3.65; no node line.
        assert.match(violations[0].message, /^The estimated monthly cost is \$109\.50, \$108\.50 over the budget of \$1\.00 \(monthlyBudgetUsd\)\. .*\(us-east-1 list prices of 2026-07-20; billed by use and not included: the EC2 instances EKS Auto Mode launches for Cluster "cluster" and its per-instance management fee on top of their EC2 price \(https:\/\/aws\.amazon\.com\/eks\/pricing\/\); the pods FargateProfile "apps" runs/);
        assert.doesNotMatch(violations[0].message, /NodeGroup/);
    });

    it("does not mention Auto Mode for a cluster with node groups", async () => {
        const { violations } = await validateStack(monthlyCostBudget, eksStack({ nat: "single" }).resources, { ...onDay, monthlyBudgetUsd: 1 });
        assert.match(violations[0].message, /\(us-east-1 list prices of 2026-07-20; billed by use and not included: the pods FargateProfile "apps" runs \(Fargate bills each pod's vCPU and memory by the second\); data transfer/);
        assert.doesNotMatch(violations[0].message, /Auto Mode/);
    });
});

describe("eks-nodes-imdsv2 on an Auto Mode cluster", () => {
    it("is not applicable to the cluster: Auto Mode's launch settings are AWS's", async () => {
        const outcome = await validate(nodesImdsv2, awsCluster(AUTO_MODE));
        assert.ok(outcome.notApplicable);
    });
});
