import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { planFromProgram } from "../offline/plan";
import { PROJECT_DIR, runStack } from "./support/mockProgram";

// A changed URN makes `pulumi up` replace real infrastructure (delete the old resource, create a new
// one). Each stack's URNs are kept here; a refactor that changes one fails until it adds an alias
// (`aliases: [{ name: "<old name>" }]` or `{ parent: ... }`), or, for a deliberate change reviewed as
// such, the golden file is rewritten with UPDATE_GOLDEN_URNS=1 npm test.
const GOLDEN = path.join(__dirname, "golden");

for (const stack of ["dev", "staging", "prod", "sandbox", "batch", "corporate", "ipv6", "network-shared", "apps-shared"]) {
    describe(`golden URNs: ${stack}`, () => {
        it("are the URNs the stack declares, unchanged", async () => {
            // A cluster stack on a network stack is planned as the offline check does, joined with it.
            const run = stack === "apps-shared" ? await planFromProgram(stack, path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`)) : await runStack(stack);
            const urns = run.resources.map((r) => r.urn).sort();
            const file = path.join(GOLDEN, `${stack}.urns.txt`);
            if (process.env.UPDATE_GOLDEN_URNS === "1") {
                fs.writeFileSync(file, urns.join("\n") + "\n");
            }
            const golden = fs.readFileSync(file, "utf8").trim().split("\n");
            const removed = golden.filter((u) => !urns.includes(u));
            const added = urns.filter((u) => !golden.includes(u));
            assert.deepStrictEqual(
                { removed, added },
                { removed: [], added: [] },
                `URNs of ${stack} changed: a removed URN is a resource pulumi up deletes (and replaces, if one was added instead). Add an alias, or update ${path.relative(process.cwd(), file)} with UPDATE_GOLDEN_URNS=1 if the change is meant.`,
            );
        });
    });
}
