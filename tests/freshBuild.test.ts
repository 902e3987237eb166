// scripts/freshBuild.js: the compiled check and pack are rebuilt when, and only when, a source is
// newer than the build, and a failed build is reported with the compiler's message.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "./support/tempDirs";

const { ensureBuilt } = require("../scripts/freshBuild.js") as {
    ensureBuilt(build: { sourceDir: string; tsconfig: string; built: string }): string | undefined;
};

describe("fresh build (scripts/freshBuild.js)", function () {
    this.timeout(60_000);

    function project(source: string) {
        const dir = tempDir("fresh-build-");
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { outDir: "out", strict: true }, include: ["*.ts"] }));
        fs.writeFileSync(path.join(dir, "main.ts"), source);
        return { sourceDir: dir, tsconfig: path.join(dir, "tsconfig.json"), built: path.join(dir, "out", "main.js") };
    }

    it("builds when the output is missing, leaves a fresh build alone, rebuilds after an edit", () => {
        const build = project("export const answer: number = 1;\n");
        assert.strictEqual(ensureBuilt(build), undefined);
        assert.match(fs.readFileSync(build.built, "utf8"), /answer = 1/);

        const builtAt = fs.statSync(build.built).mtimeMs;
        assert.strictEqual(ensureBuilt(build), undefined);
        assert.strictEqual(fs.statSync(build.built).mtimeMs, builtAt, "a fresh build was rebuilt");

        fs.writeFileSync(path.join(build.sourceDir, "main.ts"), "export const answer: number = 2;\n");
        const later = new Date(builtAt + 5_000);
        fs.utimesSync(path.join(build.sourceDir, "main.ts"), later, later);
        assert.strictEqual(ensureBuilt(build), undefined);
        assert.match(fs.readFileSync(build.built, "utf8"), /answer = 2/);
    });

    it("returns the compiler's message when the build fails", () => {
        const build = project("export const answer: number = 'one';\n");
        assert.match(ensureBuilt(build) ?? "", /main\.ts.*Type 'string' is not assignable to type 'number'/s);
        // No output at all, so the next run builds again instead of taking a half-written build for fresh.
        assert.ok(!fs.existsSync(build.built), "a failed build wrote output");
    });
});
