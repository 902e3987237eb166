import * as assert from "assert";
import { daysUntil, findEksVersion, supportStatus, versionsInStatus } from "./eksVersions";

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("EKS version calendar", () => {
    it("judges each window inclusive of its last day, and before release as not released", () => {
        const v = findEksVersion("1.33")!;
        const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T12:00:00Z`) - 86_400_000);
        const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T12:00:00Z`) + 86_400_000);
        assert.strictEqual(supportStatus("1.33", dayBefore(v.eksRelease)), "notReleased");
        assert.strictEqual(supportStatus("1.33", day(v.eksRelease)), "standard");
        assert.strictEqual(supportStatus("1.33", day(v.endOfStandardSupport)), "standard");
        assert.strictEqual(supportStatus("1.33", dayAfter(v.endOfStandardSupport)), "extended");
        assert.strictEqual(supportStatus("1.33", day(v.endOfExtendedSupport)), "extended");
        assert.strictEqual(supportStatus("1.33", dayAfter(v.endOfExtendedSupport)), "ended");
        assert.strictEqual(supportStatus("1.99", day("2026-11-22")), "unknown");
    });

    it("judges by the UTC day, whatever the hour", () => {
        const v = findEksVersion("1.33")!;
        assert.strictEqual(supportStatus("1.33", new Date(`${v.endOfStandardSupport}T23:59:59Z`)), "standard");
        assert.strictEqual(supportStatus("1.33", new Date(`${v.endOfStandardSupport}T00:00:00Z`)), "standard");
    });

    it("lists the versions in a status on a day, and counts whole days to a date", () => {
        const standard = versionsInStatus("standard", day("2026-11-22"));
        assert.ok(standard.includes("1.35") && standard.includes("1.36") && !standard.includes("1.33"), standard.join(", "));
        assert.deepStrictEqual(versionsInStatus("ended", day("2026-11-22")).includes("1.29"), true);
        assert.strictEqual(daysUntil("2026-11-25", day("2026-11-22")), 3);
        assert.strictEqual(daysUntil("2026-11-20", day("2026-11-22")), -2);
    });
});
