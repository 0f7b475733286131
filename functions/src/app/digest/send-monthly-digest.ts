import { localDay } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import type { Clock, DigestSettingsRepository, Mailer } from "../ports.js";
import type { BuildMonthlyDigest, MonthlyDigest } from "./build-monthly-digest.js";
import { percent, renderDigestHtml } from "./render-digest-html.js";

export type DigestRunResult =
  | { status: "sent"; month: string; recipients: number }
  | { status: "already-sent" | "no-recipients"; month: string; recipients: 0 };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The month before the one a day falls in. */
export function previousMonth(day: string): string {
  const [year, month] = day.split("-").map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

function textVersion(digest: MonthlyDigest, organisationName: string): string {
  const lines = [
    `${organisationName}: satisfaction digest for ${digest.month}${digest.provisional ? " (provisional)" : ""}`,
    ...(digest.provisional
      ? [`Late tickets of the month can still be rated until ${digest.collectingUntil}; figures may change.`]
      : []),
    "",
    `Overall CSAT ${percent(digest.overall.csat)} from ${digest.overall.n} ratings` +
      (digest.overall.target === null
        ? ""
        : `, target ${percent(digest.overall.target)}: ${digest.overall.status}`),
    "",
    ...digest.services.map(
      (row) => `- ${row.name}: ${percent(row.csat)} (n=${row.n})${row.status ? `, ${row.status}` : ""}`,
    ),
    "",
    `Significant movers: ${digest.movers.length}. Control-chart signals: ${digest.signals.length}.`,
    "The full report, with intervals and themes, is in the HTML part of this message.",
  ];
  return lines.join("\n");
}

/** Who gets the digest, and sending it: once per month, to each recipient a head configured. */
export function makeMonthlyDigestMail(deps: {
  buildDigest: BuildMonthlyDigest;
  digestSettings: DigestSettingsRepository;
  mailer: Mailer;
  clock: Clock;
  timeZone: string;
  organisationName: string;
}) {
  return {
    getRecipients: () => deps.digestSettings.getRecipients(),

    async setRecipients(recipients: readonly string[], actor: string): Promise<string[]> {
      const cleaned = [...new Set(recipients.map((address) => address.trim().toLowerCase()))];
      const invalid = cleaned.filter((address) => !EMAIL.test(address));
      if (invalid.length > 0) {
        throw new DomainError("validation", `Not email addresses: ${invalid.join(", ")}`, {
          fields: ["recipients"],
        });
      }
      await deps.digestSettings.setRecipients(cleaned, actor, deps.clock.now().toISOString());
      return cleaned;
    },

    /** Builds last month's digest (or the given month's) and mails it, unless it already went out and `force` is off. */
    async send(
      options: { month?: string | undefined; force?: boolean | undefined } = {},
    ): Promise<DigestRunResult> {
      const month = options.month ?? previousMonth(localDay(deps.clock.now(), deps.timeZone));
      const recipients = await deps.digestSettings.getRecipients();
      if (recipients.length === 0) return { status: "no-recipients", month, recipients: 0 };
      // The scheduler delivers at least once: a repeated run must not mail the board twice.
      if (!options.force && (await deps.digestSettings.wasSent(month))) {
        return { status: "already-sent", month, recipients: 0 };
      }
      const digest = await deps.buildDigest(month);
      const html = renderDigestHtml(digest, deps.organisationName);
      const text = textVersion(digest, deps.organisationName);
      for (const to of recipients) {
        await deps.mailer.send({
          to,
          subject: `Satisfaction digest ${month}: ${deps.organisationName}`,
          html,
          text,
        });
      }
      await deps.digestSettings.markSent(month, deps.clock.now().toISOString(), recipients.length);
      return { status: "sent", month, recipients: recipients.length };
    },
  };
}

export type MonthlyDigestMail = ReturnType<typeof makeMonthlyDigestMail>;
