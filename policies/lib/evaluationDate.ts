// The day version support is judged on: a pinned YYYY-MM-DD day (the policy's `evaluationDate`
// setting, else the EKS_PLATFORM_EVALUATION_DATE environment variable), else today. The stack's
// config validation and the rules use the same reading, so they agree on any day.

export const EVALUATION_DATE_VARIABLE = "EKS_PLATFORM_EVALUATION_DATE";

/** The YYYY-MM-DD shape (the config schemas' pattern); pinnedDay also requires a real day. */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The pinned day, `now` when nothing is pinned, undefined when the pin is not a YYYY-MM-DD day. */
export function pinnedDay(pinned: string | undefined, now: Date = new Date()): Date | undefined {
    if (!pinned) {
        return now;
    }
    const date = new Date(`${pinned}T00:00:00Z`);
    // `new Date("2026-02-30T00:00:00Z")` is 2 March: a real day reads back as the text it came from.
    return DAY.test(pinned) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === pinned ? date : undefined;
}

export function evaluationDay(setting: string | undefined, environment: NodeJS.ProcessEnv = process.env): Date {
    const pinned = setting || environment[EVALUATION_DATE_VARIABLE];
    const day = pinnedDay(pinned);
    if (!day) {
        throw new Error(`${setting ? "evaluationDate" : EVALUATION_DATE_VARIABLE} "${pinned}" is not a YYYY-MM-DD day of the calendar (such as 2026-12-01)`);
    }
    return day;
}
