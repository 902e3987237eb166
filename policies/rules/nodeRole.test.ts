import * as assert from "assert";
import { AWS } from "../lib/resourceTypes";
import { eksStack } from "../testing/stackFixture";
import { stackUrn, validateStack } from "../testing/validateStack";
import { nodeRoleLeastPrivilege } from "./nodeRole";

const zoneScoped = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: ["arn:aws:route53:::hostedzone/Z1"] }] });
const allZones = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: ["*"] }] });

describe("eks-node-role-least-privilege", () => {
    for (const knownIds of [true, false]) {
        it(`passes a node role with the worker policies and zone-scoped DNS access (${knownIds ? "known" : "unknown"} ids)`, async () => {
            const fixture = eksStack({ knownIds });
            fixture.add(AWS.rolePolicy, "node-role-dns", { policy: zoneScoped }, { role: "node-role.name" });
            assert.deepStrictEqual(await validateStack(nodeRoleLeastPrivilege, fixture.resources), { violations: [] });
        });
    }

    it("flags a node role without the CNI policy, unless the CNI runs with its own role", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.remove("node-role-AmazonEKS_CNI_Policy");
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.strictEqual(violations[0].urn, stackUrn(AWS.role, "node-role"));
        assert.match(violations[0].message, /Node role Role "node-role" lacks AmazonEKS_CNI_Policy/);
        assert.deepStrictEqual((await validateStack(nodeRoleLeastPrivilege, fixture.resources, { requireCniPolicy: false })).violations, []);
    });

    it("flags AdministratorAccess on the node role", async () => {
        const fixture = eksStack({ knownIds: false });
        fixture.add(AWS.rolePolicyAttachment, "node-admin", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { role: "node-role.name" });
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.match(violations[0].message, /Node role Role "node-role" has AdministratorAccess/);
    });

    it("flags Route 53 write access on every hosted zone", async () => {
        const fixture = eksStack({ knownIds: true });
        fixture.add(AWS.rolePolicy, "node-role-dns", { policy: allZones }, { role: "node-role.name" });
        const { violations } = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.match(violations[0].message, /may change Route 53 records in every hosted zone through RolePolicy "node-role-dns" \(Resource \*\)/);
    });

    it("says it cannot check a role whose attachments it cannot resolve", async () => {
        const fixture = eksStack({ knownIds: false });
        fixture.get("node-role-AmazonEKS_CNI_Policy").deps!.role = [];
        const outcome = await validateStack(nodeRoleLeastPrivilege, fixture.resources);
        assert.deepStrictEqual(outcome.violations, []);
        assert.match(outcome.unknown!, /the policies attached to Role "node-role"/);
    });
});
