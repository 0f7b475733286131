import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
// hono/tiny: the pattern router alone; the staff app copies a sub-app's routes into its own router anyway.
import { Hono } from "hono/tiny";
import { validator } from "hono/validator";
import { en } from "zod/locales";
import * as z from "zod/mini";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import { requireRole, type StaffEnv } from "../auth.js";
import { checkRequestPart, problem } from "../errors.js";
import type { BodyLimit, RouteContract, RouteInput, RouteReply, Schema } from "./route.js";

// zod/mini carries no messages of its own: the English ones name what is wrong with each field.
z.config(en());

/** The function that answers one route, typed from its contract: validated input in, a declared reply out. */
export type Handler<C extends RouteContract> = (
  input: RouteInput<C>,
  c: Context<StaffEnv>,
) => Promise<RouteReply<C>>;

/** A resource's contracts, one per operation, as its contracts module declares them. */
export type ResourceContracts = Readonly<Record<string, RouteContract>>;

/**
 * One handler for each of a resource's contracts, under the same name, so that a contract without a handler does not
 * compile. `undefined` leaves a route out of this deployment: it answers 404 like any unknown path.
 */
export type Handlers<R extends ResourceContracts> = { readonly [K in keyof R]: Handler<R[K]> | undefined };

/** A handler's reply, as the mount reads it before checking it against the contract. */
interface AnyReply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** Thrown when a handler's answer breaks its own contract: a defect, answered 500 by the one error mapping. */
export class ContractViolation extends Error {
  override readonly name = "ContractViolation";
}

type Target = "param" | "query" | "json";

/** Validates one part of the request with a zod/mini schema; a failure answers 400 naming each bad field. */
function valid(target: Target, schema: Schema): MiddlewareHandler<StaffEnv> {
  return validator(target, (value, c) => checkRequestPart(c, target, schema, value));
}

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

/**
 * Refuses a body that is not of the media type a route takes (415), before anything reads it. JSON may come as any
 * `+json` type, or not at all (neither a type nor a body), which the JSON validator reads as `{}`.
 */
function mediaType(expected: string): MiddlewareHandler<StaffEnv> {
  const json = expected === "application/json";
  return async (c, next) => {
    const header = c.req.header("content-type");
    const type = (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const accepted = json
      ? header === undefined
        ? (await c.req.text()) === ""
        : JSON_MEDIA.test(type)
      : type === expected;
    if (!accepted) {
      return problem(c, 415, `The body must be sent as ${expected}`, {
        errors: [{ field: "content-type", message: `expected ${expected}, got ${type || "nothing"}` }],
      });
    }
    await next();
  };
}

/** Refuses a text body larger than the route's limit (413), so that it is never read whole into memory. */
function sizeLimit(limit: BodyLimit): MiddlewareHandler<StaffEnv> {
  return bodyLimit({
    maxSize: limit.bytes,
    onError: (c) => problem(c, 413, limit.detail, limit.errors ? { errors: [...limit.errors] } : {}),
  });
}

/** The path in Hono's syntax: `{id}` becomes `:id`. */
export function honoPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ":$1");
}

/** Answers with a handler's reply after checking a JSON body against the response's schema. */
function send(c: Context<StaffEnv>, contract: RouteContract, reply: AnyReply): Response {
  const spec = contract.responses[reply.status];
  if (!spec || "problem" in spec)
    throw new ContractViolation(
      `${contract.operationId} answered ${reply.status}, which it does not declare`,
    );
  const headers = reply.headers ?? {};
  if ("schema" in spec) {
    const checked = spec.schema.safeParse(reply.body);
    if (!checked.success) {
      const fields = checked.error.issues.map((issue) => issue.path.join(".") || "(body)").join(", ");
      throw new ContractViolation(
        `${contract.operationId} answered a body its contract refuses at ${fields}`,
      );
    }
    return c.json(checked.data as object, reply.status as 200, headers);
  }
  if ("media" in spec) return c.body(reply.text ?? "", reply.status as 200, headers);
  return c.body(null, reply.status as 204, headers);
}

/**
 * A resource's sub-app, built from its contracts: each route gets the staff role check, the request's validation, its
 * handler and the response's check, in the contracts' order (the first route to match answers). Its paths are the
 * contracts' own, so the staff app composes it with `app.route("/", ...)`; it sets no error handler, so the staff
 * app's one error mapping answers for it.
 */
export function resourceApp<const R extends ResourceContracts>(
  contracts: R,
  handlers: NoInfer<Handlers<R>>,
  verifyStaff: StaffTokenVerifier,
): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  for (const [name, contract] of Object.entries(contracts)) {
    const handle = handlers[name] as Handler<RouteContract> | undefined;
    if (handle) addRoute(app, contract, handle, verifyStaff);
  }
  return app;
}

/** Adds one route: the role check, the request's validation, the handler and the response's check. */
function addRoute(
  app: Hono<StaffEnv>,
  contract: RouteContract,
  handle: Handler<RouteContract>,
  verifyStaff: StaffTokenVerifier,
): void {
  const steps: MiddlewareHandler<StaffEnv>[] = [requireRole(verifyStaff, contract.role)];
  if (contract.params) steps.push(valid("param", contract.params));
  if (contract.query) steps.push(valid("query", contract.query));
  if (contract.body && "schema" in contract.body)
    steps.push(mediaType("application/json"), valid("json", contract.body.schema));
  if (contract.body && "media" in contract.body) {
    steps.push(mediaType(contract.body.media));
    // After the role check: only a caller allowed to send the body has it counted.
    if (contract.body.limit) steps.push(sizeLimit(contract.body.limit));
  }
  app.on(contract.method.toUpperCase(), [honoPath(contract.path)], ...steps, async (c) => {
    const valid = c.req.valid.bind(c.req) as (target: Target) => unknown;
    const body = contract.body ? ("schema" in contract.body ? valid("json") : await c.req.text()) : undefined;
    const input = {
      params: contract.params ? valid("param") : {},
      query: contract.query ? valid("query") : {},
      body,
      user: c.get("user"),
    };
    // The one place types are erased: the input was just built by the contract's own schemas, which is what the
    // handler's RouteInput<C> says of it, and the reply is checked against the contract before it is sent.
    const reply = (await handle(input as never, c)) as AnyReply;
    return send(c, contract, reply);
  });
}
