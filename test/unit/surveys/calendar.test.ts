import { describe, expect, it } from "vitest";
import { bucketStart, bucketStarts, isIsoDay, localDay } from "../../../functions/src/domain/calendar.js";

describe("Calendar buckets in the organisation's time zone", () => {
  it("counts an evening resolution in Warsaw on the local day", () => {
    expect(localDay(new Date("2026-11-20T23:30:00Z"), "Europe/Warsaw")).toBe("2026-11-21");
    expect(localDay(new Date("2026-11-20T23:30:00Z"), "UTC")).toBe("2026-11-20");
  });

  it("starts weeks on Monday, months on the 1st and quarters in January, April, July and October", () => {
    expect(bucketStart("2026-11-22", "week")).toBe("2026-11-16");
    expect(bucketStart("2026-11-23", "week")).toBe("2026-11-23");
    expect(bucketStart("2026-11-22", "month")).toBe("2026-11-01");
    expect(bucketStart("2026-11-22", "quarter")).toBe("2026-10-01");
    expect(bucketStart("2026-03-31", "quarter")).toBe("2026-01-01");
  });

  it("lists every bucket that overlaps a range, even a partial one", () => {
    expect(bucketStarts("2026-01-15", "2026-04-02", "month")).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2026-03-01",
      "2026-04-01",
    ]);
  });

  it.each(["2026-02-29", "2026-13-01", "2026-1-01", "yesterday"])("rejects %s as a day", (value) => {
    expect(isIsoDay(value)).toBe(false);
  });
});
