/**
 * What Pulse costs on AWS: per 1,000 surveys and per month for 20,000 resolved tickets, from the capacity units,
 * handler times and mail sizes this section measures on the local runtime and the published prices below, each line
 * shown as a multiple of what SES alone costs for the same mail.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { mailerFor } from "../../../functions/src/composition/local-mailer.js";
import { compose } from "../../../functions/src/composition.js";
import type { LocalPulse } from "../../../infra/local/server.js";
import { scoreLink, tokenOf } from "../../helpers/outbox.js";
import { formNonceOf } from "../../helpers/survey-page.js";
import type { BenchContext, BenchRow, BenchSection } from "../bench-types.js";
import { signedIntake } from "../load-requests.js";
import { median } from "../measure.js";

const SECTION = "Cost model";

/**
 * List prices in USD for eu-central-1 (Frankfurt), on-demand, without free tiers, as set down on 2026-12-02 from
 * aws.amazon.com/<service>/pricing. DynamoDB's are those after the 50% on-demand cut of November 2024 (before it:
 * $1.525 and $0.305 per million).
 */
const PRICES = {
  dynamoWritePerMillion: 0.7625,
  dynamoReadPerMillion: 0.1525,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  sqsPerMillionRequests: 0.4,
  sesPerThousandMails: 0.1,
  httpApiPerMillion: 1.2,
  cloudFrontPerMillionHttps: 1.2,
  cloudFrontPerGigabyteOut: 0.085,
  xrayPerMillionTraces: 5,
  logsIngestPerGigabyte: 0.63,
  alarmPerMonth: 0.1,
  dashboardPerMonth: 3,
  customMetricPerMonth: 0.3,
  secretPerMonth: 0.4,
} as const;

/** How surveys go, and what the deployment holds: stated here, not measured. */
export const ASSUMPTIONS = {
  /** Share of invited requesters who open the page and rate. */
  responseRate: 0.3,
  /** Share of those who rate that also leave a comment (a second post). */
  commentShare: 0.4,
  /** Page opens by mail scanners (Safe Links and the like) per mail sent. */
  scannerOpensPerMail: 1,
  /** Memory of every Pulse function (PulseFunction's default). */
  lambdaMemoryGb: 0.5,
  /** Share of invocations X-Ray records once sampling is on (a fixed-rate rule). */
  xraySampling: 0.05,
  /** Log bytes per invocation: START/END/REPORT lines and two structured lines. */
  logBytesPerInvocation: 1_200,
  /** Access-log bytes per API request. */
  accessLogBytesPerRequest: 400,
  /** SQS requests per mail: send, the event source's receive, delete. */
  sqsRequestsPerMail: 3,
  /** Idle long polls of the mailer's event source in a month: 5 pollers, one 20 s poll each, around the clock. */
  sqsIdlePollsPerMonth: 5 * 3 * 60 * 24 * 30,
  /** Scheduled runs a month: reminders and retention daily, the digest monthly, the sweep every 15 minutes. */
  scheduledRunsPerMonth: 30 + 30 + 1 + 4 * 24 * 30,
  /** As the stack synthesises with its defaults (test/infra/production.test.ts holds these to it): 24 alarms (the
   * dead-letter queues, each function's errors and throttles, the API's 5xx rate, SES bounce and complaint rates),
   * Pulse's own metrics, and 5 secrets (the app's, the link secret's seed, the origin secret, the connectors' secrets
   * and the field keys). */
  alarms: 24,
  customMetrics: 10,
  secrets: 5,
  ticketsPerMonth: 20_000,
} as const;

interface Step {
  read: number;
  write: number;
  ms: number;
}

