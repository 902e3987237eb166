// The day the stack's config judges Kubernetes version support on: the day the policy pack uses
// (EKS_PLATFORM_EVALUATION_DATE, else today), with a malformed pin reported as a config error.
import { EVALUATION_DATE_VARIABLE, pinnedDay } from "../policies/lib/evaluationDate";
import { ConfigValidationError } from "./problems";

export { EVALUATION_DATE_VARIABLE };

export function evaluationDate(environment: NodeJS.ProcessEnv, now: Date = new Date()): Date {
    const pinned = environment[EVALUATION_DATE_VARIABLE];
    const day = pinnedDay(pinned, now);
    if (!day) {
        throw new ConfigValidationError([{ key: EVALUATION_DATE_VARIABLE, value: JSON.stringify(pinned), allowed: "expected a date as YYYY-MM-DD (environment variable)" }]);
    }
    return day;
}
