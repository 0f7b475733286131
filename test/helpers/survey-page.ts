import type { PulseApp } from "../../functions/src/http/app.js";

/** The one-time value a served survey page carries in its form. */
export function formNonceOf(html: string): string {
  const match = /name="nonce"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="nonce"/.exec(html);
  const nonce = match?.[1] ?? match?.[2];
  if (!nonce) throw new Error("The page carries no form nonce");
  return nonce;
}

/** Opens a survey link as a browser would and returns the page with its form nonce. */
export async function openSurvey(app: PulseApp, path: string) {
  const response = await app.request(path);
  const html = await response.text();
  return { response, html, nonce: response.status === 200 ? formNonceOf(html) : undefined };
}

/** Posts the survey form the way the page does. */
export async function postRating(
  app: PulseApp,
  token: string,
  fields: {
    score: number | string;
    nonce: string;
    mode?: "auto" | "deliberate";
    comment?: string;
    reasons?: string[];
    /** The page's language, as its hidden field sends it. */
    lang?: string;
  },
  options: { json?: boolean } = {},
) {
  const body = new URLSearchParams();
  body.set("score", String(fields.score));
  body.set("nonce", fields.nonce);
  body.set("mode", fields.mode ?? "deliberate");
  if (fields.comment !== undefined) body.set("comment", fields.comment);
  for (const reason of fields.reasons ?? []) body.append("reasons", reason);
  if (fields.lang !== undefined) body.set("lang", fields.lang);
  return app.request(`/s/${token}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(options.json ? { accept: "application/json" } : {}),
    },
    body: body.toString(),
  });
}
