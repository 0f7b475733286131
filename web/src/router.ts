import { useEffect } from "hono/jsx/dom";
import { useState } from "./use-state.js";

/** Where the app is: a hash route such as `#/initiatives/CSI-001?tab=history`. */
export interface Route {
  segments: string[];
  params: URLSearchParams;
}

// Hash routes work wherever the app is mounted (/app/ locally, / on CloudFront) with no server rewrite.
function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path = "", query = ""] = hash.split("?");
  return {
    segments: path.split("/").filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query),
  };
}

/** The link for a route and its query, leaving out empty values. */
export function href(path: string, params: Record<string, string | number | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ""}`;
}

/** Goes to a route; replacing keeps filter tweaks out of the back-button history. */
export function navigate(link: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    history.replaceState(null, "", link);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else location.hash = link;
}

/** The current route, following the address bar. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const follow = () => setRoute(currentRoute());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  return route;
}
