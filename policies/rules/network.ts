// Rules on VPC networking: SSH exposure and VPC DNS.
import { forType } from "../lib/typedValidation";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { effective, knownItems, listOf, PropertyBag } from "../lib/props";
import { AWS } from "../lib/resourceTypes";
import { notApplicable } from "../lib/notApplicable";

const OPEN = ["0.0.0.0/0", "::/0"];

/** A rule covers SSH when it is TCP (or all protocols) and its port range contains 22. */
function coversSsh(protocol: unknown, fromPort: unknown, toPort: unknown): boolean {
    const p = String(protocol).toLowerCase();
    if (p === "-1" || p === "all") {
        return true;
    }
    if (p !== "tcp" && p !== "6") {
        return false;
    }
    return Number(fromPort) <= 22 && 22 <= Number(toPort);
}

function openSources(rule: PropertyBag, v4Key: string, v6Key: string): string[] {
    return [...listOf<string>(rule, v4Key), ...listOf<string>(rule, v6Key)].filter((cidr) => OPEN.includes(cidr));
}

// Source: CIS AWS Foundations Benchmark 5.2/5.3 (no security group admits 0.0.0.0/0 or ::/0 to
// remote administration ports); EKS Best Practices (Security, infrastructure): no SSH from anywhere.
export const noPublicSsh: ResourceValidationPolicy = {
    name: "ec2-no-public-ssh",
    description: "No security group rule admits SSH (TCP 22) from 0.0.0.0/0 or ::/0.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: (args, reportViolation) => {
        const fix = "Admit SSH only from a bastion or VPN range, or use SSM Session Manager.";
        if (args.type === AWS.securityGroup) {
            const { items, unknown } = knownItems(listOf<PropertyBag>(args.props, "ingress"));
            for (const rule of items) {
                const open = openSources(rule, "cidrBlocks", "ipv6CidrBlocks");
                if (open.length > 0 && coversSsh(rule.protocol, rule.fromPort, rule.toPort)) {
                    reportViolation(`Security group "${args.name}" has an inline ingress rule admitting SSH from ${open.join(" and ")}. ${fix}`);
                }
            }
            if (unknown) {
                throw unknown;
            }
        } else if (args.type === AWS.securityGroupRule) {
            if (args.props.type !== "ingress") {
                notApplicable(args, "egress rule");
            }
            const open = openSources(args.props, "cidrBlocks", "ipv6CidrBlocks");
            if (open.length > 0 && coversSsh(args.props.protocol, args.props.fromPort, args.props.toPort)) {
                reportViolation(`Security group rule "${args.name}" admits SSH from ${open.join(" and ")}. ${fix}`);
            }
        } else if (args.type === AWS.securityGroupIngressRule) {
            const open = [args.props.cidrIpv4, args.props.cidrIpv6].filter((cidr) => OPEN.includes(cidr));
            if (open.length > 0 && coversSsh(args.props.ipProtocol, args.props.fromPort, args.props.toPort)) {
                reportViolation(`Security group ingress rule "${args.name}" admits SSH from ${open.join(" and ")}. ${fix}`);
            }
        } else {
            notApplicable(args, "not a security group or security group rule");
        }
    },
};

// Source: Amazon EKS User Guide, "View Amazon EKS networking requirements for VPC and subnets" (the
// VPC must have DNS hostname and DNS resolution support, or nodes cannot register) and "Cluster API
// server endpoint" (private endpoint resolution needs both). EC2 defaults: support on, hostnames off.
export const vpcDnsEnabled: ResourceValidationPolicy = {
    name: "ec2-vpc-dns-enabled",
    description: "VPCs enable DNS support and DNS hostnames, which EKS nodes and private endpoints need.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forType(AWS.vpc, (args, reportViolation) => {
        if (args.type !== AWS.vpc) {
            notApplicable(args, `applies to ${AWS.vpc}`);
        }
        const missing: string[] = [];
        if (effective<boolean>(args.props, "enableDnsSupport", true) !== true) {
            missing.push("enableDnsSupport");
        }
        if (effective<boolean>(args.props, "enableDnsHostnames", false) !== true) {
            missing.push("enableDnsHostnames");
        }
        if (missing.length > 0) {
            reportViolation(`VPC "${args.name}" does not enable ${missing.join(" and ")}; EKS nodes cannot register and a private endpoint cannot resolve without them. Set ${missing.map((m) => `${m}: true`).join(" and ")}.`);
        }
    }),
};

export const networkPolicies = [noPublicSsh, vpcDnsEnabled];
