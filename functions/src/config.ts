// zod/mini keeps this module small: the mailer and scheduled functions load it without zod's method-rich classes.
import * as z from "zod/mini";
import type { SurveyPolicy } from "./domain/survey-policy.js";
import { coercedNumber } from "./zod-mini-builders.js";

const withDefault = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) =>
  z._default(schema, value as never);
const count = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  withDefault(coercedNumber().check(z.gte(min), z.lte(max)), fallback);

const timeZone = z.string().check(
  z.refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "not an IANA time zone"),
);

// An email address or a web address to link to; a plain check, as zod's email and union would add 1.5 kB to the
// public function, which reads this configuration too.
const helpContact = z
  .string()
  .check(
    z.refine(
      (value) =>
        /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) || (/^https?:\/\/\S+$/.test(value) && URL.canParse(value)),
      "must be an email address or an http(s) URL",
    ),
  );

const secret = (length: number) => z.optional(z.string().check(z.minLength(length)));

/** Every setting Pulse reads from its environment, checked once at start-up. */
export const configSchema = z.object({
  TABLE_NAME: withDefault(z.string().check(z.minLength(3)), "pulse"),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  /** How long one try of a DynamoDB call may take before it is abandoned and retried (default 3 s, 15 s locally). */
  DYNAMODB_REQUEST_TIMEOUT_MS: z.optional(coercedNumber().check(z.int(), z.gte(100), z.lte(60_000))),
  AWS_REGION: withDefault(z.string(), "eu-central-1"),
  /** On AWS: a Secrets Manager secret holding `{ "intakeSecret": "...", "linkSecret": "..." }`. */
  PULSE_SECRETS_ARN: z.optional(z.string()),
  /** On AWS, HTTP function only: a secret `{ "originSecret": "...", "previousOriginSecret"?: "..." }` CloudFront sends. */
  PULSE_ORIGIN_SECRET_ARN: z.optional(z.string()),
  /** On AWS, connectors function only: a secret `{ "servicenow": "...", "zendesk": "...", ... }`, one per connector. */
  PULSE_CONNECTOR_SECRETS_ARN: z.optional(z.string()),
  /** Locally: the same JSON object as text (the local server writes it from the data folder's secrets). */
  PULSE_CONNECTOR_SECRETS: z.optional(z.string()),
  /** On AWS, webhooks and outbound functions only: a secret `{ "v1": "..." }`, the keys that seal stored credentials. */
  PULSE_FIELD_KEYS_ARN: z.optional(z.string()),
  /** Locally: the same JSON object as text (the local server writes it from the data folder's secrets). */
  PULSE_FIELD_KEYS: z.optional(z.string()),
  PULSE_INTAKE_SECRET: secret(16),
  PULSE_LINK_SECRET: secret(16),
  PUBLIC_BASE_URL: withDefault(z.url(), "http://localhost:3000"),
  ORGANISATION_NAME: withDefault(z.string().check(z.minLength(1)), "IT Service Desk"),
  /** The logo on the requester pages, which load it from there: an https address. */
  ORGANISATION_LOGO_URL: z.optional(z.url({ protocol: /^https$/ })),
  /** Where a requester can get help, shown on their pages: an email address or a web address. */
  HELP_CONTACT: z.optional(helpContact),
  MAIL_FROM: withDefault(z.string().check(z.minLength(3)), "Pulse <pulse@localhost>"),
  MAIL_TRANSPORT: z.optional(z.enum(["outbox", "smtp", "ses"])),
  SMTP_URL: z.optional(z.string().check(z.regex(/^smtps?:\/\//, "must start with smtp:// or smtps://"))),
  OUTBOX_DIR: withDefault(z.string(), ".data/outbox"),
  MAIL_QUEUE_URL: z.optional(z.url()),
  /** On AWS: the SES configuration set whose bounce and complaint events reach the mail-events function. */
  MAIL_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Locally: the first wait before a failed mail is tried again (it doubles on each try, as a queue would back off). */
  MAIL_RETRY_SECONDS: withDefault(coercedNumber().check(z.gte(0), z.lte(3600)), 5),
  /** Locally: where mails that failed every try are kept, one JSON line each. */
  MAIL_DEAD_LETTERS_FILE: withDefault(z.string(), ".data/dead-letters.jsonl"),
  /** The least time between the starts of two sends in one mailer batch (on AWS: from the SES send rate). */
  MAIL_SEND_INTERVAL_MS: withDefault(coercedNumber().check(z.int(), z.gte(0), z.lte(10_000)), 0),
  /** How long one try of sending a mail through SES may take before it counts as failed (its outcome unknown). */
  MAIL_SEND_TIMEOUT_MS: withDefault(coercedNumber().check(z.int(), z.gte(100), z.lte(60_000)), 10_000),
  /** On AWS: the queue the outbound function consumes (webhooks); without it, locally, an in-process queue. */
  OUTBOUND_QUEUE_URL: z.optional(z.url()),
  /** Locally: the first wait before a failed webhook delivery is tried again (it doubles on each try). */
  OUTBOUND_RETRY_SECONDS: withDefault(coercedNumber().check(z.gte(0), z.lte(3600)), 30),
  /** `public` (on AWS): webhooks reach https URLs on public addresses only; `any` also allows local receivers. */
  WEBHOOK_TARGETS: withDefault(z.enum(["any", "public"]), "any"),
  /** Locally: the HMAC secret that staff tokens from `npm run token` are signed with. */
  AUTH_JWT_SECRET: secret(32),
  /** On AWS: the user pool's issuer URL and the app client id. */
  AUTH_ISSUER: z.optional(z.url()),
  AUTH_AUDIENCE: z.optional(z.string()),
  ORG_TIMEZONE: withDefault(timeZone, "Europe/Warsaw"),
  SURVEY_THROTTLE_DAYS: count(7, 0, 365),
  SURVEY_SAMPLE_RATE: count(1, 0, 1),
  SURVEY_EXPIRY_DAYS: count(14, 1, 90),
  SURVEY_SCANNER_WINDOW_SECONDS: count(30, 0, 600),
  FOLLOW_UP_THRESHOLD: withDefault(coercedNumber().check(z.int(), z.gte(0), z.lte(4)), 2),
  /** Days after a ticket's resolution that its requester's address, name and comment are kept. */
  RETENTION_DAYS: count(400, 30, 3650),
});

export type Config = z.infer<typeof configSchema> & { mailTransport: "outbox" | "smtp" | "ses" };

/** Parses the environment, failing fast with every bad variable named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const config = parsed.data;
  const mailTransport = config.MAIL_TRANSPORT ?? (config.SMTP_URL ? "smtp" : "outbox");
  if (mailTransport === "smtp" && !config.SMTP_URL) {
    throw new Error("Invalid configuration: MAIL_TRANSPORT=smtp needs SMTP_URL");
  }
  return { ...config, mailTransport };
}

/** The organisation as the requester pages name it, from the configuration. */
export function organisationOf(config: Config) {
  return {
    name: config.ORGANISATION_NAME,
    logoUrl: config.ORGANISATION_LOGO_URL,
    helpContact: config.HELP_CONTACT,
  };
}

/** The survey policy that applies until a head changes it, from the configuration. */
export function policyDefaults(config: Config): SurveyPolicy {
  return {
    throttleDays: config.SURVEY_THROTTLE_DAYS,
    sampleRate: config.SURVEY_SAMPLE_RATE,
    expiryDays: config.SURVEY_EXPIRY_DAYS,
    scannerWindowSeconds: config.SURVEY_SCANNER_WINDOW_SECONDS,
    followUpThreshold: config.FOLLOW_UP_THRESHOLD,
  };
}
