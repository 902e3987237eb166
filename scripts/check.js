#!/usr/bin/env node
// `npm run check`: the offline check as compiled JavaScript (build/, made by `npm ci`), rebuilt
// first when a source is newer. Compiled, it skips ts-node's compiling of the checker and the
// program on every run; and the pack is spawned before the checker loads, so that its start-up
// (the longest step) overlaps the loading of @pulumi/pulumi and the program's run (`npm run bench`).
"use strict";
const path = require("path");
const { ensureBuilt } = require("./freshBuild");

const projectDir = path.resolve(__dirname, "..");
const failure = ensureBuilt({
    sourceDir: projectDir,
    tsconfig: path.join(projectDir, "tsconfig.build.json"),
    built: path.join(projectDir, "build", "offline", "check.js"),
});
if (failure !== undefined) {
    process.stderr.write(`error: building the offline check (npm run build) failed:\n${failure}\n`);
    process.exit(2);
}

// Answers that need no pack; for anything else the pack is started now (and killed at exit if a
// bad input ends the run first).
const argv = process.argv.slice(2);
let spawnedPack;
if (!argv.some((arg) => ["--help", "-h", "--version"].includes(arg))) {
    try {
        spawnedPack = require("../build/offline/eksGuard.js").spawnEksGuard();
    } catch (error) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exit(2);
    }
}
require("../build/offline/check.js").runCommandLine(spawnedPack);
