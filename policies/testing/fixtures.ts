// Resources shaped like what the engine sends for this project's stacks and for @pulumi/eks.
import { AWS, PULUMI_EKS } from "../lib/resourceTypes";
import { TestResource } from "./validate";

export function awsCluster(props: Record<string, any> = {}, name = "prod"): TestResource {
    return {
        type: AWS.cluster,
        name,
        props: {
            name,
            roleArn: "arn:aws:iam::111122223333:role/eks-cluster",
            version: "1.35",
            vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true, subnetIds: ["subnet-1", "subnet-2"] },
            ...props,
        },
    };
}

/** The aws.eks.Cluster a @pulumi/eks Cluster component creates. */
export function eksChildCluster(props: Record<string, any> = {}): TestResource {
    return { ...awsCluster(props, "prod-eksCluster"), parentTypes: [PULUMI_EKS.cluster] };
}

export function eksComponentCluster(props: Record<string, any> = {}, name = "prod"): TestResource {
    return { type: PULUMI_EKS.cluster, name, props };
}

export function awsNodeGroup(props: Record<string, any> = {}, name = "general"): TestResource {
    return {
        type: AWS.nodeGroup,
        name,
        props: {
            clusterName: "prod",
            nodeRoleArn: "arn:aws:iam::111122223333:role/node",
            subnetIds: ["subnet-1", "subnet-2"],
            instanceTypes: ["m6i.large"],
            scalingConfig: { minSize: 2, desiredSize: 3, maxSize: 6 },
            ...props,
        },
    };
}

export function eksManagedNodeGroup(props: Record<string, any> = {}, name = "general"): TestResource {
    return { type: PULUMI_EKS.managedNodeGroup, name, props };
}
