import { beforeAll, describe, expect, it } from "vitest";
import { makeHistoryImporter } from "../../functions/src/adapters/dynamo/history-import.js";
import { makeRunScheduledJob } from "../../functions/src/app/digest/run-scheduled-job.js";
import type { Role } from "../../functions/src/domain/roles.js";
import { readOutbox } from "../helpers/outbox.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";
import { aRatedSurvey, plantedSurveys } from "./analytics-fixtures.js";

const clock = { now: () => new Date("2026-12-03T07:00:00Z") };
let pulse: TestServices;

const VPN_COMMENTS = [
  "VPN nie działa od rana.",
  "Znowu nie działa VPN, nie mogę pracować.",
  "VPN nie działa po aktualizacji.",
  "Połączenie VPN zrywa się, VPN nie działa stabilnie.",
];

beforeAll(async () => {
  pulse = await startTestServices({ clock });
  const surveys = plantedSurveys("2026-06-01", "2026-11-30", [
    { name: "Remote access", perDay: 8, csat: (day) => (day >= "2026-11-01" ? 0.5 : 0.85) },
    { name: "Email", perDay: 8, csat: () => 0.88 },
    { name: "Printing", perDay: 8, csat: () => 0.8 },
  ]);
  const commented = VPN_COMMENTS.map((comment, index) =>
    aRatedSurvey({
      id: `vpn${index}`,
      day: `2026-11-1${index}`,
      service: "Remote access",
      score: 1,
      comment,
    }),
  );
  // Earlier comments give the digest's theme growth a baseline to test against.
  const earlier = Array.from({ length: 12 }, (_, index) =>
    aRatedSurvey({
      id: `mail${index}`,
      day: `2026-${index < 6 ? "09" : "10"}-1${index % 6}`,
      service: "Email",
      score: 5,
      comment: "Skrzynka pocztowa działa, dziękuję.",
    }),
  );
  commented.push(...earlier);
  const importHistory = makeHistoryImporter(pulse.db, pulse.tableName);
  // Only the commented responses need survey items (themes read them); the planted ones live in the aggregates.
  await importHistory(surveys, { emptyTable: true, storeSurveys: false });
  await importHistory(commented);
});

async function request(path: string, role: Role, init: RequestInit = {}) {
  return pulse.app.request(path, {
    ...init,
    headers: {
      authorization: `Bearer ${await pulse.token(role)}`,
      "content-type": "application/json",
      ...(init.headers ?? {}),
    },
  });
}

