// Compiled JavaScript that is never older than its TypeScript: `npm ci` builds it (`prepare`), and
// a run after an edit rebuilds it before using it, so nothing ever runs stale code. Plain
// JavaScript because it runs before anything is compiled.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const SKIPPED = new Set(["node_modules", "bin", "build", ".git", "tests", "bench"]);

/** The newest modification time of the .ts and .json sources under `dir` (tests excluded). */
function newestSource(dir) {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (SKIPPED.has(entry.name)) {
            continue;
        }
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            newest = Math.max(newest, newestSource(full));
        } else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith(".test.ts")) {
            newest = Math.max(newest, fs.statSync(full).mtimeMs);
        }
    }
    return newest;
}

/**
 * Runs `tsc -p tsconfig` when `built` is missing or older than a source under `sourceDir`.
 * Returns undefined when the build is fresh, else the compiler's output of a failed build.
 */
function ensureBuilt({ sourceDir, tsconfig, built }) {
    if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource(sourceDir)) {
        return undefined;
    }
    const tsc = require.resolve("typescript/bin/tsc", { paths: [sourceDir, __dirname] });
    // --noEmitOnError: a failed build leaves the old output older than the sources, so the next
    // run tries again instead of taking half-written output for fresh.
    const result = spawnSync(process.execPath, [tsc, "-p", tsconfig, "--noEmitOnError"], { encoding: "utf8" });
    if (result.status !== 0) {
        return `${result.stdout}${result.stderr}`.trim() || `tsc exited ${result.status}`;
    }
    // tsc keeps the times of unchanged outputs; mark the build as newer than every source.
    const now = new Date();
    fs.utimesSync(built, now, now);
    return undefined;
}

module.exports = { ensureBuilt };
