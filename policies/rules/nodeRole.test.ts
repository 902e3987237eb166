import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { asIpv6 } from "../testing/ipv6Stack";
import { eksStack } from "../testing/stackFixture";
import { stackUrn, validateStack } from "../testing/validateStack";
import { nodeRoleLeastPrivilege } from "./nodeRole";

const zoneScoped = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: ["arn:aws:route53:::hostedzone/Z1"] }] });
const allZones = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: ["*"] }] });

describe("eks-node-role-least-privilege", () => {
    for (const knownIds of [true, false]) {
        it(`passes a node role with only the worker policies (${knownIds ? "known" : "unknown"} ids)`, async () => {
            assert.deepStrictEqual(await validateStack(nodeRoleLeastPrivilege, eksStack({ knownIds }).resources), { violations: [] });
        });

        it(`flags add-on permissions on the node role, even scoped, and suggests Pod Identity (${knownIds ? "known" : "unknown"} ids)`, async () => {
            const fixture = eksStack({ knownIds });
            fixture.add(AWS.rolePolicy, "node-role-dns", { policy: zoneScoped }, { role: "node-role.name" });
            const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
            assert.strictEqual(violations.length, 1);
            assert.strictEqual(violations[0].urn, stackUrn(AWS.role, "node-role"));
            assert.strictEqual(
                violations[0].message,
                'Node role Role "node-role" carries external-dns\'s permissions (route53:ChangeResourceRecordSets through RolePolicy "node-role-dns"), which every pod on its nodes can use through the instance metadata service. Give external-dns a role of its own, bound to its service account with EKS Pod Identity (aws.eks.PodIdentityAssociation), and remove them from the node role.',
            );
        });
    }

    it("recognises each add-on's managed policy and actions, one finding per add-on", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(AWS.rolePolicyAttachment, "node-ebs", { policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" }, { role: "node-role.name" });
        const scaling = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["autoscaling:SetDesiredCapacity", "autoscaling:DescribeAutoScalingGroups"], Resource: "*" }, { Effect: "Allow", Action: "elasticloadbalancing:*", Resource: "*" }] };
        fixture.add(AWS.rolePolicy, "node-scaling", { policy: JSON.stringify(scaling) }, { role: "node-role.name" });
        const messages = (await validateStack(nodeRoleLeastPrivilege, fixture.resources)).violations.map((v) => v.message);
        assert.strictEqual(messages.length, 3);
        assert.match(messages[0], /carries the EBS CSI driver's permissions \(AmazonEBSCSIDriverPolicy\)/);
        assert.match(messages[1], /carries cluster-autoscaler's permissions \(autoscaling:SetDesiredCapacity through RolePolicy "node-scaling"\)/);
        assert.match(messages[2], /carries a load balancer controller's permissions \(elasticloadbalancing:\* through RolePolicy "node-scaling"\)/);
    });

    it("ignores read-only and denied actions", async () => {
        const fixture = eksStack({ knownIds: true });
        const readOnly = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["route53:ListHostedZones", "autoscaling:Describe*"], Resource: "*" }, { Effect: "Deny", Action: "route53:ChangeResourceRecordSets", Resource: "*" }] };
        fixture.add(AWS.rolePolicy, "node-read", { policy: JSON.stringify(readOnly) }, { role: "node-role.name" });
        assert.deepStrictEqual((await validateStack(nodeRoleLeastPrivilege, fixture.resources)).violations, []);
    });

    it("flags a node role without the CNI policy, unless the CNI runs with its own role", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("node-role-AmazonEKS_CNI_Policy");
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.role, "node-role"));
        assert.match(violations[0].message, /Node role Role "node-role" lacks AmazonEKS_CNI_Policy/);
        assert.deepStrictEqual((await validateStack(nodeRoleLeastPrivilege, fixture.resources, { requireCniPolicy: false })).violations, []);
    });

    it("in an IPv6 cluster, wants a policy allowing ec2:AssignIpv6Addresses instead of AmazonEKS_CNI_Policy", async () => {
        assert.deepStrictEqual((await validateStack(nodeRoleLeastPrivilege, asIpv6(eksStack({ knownIds: true })).resources)).violations, []);
        const ipv4Policy = asIpv6(eksStack({ knownIds: true }));
        ipv4Policy.remove("node-role-vpc-cni-ipv6");
        ipv4Policy.add(AWS.rolePolicyAttachment, "node-role-AmazonEKS_CNI_Policy", { policyArn: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy" }, { role: "node-role.name" });
        const { violations } = await validateStack(nodeRoleLeastPrivilege, ipv4Policy.resources);
        assert.deepStrictEqual(violations.map((v) => v.message), [
            'Node role Role "node-role" serves an IPv6 cluster and no policy of it allows ec2:AssignIpv6Addresses (AmazonEKS_CNI_Policy is the IPv4 family\'s): the VPC CNI cannot give pods addresses. Attach the IPv6 CNI policy of the EKS User Guide (AmazonEKS_CNI_IPv6_Policy), to the node role or to the vpc-cni add-on\'s own role.',
        ]);
        assert.deepStrictEqual((await validateStack(nodeRoleLeastPrivilege, ipv4Policy.resources, { requireCniPolicy: false })).violations, [], "the CNI runs with its own role");
        ipv4Policy.remove("node-role-AmazonEKS_CNI_Policy");
        assert.doesNotMatch((await validateStack(nodeRoleLeastPrivilege, ipv4Policy.resources)).violations[0].message, /IPv4 family/);
    });

    it("flags AdministratorAccess on the node role", async () => {
        const fixture = eksStack({ knownIds: false });
        fixture.add(AWS.rolePolicyAttachment, "node-admin", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { role: "node-role.name" });
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.match(violations[0].message, /Node role Role "node-role" has AdministratorAccess/);
    });

    it("flags Route 53 write access on every hosted zone", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(AWS.rolePolicy, "node-role-dns", { policy: allZones }, { role: "node-role.name" });
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.match(violations[0].message, /carries external-dns's permissions \(route53:ChangeResourceRecordSets in every hosted zone \(Resource \*\) through RolePolicy "node-role-dns"\)/);
    });

    it("says it cannot check a role whose attachments it cannot resolve", async () => {
        const fixture = eksStack({ knownIds: false });
        fixture.get("node-role-AmazonEKS_CNI_Policy").deps!.role = [];
        const outcome = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the policies attached to Role "node-role"/);
    });
});

