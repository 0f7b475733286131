import { z } from "zod";

const positiveNumber = (fallback: number) => z.coerce.number().nonnegative().default(fallback);

const timeZone = z
  .string()
  .default("Europe/Warsaw")
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "not an IANA time zone");

/** Every setting Pulse reads from its environment, checked once at start-up. */
export const configSchema = z.object({
  TABLE_NAME: z.string().min(3).default("pulse"),
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default("eu-central-1"),
  /** On AWS: a Secrets Manager secret holding `{ "intakeSecret": "...", "linkSecret": "..." }`. */
  PULSE_SECRETS_ARN: z.string().optional(),
  PULSE_INTAKE_SECRET: z.string().min(16).optional(),
  PULSE_LINK_SECRET: z.string().min(16).optional(),
  PUBLIC_BASE_URL: z.url().default("http://localhost:3000"),
  ORGANISATION_NAME: z.string().min(1).default("IT Service Desk"),
  MAIL_FROM: z.string().min(3).default("Pulse <pulse@localhost>"),
  MAIL_TRANSPORT: z.enum(["outbox", "smtp", "ses"]).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  OUTBOX_DIR: z.string().default(".data/outbox"),
  MAIL_QUEUE_URL: z.url().optional(),
  /** Locally: the HMAC secret that staff tokens from `npm run token` are signed with. */
  AUTH_JWT_SECRET: z.string().min(32).optional(),
  /** On AWS: the user pool's issuer URL and the app client id. */
  AUTH_ISSUER: z.url().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  ORG_TIMEZONE: timeZone,
  SURVEY_THROTTLE_DAYS: positiveNumber(7),
  SURVEY_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(1),
  SURVEY_EXPIRY_DAYS: z.coerce.number().min(1).max(90).default(14),
  SURVEY_SCANNER_WINDOW_SECONDS: positiveNumber(30),
  FOLLOW_UP_THRESHOLD: z.coerce.number().int().min(0).max(4).default(2),
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
  if (mailTransport === "smtp" && !config.SMTP_URL)
    throw new Error("Invalid configuration: MAIL_TRANSPORT=smtp needs SMTP_URL");
  return { ...config, mailTransport };
}
