// The generated parts of README.md and docs/*.md (the config key table, --help, sample outputs)
// equal what the code makes today, and the hand-written field tables name every field config reads.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { FARGATE_PROFILE_FIELDS } from "../config/fargateProfiles";
import { NODE_GROUP_FIELDS } from "../config/nodeGroups";
import { ADDON_ROLE_DEFAULTS } from "../config/addonRoles";
import { blockNames, configKeyTable, generatedPages, generators, regenerate, SAMPLE_DAY } from "../offline/generatedDocs";
import { PROJECT_DIR } from "./support/mockProgram";
import { sharedPack } from "./support/sharedPack";

const read = (page: string) => fs.readFileSync(path.join(PROJECT_DIR, page), "utf8");

describe("generated documentation", function () {
    this.timeout(180_000);

    it("holds every generated block in some page", () => {
        const held = generatedPages().flatMap((file) => blockNames(fs.readFileSync(file, "utf8")));
        assert.deepStrictEqual([...held].sort(), Object.keys(generators()).sort());
    });

    for (const page of ["README.md", "docs/configuration.md", "docs/offline-check.md"]) {
        it(`${page} is in step with the code (npm run docs writes it)`, async () => {
            process.env.EKS_PLATFORM_EVALUATION_DATE = SAMPLE_DAY;
            const text = read(page);
            assert.ok(blockNames(text).length > 0, "fixture: the page has generated blocks");
            const fresh = await regenerate(text, generators(await sharedPack()));
            assert.ok(fresh === text, `${page} is out of date: run npm run docs`);
        });
    }

    it("regenerating replaces a stale block and leaves the rest of the page", async () => {
        const stale = "before\n<!-- generated: config-keys -->\nold table\n<!-- end: config-keys -->\nafter\n";
        assert.strictEqual(await regenerate(stale, generators()), `before\n<!-- generated: config-keys -->\n${configKeyTable()}\n<!-- end: config-keys -->\nafter\n`);
        await assert.rejects(regenerate("<!-- generated: nothing -->\n<!-- end: nothing -->", generators()), /no generator makes/);
    });

    /** The rows of the table under a heading of docs/configuration.md. */
    function section(heading: string): string {
        const page = read("docs/configuration.md");
        const start = page.indexOf(`\n## ${heading}`);
        assert.ok(start >= 0, heading);
        const end = page.indexOf("\n## ", start + 1);
        return page.slice(start, end < 0 ? undefined : end);
    }

    it("documents every node group, Fargate profile and add-on role field config reads", () => {
        const missing = (text: string, fields: readonly string[]) => fields.filter((f) => !text.includes(`\`${f}\``));
        assert.deepStrictEqual(missing(section("Node group fields (`nodeGroups[]`)"), NODE_GROUP_FIELDS), []);
        assert.deepStrictEqual(missing(section("Fargate profile fields (`fargateProfiles[]`)"), FARGATE_PROFILE_FIELDS), []);
        assert.deepStrictEqual(missing(section("Add-on role fields (`addonRoles`)"), Object.keys(ADDON_ROLE_DEFAULTS)), []);
    });
});
