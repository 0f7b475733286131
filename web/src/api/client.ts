/** An RFC 9457 problem returned by the API. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  [extension: string]: unknown;
}

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

type Query = Record<string, string | number | boolean | null | undefined>;

let bearer: string | null = null;
let onUnauthorized: () => void = () => {};

/** Sets the token sent with every call, and what to do when the API refuses it. */
export function configureApi(token: string | null, unauthorized: () => void): void {
  bearer = token;
  onUnauthorized = unauthorized;
}

/** Builds an API path with its query string, leaving out empty values. */
export function apiPath(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls the staff API with the bearer token; throws ApiError on any non-2xx answer. */
export async function api<T>(
  path: string,
  init: {
    method?: string;
    body?: unknown;
    query?: Query;
    headers?: Record<string, string>;
    raw?: string;
  } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...init.headers };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let body: string | undefined;
  if (init.raw !== undefined) body = init.raw;
  else if (init.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.body);
  }
  const response = await fetch(apiPath(path, init.query), { method: init.method ?? "GET", headers, body });
  const type = response.headers.get("content-type") ?? "";
  const payload: unknown = type.includes("json")
    ? await response.json().catch(() => ({}))
    : await response.text();
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    const problem: Problem =
      typeof payload === "object" && payload !== null ? (payload as Problem) : { title: String(payload) };
    throw new ApiError(response.status, problem);
  }
  return payload as T;
}

/** Downloads an API resource (CSV) with the bearer token and hands it to the browser as a file. */
export async function download(path: string, fileName: string, query: Query = {}): Promise<void> {
  const response = await fetch(apiPath(path, query), {
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
