// One eks-guard pack for the whole test run (each start costs about a second): started when a test
// first asks for it, closed after the last test (a mocha root hook; .mocharc.json requires this
// file). Tests that need a pack of their own (a standalone install) still start one.
import { startEksGuard } from "../../offline/eksGuard";
import { PolicyAnalyzer } from "../../offline/policyAnalyzer";

let started: Promise<PolicyAnalyzer> | undefined;

export function sharedPack(): Promise<PolicyAnalyzer> {
    started ??= startEksGuard();
    return started;
}

export const mochaHooks = {
    async afterAll(): Promise<void> {
        // In a parallel run a root afterAll runs after each spec file of a worker, which keeps the
        // pack for its next file; the pack process is killed when the worker exits (spawnPack).
        if (process.env.MOCHA_WORKER_ID !== undefined) {
            return;
        }
        const pack = started ? await started.catch(() => undefined) : undefined;
        pack?.close();
    },
};