describe("eks-node-role-least-privilege: statements and scope in messages", () => {
    it("flags Action * on Resource * through a role policy, and names the zones of Route 53 grants on every zone", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(AWS.rolePolicy, "node-role-admin", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }, { role: "node-role.name" });
        fixture.add(AWS.rolePolicy, "node-role-dns", { policy: allZones }, { role: "node-role.name" });
        const messages = (await validateStack(nodeRoleLeastPrivilege, fixture.resources)).violations.map((v) => v.message);
        assert.deepStrictEqual(messages, [
            'Node role Role "node-role" allows Action "*" on Resource "*" through RolePolicy "node-role-admin". Remove it.',
            'Node role Role "node-role" carries external-dns\'s permissions (route53:ChangeResourceRecordSets in every hosted zone (Resource *) through RolePolicy "node-role-dns"), which every pod on its nodes can use through the instance metadata service. Give external-dns a role of its own, bound to its service account with EKS Pod Identity (aws.eks.PodIdentityAssociation), and remove them from the node role.',
        ]);
    });

    it("judges a role once when several node groups share it, and not the cluster-role check without Auto Mode", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(AWS.nodeGroup, "second", { instanceTypes: ["m6i.large"], scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 2 } }, { clusterName: "cluster.name", nodeRoleArn: "node-role.arn", subnetIds: ["private-us-east-1a"] });
        fixture.add(AWS.rolePolicyAttachment, "node-role-admin", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { role: "node-role.name" });
        const messages = (await validateStack(nodeRoleLeastPrivilege, fixture.resources)).violations.map((v) => v.message);
        assert.deepStrictEqual(messages, ['Node role Role "node-role" has AdministratorAccess; every pod on the node can use it. Remove it and grant only what the nodes need.']);
    });
});

describe("eks-node-role-least-privilege on self-managed nodes", () => {
    const asgTags = [{ key: "kubernetes.io/cluster/prod", value: "owned", propagateAtLaunch: true }];
    /** An Auto Scaling group of nodes whose launch configuration names an instance profile of the given role. */
    function selfManaged(managedPolicyArns: string[], specType: "configuration" | "template" = "configuration") {
        const fixture = eksStack({ knownIds: true });
        fixture.add(AWS.role, "instance-role", { name: "instance-role-1a2b", arn: "arn:aws:iam::210987654321:role/instance-role-1a2b", managedPolicyArns });
        fixture.add("aws:iam/instanceProfile:InstanceProfile", "instance-profile", { name: "instance-profile-1a2b", arn: "arn:aws:iam::210987654321:instance-profile/instance-profile-1a2b", role: "instance-role-1a2b" });
        if (specType === "configuration") {
            fixture.add("aws:ec2/launchConfiguration:LaunchConfiguration", "workers-lc", { name: "workers-lc-1a2b", instanceType: "t3.small", iamInstanceProfile: "instance-profile-1a2b" });
            fixture.add("aws:autoscaling/group:Group", "workers", { minSize: 1, maxSize: 2, tags: asgTags }, { vpcZoneIdentifiers: ["private-us-east-1a", "private-us-east-1b"], launchConfiguration: "workers-lc.name" });
        } else {
            fixture.add(AWS.launchTemplate, "workers-lt", { name: "workers-lt-1a2b", instanceType: "t3.small", iamInstanceProfile: { arn: "arn:aws:iam::210987654321:instance-profile/instance-profile-1a2b" } });
            fixture.add("aws:autoscaling/group:Group", "workers", { minSize: 1, maxSize: 2, tags: asgTags, launchTemplate: { version: "1" } }, { vpcZoneIdentifiers: ["private-us-east-1a", "private-us-east-1b"], "launchTemplate.name": "workers-lt.name" });
        }
        return fixture;
    }
    const WORKER = ["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"];

    for (const specType of ["configuration", "template"] as const) {
        it(`judges the role of the instance profile a launch ${specType} names`, async () => {
            assert.deepStrictEqual((await validateStack(nodeRoleLeastPrivilege, selfManaged(WORKER, specType).resources)).violations, []);
            const admin = await validateStack(nodeRoleLeastPrivilege, selfManaged([...WORKER, "arn:aws:iam::aws:policy/AdministratorAccess"], specType).resources);
            assert.deepStrictEqual(admin.violations.map((v) => [v.urn, v.message.split(";")[0]]), [[stackUrn(AWS.role, "instance-role"), 'Node role Role "instance-role" has AdministratorAccess']]);
        });
    }

    it("says when the instance profile is not in the stack", async () => {
        const fixture = selfManaged(WORKER);
        fixture.remove("instance-profile");
        const outcome = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.ok(outcome.unknown || outcome.notApplicable, JSON.stringify(outcome));
    });
});
