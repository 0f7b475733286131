import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { issueLocalToken } from "../../functions/src/adapters/auth/staff-token-verifier.js";
import { CapacityMeter } from "../../functions/src/adapters/dynamo/client.js";
import type { Clock, Mailer } from "../../functions/src/app/ports.js";
import { mailerFor } from "../../functions/src/composition/local-mailer.js";
import { compose, type Services } from "../../functions/src/composition.js";
import { type Config, loadConfig } from "../../functions/src/config.js";
import { ROLES, type Role } from "../../functions/src/domain/roles.js";
import { makeRateLimiter, rateLimited } from "../../functions/src/http/rate-limit.js";
import { ensureTable } from "./bootstrap-table.js";
import { databaseDir, type RunningDynamoDb, startDynamoDbLocal } from "./dynamodb-local.js";
import { type LocalSecrets, localSecrets } from "./local-secrets.js";
import { isLocalRequest } from "./loopback.js";

export interface LocalOptions {
  /** HTTP port; 0 takes a free one. */
  port?: number;
  dataDir: string;
  /** Keep the database in memory (tests, benchmarks) instead of under the data folder. */
  inMemory?: boolean;
  /** Use an already running DynamoDB Local instead of starting one. */
  dynamoEndpoint?: string;
  /** A DynamoDB Local already started over the data folder, which this Pulse then owns and stops. */
  dynamo?: RunningDynamoDb;
  tableName?: string;
  env?: Record<string, string | undefined>;
  meter?: CapacityMeter;
  log?: (line: string) => void;
  /** The time as the product sees it (`npm run job -- --now`); the system clock when omitted. */
  clock?: Clock;
  /** How mail leaves, given the configuration; `mailerFor` when omitted. */
  mailer?: (config: Config) => Mailer;
}

export interface LocalPulse {
  url: string;
  port: number;
  services: Services;
  secrets: LocalSecrets;
  tableCreated: boolean;
  dynamoEndpoint: string;
  meter: CapacityMeter;
  stop(): Promise<void>;
}

const webDist = resolve(import.meta.dirname, "..", "..", "web", "dist");

// The built app is one module script and one style sheet, both same-origin, so nothing inline needs allowing; the
// AWS distribution sends the same policy with Cognito added to connect-src.
const STAFF_APP_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
  "form-action 'self'",
].join("; ");

