import type { ProblemBody } from "../../../functions/src/http/contract/problems.js";
import type { Answer, CallArgs, CallPath, DownloadPath, Method, StaffRoute } from "./staff-routes.js";

/** An RFC 9457 problem returned by the API, with the extension members some problems carry. */
export type Problem = Partial<ProblemBody> & { [extension: string]: unknown };

/** A failed API call, carrying the status and the problem document when there was one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "ApiError";
  }
}

/** A call's parts as the run time reads them, whatever the route: what the typed calls hand down. */
export interface RequestParts {
  readonly params?: unknown;
  readonly query?: unknown;
  readonly body?: unknown;
}

// The fields of a part, read as they come: the typed calls have already held them to the contract.
function fieldsOf(part: unknown): [string, unknown][] {
  return typeof part === "object" && part !== null ? Object.entries(part) : [];
}

let bearer: string | null = null;
let onUnauthorized: () => void = () => {};

/** Sets the token sent with every call, and what to do when the API refuses it. */
export function configureApi(token: string | null, unauthorized: () => void): void {
  bearer = token;
  onUnauthorized = unauthorized;
}

/** Fills a path template's `{name}` placeholders from the parameters and adds the query, leaving out empty values. */
export function apiUrl(template: string, parts: Pick<RequestParts, "params" | "query"> = {}): string {
  const params = new Map(fieldsOf(parts.params));
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params.get(name);
    if (value === undefined) throw new Error(`${template} needs the parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of fieldsOf(parts.query)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** Sends one request with the bearer token and reads its answer; throws ApiError on any non-2xx answer. */
export async function request(method: Method, url: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let payload: string | undefined;
  // The only text bodies the API takes are CSV files; every other body is JSON.
  if (typeof body === "string") {
    headers["Content-Type"] = "text/csv";
    payload = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, { method: method.toUpperCase(), headers, body: payload });
  if (response.status === 204) return undefined;
  const type = response.headers.get("content-type") ?? "";
  const answer: unknown = type.includes("json")
    ? await response.json().catch(() => ({}))
    : await response.text();
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    // The API's problems are shaped by its one error mapping; anything else (a proxy's page) becomes a title.
    const problem: Problem =
      typeof answer === "object" && answer !== null ? { ...answer } : { title: String(answer) };
    throw new ApiError(response.status, problem);
  }
  return answer;
}

/** A typed call of one method: the path template picks the contract that types its options and its answer. */
function caller<M extends Method>(method: M) {
  return <P extends CallPath<M>>(
    path: P,
    ...[options]: CallArgs<StaffRoute<M, P>>
  ): Promise<Answer<StaffRoute<M, P>>> => {
    const parts: RequestParts = options ?? {};
    // The one place an answer gets its type: the server checked it against this same contract before sending it.
    return request(method, apiUrl(path, parts), parts.body) as Promise<Answer<StaffRoute<M, P>>>;
  };
}

/**
 * The staff API, typed from its contracts: `api.get("/api/v1/initiatives/{id}", { params: { id } })` answers
 * what that route's contract declares, and a body or query field the contract lacks does not compile.
 */
export const api = {
  get: caller("get"),
  post: caller("post"),
  put: caller("put"),
  patch: caller("patch"),
  delete: caller("delete"),
};

/** Downloads an API resource (CSV) with the bearer token and hands it to the browser as a file. */
export async function download<P extends DownloadPath>(
  path: P,
  fileName: string,
  ...[options]: CallArgs<StaffRoute<"get", P>>
): Promise<void> {
  const parts: RequestParts = options ?? {};
  const response = await fetch(apiUrl(path, parts), {
    headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
  });
  if (!response.ok) throw new ApiError(response.status, { title: await response.text() });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
