import * as assert from "assert";
import { AWS } from "./resourceTypes";
import { StackContext } from "./stackContext";
import { eksStack } from "../testing/stackFixture";
import { UNKNOWN } from "../testing/validate";
import { toPolicyResources } from "../testing/validateStack";
import { grantsOf, trustOf } from "./roleGrants";

const ADMIN = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });

function grants(fixture: ReturnType<typeof eksStack>, role = "node-role") {
    const context = new StackContext({ resources: toPolicyResources(fixture.resources) } as never);
    const resource = context.graph.resources.find((r) => r.name === role)!;
    return { grants: grantsOf(context, resource), unresolved: context.graph.unresolved, resource };
}

describe("what a role is granted", () => {
    it("gathers managed policy ARNs and inline policies on the role, attachments and role policies", () => {
        const fixture = eksStack({ knownIds: true });
        Object.assign(fixture.get("node-role").props, {
            managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            inlinePolicies: [{ name: "extra", policy: ADMIN }, { policy: ADMIN }],
        });
        fixture.add(AWS.rolePolicy, "node-role-more", { policy: ADMIN }, { role: "node-role.name" });
        const { grants: found } = grants(fixture);
        assert.ok(found!.managed.includes("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assert.ok(found!.managed.includes("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"), "from the attachments");
        assert.deepStrictEqual(found!.statements.map((s) => s.source), ['inline policy "extra"', 'inline policy ""', 'RolePolicy "node-role-more"']);
    });

    it("reads a customer managed policy's document through its attachment", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(AWS.policy, "custom", { arn: "arn:aws:iam::111122223333:policy/custom", policy: ADMIN });
        fixture.add(AWS.rolePolicyAttachment, "node-role-custom", {}, { role: "node-role.name", policyArn: "custom.arn" });
        const { grants: found } = grants(fixture);
        assert.deepStrictEqual(found!.statements.map((s) => s.source), ['Policy "custom"']);
        assert.ok(!found!.managed.includes("arn:aws:iam::111122223333:policy/custom"), "not an AWS managed policy");
    });

    it("says the grants are incomplete when a document is not known yet, or a policy is not in the stack", () => {
        for (const change of [
            (f: ReturnType<typeof eksStack>) => f.add(AWS.rolePolicy, "pending", { policy: UNKNOWN }, { role: "node-role.name" }),
            (f: ReturnType<typeof eksStack>) => {
                f.add(AWS.policy, "custom", { arn: "arn:aws:iam::111122223333:policy/custom", policy: UNKNOWN });
                f.add(AWS.rolePolicyAttachment, "node-role-custom", {}, { role: "node-role.name", policyArn: "custom.arn" });
            },
            (f: ReturnType<typeof eksStack>) => f.add(AWS.rolePolicyAttachment, "node-role-elsewhere", { policyArn: "arn:aws:iam::111122223333:policy/elsewhere" }, { role: "node-role.name" }),
        ]) {
            const fixture = eksStack({ knownIds: true });
            change(fixture);
            const { grants: found, unresolved } = grants(fixture);
            assert.strictEqual(found, undefined);
            assert.ok(unresolved.includes('the policies attached to Role "node-role"'), unresolved.join("\n"));
        }
    });

    it("reads a trust policy, or says it is not known yet", () => {
        const fixture = eksStack({ knownIds: true });
        fixture.get("node-role").props.assumeRolePolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
        assert.strictEqual(trustOf(grants(fixture).resource)!.length, 1);
        fixture.get("node-role").props.assumeRolePolicy = UNKNOWN;
        assert.strictEqual(trustOf(grants(fixture).resource), undefined);
    });
});
