import { beforeAll, describe, expect, it } from "vitest";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import type { Score } from "../../functions/src/domain/survey.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";
import { aRatedSurvey } from "./analytics-fixtures.js";

let now = new Date("2026-11-20T10:00:00Z");
const clock = { now: () => now };

/** A fixed set of Polish and English comments: November has a printer problem in five Polish inflections. */
const COMMENTS: Array<[string, string, string, "pl" | "en", Score, string]> = [
  ["n01", "2026-11-02", "Printing", "pl", 2, "Drukarka na trzecim piętrze znowu nie działa."],
  ["n02", "2026-11-03", "Printing", "pl", 1, "Wszystkie drukarki w open space stoją od rana."],
  ["n03", "2026-11-04", "Printing", "pl", 2, "Od tygodnia walczę z drukarką, toner się sypie."],
  ["n04", "2026-11-05", "Printing", "pl", 3, "Proszę w końcu naprawić drukarkę w sekretariacie."],
  ["n05", "2026-11-06", "Printing", "pl", 2, "Brak papieru w drukarce i nikt nie reaguje."],
  ["n06", "2026-11-06", "Printing", "en", 2, "The printer on floor two keeps jamming."],
  ["n07", "2026-11-09", "Printing", "en", 1, "Printers are offline again."],
  ["n08", "2026-11-10", "Remote access", "en", 2, "VPN disconnects every hour."],
  ["n09", "2026-11-11", "Remote access", "pl", 5, "Szybko i sprawnie, dziękuję!"],
  ["n10", "2026-11-12", "Remote access", "pl", 4, "Szybko i sprawnie załatwione."],
  ["o01", "2026-10-05", "Remote access", "pl", 5, "Szybko i sprawnie, dziękuję!"],
  ["o02", "2026-10-06", "Remote access", "pl", 4, "Szybko i sprawnie."],
  ["o03", "2026-10-07", "Printing", "pl", 2, "Drukarka drukuje puste strony."],
  ["o04", "2026-10-08", "Email", "en", 5, "Mailbox restored quickly, thanks."],
  // December: two themes of three comments each, one from unhappy requesters, and fillers in both languages.
  ["d01", "2026-12-01", "Email", "pl", 5, "Kilka spraw: skrzynka pocztowa działa świetnie."],
  ["d02", "2026-12-02", "Email", "pl", 4, "Skrzynka pocztowa znowu działa, kilka rzeczy zostało."],
  ["d03", "2026-12-03", "Email", "pl", 5, "Skrzynka pocztowa w porządku, sprawa załatwiona."],
  ["d04", "2026-12-04", "Email", "pl", 1, "Kalendarz współdzielony ginie, sprawa wraca."],
  ["d05", "2026-12-05", "Email", "pl", 2, "Kalendarz współdzielony znika, kilka razy zgłaszałem."],
  ["d06", "2026-12-06", "Email", "en", 1, "Shared calendar lost again, please, the thing is broken."],
];

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices({ clock });
  const surveys = COMMENTS.map(([id, day, service, locale, score, comment]) =>
    aRatedSurvey({ id, day, service, locale, score, comment }),
  );
  // Reason tags the requesters ticked, one of them on a rating without a comment.
  const withReasons = (survey: (typeof surveys)[number], reasons: string[]) =>
    survey.response ? { ...survey, response: { ...survey.response, reasons } } : survey;
  for (const [index, survey] of surveys.entries()) {
    if (survey.surveyId === "d04" || survey.surveyId === "d05")
      surveys[index] = withReasons(survey, ["reopened"]);
    if (survey.surveyId === "d01") surveys[index] = withReasons(survey, ["fast"]);
  }
  surveys.push(
    withReasons(aRatedSurvey({ id: "d07", day: "2026-12-07", service: "Email", score: 2 }), ["reopened"]),
  );
  // A rating without a comment is listed but carries no theme.
  surveys.push(aRatedSurvey({ id: "n11", day: "2026-11-13", service: "Printing", score: 5 }));
  await makeHistoryImporter(pulse.db, pulse.tableName)(surveys, { emptyTable: true });
});

