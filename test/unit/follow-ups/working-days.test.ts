import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addWorkingDays, isWorkingDay } from "../../../functions/src/domain/follow-ups/working-days.js";

describe("Working-day due dates", () => {
  it.each([
    ["Friday 14:00 + 2 lands on Tuesday 14:00", "2026-03-13T14:00:00.000Z", 2, "2026-03-17T14:00:00.000Z"],
    ["Thursday + 2 lands on Monday", "2026-03-12T09:30:00.000Z", 2, "2026-03-16T09:30:00.000Z"],
    ["Saturday + 2 lands on Tuesday", "2026-03-14T10:00:00.000Z", 2, "2026-03-17T10:00:00.000Z"],
    ["Monday + 2 lands on Wednesday", "2026-03-09T08:00:00.000Z", 2, "2026-03-11T08:00:00.000Z"],
    ["zero days is the opening time itself", "2026-03-14T10:00:00.000Z", 0, "2026-03-14T10:00:00.000Z"],
  ])("%s", (_, from, days, due) => {
    expect(addWorkingDays(from, days)).toBe(due);
  });

  it("skips a holiday as well as the weekend", () => {
    // Easter Monday 2026 is 6 April: Friday 3 April + 2 working days = Wednesday 8 April.
    expect(addWorkingDays("2026-04-03T12:00:00.000Z", 2, ["2026-04-06"])).toBe("2026-04-08T12:00:00.000Z");
  });

  it("always lands on a working day, with exactly N working days after the start", () => {
    const start = fc.date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true });
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 30 }), (from, days) => {
        const due = addWorkingDays(from.toISOString(), days);
        expect(isWorkingDay(due.slice(0, 10))).toBe(true);
        let counted = 0;
        for (let at = from.getTime() + 86_400_000; at <= Date.parse(due); at += 86_400_000) {
          if (isWorkingDay(new Date(at).toISOString().slice(0, 10))) counted += 1;
        }
        expect(counted).toBe(days);
        expect(due.slice(11)).toBe(from.toISOString().slice(11));
      }),
    );
  });

  it("refuses a negative number of days or a malformed holiday", () => {
    expect(() => addWorkingDays("2026-03-13T14:00:00.000Z", -1)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-03-13T14:00:00.000Z", 1, ["6.4.2026"])).toThrow(RangeError);
  });
});
