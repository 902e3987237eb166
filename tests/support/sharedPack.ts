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
        const pack = started ? await started.catch(() => undefined) : undefined;
        pack?.close();
    },
};
