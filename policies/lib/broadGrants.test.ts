import * as assert from "assert";
import { broadActions, broadManagedPolicies } from "./broadGrants";
import { Statement } from "./iamDocuments";

const statement = (actions: string[], resources = ["*"], extra: Partial<Statement> = {}): Statement => ({ effect: "Allow", actions, resources, services: [], otherPrincipals: [], conditions: {}, ...extra });

describe("broad grants", () => {
    it("names every managed policy that grants a sensitive service on every resource, and no other", () => {
        const broad = ["AmazonS3FullAccess", "AmazonS3ReadOnlyAccess", "IAMFullAccess", "SecretsManagerReadWrite", "AmazonDynamoDBFullAccess", "AmazonSSMFullAccess", "AmazonSSMReadOnlyAccess", "AWSKeyManagementServicePowerUser", "AWSLambda_FullAccess"];
        assert.deepStrictEqual(broadManagedPolicies(broad.map((n) => `arn:aws:iam::aws:policy/${n}`)), broad);
        assert.deepStrictEqual(broadManagedPolicies(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess", "arn:aws:iam::111122223333:policy/AmazonS3FullAccess", "not-an-arn"]), []);
    });

    it("names each sensitive service's actions on *: data, writes and role assumption", () => {
        for (const action of ["s3:GetObject", "iam:PassRole", "kms:Decrypt", "secretsmanager:GetSecretValue", "ssm:GetParameter", "dynamodb:Query", "sts:AssumeRole", "lambda:InvokeFunction", "S3:PutObject", "s3:*"]) {
            assert.deepStrictEqual(broadActions(statement([action])), [action], action);
        }
    });

    it("leaves metadata reads, other services, named resources, conditions and Deny alone", () => {
        for (const action of ["s3:ListAllMyBuckets", "dynamodb:DescribeTable", "iam:GetRole", "IAM:ListRoles", "sts:GetCallerIdentity", "sqs:SendMessage", "ec2:RunInstances"]) {
            assert.deepStrictEqual(broadActions(statement([action])), [], action);
        }
        assert.deepStrictEqual(broadActions(statement(["s3:GetObject"], ["arn:aws:s3:::reports/*"])), []);
        assert.deepStrictEqual(broadActions(statement(["kms:Decrypt"], ["*"], { conditions: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } })), []);
        assert.deepStrictEqual(broadActions(statement(["s3:GetObject"], ["*"], { effect: "Deny" })), []);
        assert.deepStrictEqual(broadActions(statement(["s3:GetObject", "s3:ListBucket", "sqs:SendMessage"])), ["s3:GetObject"]);
        assert.deepStrictEqual(broadActions(statement(["s3:GetObjectList"])), ["s3:GetObjectList"], "list only as the action's start");
    });
});
