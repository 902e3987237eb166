#!/usr/bin/env node
// `npm run mutation`: StrykerJS over the policy pack (stryker.config.json), then the per-file gate.
// Stryker's `break` threshold judges the overall score (90%); every mutated file must also reach
// 80%, which Stryker does not check, so it is read from the JSON report here. mocha 12 is made
// readable to @stryker-mutator/mocha-runner by mutation/mochaCjsPaths.cjs, preloaded in Stryker and
// in every test runner it starts through NODE_OPTIONS.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const FILE_MINIMUM = 80;
const root = path.join(__dirname, "..");
const shim = path.join(root, "mutation", "mochaCjsPaths.cjs");
const report = path.join(root, "reports", "mutation", "mutation.json");

/** Stryker's score: detected (killed, timed out) over valid mutants (no compile/runtime errors, not ignored). */
function score(mutants) {
    const valid = mutants.filter((m) => !["CompileError", "RuntimeError", "Ignored"].includes(m.status));
    const detected = valid.filter((m) => m.status === "Killed" || m.status === "Timeout");
    return valid.length === 0 ? 100 : (100 * detected.length) / valid.length;
}

function main() {
    const stryker = path.join(root, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
    const args = process.argv.slice(2);
    const result = spawnSync(process.execPath, [stryker, "run", ...args], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(shim)}`].filter(Boolean).join(" ") },
    });
    if (result.status !== 0 || args.includes("--dryRunOnly")) {
        return result.status ?? 1;
    }
    const files = JSON.parse(fs.readFileSync(report, "utf8")).files;
    const low = Object.entries(files)
        .map(([file, { mutants }]) => ({ file, score: score(mutants) }))
        .filter((f) => f.score < FILE_MINIMUM);
    for (const f of low) {
        process.stderr.write(`mutation score of ${f.file} is ${f.score.toFixed(2)}%, below the ${FILE_MINIMUM}% every file must reach\n`);
    }
    return low.length > 0 ? 1 : 0;
}

process.exit(main());
