// Which Node.js runs what. The npm scripts run on the `node` devDependency (npm puts
// node_modules/.bin first on their PATH); `pulumi up` runs the program on the user's own Node.js,
// which package.json's engines bounds (.ci/run runs the suite again on that lower bound).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import YAML from "yaml";
import { PROJECT_DIR } from "./support/mockProgram";

const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
const pinned: string = manifest.devDependencies.node;
const engines: string = manifest.engines.node;

describe("the Node.js the project runs on", function () {
    this.timeout(60_000);

    it("is pinned to one exact even-numbered (LTS) release that the engines range accepts", () => {
        assert.ok(semver.valid(pinned), `devDependencies.node is an exact version, not ${pinned}`);
        assert.strictEqual(semver.major(pinned) % 2, 0, "odd-numbered Node.js releases never become LTS");
        assert.ok(semver.satisfies(pinned, engines), `${pinned} is within engines.node ${engines}`);
        const lowest = semver.minVersion(engines)!.version;
        assert.ok(semver.lt(lowest, pinned), "the lower bound is an older release, run by .ci/run");
    });

    it("npm runs the project's scripts on the pinned release, whatever Node.js started npm", () => {
        // The PATH an npm script gets (`npm run env` prints a script's environment); its first
        // `node` is the one `node scripts/check.js`, mocha's and ts-node's shebangs start.
        const env = spawnSync("npm", ["run", "--silent", "env"], { cwd: PROJECT_DIR, encoding: "utf8" });
        assert.strictEqual(env.status, 0, env.stderr);
        const scriptPath = /^PATH=(.*)$/m.exec(env.stdout)![1].split(path.delimiter);
        const node = scriptPath.map((dir) => path.join(dir, "node")).find((file) => fs.existsSync(file))!;
        assert.strictEqual(node, path.join(PROJECT_DIR, "node_modules", ".bin", "node"));
        const version = spawnSync(node, ["-p", "process.version"], { encoding: "utf8" });
        assert.strictEqual(version.stdout.trim(), `v${pinned}`);
    });

    it("this run is on a release the engines range accepts", () => {
        assert.ok(semver.satisfies(process.version, engines), `${process.version} within ${engines}`);
    });

    it("every dependency installed accepts the lower bound and the pinned release (no EBADENGINE on either)", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package-lock.json"), "utf8"));
        const lowest = semver.minVersion(engines)!.version;
        const refused: string[] = [];
        for (const [where, entry] of Object.entries<any>(lock.packages)) {
            const range = entry.engines?.node;
            if (where === "" || typeof range !== "string" || !semver.validRange(range)) {
                continue;
            }
            for (const version of [lowest, pinned]) {
                if (!semver.satisfies(version, range)) {
                    refused.push(`${where} (node ${range}) refuses ${version}`);
                }
            }
        }
        assert.deepStrictEqual(refused, []);
    });

    it("the workflow's setup-node steps read .node-version, which is the pinned release", () => {
        assert.strictEqual(fs.readFileSync(path.join(PROJECT_DIR, ".node-version"), "utf8").trim(), pinned);
        const workflow = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, ".github", "workflows", "pull-request.yml"), "utf8"));
        const setups = Object.values<any>(workflow.jobs).flatMap((job) => job.steps.filter((s: any) => String(s.uses ?? "").startsWith("actions/setup-node@")));
        assert.ok(setups.length >= 3);
        for (const setup of setups) {
            assert.deepStrictEqual(setup.with["node-version-file"], ".node-version");
            assert.strictEqual(setup.with["node-version"], undefined);
        }
    });
});
