/**
 * The staff API as the web app sees it, at the type level only: each call is looked up by its method and path
 * template in the routes' contracts, which the server checks every request and answer against. Only types are
 * imported, so no schema and no server code reaches the web bundle.
 */
import type {
  JsonResponse,
  Method,
  RequestBody,
  RequestParams,
  RequestQuery,
  ResponseBody,
  RouteContract,
  TextResponse,
} from "../../../functions/src/http/contract/route.js";
import type { StaffContract } from "../../../functions/src/http/contracts/index.js";

export type { Method } from "../../../functions/src/http/contract/route.js";

/** The contract of the staff route with this method and path template. */
export type StaffRoute<M extends Method, P extends string> = Extract<StaffContract, { method: M; path: P }>;

type Successes<C extends RouteContract> = Extract<keyof C["responses"], 200 | 201 | 204>;

/** What a successful call answers: the JSON body its contract declares, or undefined for a response without one. */
export type Answer<C extends RouteContract> = {
  [S in Successes<C>]: C["responses"][S] extends JsonResponse
    ? ResponseBody<C, S>
    : C["responses"][S] extends TextResponse
      ? never
      : undefined;
}[Successes<C>];

type RoutesOf<M extends Method> = Extract<StaffContract, { method: M }>;

/** The path templates that answer JSON (or nothing) to this method: the ones `api` and `useApi` call. */
export type CallPath<M extends Method, C = RoutesOf<M>> = C extends RouteContract
  ? [Answer<C>] extends [never]
    ? never
    : C["path"]
  : never;

/** The path templates that answer a file (CSV) to a GET: the ones `download` fetches. */
export type DownloadPath<C = RoutesOf<"get">> = C extends RouteContract
  ? C["responses"][200] extends TextResponse
    ? C["path"]
    : never
  : never;

/** A value a query string carries; empty ones are left out. */
export type QueryValue = string | number | boolean | null | undefined;

// A query's fields as the route's schema reads them, each held to what a query string can carry.
type Query<C extends RouteContract> = [RequestQuery<C>] extends [never]
  ? never
  : { [K in keyof RequestQuery<C>]: RequestQuery<C>[K] & QueryValue };

// A text body (a CSV import) is sent as it is; a JSON one as its schema reads it.
type Body<C extends RouteContract> = C["body"] extends { media: string } ? string : RequestBody<C>;

// A part the route does not take may not be sent; one whose fields are all optional may be left out.
type Part<Name extends string, T> = [T] extends [never]
  ? { [K in Name]?: never }
  : T extends object
    ? Partial<T> extends T
      ? { [K in Name]?: T }
      : { [K in Name]: T }
    : { [K in Name]: T };

/** The parts of a call: path parameters, query and body, each typed by the route's contract. */
export type CallOptions<C extends RouteContract> = Part<"params", RequestParams<C>> &
  Part<"query", Query<C>> &
  Part<"body", Body<C>>;

/** A call's options as arguments: optional when the route needs none of them. */
export type CallArgs<C extends RouteContract> =
  Partial<CallOptions<C>> extends CallOptions<C> ? [options?: CallOptions<C>] : [options: CallOptions<C>];

/** The body a route takes, as the app sends it. */
export type CallBody<M extends Method, P extends string> = Body<StaffRoute<M, P>>;

/** The query a route takes, as the app sends it. */
export type CallQuery<M extends Method, P extends string> = Query<StaffRoute<M, P>>;
