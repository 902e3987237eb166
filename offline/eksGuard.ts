// The eks-guard pack of this repository as the offline check runs it: its compiled JavaScript
// (policies/bin, what `pulumi policy publish` ships and `pulumi preview --policy-pack policies`
// runs), rebuilt first when a source is newer than the build, so a check never runs stale rules.
// Light on purpose (the analyzer client is loaded only to connect): `npm run check` spawns the
// pack through this module before it loads anything else.
import * as path from "path";
import { PackProcess, spawnPack } from "./packProcess";
import type { PolicyAnalyzer } from "./policyAnalyzer";
import { PROJECT_DIR } from "./projectDir";

export const PACK_DIR = path.join(PROJECT_DIR, "policies");

// Plain JavaScript shared with scripts/check.js, which runs before anything is compiled; required
// by its absolute path because this file also runs compiled from build/offline/.
const { ensureBuilt } = require(path.join(PROJECT_DIR, "scripts", "freshBuild.js")) as {
    ensureBuilt(build: { sourceDir: string; tsconfig: string; built: string }): string | undefined;
};

/** Builds policies/bin when it is missing or older than a source; the build error, if any, is thrown. */
export function ensurePackBuilt(): void {
    const failure = ensureBuilt({ sourceDir: PACK_DIR, tsconfig: path.join(PACK_DIR, "tsconfig.build.json"), built: path.join(PACK_DIR, "bin", "index.js") });
    if (failure !== undefined) {
        throw new Error(`building the policy pack (npm run build -w policies) failed:\n${failure}`);
    }
}

/** The pack's process, built first if needed; connect to it with startEksGuard. */
export function spawnEksGuard(): PackProcess {
    ensurePackBuilt();
    return spawnPack(PACK_DIR);
}

/** `spawned`: the pack's process when the caller started it earlier (the command line does). */
export async function startEksGuard(spawned?: PackProcess): Promise<PolicyAnalyzer> {
    const { PolicyAnalyzer } = await import("./policyAnalyzer");
    return PolicyAnalyzer.connect(spawned ?? spawnEksGuard());
}