function average(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

function summarise(samples: Step[]): Step {
  return {
    read: average(samples.map((s) => s.read)),
    write: average(samples.map((s) => s.write)),
    ms: median(samples.map((s) => s.ms)),
  };
}

async function metered(pulse: LocalPulse, call: () => Promise<void>): Promise<Step> {
  pulse.meter.reset();
  const started = performance.now();
  await call();
  return { ms: performance.now() - started, read: pulse.meter.read, write: pulse.meter.write };
}

async function postJson(pulse: LocalPulse, path: string, body: URLSearchParams) {
  const response = await fetch(`${pulse.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: body.toString(),
  });
  const answer = (await response.json()) as { outcome?: string; nextNonce?: string };
  if (answer.outcome !== "recorded") throw new Error(`${path} answered ${JSON.stringify(answer)}`);
  return answer;
}

/** The steps of a survey's life, each measured over HTTP on its own: capacity units and handler time. */
async function measureSteps(context: BenchContext, pulse: LocalPulse) {
  const count = context.quick ? 12 : 40;
  const outbox = pulse.services.config.OUTBOX_DIR;
  const resolvedAt = new Date(Date.now() - 60_000).toISOString();
  const intakes: Step[] = [];
  for (let i = 1; i <= count; i++) {
    const request = signedIntake({ secret: pulse.secrets.intakeSecret, prefix: "COST", resolvedAt }, i);
    intakes.push(
      await metered(pulse, async () => {
        const response = await fetch(`${pulse.url}${request.path}`, {
          method: "POST",
          headers: request.headers,
          body: request.body ?? "",
        });
        if (response.status !== 202) throw new Error(`intake answered ${response.status}`);
        await response.body?.cancel();
        // The invitation leaves through the in-process queue: its claim and sent mark belong to this intake's cost.
        await pulse.services.mailQueue.drain();
      }),
    );
  }
  const names = (await readdir(outbox)).filter((name) => name.endsWith(".eml")).sort();
  if (names.length < count) throw new Error(`expected ${count} invitations, found ${names.length}`);
  const mailBytes = average(
    await Promise.all(names.map(async (name) => (await stat(join(outbox, name))).size)),
  );
  const tokens = await Promise.all(
    names.map(async (name) => tokenOf(scoreLink(await simpleParser(await readFile(join(outbox, name))), 4))),
  );
  const pages: Step[] = [];
  const ratings: Step[] = [];
  const comments: Step[] = [];
  const pageBytes: number[] = [];
  for (const token of tokens) {
    let nonce = "";
    pages.push(
      await metered(pulse, async () => {
        const response = await fetch(`${pulse.url}/s/${token}?score=4`);
        const html = await response.text();
        if (response.status !== 200) throw new Error(`the survey page answered ${response.status}`);
        pageBytes.push(Buffer.byteLength(html));
        nonce = formNonceOf(html);
      }),
    );
    let next = "";
    ratings.push(
      await metered(pulse, async () => {
        const answer = await postJson(
          pulse,
          `/s/${token}`,
          new URLSearchParams({ score: "4", nonce, mode: "auto" }),
        );
        next = answer.nextNonce ?? "";
      }),
    );
    comments.push(
      await metered(pulse, async () => {
        await postJson(
          pulse,
          `/s/${token}`,
          new URLSearchParams({
            score: "4",
            nonce: next,
            mode: "deliberate",
            comment: "Fixed fast, thank you",
          }),
        );
      }),
    );
  }
  return {
    count,
    mailBytes,
    pageBytes: average(pageBytes),
    intake: summarise(intakes),
    page: summarise(pages),
    rating: summarise(ratings),
    comment: summarise(comments),
  };
}

/** One reminder run three days after a batch of unanswered invitations, read from the same meter. */
async function measureReminders(
  context: BenchContext,
  pulse: LocalPulse,
): Promise<Step & { sent: number; runMs: number }> {
  const count = context.quick ? 8 : 20;
  const resolvedAt = new Date(Date.now() - 60_000).toISOString();
  for (let i = 1; i <= count; i++) {
    const request = signedIntake({ secret: pulse.secrets.intakeSecret, prefix: "REMIND", resolvedAt }, i);
    const response = await fetch(`${pulse.url}${request.path}`, {
      method: "POST",
      headers: request.headers,
      body: request.body ?? "",
    });
    if (response.status !== 202) throw new Error(`intake answered ${response.status}`);
    await response.body?.cancel();
  }
  // Every invitation sent (and so listed for its reminder) before the reminder job runs.
  await pulse.services.mailQueue.drain();
  const config = pulse.services.config;
  const later = { now: () => new Date(Date.now() + 3 * 86_400_000) };
  const services = await compose(config, {
    clock: later,
    mailer: mailerFor(config),
    meter: pulse.meter,
    secrets: pulse.secrets,
  });
  try {
    pulse.meter.reset();
    const started = performance.now();
    // The job queues one message per reminder; the local queue's consumer sends them, as the mailer does on AWS.
    const result = await services.sendReminders();
    await services.mailQueue.drain();
    const ms = performance.now() - started;
    if (result.enqueued < count) throw new Error(`expected ${count} reminders, ${JSON.stringify(result)}`);
    return {
      sent: result.enqueued,
      read: pulse.meter.read / result.enqueued,
      write: pulse.meter.write / result.enqueued,
      ms: ms / result.enqueued,
      // A whole run's time stands in for every scheduled invocation, most of which find little to do.
      runMs: ms,
    };
  } finally {
    services.db.destroy();
  }
}

type Lines = Record<string, number>;

/** Dollars per 1,000 surveys, line by line, from the measured steps and the stated assumptions. */
function perThousandSurveys(
  steps: Awaited<ReturnType<typeof measureSteps>>,
  reminder: Step,
  traced: number,
): { lines: Lines; invocations: number } {
  const a = ASSUMPTIONS;
  const surveys = 1_000;
  const responders = surveys * a.responseRate;
  const reminders = surveys - responders;
  const mails = surveys + reminders;
  const pageOpens = responders + mails * a.scannerOpensPerMail;
  const posts = responders * (1 + a.commentShare);
  const apiRequests = surveys + pageOpens + posts;
  // Each intake is the HTTP function storing the survey and the mailer sending it; each reminder a mailer invocation.
  const invocations = apiRequests + surveys + reminders;
  const reads =
    surveys * steps.intake.read +
    pageOpens * steps.page.read +
    responders * steps.rating.read +
    responders * a.commentShare * steps.comment.read +
    reminders * reminder.read;
  const writes =
    surveys * steps.intake.write +
    pageOpens * steps.page.write +
    responders * steps.rating.write +
    responders * a.commentShare * steps.comment.write +
    reminders * reminder.write;
  const lambdaMs =
    surveys * steps.intake.ms +
    pageOpens * steps.page.ms +
    responders * steps.rating.ms +
    responders * a.commentShare * steps.comment.ms +
    reminders * reminder.ms;
  const gigabyte = 1024 ** 3;
  return {
    invocations,
    lines: {
      // Pulse's mail carries no attachments, so SES adds no data charge.
      SES: (mails / 1_000) * PRICES.sesPerThousandMails,
      DynamoDB: (writes / 1e6) * PRICES.dynamoWritePerMillion + (reads / 1e6) * PRICES.dynamoReadPerMillion,
      Lambda:
        (invocations / 1e6) * PRICES.lambdaPerMillionRequests +
        (lambdaMs / 1000) * a.lambdaMemoryGb * PRICES.lambdaArmPerGbSecond,
      SQS: ((mails * a.sqsRequestsPerMail) / 1e6) * PRICES.sqsPerMillionRequests,
      "HTTP API": (apiRequests / 1e6) * PRICES.httpApiPerMillion,
      CloudFront:
        (apiRequests / 1e6) * PRICES.cloudFrontPerMillionHttps +
        ((pageOpens * steps.pageBytes) / gigabyte) * PRICES.cloudFrontPerGigabyteOut,
      "X-Ray": ((invocations * traced) / 1e6) * PRICES.xrayPerMillionTraces,
      "CloudWatch Logs":
        ((invocations * a.logBytesPerInvocation + apiRequests * a.accessLogBytesPerRequest) / gigabyte) *
        PRICES.logsIngestPerGigabyte,
    },
  };
}

/** Dollars a month that do not depend on the number of surveys. */
function fixedPerMonth(runMs: number): Lines {
  const a = ASSUMPTIONS;
  return {
    "scheduled runs (Lambda)":
      (a.scheduledRunsPerMonth / 1e6) * PRICES.lambdaPerMillionRequests +
      ((a.scheduledRunsPerMonth * runMs) / 1000) * a.lambdaMemoryGb * PRICES.lambdaArmPerGbSecond,
    "SQS idle polling": (a.sqsIdlePollsPerMonth / 1e6) * PRICES.sqsPerMillionRequests,
    "alarms, dashboard, custom metrics":
      a.alarms * PRICES.alarmPerMonth +
      PRICES.dashboardPerMonth +
      a.customMetrics * PRICES.customMetricPerMonth,
    "Secrets Manager": a.secrets * PRICES.secretPerMonth,
  };
}

function dollars(value: number): string {
  return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`;
}

async function run(context: BenchContext): Promise<BenchRow[]> {
  const pulse = await context.startPulse();
  context.log("measuring intake, page, rating and comment one call at a time");
  const steps = await measureSteps(context, pulse);
  context.log("measuring a reminder run");
  const reminder = await measureReminders(context, pulse);
  const rows: BenchRow[] = [];
  const row = (measure: string, value: number, unit: string, note: string) =>
    rows.push({ section: SECTION, measure, value, unit, note });

  for (const [what, step] of [
    ["intake with its invitation", steps.intake],
    ["survey page view", steps.page],
    ["rating", steps.rating],
    ["comment", steps.comment],
    ["reminder", reminder],
  ] as const) {
    row(
      `measured: ${what}`,
      step.ms,
      "ms",
      `${step.read.toFixed(2)} RCU + ${step.write.toFixed(2)} WCU as DynamoDB Local reports them; ${
        step === reminder
          ? `a run's time per reminder, ${reminder.sent} in one run`
          : `median over HTTP of ${steps.count} calls`
      }`,
    );
  }
  row(
    "measured: invitation mail size",
    steps.mailBytes / 1024,
    "KiB",
    `mean of ${steps.count}; page ${(steps.pageBytes / 1024).toFixed(1)} KiB`,
  );

  const sampled = perThousandSurveys(steps, reminder, ASSUMPTIONS.xraySampling);
  const everyCall = perThousandSurveys(steps, reminder, 1);
  const ses = sampled.lines.SES ?? 0;
  const a = ASSUMPTIONS;
  const mix = `${a.responseRate * 100}% rate, ${a.commentShare * 100}% of them comment, the rest get one reminder, ${a.scannerOpensPerMail} scanner open per mail; X-Ray sampling ${a.xraySampling * 100}%`;
  const total = Object.values(sampled.lines).reduce((sum, value) => sum + value, 0);
  const lineNotes: Record<string, string> = {
    DynamoDB:
      "DynamoDB Local leaves out a transaction's condition checks, which AWS bills at 2 WRU each: a lower bound",
    Lambda: `${a.lambdaMemoryGb * 1024} MB arm64, the local handler times (DynamoDB Local is slower than DynamoDB)`,
    "X-Ray": `${a.xraySampling * 100}% of invocations traced`,
    "CloudWatch Logs": `${a.logBytesPerInvocation} B per invocation, ${a.accessLogBytesPerRequest} B access log per request`,
  };
  for (const [line, value] of Object.entries(sampled.lines)) {
    row(
      `per 1,000 surveys: ${line}`,
      value / ses,
      "x SES",
      `${dollars(value)}${lineNotes[line] ? `; ${lineNotes[line]}` : ""}`,
    );
  }
  row(
    "per 1,000 surveys: X-Ray on every call",
    (everyCall.lines["X-Ray"] ?? 0) / ses,
    "x SES",
    `${dollars(everyCall.lines["X-Ray"] ?? 0)}: what tracing every invocation would add instead`,
  );
  row(
    "per 1,000 surveys: total",
    total / ses,
    "x SES",
    `${dollars(total)} (SES alone ${dollars(ses)}); ${mix}`,
  );

  const scale = a.ticketsPerMonth / 1_000;
  const fixed = fixedPerMonth(reminder.runMs);
  const variable = total * scale;
  const fixedTotal = Object.values(fixed).reduce((sum, value) => sum + value, 0);
  const sesMonth = ses * scale;
  row(
    "per month, 20,000 tickets: the lines above, by volume",
    variable / sesMonth,
    "x SES",
    `${dollars(variable)}: ${scale} times the cost per 1,000 surveys`,
  );
  for (const [line, value] of Object.entries(fixed)) {
    row(`per month, 20,000 tickets: ${line}`, value / sesMonth, "x SES", dollars(value));
  }
  row(
    "per month, 20,000 tickets: total",
    (variable + fixedTotal) / sesMonth,
    "x SES",
    `${dollars(variable + fixedTotal)} (${dollars(variable)} by volume + ${dollars(fixedTotal)} fixed; SES alone ${dollars(sesMonth)}); every ticket surveyed, no free tier, staff reads and storage left out`,
  );
  return rows;
}

const costModel: BenchSection = { name: SECTION, run };
export default costModel;
