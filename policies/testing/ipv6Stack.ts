// The eksStack fixture as an IPv6 cluster declares it (network.ipFamily: ipv6): the cluster's IP
// family, a /64 on every subnet with IPv6 addresses on launch, and the node role's IPv6 CNI policy
// in place of AmazonEKS_CNI_Policy.
import { AWS } from "../lib/resourceTypes";
import { StackFixture } from "./stackFixture";

export const IPV6_CNI_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        { Effect: "Allow", Action: ["ec2:AssignIpv6Addresses", "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes"], Resource: "*" },
        { Effect: "Allow", Action: ["ec2:CreateTags"], Resource: ["arn:aws:ec2:*:*:network-interface/*"] },
    ],
});

export function asIpv6(fixture: StackFixture): StackFixture {
    fixture.get("cluster").props.kubernetesNetworkConfig = { ipFamily: "ipv6" };
    fixture.resources
        .filter((r) => r.type === AWS.subnet)
        .forEach((subnet, i) => Object.assign(subnet.props, { ipv6CidrBlock: `2600:1f18:6a4b:12${i.toString(16).padStart(2, "0")}::/64`, assignIpv6AddressOnCreation: true }));
    fixture.remove("node-role-AmazonEKS_CNI_Policy");
    fixture.add(AWS.rolePolicy, "node-role-vpc-cni-ipv6", { name: "vpc-cni-ipv6", policy: IPV6_CNI_POLICY }, { role: "node-role.name" });
    return fixture;
}
