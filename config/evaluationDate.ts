// The day Kubernetes version support is judged on: today, unless EKS_PLATFORM_EVALUATION_DATE pins
// it (YYYY-MM-DD), so a check of an old commit or a test gives the same answer on any day.
import { ConfigValidationError } from "./problems";

export const EVALUATION_DATE_VARIABLE = "EKS_PLATFORM_EVALUATION_DATE";

export function evaluationDate(environment: NodeJS.ProcessEnv, now: Date = new Date()): Date {
    const pinned = environment[EVALUATION_DATE_VARIABLE];
    if (pinned === undefined || pinned === "") {
        return now;
    }
    const date = new Date(`${pinned}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(pinned) || Number.isNaN(date.getTime())) {
        throw new ConfigValidationError([{ key: EVALUATION_DATE_VARIABLE, value: JSON.stringify(pinned), allowed: "expected a date as YYYY-MM-DD (environment variable)" }]);
    }
    return date;
}
