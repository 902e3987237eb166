import * as assert from "assert";
import { addonActions, addonOfManagedPolicy, onEveryHostedZone } from "./addonPermissions";
import { ADMIN_MANAGED_POLICY, allows, isAdminStatement, managedPolicyName, statementsOf } from "./iamDocuments";

const allow = (action: string | string[], resource: string | string[] = "*") => statementsOf({ Statement: { Effect: "Allow", Action: action, Resource: resource } })[0];

describe("IAM policy documents", () => {
    const statement = (fields: Record<string, unknown>) => statementsOf(JSON.stringify({ Statement: [{ Effect: "Allow", Resource: "*", ...fields }] }))[0];

    it("allows an action by its name in any case, its service's wildcard or *, never through Deny", () => {
        assert.strictEqual(allows(statement({ Action: "EC2:CreateFleet" }), "ec2:CreateFleet"), true);
        assert.strictEqual(allows(statement({ Action: "ec2:*" }), "ec2:CreateFleet"), true);
        assert.strictEqual(allows(statement({ Action: "*" }), "ec2:CreateFleet"), true);
        assert.strictEqual(allows(statement({ Action: ["ec2:RunInstances", "sqs:*"] }), "ec2:CreateFleet"), false);
        assert.strictEqual(allows(statement({ Action: "ec2:CreateFleet", Effect: "Deny" }), "ec2:CreateFleet"), false);
    });

    it("reads statements from JSON text or an object, one statement or a list, and nothing from text that is not JSON", () => {
        const text = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": "1" } } }] });
        assert.deepStrictEqual(statementsOf(text), [{ effect: "Allow", actions: ["s3:GetObject"], resources: ["*"], services: [], otherPrincipals: [], conditions: { StringEquals: { "aws:SourceAccount": "1" } } }]);
        assert.strictEqual(statementsOf({ Statement: { Effect: "Deny", Action: ["a", "b"] } })[0].actions.length, 2);
        assert.deepStrictEqual(statementsOf("{not json"), []);
        assert.deepStrictEqual(statementsOf(undefined), []);
    });

    it("tells service principals from others, and a bare string principal as an AWS one", () => {
        const [trust] = statementsOf({ Statement: { Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"], AWS: ["arn:aws:iam::1:root", "arn:aws:iam::2:root"], Federated: "cognito" }, Action: "sts:AssumeRole" } });
        assert.deepStrictEqual(trust.services, ["pods.eks.amazonaws.com"]);
        assert.deepStrictEqual(trust.otherPrincipals, ["arn:aws:iam::1:root", "arn:aws:iam::2:root", "cognito"]);
        assert.deepStrictEqual(statementsOf({ Statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" } })[0].otherPrincipals, ["*"]);
    });

    it("calls Allow of * or *:* on Resource * administrator access, and nothing narrower", () => {
        assert.strictEqual(isAdminStatement(allow("*")), true);
        assert.strictEqual(isAdminStatement(allow(["s3:GetObject", "*:*"])), true);
        assert.strictEqual(isAdminStatement(allow("*", "arn:aws:s3:::bucket")), false);
        assert.strictEqual(isAdminStatement(allow("s3:*")), false);
        assert.strictEqual(isAdminStatement(statementsOf({ Statement: { Effect: "Deny", Action: "*", Resource: "*" } })[0]), false);
    });

    it("names AWS managed policies in every partition, with or without a path, and only those", () => {
        assert.strictEqual(managedPolicyName("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"), "AmazonEKS_CNI_Policy");
        assert.strictEqual(managedPolicyName("arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"), "AmazonEBSCSIDriverPolicy");
        assert.strictEqual(managedPolicyName("arn:aws:iam::111122223333:policy/custom"), undefined);
        assert.strictEqual(managedPolicyName("xarn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"), undefined);
        assert.strictEqual(managedPolicyName("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy/"), undefined);
        assert.strictEqual(managedPolicyName("arn:aws1:iam::aws:policy/X"), undefined);
        assert.ok(ADMIN_MANAGED_POLICY.test("arn:aws-us-gov:iam::aws:policy/PowerUserAccess"));
        for (const arn of ["arn:aws:iam::aws:policy/AdministratorAccessX", "xarn:aws:iam::aws:policy/AdministratorAccess", "arn:aws1:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]) {
            assert.strictEqual(ADMIN_MANAGED_POLICY.test(arn), false, arn);
        }
    });
});

describe("add-on permissions", () => {
    it("knows each add-on's managed policy", () => {
        const named = Object.fromEntries(
            ["AmazonEBSCSIDriverPolicy", "AmazonEFSCSIDriverPolicy", "AmazonFSxFullAccess", "AmazonRoute53FullAccess", "ElasticLoadBalancingFullAccess", "AutoScalingFullAccess", "ReadOnlyAccess"].map((p) => [p, addonOfManagedPolicy(`arn:aws:iam::aws:policy/${p}`)]),
        );
        assert.deepStrictEqual(named, {
            AmazonEBSCSIDriverPolicy: "the EBS CSI driver",
            AmazonEFSCSIDriverPolicy: "the EFS CSI driver",
            AmazonFSxFullAccess: "the FSx CSI driver",
            AmazonRoute53FullAccess: "external-dns",
            ElasticLoadBalancingFullAccess: "a load balancer controller",
            AutoScalingFullAccess: "cluster-autoscaler",
            ReadOnlyAccess: undefined,
        });
    });

    it("finds each add-on's mutating actions, whole-service wildcards included, and not reads or near misses", () => {
        const found = addonActions(
            allow([
                "route53:ChangeResourceRecordSets",
                "ROUTE53:createhostedzone",
                "autoscaling:SetDesiredCapacity",
                "autoscaling:TerminateInstanceInAutoScalingGroup",
                "autoscaling:UpdateAutoScalingGroup",
                "elasticloadbalancing:ModifyListener",
                "ec2:CreateVolume",
                "ec2:DeleteSnapshot",
                "ec2:*",
            ]),
        );
        assert.deepStrictEqual(Object.fromEntries(found), {
            "external-dns": ["route53:ChangeResourceRecordSets", "ROUTE53:createhostedzone"],
            "cluster-autoscaler": ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup"],
            "a load balancer controller": ["elasticloadbalancing:ModifyListener"],
            "the EBS CSI driver": ["ec2:CreateVolume", "ec2:DeleteSnapshot", "ec2:*"],
        });
        const misses = addonActions(allow(["route53:ListHostedZones", "xroute53:ChangeResourceRecordSets", "autoscaling:SetDesiredCapacityX", "xautoscaling:SetDesiredCapacity", "elasticloadbalancing:DescribeListeners", "xelasticloadbalancing:CreateListener", "ec2:CreateVolumes", "xec2:CreateVolume", "ec2:DescribeVolumes"]));
        assert.deepStrictEqual(Object.fromEntries(misses), {});
        assert.deepStrictEqual(Object.fromEntries(addonActions(statementsOf({ Statement: { Effect: "Deny", Action: "route53:*", Resource: "*" } })[0])), {});
    });

    it("says a statement reaches every hosted zone through * or hostedzone/*, not through a named zone", () => {
        assert.deepStrictEqual(onEveryHostedZone(allow("route53:ChangeResourceRecordSets", ["*", "arn:aws:route53:::hostedzone/*", "arn:aws:route53:::hostedzone/Z1", "arn:aws:route53:::hostedzone/*x"])), ["*", "arn:aws:route53:::hostedzone/*"]);
    });
});
