// eks-platform: one EKS environment per stack, from validated stack config.
import * as pulumi from "@pulumi/pulumi";
import { evaluationDate } from "./config/evaluationDate";
import { loadEnvironmentConfig, projectConfig } from "./config/load";
import { lookupAwsContext, resolveZones } from "./components/awsContext";
import { declareEnvironment } from "./components/environment";

export = async () => {
    // Validation first: a bad config fails here, before any resource is declared.
    const env = loadEnvironmentConfig(projectConfig(pulumi.runtime.allConfig()), {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        today: evaluationDate(process.env),
    });
    const awsContext = await lookupAwsContext();
    const zones = await resolveZones(env);
    return declareEnvironment(env, awsContext, zones, pulumi.getProject());
};
