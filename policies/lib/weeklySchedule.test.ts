import * as assert from "assert";
import { averageSize, firings, hoursAtSizes, parseWeeklyCron, WeeklyCron } from "./weeklySchedule";

const cron = (text: string) => {
    const parsed = parseWeeklyCron(text);
    assert.ok(!("error" in parsed), `${text}: ${JSON.stringify(parsed)}`);
    return parsed as WeeklyCron;
};

describe("weekly schedules", () => {
    it("reads minute, hours and days, with day names, ranges, lists and 7 as Sunday", () => {
        assert.deepStrictEqual(cron("0 19 * * MON-FRI"), { minute: 0, hours: [19], days: [1, 2, 3, 4, 5] });
        assert.deepStrictEqual(cron("30 7,13 * * sat,7"), { minute: 30, hours: [7, 13], days: [0, 6] });
        assert.deepStrictEqual(cron("5 8-10 * * *"), { minute: 5, hours: [8, 9, 10], days: [0, 1, 2, 3, 4, 5, 6] });
        assert.deepStrictEqual(cron("  0 0 * * 1  "), { minute: 0, hours: [0], days: [1] });
    });

    it("refuses what does not repeat weekly or is not cron, saying why", () => {
        const error = (text: string) => (parseWeeklyCron(text) as { error: string }).error;
        assert.match(error("0 19 * *"), /five fields/);
        assert.match(error("0 19 1 * *"), /day-of-month and month must be \*/);
        assert.match(error("0 19 * 1 *"), /day-of-month and month must be \*/);
        assert.match(error("*/5 19 * * *"), /minute must be one number/);
        assert.match(error("60 19 * * *"), /minute must be one number/);
        assert.match(error("0 24 * * *"), /hour must be 0 to 23/);
        assert.match(error("0 18-8 * * *"), /hour must be 0 to 23/);
        assert.match(error("0 8 * * MON-FRI-SAT"), /day of week/);
        assert.match(error("0 8 * * 8"), /day of week/);
        assert.match(error("0 8 * * FUN"), /day of week/);
    });

    it("lists the minutes of the week it fires at, from Sunday midnight", () => {
        assert.deepStrictEqual(firings(cron("30 1 * * 0,1")), [90, 1440 + 90]);
    });

    it("counts the hours a week at each size: scale to 0 at 19:00 on weekdays, back to 2 at 07:00", () => {
        // Up 07:00-19:00 Monday to Friday: 5 x 12 = 60 hours at 2; the other 108 (nights and the weekend) at 0.
        const hours = hoursAtSizes([
            { cron: cron("0 7 * * MON-FRI"), size: 2 },
            { cron: cron("0 19 * * MON-FRI"), size: 0 },
        ])!;
        assert.deepStrictEqual([...hours.entries()].sort(), [[0, 108], [2, 60]]);
        assert.strictEqual(averageSize(hours), (2 * 60) / 168);
    });

    it("wraps the week around and adds the hours of several actions at one size", () => {
        // 1 from Saturday 10:00 to Monday 06:00 (44 h), 3 the rest (124 h).
        const hours = hoursAtSizes([
            { cron: cron("0 10 * * SAT"), size: 1 },
            { cron: cron("0 6 * * MON"), size: 3 },
        ])!;
        assert.deepStrictEqual([...hours.entries()].sort(), [[1, 44], [3, 124]]);
        assert.strictEqual(hoursAtSizes([]), undefined);
    });
});
