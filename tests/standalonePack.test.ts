import * as assert from "assert";
import { allPolicies } from "../policies/rules";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyAnalyzer } from "../offline/policyAnalyzer";
import { PROJECT_DIR } from "./support/mockProgram";

// The pack as `pulumi policy publish` packs it (npm pack, which runs prepack: the build) and as a
// consumer installs it: alone, from the registry, without this repository's workspace around it.
describe("eks-guard as a standalone, publishable pack", function () {
    this.timeout(600_000);
    let work: string;
    let installed: string;
    let packed: string[];

    const npm = (args: string[], cwd: string) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd, encoding: "utf8", env: { ...process.env, npm_config_workspaces: undefined } as NodeJS.ProcessEnv });

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "eks-guard-pack-"));
        const source = path.join(work, "source");
        fs.cpSync(path.join(PROJECT_DIR, "policies"), source, { recursive: true, filter: (from) => !/[\\/](node_modules|bin)([\\/]|$)/.test(path.relative(PROJECT_DIR, from)) });
        npm(["install"], source);
        const [tarball] = JSON.parse(npm(["pack", "--json", "--pack-destination", work], source));
        packed = tarball.files.map((f: { path: string }) => f.path);
        installed = path.join(work, "installed");
        fs.mkdirSync(installed);
        execFileSync("tar", ["-xzf", path.join(work, tarball.filename), "-C", installed, "--strip-components=1"]);
        npm(["install", "--omit=dev"], installed);
    });
    after(() => work && fs.rmSync(work, { recursive: true, force: true }));

    it("ships the compiled pack and its data, and no tests or sources", () => {
        assert.ok(packed.includes("bin/index.js"));
        assert.ok(packed.includes("PulumiPolicy.yaml"));
        assert.ok(packed.includes("bin/data/eks-versions.json"));
        assert.deepStrictEqual(packed.filter((f) => /\.test\.|testing\/|\.ts$/.test(f)), []);
    });

    it("installs from the registry with pinned dependencies, and runs JavaScript whatever TypeScript it finds", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
        for (const version of Object.values<string>(manifest.dependencies)) {
            assert.match(version, /^\d+\.\d+\.\d+$/, "pinned");
        }
        // run-policy-pack compiles .ts with the TypeScript it resolves (3.8 when the pack names none);
        // the published pack's main is already JavaScript, so no compiler version matters.
        assert.strictEqual(manifest.main, "bin/index.js");
        assert.ok(fs.existsSync(path.join(installed, manifest.main)));
    });

    it("starts with run-policy-pack and lists every policy over gRPC", async () => {
        const pack = await PolicyAnalyzer.start(installed);
        try {
            const info = await pack.info();
            assert.strictEqual(info.name, "eks-guard");
            assert.strictEqual(info.policies.length, allPolicies.length);
            assert.ok(info.policies.some((p) => p.name === "eks-private-endpoint-access-path"));
        } finally {
            pack.close();
        }
    });
});
