import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastDayOfMonth, monthsBetween } from "../../../functions/src/app/analytics/monthly-themes.js";
import { mergeSnapshots } from "../../../functions/src/app/analytics/read-themes.js";
import type { StoredTheme, ThemeSnapshot } from "../../../functions/src/app/ports.js";

const isoDay = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

function theme(key: string, count: number, overrides: Partial<StoredTheme> = {}): StoredTheme {
  return {
    key,
    label: key,
    count,
    responseIds: Array.from({ length: count }, (_, i) => `${key}-${i}`),
    locales: ["en"],
    sample: [`${key} sample`],
    ...overrides,
  };
}

function snapshot(month: string, comments: number, themes: StoredTheme[]): ThemeSnapshot {
  return {
    month,
    service: "*",
    comments,
    responses: comments,
    themes,
    terms: [],
    reasons: [],
    computedAt: `${month}-28T12:00:00.000Z`,
    final: true,
  };
}

describe("Months between two days", () => {
  it("lists every month touched, oldest first, across a year end", () => {
    expect(monthsBetween("2025-11-30", "2026-02-01")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("lists one month for days within the same month", () => {
    expect(monthsBetween("2026-03-01", "2026-03-31")).toEqual(["2026-03"]);
  });

  it("lists nothing when the start is in a later month than the end", () => {
    expect(monthsBetween("2026-04-01", "2026-03-31")).toEqual([]);
  });

  it("lists as many months as the calendar difference plus one, each following the last", () => {
    fc.assert(
      fc.property(isoDay, isoDay, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const months = monthsBetween(from, to);
        const index = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

        expect(months).toHaveLength(index(to) - index(from) + 1);
        expect(months[0]).toBe(from.slice(0, 7));
        expect(months.at(-1)).toBe(to.slice(0, 7));
        months.forEach((month, i) => {
          expect(index(`${month}-01`)).toBe(index(from) + i);
        });
      }),
    );
  });
});

describe("Last day of a month", () => {
  it.each([
    ["2026-01", "2026-01-31"],
    ["2026-02", "2026-02-28"],
    ["2028-02", "2028-02-29"],
    ["2100-02", "2100-02-28"],
    ["2000-02", "2000-02-29"],
    ["2026-04", "2026-04-30"],
    ["2026-12", "2026-12-31"],
  ])("ends %s on %s", (month, last) => {
    expect(lastDayOfMonth(month)).toBe(last);
  });
});

describe("Merging monthly theme snapshots", () => {
  it("sums counts and comments of a theme across months, listing months oldest first", () => {
    const merged = mergeSnapshots([
      snapshot("2026-01", 40, [theme("vpn", 5), theme("password", 2)]),
      snapshot("2026-02", 30, [theme("vpn", 3)]),
    ]);

    expect(merged.comments).toBe(70);
    expect(merged.themes.map((t) => [t.key, t.count])).toEqual([
      ["vpn", 8],
      ["password", 2],
    ]);
    expect(merged.themes[0]?.months).toEqual([
      { month: "2026-01", count: 5 },
      { month: "2026-02", count: 3 },
    ]);
  });

  it("puts the newest month's response ids and samples first, keeping at most three samples", () => {
    const merged = mergeSnapshots([
      snapshot("2026-01", 10, [theme("vpn", 1, { responseIds: ["old"], sample: ["old-a", "old-b"] })]),
      snapshot("2026-03", 10, [theme("vpn", 1, { responseIds: ["new"], sample: ["new-a", "new-b"] })]),
      snapshot("2026-02", 10, [theme("vpn", 1, { responseIds: ["mid"], sample: ["mid-a"] })]),
    ]);

    const [vpn] = merged.themes;
    expect(vpn?.responseIds).toEqual(["new", "mid", "old"]);
    expect(vpn?.sample).toEqual(["new-a", "new-b", "mid-a"]);
  });

  it("labels a theme as in the month where it was strongest and unites its locales", () => {
    const merged = mergeSnapshots([
      snapshot("2026-01", 10, [theme("vpn", 7, { label: "VPN drops", locales: ["pl"] })]),
      snapshot("2026-02", 10, [theme("vpn", 2, { label: "vpn dropping", locales: ["en", "pl"] })]),
    ]);

    expect(merged.themes[0]?.label).toBe("VPN drops");
    expect(merged.themes[0]?.locales).toEqual(["en", "pl"]);
  });

  it("orders themes by count, breaking ties by key", () => {
    const merged = mergeSnapshots([snapshot("2026-01", 10, [theme("b", 2), theme("c", 5), theme("a", 2)])]);

    expect(merged.themes.map((t) => t.key)).toEqual(["c", "a", "b"]);
  });

  it("does not change the snapshots it reads", () => {
    const snapshots = [
      snapshot("2026-01", 10, [theme("vpn", 2)]),
      snapshot("2026-02", 10, [theme("vpn", 3)]),
    ];
    const before = structuredClone(snapshots);

    mergeSnapshots(snapshots);

    expect(snapshots).toEqual(before);
  });

  it("gives a theme's total as the sum of its monthly counts, in any order of snapshots", () => {
    const month = fc.integer({ min: 1, max: 12 }).map((m) => `2026-${String(m).padStart(2, "0")}`);
    const themeCounts = fc.dictionary(
      fc.constantFrom("vpn", "mail", "printer", "laptop"),
      fc.integer({ min: 1, max: 50 }),
    );
    const snapshots = fc.uniqueArray(fc.tuple(month, themeCounts), { selector: ([m]) => m, maxLength: 12 });
    fc.assert(
      fc.property(snapshots, (entries) => {
        const list = entries.map(([m, counts]) =>
          snapshot(
            m,
            100,
            Object.entries(counts).map(([key, c]) => theme(key, c)),
          ),
        );
        const merged = mergeSnapshots(list);

        for (const t of merged.themes) {
          const expected = entries.reduce((sum, [, counts]) => sum + (counts[t.key] ?? 0), 0);
          expect(t.count).toBe(expected);
          expect(t.months.reduce((sum, m) => sum + m.count, 0)).toBe(expected);
          expect(t.months.map((m) => m.month)).toEqual([...t.months.map((m) => m.month)].sort());
        }
        expect(merged.comments).toBe(100 * entries.length);
      }),
    );
  });
});
