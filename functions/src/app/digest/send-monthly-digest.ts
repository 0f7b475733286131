import { localDay } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { MailNotYetSendable } from "../mail/mail-errors.js";
import { MAIL_LEASE_SECONDS } from "../mail/mail-timing.js";
import type { Clock, DeliveryClaims, DigestSettingsRepository, Mailer, MailQueue } from "../ports.js";
import { requesterKeyOf } from "../surveys/link-secrets.js";
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

/**
 * Mails one recipient's digest of a month under a leased delivery claim, so a redelivered message or a repeated run
 * never mails someone already served. The digest is built per message rather than snapshotted: it is a handful of
 * reads, recipients are few, and a snapshot would need an item larger than a queue message can carry.
 */
export function makeDeliverDigest(deps: {
  buildDigest: BuildMonthlyDigest;
  deliveries: DeliveryClaims;
  mailer: Mailer;
  clock: Clock;
  organisationName: string;
  leaseSeconds?: number;
}) {
  const leaseMs = (deps.leaseSeconds ?? MAIL_LEASE_SECONDS) * 1000;
  return async function deliverDigest(message: {
    month: string;
    to: string;
    run?: string | undefined;
  }): Promise<"sent" | "not-needed"> {
    const id = `digest.${message.month}.${message.run ?? "scheduled"}.${requesterKeyOf(message.to)}`;
    const now = deps.clock.now();
    const claim = await deps.deliveries.claim(
      id,
      now.toISOString(),
      new Date(now.getTime() - leaseMs).toISOString(),
    );
    if (claim === "sent") return "not-needed";
    if (claim === "held")
      throw new MailNotYetSendable(`The digest ${message.month} is claimed by another try`);
    try {
      const digest = await deps.buildDigest(message.month);
      await deps.mailer.send({
        to: message.to,
        subject: `Satisfaction digest ${message.month}: ${deps.organisationName}`,
        html: renderDigestHtml(digest, deps.organisationName),
        text: textVersion(digest, deps.organisationName),
        mailId: id,
      });
    } catch (error) {
      await deps.deliveries.release(id);
      throw error;
    }
    await deps.deliveries.markSent(id, deps.clock.now().toISOString());
    return "sent";
  };
}

export type DeliverDigest = ReturnType<typeof makeDeliverDigest>;

/** Who gets the digest, and sending it: once per month, one queued mail to each recipient a head configured. */
export function makeMonthlyDigestMail(deps: {
  digestSettings: DigestSettingsRepository;
  mailQueue: MailQueue;
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

    /** Queues last month's digest (or the given month's) for each recipient, unless it went out and `force` is off. */
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
      // A forced re-run is a new edition: its deliveries are claimed apart from the month's first run.
      const run = options.force ? deps.clock.now().toISOString() : undefined;
      await deps.mailQueue.enqueue(
        recipients.map((to) => ({ kind: "digest" as const, month, to, ...(run ? { run } : {}) })),
      );
      await deps.digestSettings.markSent(month, deps.clock.now().toISOString(), recipients.length);
      return { status: "sent", month, recipients: recipients.length };
    },
  };
}

export type MonthlyDigestMail = ReturnType<typeof makeMonthlyDigestMail>;
