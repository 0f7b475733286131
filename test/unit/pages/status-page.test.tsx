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
  const organisation = { name: "Urząd & Co", helpContact: "https://help.example/desk" };

  it("name the organisation and say where to get help, as a link", () => {
    const html = render({ locale: "en", cspNonce: "n", kind: "not-found", organisation });
    expect(html).toContain('<p class="org">Urząd &amp; Co</p>');
    expect(html).toContain(
      `<footer class="help"><p>${messagesFor("en").page.help} <a href="https://help.example/desk">https://help.example/desk</a></p></footer>`,
    );
    expect(render({ locale: "en", cspNonce: "n", kind: "not-found" })).not.toContain("<footer");
  });

  it("show the organisation's logo in place of its name, with the name as its text", () => {
    const html = render({
      locale: "pl",
      cspNonce: "n",
      kind: "expired",
      organisation: { name: "Urząd", logoUrl: "https://cdn.example/logo.png" },
    });
    expect(tagsNamed(html, "img").map((img) => img.attrs)).toEqual([
      { src: "https://cdn.example/logo.png", alt: "Urząd" },
    ]);
  });

  it("offer the other language as a link, or as the same form posted again for a page that answered one", () => {
    const link = render({
      locale: "pl",
      cspNonce: "n",
      kind: "not-found",
      languageSwitch: { href: "/s/t?lang=en" },
    });
    expect(tagsNamed(link, "a").find((a) => a.attrs.id === "language-switch")?.attrs).toMatchObject({
      href: "/s/t?lang=en",
      lang: "en",
    });
    const posted = render({
      locale: "en",
      cspNonce: "n",
      kind: "opted-out",
      token: "t",
      languageSwitch: { href: "/s/t/opt-out?lang=pl", post: true },
    });
    expect(tagsNamed(posted, "form")[0]?.attrs).toEqual({ method: "post", action: "/s/t/opt-out?lang=pl" });
    expect(tagsNamed(posted, "button").find((b) => b.attrs.id === "language-switch")?.attrs).toMatchObject({
      type: "submit",
      lang: "pl",
    });
    expect(posted).toContain(">Polski</button>");
  });

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