describe("The monthly digest", () => {
  it("lets a head choose the recipients and refuses an analyst", async () => {
    const body = JSON.stringify({ recipients: ["Head@Example.com", "board@example.com"] });
    expect((await request("/api/v1/settings/digest", "analyst", { method: "PUT", body })).status).toBe(403);
    const bad = JSON.stringify({ recipients: ["not an address"] });
    expect((await request("/api/v1/settings/digest", "head", { method: "PUT", body: bad })).status).toBe(400);

    const set = await request("/api/v1/settings/digest", "head", { method: "PUT", body });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ recipients: ["head@example.com", "board@example.com"] });
  });

  it("is emailed by the scheduled job to each recipient, once per month", async () => {
    const runJob = makeRunScheduledJob({
      sendMonthlyDigest: pulse.analytics.digestMail.send,
      sendReminders: pulse.sendReminders,
      sweepInvitations: pulse.sweepInvitations,
      sweepExpiredPersonalData: pulse.sweepExpiredPersonalData,
      log: () => {},
    });

    const first = await runJob({ job: "monthly-digest" });
    const again = await runJob({ job: "monthly-digest" });

    expect(first).toMatchObject({ job: "monthly-digest", status: "sent", month: "2026-11", recipients: 2 });
    expect(again).toMatchObject({ status: "already-sent" });
    const mails = await readOutbox(pulse.outbox);
    expect(mails).toHaveLength(2);
    const addressees = mails.map((mail) => (mail.to && "text" in mail.to ? mail.to.text : "")).sort();
    expect(addressees).toEqual(["board@example.com", "head@example.com"]);
    expect(mails[0]?.subject).toContain("2026-11");
    const html = typeof mails[0]?.html === "string" ? mails[0].html : "";
    expect(html).toContain("Remote access");
    expect(mails[0]?.text).toContain("Overall CSAT");
  });

  it("runs the reminders by name and refuses an unknown job", async () => {
    const runJob = makeRunScheduledJob({
      sendMonthlyDigest: pulse.analytics.digestMail.send,
      sendReminders: pulse.sendReminders,
      sweepInvitations: pulse.sweepInvitations,
      sweepExpiredPersonalData: pulse.sweepExpiredPersonalData,
      log: () => {},
    });
    expect(await runJob({ job: "send-reminders" })).toMatchObject({ job: "send-reminders", enqueued: 0 });
    await expect(runJob({ job: "make-coffee" })).rejects.toThrow(/Unknown scheduled job/);
  });

  it("serves the month as accessible HTML with no external assets", async () => {
    const response = await request("/api/v1/digest/2026-11.html", "analyst");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toMatch(/default-src 'none'.*form-action 'none'/);
    expect(response.headers.get("content-security-policy")).not.toContain("script-src");
    const html = await response.text();
    expect(html).toContain("<caption");
    expect(html).toContain('scope="col"');
    expect(html).toContain('scope="row"');
    expect(html).not.toMatch(/<link|<script|src=|url\(/i);
    // The planted slide of Remote access is a significant mover and a control-chart signal.
    expect(html).toContain("Largest significant movers");
    expect(html).toContain("Control-chart signals (weekly");
    expect(html).toContain("How often a stable series signals:");
    expect(html).toContain("VPN");
  });

  it("serves the month as CSV, one row per figure", async () => {
    const response = await request("/api/v1/digest/2026-11.csv", "analyst");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\n");
    expect(lines[0]).toMatch(/^section,scope,dimension,n,csat/);
    const remote = lines.find((line) => line.startsWith("service,Remote access,"));
    expect(remote?.split(",")[3]).toBe(String(30 * 8 + VPN_COMMENTS.length));
    expect(lines.some((line) => line.startsWith("mover,Remote access,service"))).toBe(true);
    const signals = lines.filter((line) => line.startsWith("signal,Remote access"));
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((line) => /,(beyond-limits|cusum-down|cusum-up),/.test(line))).toBe(true);
    expect(signals[0]).toMatch(/a stable chart like it signals in 0\.\d+ of \d+ simulated runs/);
  });

  it("shows the same themes, low-score shares and growth test as the themes endpoint, in words never stems", async () => {
    const digest = await pulse.analytics.buildDigest("2026-11");
    const response = await request("/api/v1/themes?from=2026-11-01&to=2026-11-30&limit=10", "analyst");
    const themes = (await response.json()) as {
      themes: Array<{ label: string; count: number; lowShare: number }>;
      growthTest: { tested: number };
      growing: Array<{ key: string; significant: boolean }>;
      comparison: { from: string; to: string };
    };

    expect(digest.themes.top.map(({ label, count, lowShare }) => ({ label, count, lowShare }))).toEqual(
      themes.themes.map(({ label, count, lowShare }) => ({ label, count, lowShare })),
    );
    expect(digest.themes.baseline).toMatchObject({ from: "2026-08-01", to: "2026-10-31" });
    expect(digest.themes.baseline.tested).toBe(themes.growthTest.tested);
    expect(digest.themes.baseline.tested).toBeGreaterThan(0);
    expect(digest.themes.growing.map((row) => row.key)).toEqual(
      themes.growing.filter((row) => row.significant).map((row) => row.key),
    );
    const vpn = digest.themes.top.find((theme) => theme.label.toLowerCase().includes("vpn"));
    expect(vpn?.lowShare).toBe(1);
    const html = await (await request("/api/v1/digest/2026-11.html", "analyst")).text();
    expect(html).toContain("Scores 2 or lower");
    expect(html).toMatch(/themes tested/);
    const csv = await (await request("/api/v1/digest/2026-11.csv", "analyst")).text();
    const themeRows = csv.split("\n").filter((line) => line.startsWith("theme,"));
    expect(themeRows.length).toBe(digest.themes.top.length);
    for (const theme of digest.themes.top) expect(csv).not.toContain(`,${theme.key}\n`);
  });

  it("marks a month whose late tickets can still be rated as provisional, and an older month as final", async () => {
    // The clock stands on 3 December: November's last tickets keep their 14-day links until mid-December.
    const november = await (await request("/api/v1/digest/2026-11.csv", "analyst")).text();
    const october = await (await request("/api/v1/digest/2026-10.csv", "analyst")).text();
    const html = await (await request("/api/v1/digest/2026-11.html", "analyst")).text();

    expect(november.split("\n")[1]).toMatch(/^month,2026-11,month,.*provisional.*2026-12-15/);
    expect(october.split("\n")[1]).toMatch(/^month,2026-10,month,.*final/);
    expect(html).toContain("Satisfaction digest, November 2026 (provisional)");
    expect(html).toContain("can still be rated until 2026-12-15");
  });

  it("writes every change in percentage points, in the HTML and in the CSV", async () => {
    const html = await (await request("/api/v1/digest/2026-11.html", "analyst")).text();
    const csv = (await (await request("/api/v1/digest/2026-11.csv", "analyst")).text()).trim().split("\n");

    // Remote access fell from 85% to about 50%: a fall of some 34 points, never "-34%".
    expect(html).toMatch(/−3\d\.\d pp/);
    expect(html).not.toMatch(/[+−-]\d+\.\d%/);
    const header = csv[0]?.split(",") ?? [];
    expect(header).toEqual(expect.arrayContaining(["change_pp", "change_low_pp", "change_high_pp"]));
    const remote = csv.find((line) => line.startsWith("service,Remote access,"))?.split(",") ?? [];
    const change = Number(remote[header.indexOf("change_pp")]);
    expect(change).toBeLessThan(-30);
    expect(change).toBeGreaterThan(-40);
  });

  it("calls a service's change significant exactly when it survives the same Holm adjustment as the movers", async () => {
    const csv = (await (await request("/api/v1/digest/2026-11.csv", "analyst")).text()).trim().split("\n");
    const header = csv[0]?.split(",") ?? [];
    const rows = csv.slice(1).map((line) => line.split(","));
    const services = rows.filter((cells) => cells[0] === "service");
    const significant = services.filter((cells) => cells[header.indexOf("note")]?.includes("significant"));
    const moverServices = rows.filter((cells) => cells[0] === "mover" && cells[2] === "service");

    expect(services.length).toBe(3);
    expect(significant.map((cells) => cells[1]).sort()).toEqual(
      moverServices.map((cells) => cells[1]).sort(),
    );
    expect(significant.map((cells) => cells[1])).toEqual(["Remote access"]);
    for (const cells of services) {
      const p = Number(cells[header.indexOf("p_value")]);
      expect(p < 0.05).toBe(cells[header.indexOf("note")]?.includes("; significant") ?? false);
    }
  });

  it("counts the register's neglected initiatives as it stands, in the HTML and the CSV", async () => {
    const created = await request("/api/v1/initiatives", "manager", {
      method: "POST",
      body: JSON.stringify({
        title: "Nobody's idea",
        source: "staff-idea",
        category: "process",
        owner: "",
        effort: 1,
      }),
    });
    const { id } = (await created.json()) as { id: string };

    const html = await (await request("/api/v1/digest/2026-11.html", "analyst")).text();
    const csv = (await (await request("/api/v1/digest/2026-11.csv", "analyst")).text()).split(/\r?\n/);

    expect(html).toContain("Neglected initiatives</strong> (as of 2026-12-03)");
    expect(html).toContain(id);
    expect(csv.find((line) => line.startsWith("graveyard,no-owner,"))?.split(",")[3]).toBe("1");
    expect(csv).toContainEqual(`graveyard-initiative,${id},initiative,,,,,,,,,,,,no-owner no-target`);
  });

  it("lists each KPI of a live initiative against its goal, counted as the breakdown counts its days since settling", async () => {
    const created = await request("/api/v1/initiatives", "manager", {
      method: "POST",
      body: JSON.stringify({
        title: "Stable VPN gateway",
        source: "problem",
        category: "technology",
        effort: 8,
        kpi: {
          dimension: "service",
          value: "Remote access",
          baseline: 0.85,
          target: 0.9,
          targetDate: "2027-03-31",
        },
        secondaryKpis: [
          { dimension: "service", value: "Email", baseline: 0.8, target: 0.9, targetDate: "2027-03-31" },
        ],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const to of ["approved", "planned", "in-progress", "implemented"]) {
      const body = to === "implemented" ? { to, goLive: "2026-11-02" } : { to };
      const moved = await request(`/api/v1/initiatives/${id}/transitions`, "manager", {
        method: "POST",
        body: JSON.stringify(body),
      });
      expect(moved.status, await moved.clone().text()).toBe(200);
    }

    const csv = (await (await request("/api/v1/digest/2026-11.csv", "analyst")).text()).trim().split(/\r?\n/);
    const header = csv[0]?.split(",") ?? [];
    const cell = (row: string[] | undefined, name: string) => row?.[header.indexOf(name)];
    const rows = csv.map((line) => line.split(",")).filter((row) => row[1] === id);
    expect(rows.map((row) => [row[0], row[2]])).toEqual([
      ["kpi-primary", "service:Remote access"],
      ["kpi-secondary", "service:Email"],
    ]);
    const breakdown =
      (await // Live from 2026-11-02: its ratings count once the 14 settling days have passed, not the 90 days before.
      (
        await request("/api/v1/metrics/breakdown?dimension=service&from=2026-11-16&to=2026-11-30", "analyst")
      ).json()) as { rows: Array<{ value: string; n: number; csat: number }> };
    for (const [row, service] of [
      [rows[0], "Remote access"],
      [rows[1], "Email"],
    ] as const) {
      const counted = breakdown.rows.find((r) => r.value === service);
      expect(cell(row, "n"), service).toBe(String(counted?.n));
      expect(Number(cell(row, "csat")), service).toBeCloseTo(counted?.csat ?? Number.NaN, 5);
    }
    // Remote access fell from 85% to 50% in November: below its baseline, so its goal moved away.
    expect(cell(rows[0], "status")).toBe("off-track");
    expect(Number(cell(rows[0], "change_pp"))).toBeLessThan(0);
    expect(cell(rows[0], "note")).toMatch(/goal achieved -\d+(\.\d+)?%; 2026-11-16 to 2026-11-30$/);

    const html = await (await request("/api/v1/digest/2026-11.html", "analyst")).text();
    expect(html).toContain("KPIs of initiatives live in the month (2026-09-02 to 2026-11-30)");
    expect(html).toContain("(n ");
    expect(html).toContain("since 2026-11-16");
    expect(html).toContain(`${id} Stable VPN gateway`);
    expect(html).toContain("service &quot;Email&quot;");

    // October's digest, rebuilt now, does not list it: it went live only in November.
    const october = await (await request("/api/v1/digest/2026-10.csv", "analyst")).text();
    expect(october).not.toContain(id);
  });

  it("refuses a month that does not exist", async () => {
    expect((await request("/api/v1/digest/2026-13.html", "analyst")).status).toBe(400);
  });
});
