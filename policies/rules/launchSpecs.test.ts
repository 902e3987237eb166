import * as assert from "assert";
import { AWS, NETWORK } from "../lib/resourceTypes";
import { UNKNOWN, validate } from "../testing/validate";
import { nodeVolumesEncrypted, userDataSecrets } from "./launchSpecs";

const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
const template = (props: Record<string, unknown>) => ({ type: AWS.launchTemplate, name: "general", props });
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("eks-node-volumes-encrypted", () => {
    it("passes launch templates, configurations and instances that encrypt every volume", async () => {
        const mapped = template({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }, { deviceName: "/dev/xvdb", ebs: { encrypted: true } }, { deviceName: "/dev/sdc", virtualName: "ephemeral0" }] });
        assert.deepStrictEqual((await validate(nodeVolumesEncrypted, mapped)).violations, []);
        assert.deepStrictEqual((await validate(nodeVolumesEncrypted, { type: LAUNCH_CONFIGURATION, name: "lc", props: { rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ deviceName: "/dev/xvdb", encrypted: true }] } })).violations, []);
        assert.deepStrictEqual((await validate(nodeVolumesEncrypted, { type: NETWORK.instance, name: "host", props: { rootBlockDevice: { encrypted: true } } })).violations, []);
    });

    it("flags the volumes that do not say encrypted, by device", async () => {
        const some = template({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }, { deviceName: "/dev/xvdb", ebs: { volumeSize: 100 } }, { deviceName: "/dev/xvdc", ebs: { encrypted: "false" } }] });
        assert.deepStrictEqual((await validate(nodeVolumesEncrypted, some)).violations.map((v) => v.message), [
            'Launch template "general" does not encrypt /dev/xvdb, /dev/xvdc (encrypted is not true): the data is encrypted only if the account encrypts EBS by default in the Region, which the program does not say. Set encrypted: true (and a kmsKeyId for your own key).',
        ]);
        const configuration = await validate(nodeVolumesEncrypted, { type: LAUNCH_CONFIGURATION, name: "lc", props: { ebsBlockDevices: [{ deviceName: "/dev/xvdb", encrypted: true }] } });
        assert.match(configuration.violations[0].message, /^Launch configuration "lc" does not encrypt the root volume \(encrypted is not true\)/);
        assert.match((await validate(nodeVolumesEncrypted, { type: NETWORK.instance, name: "host", props: {} })).violations[0].message, /^Instance "host" does not encrypt the root volume/);
    });

    it("says a template without mappings leaves its volumes to the AMI and the account", async () => {
        assert.match((await validate(nodeVolumesEncrypted, template({}))).violations[0].message, /^Launch template "general" declares no block device mappings, so its nodes' volumes are the AMI's: encrypted only if the AMI's snapshot is or the account encrypts EBS by default/);
        assert.ok((await validate(nodeVolumesEncrypted, { type: AWS.subnet, props: {} })).notApplicable);
    });
});

describe("ec2-launch-template-user-data-secrets", () => {
    const nodeadm = "MIME-Version: 1.0\n---\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: prod\n    certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n";

    it("passes user data without credentials, and variables that only name one", async () => {
        assert.deepStrictEqual((await validate(userDataSecrets, template({ userData: b64(nodeadm) }))).violations, []);
        const variables = "#!/bin/bash\nexport DB_PASSWORD=$(aws ssm get-parameter --name /db --with-decryption --query Parameter.Value)\npassword=${DB_PASSWORD}\napi_key=<from-secrets-manager>\n";
        assert.deepStrictEqual((await validate(userDataSecrets, { type: NETWORK.instance, name: "host", props: { userData: variables } })).violations, []);
        assert.ok((await validate(userDataSecrets, template({}))).notApplicable);
    });

    it("flags each kind of credential once, naming its line and never the value", async () => {
        const leaky = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n-----BEGIN RSA PRIVATE KEY-----\ntoken: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\nadmin_password: hunter2hunter2\n";
        const { violations } = await validate(userDataSecrets, template({ userData: b64(leaky) }));
        assert.deepStrictEqual(violations.map((v) => v.message.split(" in its user data")[0]), [
            'Launch template "general" has an AWS access key ID',
            'Launch template "general" has an AWS secret access key',
            'Launch template "general" has a private key',
            'Launch template "general" has a GitHub token',
        ]);
        assert.match(violations[0].message, /\(line 2\), which anyone allowed to describe the instance and every process on the node can read\. Remove it/);
        assert.ok(violations.every((v) => !v.message.includes("AKIAIOSFODNN7EXAMPLE") && !v.message.includes("hunter2")));
        const password = await validate(userDataSecrets, { type: LAUNCH_CONFIGURATION, name: "lc", props: { userData: "#!/bin/bash\necho start\nPASSWORD=hunter2hunter2\n" } });
        assert.deepStrictEqual(password.violations.map((v) => v.message.split(" in its user data")[0]), ['Launch configuration "lc" has a password or token']);
        const base64Configuration = await validate(userDataSecrets, { type: LAUNCH_CONFIGURATION, name: "lc", props: { userDataBase64: b64("api_key=abcdef123456") } });
        assert.strictEqual(base64Configuration.violations.length, 1);
    });

    it("waits for user data not known yet", async () => {
        assert.ok((await validate(userDataSecrets, template({ userData: UNKNOWN }))).unknown);
    });
});
