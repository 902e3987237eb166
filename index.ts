// eks-platform: one EKS environment per stack, from validated stack config.
import * as pulumi from "@pulumi/pulumi";
import { evaluationDate } from "./config/evaluationDate";
import { loadEnvironmentConfig, projectConfig } from "./config/load";
import { lookupAwsContext, lookupRegionFacts } from "./components/awsContext";
import { declareEnvironment } from "./components/environment";

export = async () => {
    // Read the region first (data sources, not resources) so validation can check zones and ARNs
    // against it and report every problem in one message; a bad config fails here, before any
    // resource is declared.
    const today = evaluationDate(process.env);
    const awsContext = await lookupAwsContext();
    const region = await lookupRegionFacts(awsContext.region);
    const env = loadEnvironmentConfig(projectConfig(pulumi.runtime.allConfig()), {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        today,
        region,
        deploying: !pulumi.runtime.isDryRun(),
    });
    return declareEnvironment(env, awsContext, pulumi.getProject());
};
