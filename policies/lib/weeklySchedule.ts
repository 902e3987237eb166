// Weekly Auto Scaling schedules: the subset of Unix cron ("minute hour * * day-of-week") that repeats
// every week, and how many hours a week a group then runs at each size. Scheduled actions take cron
// in this syntax ("The recurring schedule for this action specified using the Unix cron syntax
// format", aws.autoscaling.Schedule recurrence); day-of-week 0 and 7 are Sunday.

export interface WeeklyCron {
    minute: number;
    hours: number[];
    /** 0 (Sunday) to 6. */
    days: number[];
}

const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
export const MINUTES_PER_WEEK = 7 * 24 * 60;

/** The numbers a cron field lists: `*`, `n`, `a-b`, or a comma list of those; undefined when invalid. */
function field(text: string, min: number, max: number, names: readonly string[] = []): number[] | undefined {
    if (text === "*") {
        return Array.from({ length: max - min + 1 }, (_, i) => min + i);
    }
    const value = (part: string) => {
        const named = names.indexOf(part.toUpperCase());
        const n = named >= 0 ? named : /^\d+$/.test(part) ? Number(part) : NaN;
        return n >= min && n <= max ? n : undefined;
    };
    const result = new Set<number>();
    for (const part of text.split(",")) {
        const [from, to, ...rest] = part.split("-");
        const a = value(from);
        const b = to === undefined ? a : value(to);
        if (rest.length > 0 || a === undefined || b === undefined || b < a) {
            return undefined;
        }
        for (let n = a; n <= b; n++) {
            result.add(n);
        }
    }
    return [...result].sort((x, y) => x - y);
}

/** A weekly cron, or the reason it is not one. */
export function parseWeeklyCron(text: string): WeeklyCron | { error: string } {
    const parts = text.trim().split(/\s+/);
    if (parts.length !== 5) {
        return { error: 'expected five fields, "minute hour day-of-month month day-of-week", such as "0 19 * * MON-FRI"' };
    }
    const [minuteText, hourText, dayOfMonth, month, dayOfWeek] = parts;
    if (dayOfMonth !== "*" || month !== "*") {
        return { error: "day-of-month and month must be * (a schedule that repeats every week)" };
    }
    const minute = /^\d+$/.test(minuteText) ? Number(minuteText) : NaN;
    if (!(minute >= 0 && minute <= 59)) {
        return { error: "the minute must be one number, 0 to 59" };
    }
    const hours = field(hourText, 0, 23);
    if (!hours) {
        return { error: "the hour must be 0 to 23: a number, a range (8-18) or a list (8,12)" };
    }
    // 7 is Sunday too; folded into 0.
    const days = field(dayOfWeek, 0, 7, DAY_NAMES);
    if (!days) {
        return { error: "the day of week must be 0 to 7 or SUN to SAT: *, a day, a range (MON-FRI) or a list (SAT,SUN)" };
    }
    return { minute, hours, days: [...new Set(days.map((d) => d % 7))].sort((x, y) => x - y) };
}

/** The minutes of the week (0 = Sunday 00:00) a cron fires at, in order. */
export function firings(cron: WeeklyCron): number[] {
    return cron.days.flatMap((day) => cron.hours.map((hour) => day * 1440 + hour * 60 + cron.minute)).sort((a, b) => a - b);
}

/**
 * Hours a week at each size, when each action sets the size at its firings and it holds until the
 * next firing (the week wraps around); undefined when no action ever fires.
 */
export function hoursAtSizes(actions: readonly { cron: WeeklyCron; size: number }[]): Map<number, number> | undefined {
    const events = actions.flatMap(({ cron, size }) => firings(cron).map((at) => ({ at, size }))).sort((a, b) => a.at - b.at);
    if (events.length === 0) {
        return undefined;
    }
    const hours = new Map<number, number>();
    events.forEach((event, i) => {
        const next = i + 1 < events.length ? events[i + 1].at : events[0].at + MINUTES_PER_WEEK;
        hours.set(event.size, (hours.get(event.size) ?? 0) + (next - event.at) / 60);
    });
    return hours;
}

/** The average size over the week. */
export function averageSize(hours: ReadonlyMap<number, number>): number {
    let total = 0;
    for (const [size, h] of hours) {
        total += size * h;
    }
    return total / (MINUTES_PER_WEEK / 60);
}
