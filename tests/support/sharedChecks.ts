// Reports several test files read without changing: checked once per test run (each `--all` runs
// the three programs and a pack: seconds that `npm test` would otherwise pay per file).
import { parseArgs, runCheck } from "../../offline/check";
import { CheckReport } from "../../offline/report/model";
import { sharedPack } from "./sharedPack";

export const EVALUATION_DATE = "2026-11-22";
const reports = new Map<string, Promise<CheckReport>>();

/** The report of `npm run check -- <argv>` on the evaluation date of the tests; callers must not change it. */
export function sharedCheck(argv: string[]): Promise<CheckReport> {
    const key = argv.join("\u0000");
    if (!reports.has(key)) {
        process.env.EKS_PLATFORM_EVALUATION_DATE = EVALUATION_DATE;
        reports.set(key, sharedPack().then((pack) => runCheck(parseArgs(argv), pack)));
    }
    return reports.get(key)!;
}
