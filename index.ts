// eks-platform: one EKS environment per stack, from validated stack config.
import * as pulumi from "@pulumi/pulumi";
import { evaluationDate } from "./config/evaluationDate";
import { CLUSTER_NAME } from "./config/cluster";
import { loadEnvironmentConfig, projectConfig } from "./config/load";
import { lookupAwsContext, lookupDeployedCluster, lookupRegionFacts } from "./components/awsContext";
import { declareEnvironment } from "./components/environment";

export = async () => {
    // Read the region first (data sources, not resources) so validation can check zones and ARNs
    // against it and report every problem in one message; a bad config fails here, before any
    // resource is declared.
    const today = evaluationDate(process.env);
    const awsContext = await lookupAwsContext();
    const region = await lookupRegionFacts(awsContext.region);
    const raw = projectConfig(pulumi.runtime.allConfig());
    const clusterName = raw["cluster.name"] ?? `${pulumi.getProject()}-${pulumi.getStack()}`;
    // Only a name EKS accepts can be looked up; a bad one is reported by validation below.
    const deployed = CLUSTER_NAME.test(clusterName) ? await lookupDeployedCluster(clusterName) : undefined;
    const env = loadEnvironmentConfig(raw, {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        today,
        region,
        deploying: !pulumi.runtime.isDryRun(),
        ...(deployed ? { deployed } : {}),
    });
    return declareEnvironment(env, awsContext, pulumi.getProject());
};
