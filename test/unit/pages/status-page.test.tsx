import { describe, expect, it } from "vitest";
import {
  StatusPage,
  type StatusPageKind,
  type StatusPageProps,
} from "../../../functions/src/http/pages/status-page.js";
import { LOCALES, type Locale } from "../../../functions/src/i18n/locale.js";
import { messagesFor } from "../../../functions/src/i18n/messages.js";
import { startTags, tagsNamed } from "./html-tags.js";

function render(props: StatusPageProps): string {
  return String(<StatusPage {...props} />);
}

function propsFor(kind: StatusPageKind, locale: Locale): StatusPageProps {
  const base = { locale, cspNonce: "csp-2" };
  if (kind === "opt-out-confirm") return { ...base, kind, token: "tok123", formNonce: "form-2" };
  if (kind === "expired") return { ...base, kind, closedAt: "2026-12-04T14:03:00Z" };
  return { ...base, kind };
}

const KINDS: StatusPageKind[] = ["not-found", "expired", "opted-out", "opt-out-confirm", "error"];

describe.each(LOCALES)("The status pages in %s", (locale: Locale) => {
  it.each(KINDS)("render %s as a page in the right language with one h1 in a main landmark", (kind) => {
    const html = render(propsFor(kind, locale));
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(tagsNamed(html, "html")[0]?.attrs.lang).toBe(locale);
    expect(tagsNamed(html, "main")).toHaveLength(1);
    expect(tagsNamed(html, "h1")).toHaveLength(1);
    expect(tagsNamed(html, "style")[0]?.attrs.nonce).toBe("csp-2");
    expect(tagsNamed(html, "meta").find((meta) => meta.attrs.name === "robots")?.attrs.content).toContain(
      "noindex",
    );
    expect(html).not.toMatch(/https?:\/\//);
    for (const tag of startTags(html)) expect(tag.attrs).not.toHaveProperty("style");
  });

  it("tells when an expired survey closed", () => {
    const date = locale === "pl" ? "4 grudnia 2026" : "4 December 2026";
    expect(render(propsFor("expired", locale))).toContain(
      messagesFor(locale).status.expired.closedOn({ date }),
    );
  });

  it("asks before opting out with a POST form to the relative opt-out path carrying the nonce", () => {
    const html = render(propsFor("opt-out-confirm", locale));
    expect(tagsNamed(html, "form")).toEqual([
      expect.objectContaining({ attrs: { method: "post", action: "/s/tok123/opt-out" } }),
    ]);
    expect(tagsNamed(html, "input").find((input) => input.attrs.name === "nonce")?.attrs).toMatchObject({
      type: "hidden",
      value: "form-2",
    });
    expect(html).toContain(`>${messagesFor(locale).status.optOutConfirm.button}</button>`);
  });
});

describe("The status pages", () => {
  it("show a closed survey without a date when none is known", () => {
    const html = render({ locale: "en", cspNonce: "n", kind: "expired" });
    expect(html).not.toContain("closed on");
    expect(html).toContain(messagesFor("en").status.expired.title);
  });

  it("change nothing on GET: only the opt-out confirmation has a form, and it posts", () => {
    for (const kind of KINDS.filter((k) => k !== "opt-out-confirm")) {
      expect(tagsNamed(render(propsFor(kind, "en")), "form")).toEqual([]);
    }
  });
});