async function getJson<T>(path: string): Promise<T> {
  const response = await pulse.app.request(path, {
    headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

interface Themes {
  comments: number;
  responses: number;
  themes: Array<{
    key: string;
    label: string;
    count: number;
    lowShare: number;
    responseIds: string[];
    sample: string[];
  }>;
  reasons: Array<{ reason: string; count: number; lowShare: number }>;
  comparison: { from: string; to: string; comments: number };
  growthTest: { tested: number; minCount: number; falseDiscoveryRate: number };
  growing: Array<{
    key: string;
    label: string;
    previousCount: number;
    currentCount: number;
    pValue: number;
    adjustedPValue: number;
    significant: boolean;
  }>;
}

interface ResponsePage {
  items: Array<{ surveyId: string; day: string; score: number; comment: string | null }>;
  nextCursor: string | null;
}

describe("Feedback themes over HTTP", () => {
  it("counts inflected Polish forms of one word as one theme, linked to the responses behind it", async () => {
    const result = await getJson<Themes>("/api/v1/themes?from=2026-11-01&to=2026-11-30");

    expect(result.comments).toBe(10);
    const printer = result.themes.find((theme) => theme.key === "drukark");
    expect(printer?.count).toBe(5);
    expect(printer?.responseIds.sort()).toEqual(["n01", "n02", "n03", "n04", "n05"]);
    expect(printer?.sample.length).toBeGreaterThan(0);
    const english = result.themes.find((theme) => theme.key === "print");
    expect(english?.responseIds.sort()).toEqual(["n06", "n07"]);
  });

  it("keeps a service's themes to its own comments", async () => {
    const result = await getJson<Themes>(
      "/api/v1/themes?from=2026-11-01&to=2026-11-30&service=Remote%20access",
    );

    expect(result.comments).toBe(3);
    expect(result.themes.some((theme) => theme.key === "drukark")).toBe(false);
  });

  it("tests the growth of every theme against the comments of the comparison period, adjusted over all tested", async () => {
    const result = await getJson<Themes>(
      "/api/v1/themes?from=2026-11-01&to=2026-11-30&compareFrom=2026-10-01&compareTo=2026-10-31",
    );

    // October's single printer comment is kept and counted, though one comment is not yet a theme.
    const printer = result.growing.find((row) => row.key === "drukark");
    expect(printer).toMatchObject({ previousCount: 1, currentCount: 5 });
    // Five inflections written once each: the label is one of them as written, never the stem.
    expect(["drukarka", "drukarki", "drukarką", "drukarkę", "drukarce"]).toContain(printer?.label);
    expect(printer?.adjustedPValue).toBeGreaterThanOrEqual(printer?.pValue ?? 1);
    expect(result.growthTest).toMatchObject({ minCount: 5, falseDiscoveryRate: 0.05 });
    expect(result.growthTest.tested).toBeGreaterThan(0);
    // "Szybko i sprawnie" was half of October's comments and a fifth of November's: it shrank, so it is not listed.
    expect(result.growing.some((row) => row.key.startsWith("szybk"))).toBe(false);
  });

  it("compares with the three months before the range when no comparison is given", async () => {
    const result = await getJson<Themes>("/api/v1/themes?from=2026-12-01&to=2026-12-31");

    expect(result.comparison).toMatchObject({ from: "2026-09-01", to: "2026-11-30", comments: 14 });
  });

  it("ranks a theme of unhappy comments above a contented one of the same size, with its share of low scores", async () => {
    const result = await getJson<Themes>("/api/v1/themes?from=2026-12-01&to=2026-12-31&service=Email");

    const calendar = result.themes.findIndex((theme) => theme.label === "kalendarz współdzielony");
    const mailbox = result.themes.findIndex((theme) => theme.label === "skrzynka pocztowa");
    expect(calendar).toBeGreaterThanOrEqual(0);
    expect(mailbox).toBeGreaterThan(calendar);
    expect(result.themes[calendar]).toMatchObject({ count: 2, lowShare: 1 });
    expect(result.themes[mailbox]).toMatchObject({ count: 3, lowShare: 0 });
  });

  it("never offers a filler word or a stem as a theme", async () => {
    const result = await getJson<Themes>("/api/v1/themes?from=2026-12-01&to=2026-12-31&service=Email");

    const words = result.themes.flatMap((theme) => theme.label.split(" "));
    for (const filler of ["kilka", "spraw", "sprawa", "rzeczy", "znowu", "please", "thing", "razy"]) {
      expect(words).not.toContain(filler);
    }
    expect(result.themes.map((theme) => theme.label)).not.toContain("kilk");
    for (const theme of result.themes) {
      const comments = COMMENTS.filter(([id]) => id.startsWith("d")).map(([, , , , , text]) =>
        text.toLowerCase(),
      );
      expect(
        comments.some((text) => text.includes(theme.label.split(" ")[0] ?? "")),
        theme.label,
      ).toBe(true);
    }
  });

  it("reports the reason tags requesters chose in the same period and service, with their share of low scores", async () => {
    const result = await getJson<Themes>("/api/v1/themes?from=2026-12-01&to=2026-12-31&service=Email");

    expect(result.responses).toBe(7);
    expect(result.reasons).toEqual([
      { reason: "reopened", count: 3, lowCount: 3, lowShare: 1 },
      { reason: "fast", count: 1, lowCount: 0, lowShare: 0 },
    ]);
  });

  it("lists the responses behind a theme", async () => {
    const page = await getJson<ResponsePage>(
      "/api/v1/responses?from=2026-11-01&to=2026-11-30&theme=drukark&limit=3",
    );

    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).not.toBeNull();
    const rest = await getJson<ResponsePage>(
      `/api/v1/responses?from=2026-11-01&to=2026-11-30&theme=drukark&limit=3&cursor=${page.nextCursor}`,
    );
    const ids = [...page.items, ...rest.items].map((item) => item.surveyId).sort();
    expect(ids).toEqual(["n01", "n02", "n03", "n04", "n05"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("pages through responses newest first across months, filtered by score and comment", async () => {
    const seen: ResponsePage["items"] = [];
    let cursor: string | null = null;
    do {
      const query: string = `from=2026-10-01&to=2026-11-30&score=1,2&hasComment=true&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page: ResponsePage = await getJson<ResponsePage>(`/api/v1/responses?${query}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);

    const expected = COMMENTS.filter(([, day, , , score]) => score <= 2 && day < "2026-12-01").map(
      ([id]) => id,
    );
    expect(seen.map((item) => item.surveyId).sort()).toEqual(expected.sort());
    expect(seen.map((item) => item.day)).toEqual([...seen.map((item) => item.day)].sort().reverse());
    expect(seen.every((item) => item.comment !== null && item.score <= 2)).toBe(true);
  });

  it("reads a stored snapshot instead of the comments until the open month's snapshot is stale", async () => {
    await getJson<Themes>("/api/v1/themes?from=2026-11-01&to=2026-11-30");
    pulse.meter.reset();
    await getJson<Themes>("/api/v1/themes?from=2026-11-01&to=2026-11-30");
    const cached = pulse.meter.read;

    now = new Date(now.getTime() + 16 * 60_000);
    pulse.meter.reset();
    await getJson<Themes>("/api/v1/themes?from=2026-11-01&to=2026-11-30");
    expect(pulse.meter.calls).toBeGreaterThan(1);
    expect(cached).toBeLessThan(pulse.meter.read);
  });
});
