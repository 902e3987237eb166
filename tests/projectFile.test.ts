import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { CONFIG_KEYS } from "../config/keys";
import { PROJECT_DIR } from "./support/mockProgram";

const projectFile = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8"));
const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
const configurationPage = fs.readFileSync(path.join(PROJECT_DIR, "docs", "configuration.md"), "utf8");
const policyPackPage = fs.readFileSync(path.join(PROJECT_DIR, "docs", "policy-pack.md"), "utf8");

/** What Pulumi.yaml can declare: scalar or scalar-list keys with a default, or required ones. */
const declarable = CONFIG_KEYS.filter((k) => k.type !== "object" && k.items !== "object" && (k.required || k.default !== undefined));

describe("Pulumi.yaml", () => {
    it("is a nodejs project named eks-platform", () => {
        assert.strictEqual(projectFile.name, "eks-platform");
        assert.strictEqual(projectFile.runtime.name, "nodejs");
    });

    it("declares exactly the typed keys of config/keys.ts", () => {
        assert.deepStrictEqual(Object.keys(projectFile.config).sort(), declarable.map((k) => k.key).sort());
    });

    for (const spec of declarable) {
        it(`declares ${spec.key} with the same type and default as config/keys.ts`, () => {
            const declared = projectFile.config[spec.key];
            assert.strictEqual(declared.type, spec.type);
            assert.deepStrictEqual(declared.items, spec.items ? { type: spec.items } : undefined);
            assert.deepStrictEqual(declared.default, spec.default);
            assert.strictEqual("default" in declared, !spec.required, "required keys have no default, so Pulumi asks for them");
        });
    }
});

describe("README", () => {
    it("documents every config key in docs/configuration.md's table", () => {
        const missing = CONFIG_KEYS.filter((k) => !configurationPage.includes(`| \`${k.key}\` |`)).map((k) => k.key);
        assert.deepStrictEqual(missing, []);
    });

    it("stays short: what it is, the quick start, one comment, links (the rest is in docs/)", () => {
        assert.ok(readme.split("\n").length <= 250, `README.md has ${readme.split("\n").length} lines`);
    });

    it("keeps the quick start to the main job and the tests", () => {
        assert.ok(readme.includes("npm ci && npm run check -- --stack dev"));
        assert.ok(readme.includes("npm test"));
    });

    it("draws the architecture as a Mermaid diagram", () => {
        assert.ok(readme.includes("```mermaid"));
    });
});

describe("docs/policy-pack.md policy tables", () => {
    it("lists every policy of the pack", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { allPolicies: resourcePolicies } = require("../policies/rules");
        const missing = resourcePolicies.map((p: { name: string }) => p.name).filter((name: string) => !policyPackPage.includes(`| \`${name}\` |`));
        assert.deepStrictEqual(missing, []);
    });
});
