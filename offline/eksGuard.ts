// The eks-guard pack of this repository as the offline check runs it: its compiled JavaScript
// (policies/bin, what `pulumi policy publish` ships and `pulumi preview --policy-pack policies`
// runs), rebuilt first when a source is newer than the build, so a check never runs stale rules.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "./mockRun";
import { PolicyAnalyzer } from "./policyAnalyzer";

export const PACK_DIR = path.join(PROJECT_DIR, "policies");
const BUILT = path.join(PACK_DIR, "bin", "index.js");

function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (["node_modules", "bin"].includes(entry.name)) {
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

/** Builds policies/bin when it is missing or older than a source; the build error, if any, is thrown. */
export function ensurePackBuilt(): void {
    if (fs.existsSync(BUILT) && fs.statSync(BUILT).mtimeMs >= newestSource(PACK_DIR)) {
        return;
    }
    const tsc = require.resolve("typescript/bin/tsc", { paths: [PACK_DIR] });
    const result = spawnSync(process.execPath, [tsc, "-p", path.join(PACK_DIR, "tsconfig.build.json")], { encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`building the policy pack (npm run build -w policies) failed:\n${result.stdout}${result.stderr}`);
    }
    // tsc keeps the times of unchanged outputs; mark the build as newer than every source.
    const now = new Date();
    fs.utimesSync(BUILT, now, now);
}

export async function startEksGuard(): Promise<PolicyAnalyzer> {
    ensurePackBuilt();
    return PolicyAnalyzer.start(PACK_DIR);
}
