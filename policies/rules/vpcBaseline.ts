// The VPC controls a security review asks for first: flow logs, and a default security group that
// admits nothing (new resources that name no security group land in it).
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isPresent, listOf } from "../lib/props";
import { notApplicable } from "../lib/notApplicable";
import { AWS } from "../lib/resourceTypes";
import { label, StackContext, stackValidation } from "../lib/stackContext";

/**
 * The VPCs the stack declares that none of `resources` names by its vpcId. Not applicable without
 * a VPC; while one of them names a VPC not known yet, none is said to lack it (noted as `pending`).
 */
function vpcsWithout(context: StackContext, what: string, resources: PolicyResource[], pending: string): PolicyResource[] {
    const vpcs = context.graph.ofType(AWS.vpc);
    if (vpcs.length === 0) {
        notApplicable(context.args, "the stack declares no VPC");
    }
    const byVpc = context.graph.referrers(`${what} by VPC`, () => resources, ["vpcId"], [AWS.vpc]);
    return vpcs.filter((vpc) => {
        if (byVpc.of(vpc.urn).length > 0) {
            return false;
        }
        if (byVpc.someUnresolved) {
            context.note(pending);
            return false;
        }
        return true;
    });
}

export const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

// Sources: Amazon VPC User Guide, "Logging IP traffic using VPC Flow Logs"; AWS Security Hub
// EC2.6 "VPC flow logging should be enabled in all VPCs"; Checkov CKV2_AWS_11; Trivy AVD-AWS-0178.
// A flow log attaches to a VPC through its vpcId; one on a subnet or interface covers only that.
export const vpcFlowLogs: StackValidationPolicy = {
    name: "ec2-vpc-flow-logs",
    description: "Every VPC the stack declares has a flow log (a FlowLog resource with its vpcId), so traffic to and from the cluster can be investigated.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateStack: stackValidation((context, reportViolation) => {
        // Flow logs of a subnet or an interface have no vpcId: they cover only that.
        const flowLogs = context.graph.ofType(FLOW_LOG).filter((log) => isPresent(log.props, "vpcId"));
        for (const vpc of vpcsWithout(context, "flow logs", flowLogs, "which VPC a flow log of the stack logs")) {
            reportViolation(
                `${label(vpc)} has no flow log, so its traffic (to the nodes, the API endpoint, the NAT gateways) cannot be investigated after the fact. Add an aws.ec2.FlowLog with vpcId set to it, to CloudWatch Logs or S3.`,
                vpc.urn,
            );
        }
    }),
};

// Sources: Amazon VPC User Guide, "Default security groups for your VPCs" (it allows all inbound
// traffic from the group itself and all outbound traffic; it cannot be deleted, only emptied); AWS
// Security Hub EC2.2 "VPC default security groups should not allow inbound or outbound traffic";
// CIS AWS Foundations Benchmark 5.4; Checkov CKV2_AWS_12. A stack empties it by adopting it as an
// aws.ec2.DefaultSecurityGroup with no rules (the provider then removes AWS's rules).
export const defaultSecurityGroupClosed: StackValidationPolicy = {
    name: "ec2-default-security-group-closed",
    description: "Each VPC the stack declares adopts its default security group (a DefaultSecurityGroup resource) with no ingress and no egress rules.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: stackValidation((context, reportViolation) => {
        const groups = context.graph.ofType(DEFAULT_SECURITY_GROUP);
        const unadopted = vpcsWithout(context, "default security groups", groups, "which VPC a default security group of the stack belongs to");
        for (const group of groups) {
            const rules = [...listOf(group.props, "ingress").map(() => "ingress"), ...listOf(group.props, "egress").map(() => "egress")];
            if (rules.length > 0) {
                reportViolation(
                    `${label(group)} keeps ${[...new Set(rules)].join(" and ")} rules, so anything created in the VPC without a security group of its own is reachable or can reach out. Remove its ingress and egress rules.`,
                    group.urn,
                );
            }
        }
        for (const vpc of unadopted) {
            reportViolation(
                `${label(vpc)}'s default security group keeps AWS's rules (all traffic from itself in, all traffic out), so anything created in the VPC without a security group of its own gets them. Adopt it with an aws.ec2.DefaultSecurityGroup with vpcId set and no ingress or egress rules.`,
                vpc.urn,
            );
        }
    }),
};

export const vpcBaselinePolicies = [vpcFlowLogs, defaultSecurityGroupClosed];
