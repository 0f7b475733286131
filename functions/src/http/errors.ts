import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { core } from "zod";
import { DomainError, type ErrorCode } from "../domain/errors.js";
import { firstIllFormedText } from "./ill-formed-text.js";

/** One field that a request got wrong. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The status each domain error code means to a client; one table for the whole API. Every code has a row: a code added
 * to ErrorCode without one fails to compile.
 */
const STATUS_BY_CODE: Record<ErrorCode, ContentfulStatusCode> = {
  validation: 400,
  "invalid-nonce": 400,
  "invalid-counts": 400,
  "origin-not-verified": 403,
  "approval-required": 403,
  "not-found": 404,
  "survey-not-found": 404,
  "version-conflict": 409,
  "invalid-transition": 409,
  "already-exists": 409,
  "survey-not-open": 409,
  "survey-expired": 410,
  // The requester's data left the body for good: no retry brings it back.
  "delivery-erased": 410,
  "import-rejected": 422,
  "import-too-large": 413,
  "invalid-baseline": 400,
  "invalid-date": 400,
  "invalid-window": 400,
  "invalid-target": 400,
  "invalid-impact-parameters": 400,
  "impact-unavailable": 409,
  // The work did not happen and may be tried again: storage stayed busy through every retry.
  unavailable: 503,
  // A computation's or the configuration's own invariants: when one breaks it is a defect, answered 500 and logged.
  "invalid-confidence": 500,
  "invalid-probability": 500,
  invalid_counts: 500,
  invalid_theme_comment: 500,
  invalid_theme_growth: 500,
  invalid_theme_options: 500,
  "unordered-points": 500,
  "invalid-sender-address": 500,
};

const TITLES: Partial<Record<number, string>> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  410: "Gone",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

/** Answers with an RFC 9457 problem document. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  extra: Record<string, unknown> = {},
): Response {
  const body = {
    type: "about:blank",
    title: TITLES[status] ?? "Error",
    status,
    detail,
    instance: c.req.path,
    ...extra,
  };
  return c.body(JSON.stringify(body), status, { "content-type": "application/problem+json" });
}

/** The status a domain error's code maps to. */
export function statusOfDomainError(error: DomainError): ContentfulStatusCode {
  return STATUS_BY_CODE[error.code];
}

/** Field errors from a zod failure, with dotted paths such as `requester.email`. */
export function fieldErrors(error: core.$ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join(".") : "(body)",
    message: issue.message,
  }));
}

/** The hook every validated route uses: a 400 problem naming each bad field. */
export function validationHook(
  result:
    | { success: true; data?: unknown; target?: string }
    | { success: false; error: core.$ZodError; target?: string },
  c: Context,
): Response | undefined {
  if (result.success) {
    const field = firstIllFormedText(result.data);
    if (field === undefined) return undefined;
    return problem(c, 400, `Invalid ${result.target ?? "request"}: ${field}`, {
      errors: [
        { field, message: "must be well-formed Unicode text (no lone surrogate, such as half an emoji)" },
      ],
    });
  }
  const errors = fieldErrors(result.error);
  return problem(c, 400, `Invalid ${result.target ?? "request"}: ${errors.map((e) => e.field).join(", ")}`, {
    errors,
  });
}

/**
 * Checks one part of a request with a zod schema: its data, or the 400 problem naming each bad field (ill-formed
 * Unicode included), the one way every route refuses input.
 */
export function checkRequestPart<T>(
  c: Context,
  target: string,
  schema: {
    safeParse(value: unknown): { success: true; data: T } | { success: false; error: core.$ZodError };
  },
  value: unknown,
): T | Response {
  const result = schema.safeParse(value);
  const refused = validationHook(
    result.success
      ? { success: true, data: result.data, target }
      : { success: false, error: result.error, target },
    c,
  );
  // A failed parse is always refused by the hook; the fallback only keeps the types honest without a cast.
  if (refused || !result.success) return refused ?? problem(c, 400, `Invalid ${target}`);
  return result.data;
}

/** Maps anything thrown in a route to a response; unknown errors become a generic 500, logged with their cause. */
export function toErrorResponse(error: unknown, c: Context): Response {
  if (error instanceof DomainError) {
    const status = statusOfDomainError(error);
    if (status === 503) return busy(c, error);
    const { fields, ...details } = error.details ?? {};
    // Fields come as names, or as { field, message } pairs when the domain says what is wrong with each.
    const errors = Array.isArray(fields)
      ? (fields as unknown[]).map((field) =>
          typeof field === "string" ? { field, message: error.message } : (field as FieldError),
        )
      : undefined;
    if (status === 500)
      console.error(JSON.stringify({ level: "error", code: error.code, message: error.message }));
    return problem(c, status, error.message, {
      code: error.code,
      ...(errors ? { errors } : {}),
      ...safeDetails(details),
    });
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const detail =
      status === 413 ? "The request body is too large" : error.message || TITLES[status] || "Error";
    return problem(
      c,
      status,
      detail,
      status === 400 ? { errors: [{ field: "(body)", message: detail }] } : {},
    );
  }
  console.error(
    JSON.stringify({
      level: "error",
      message: "Unhandled error",
      path: c.req.path,
      error:
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack }
          : String(error),
    }),
  );
  return problem(c, 500, "Something went wrong on our side; the request was not completed.");
}

/** The seconds a busy error asks a client to wait before trying again. */
export function retryAfterOf(error: DomainError): number {
  const seconds = error.details?.retryAfterSeconds;
  return typeof seconds === "number" && seconds > 0 ? Math.ceil(seconds) : 1;
}

/** 503 with Retry-After: nothing was stored, so the client (an ITSM tool's retry, a page's resubmit) may try again. */
function busy(c: Context, error: DomainError): Response {
  const cause = error.details?.cause;
  console.warn(
    JSON.stringify({
      level: "warn",
      message: "Busy: retries ran out",
      path: c.req.path,
      detail: error.message,
      cause: cause instanceof Error ? { name: cause.name, message: cause.message } : undefined,
    }),
  );
  c.header("Retry-After", String(retryAfterOf(error)));
  return problem(c, 503, error.message, { code: error.code });
}

// Details are public only when they are plain data a client can act on.
function safeDetails(details: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === null || ["string", "number", "boolean"].includes(typeof value) || Array.isArray(value))
      safe[key] = value;
    // The record as it now stands, so that a writer who lost a version race can merge without another read.
    else if (key === "current" && typeof value === "object") safe[key] = value;
  }
  return safe;
}