function positive(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Runs the whole product on this machine: DynamoDB Local, the table, the Hono app on Node, and the staff web app. */
export async function startLocal(options: LocalOptions): Promise<LocalPulse> {
  const log = options.log ?? (() => {});
  const dynamo: RunningDynamoDb | undefined =
    options.dynamo ??
    (options.dynamoEndpoint
      ? undefined
      : await startDynamoDbLocal({
          log,
          ...(options.inMemory ? {} : { dataDir: databaseDir(options.dataDir) }),
        }));
  const endpoint = options.dynamo?.endpoint ?? options.dynamoEndpoint ?? (dynamo as RunningDynamoDb).endpoint;
  try {
    const tableName = options.tableName ?? "pulse";
    const tableCreated = await ensureTable(endpoint, tableName);
    const secrets = await localSecrets(options.dataDir);
    const meter = options.meter ?? new CapacityMeter();
    const requestedPort = options.port ?? 3000;
    const baseEnv: Record<string, string | undefined> = {
      ...process.env,
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: endpoint,
      PULSE_INTAKE_SECRET: secrets.intakeSecret,
      PULSE_LINK_SECRET: secrets.linkSecret,
      AUTH_JWT_SECRET: secrets.jwtSecret,
      PULSE_CONNECTOR_SECRETS:
        process.env.PULSE_CONNECTOR_SECRETS ?? JSON.stringify(secrets.connectorSecrets),
      PULSE_FIELD_KEYS: process.env.PULSE_FIELD_KEYS ?? JSON.stringify(secrets.fieldKeys),
      OUTBOX_DIR: process.env.OUTBOX_DIR ?? join(options.dataDir, "outbox"),
      MAIL_DEAD_LETTERS_FILE:
        process.env.MAIL_DEAD_LETTERS_FILE ?? join(options.dataDir, "dead-letters.jsonl"),
      ...options.env,
    };
    // The public URL needs the port, which a request for port 0 only learns after listening.
    let services: Services | undefined;
    const site = new Hono();
    // The staff app's sign-in: locally a role picker backed by the endpoint below; on AWS the
    // deployment writes a Cognito config.json instead, and this endpoint does not exist.
    site.get("/app/config.json", (c) => c.json({ auth: { mode: "local" } }));
    // One client must not starve the rest on the public paths; generous defaults keep tests and the bench, which
    // send from one address, unthrottled. On AWS the stage's route throttles do this job.
    const limiter = makeRateLimiter({
      burst: positive(baseEnv.PULSE_RATE_LIMIT_BURST, 2_000),
      perSecond: positive(baseEnv.PULSE_RATE_LIMIT_PER_SECOND, 1_000),
    });
    const limit = rateLimited(limiter, (c) => getConnInfo(c).remote.address ?? "unknown");
    site.use("/s/*", limit);
    site.use("/api/v1/tickets/*", limit);
    let listeningPort = 0;
    site.post("/local/sign-in", async (c) => {
      // A head token for the asking: only this machine, by a name of this machine (no LAN, no DNS rebinding).
      if (!isLocalRequest(getConnInfo(c).remote.address, c.req.header("host"), listeningPort)) {
        return c.body(
          JSON.stringify({
            type: "about:blank",
            title: "Forbidden",
            status: 403,
            detail:
              "Local sign-in is only open to this machine, at localhost, 127.0.0.1 or [::1] with the port",
          }),
          403,
          { "content-type": "application/problem+json" },
        );
      }
      const body = (await c.req.json().catch(() => ({}))) as { role?: unknown };
      const role = String(body.role ?? "");
      const secret = (services as Services).config.AUTH_JWT_SECRET;
      if (!(ROLES as readonly string[]).includes(role) || !secret) {
        return c.json({ title: `role must be one of ${ROLES.join(", ")}` }, 400);
      }
      const token = await issueLocalToken(secret, {
        id: `local-${role}`,
        name: `Local ${role}`,
        role: role as Role,
      });
      return c.json({ token });
    });
    site.use("/app/*", async (c, next) => {
      await next();
      c.header("Content-Security-Policy", STAFF_APP_CSP);
      c.header("X-Content-Type-Options", "nosniff");
    });
    if (existsSync(webDist)) {
      site.use(
        "/app/*",
        serveStatic({ root: webDist, rewriteRequestPath: (path) => path.replace(/^\/app/, "") }),
      );
      site.get("/app/*", serveStatic({ path: join(webDist, "index.html") }));
    }
    site.get("/", (c) => c.redirect(existsSync(webDist) ? "/app/" : "/api/openapi.json"));
    site.all("*", (c) => (services as Services).app.fetch(c.req.raw));

    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
      (resolvePort, reject) => {
        const server = serve(
          { fetch: site.fetch, port: requestedPort, hostname: process.env.HOST ?? "127.0.0.1" },
          (info: AddressInfo) => resolvePort({ server, port: info.port }),
        );
        server.once("error", reject);
      },
    );
    listeningPort = port;
    const url = `http://localhost:${port}`;
    const config = loadConfig({ PUBLIC_BASE_URL: url, ...baseEnv });
    services = await compose(config, {
      meter,
      secrets,
      mailer: (options.mailer ?? mailerFor)(config),
      ...(options.clock ? { clock: options.clock } : {}),
    });

    return {
      url,
      port,
      services,
      secrets,
      tableCreated,
      dynamoEndpoint: endpoint,
      meter,
      async stop() {
        await new Promise<void>((resolveClose) => {
          server.close(() => resolveClose());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        services?.db.destroy();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await dynamo?.stop();
    throw error;
  }
}
