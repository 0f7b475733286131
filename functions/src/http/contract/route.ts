/**
 * A staff route's contract: its method and path, who may call it, the zod/mini schemas of its request and of each
 * response, and the words that document it. The staff API validates requests and responses against these objects,
 * the OpenAPI document is generated from them (at build time for AWS), and the web app's client is typed from them,
 * so each route is described exactly once. zod/mini keeps the staff function small: no method-rich classes and no
 * OpenAPI machinery at run time.
 */
import * as z from "zod/mini";
import type { Role } from "../../domain/roles.js";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/** Any zod/mini schema. */
export type Schema = z.ZodMiniType;

/** A response header as the document describes it. */
export interface HeaderDoc {
  readonly description: string;
  readonly schema: { readonly type: "string" | "integer" };
}

/** A response with a JSON body that the server checks against `schema` before sending it. */
export interface JsonResponse {
  readonly description: string;
  readonly schema: Schema;
  readonly headers?: Readonly<Record<string, HeaderDoc>>;
}

/** A response whose body is text in one of `media` (a CSV download, a digest page). */
export interface TextResponse {
  readonly description: string;
  readonly media: readonly string[];
  readonly headers?: Readonly<Record<string, HeaderDoc>>;
}

/** A `application/problem+json` answer, produced by the one error mapping, never returned by a handler. */
export interface ProblemResponse {
  readonly description: string;
  readonly problem: true;
  readonly headers?: Readonly<Record<string, HeaderDoc>>;
}

/** A response without a body (204). */
export interface EmptyResponse {
  readonly description: string;
  readonly headers?: Readonly<Record<string, HeaderDoc>>;
}

export type ResponseSpec = JsonResponse | TextResponse | ProblemResponse | EmptyResponse;

/** The largest text body a route takes, and the 413 problem's words for a larger one. */
export interface BodyLimit {
  readonly bytes: number;
  readonly detail: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** A JSON request body, or a text one (CSV imports) that the handler receives as a string. */
export type BodySpec =
  | {
      readonly schema: Schema;
      readonly description?: string;
      /** `false` documents that a request may come without a body: the schema then validates `{}`. */
      readonly required?: boolean;
    }
  | { readonly media: "text/csv"; readonly description?: string; readonly limit?: BodyLimit };

export interface RouteContract {
  /** Unique in the API: the name a generated client calls the operation by. */
  readonly operationId: string;
  readonly method: Method;
  /** OpenAPI style, with `{name}` for path parameters. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** The lowest staff role that may call the route. */
  readonly role: Role;
  readonly params?: Schema;
  readonly query?: Schema;
  readonly body?: BodySpec;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

/** Declares a route's contract, keeping its literal types so that handlers and clients are typed from it. */
export function defineRoute<const C extends RouteContract>(contract: C): C {
  return contract;
}

// The registry that the JSON Schema conversion reads names and descriptions from, seen through the one call used here.
const documentation: { add(schema: Schema, meta: z.core.GlobalMeta): unknown } = z.globalRegistry;

/** Names a schema: the OpenAPI document lists it once under `components.schemas` and refers to it by that name. */
export function named<S extends Schema>(schema: S, id: string, description?: string): S {
  documentation.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

/** Gives a schema (a field, usually) the description the OpenAPI document shows for it. */
export function described<S extends Schema>(schema: S, description: string): S {
  documentation.add(schema, { description });
  return schema;
}

type Output<S> = S extends Schema ? z.output<S> : Record<string, never>;

/** What a handler receives: the validated parts of the request and the signed-in staff member. */
export interface RouteInput<C extends RouteContract> {
  readonly params: Output<C["params"]>;
  readonly query: Output<C["query"]>;
  readonly body: C["body"] extends { schema: infer B extends Schema }
    ? z.output<B>
    : C["body"] extends { media: string }
      ? string
      : undefined;
  readonly user: { readonly id: string; readonly name: string; readonly role: Role };
}

type ReplyOf<Status, R> = R extends ProblemResponse
  ? never
  : R extends JsonResponse
    ? { status: Status; body: z.input<R["schema"]>; headers?: Record<string, string> }
    : R extends TextResponse
      ? { status: Status; text: string; headers: { "content-type": string } & Record<string, string> }
      : { status: Status; headers?: Record<string, string> };

/** What a handler answers: one of the route's declared success responses, its body typed by that response's schema. */
export type RouteReply<C extends RouteContract> = {
  [S in keyof C["responses"]]: ReplyOf<S, C["responses"][S]>;
}[keyof C["responses"]];

/** The body of a route's JSON response with the given status, as a client receives it. */
export type ResponseBody<
  C extends RouteContract,
  S extends keyof C["responses"],
> = C["responses"][S] extends JsonResponse ? z.output<C["responses"][S]["schema"]> : never;

/** The JSON body a client sends to a route. */
export type RequestBody<C extends RouteContract> = C["body"] extends { schema: infer B extends Schema }
  ? z.input<B>
  : never;

/** The path parameters a client fills a route's `{name}` placeholders with. */
export type RequestParams<C extends RouteContract> = C["params"] extends Schema
  ? z.input<C["params"]>
  : never;

/** The query a client sends to a route. */
export type RequestQuery<C extends RouteContract> = C["query"] extends Schema ? z.input<C["query"]> : never;
