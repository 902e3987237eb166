// Reads lists of allow-listed IPv4 CIDRs (endpoint access, SSH sources).
import { canonicalIpv4Cidr, hasHostBitsSet, isIpv6Cidr, parseIpv4Cidr } from "../policies/lib/cidr";
import { ConfigProblems } from "./problems";
import { RawValue, readStringArray, reportDuplicates } from "./values";

export function readIpv4CidrList(problems: ConfigProblems, path: string, value: RawValue): string[] | undefined {
    const cidrs = readStringArray(problems, path, value);
    if (!cidrs) {
        return undefined;
    }
    const before = problems.count;
    cidrs.forEach((text, i) => {
        const block = parseIpv4Cidr(text);
        if (isIpv6Cidr(text)) {
            problems.add(`${path}[${i}]`, text, "IPv6 CIDRs cannot be used: the cluster and VPC are IPv4");
        } else if (!block) {
            problems.add(`${path}[${i}]`, text, "expected an IPv4 CIDR such as 203.0.113.0/24 (a single address is /32)");
        } else if (hasHostBitsSet(block)) {
            problems.add(`${path}[${i}]`, text, `host bits are set; did you mean ${canonicalIpv4Cidr(block)}?`);
        }
    });
    reportDuplicates(problems, path, cidrs);
    return problems.count > before ? undefined : cidrs;
}

export const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function readSecurityGroupIds(problems: ConfigProblems, path: string, value: RawValue): string[] | undefined {
    const ids = readStringArray(problems, path, value);
    if (!ids) {
        return undefined;
    }
    const before = problems.count;
    ids.forEach((id, i) => {
        if (!SECURITY_GROUP_ID.test(id)) {
            problems.add(`${path}[${i}]`, id, "expected a security group id such as sg-0123456789abcdef0");
        }
    });
    reportDuplicates(problems, path, ids);
    return problems.count > before ? undefined : ids;
}
