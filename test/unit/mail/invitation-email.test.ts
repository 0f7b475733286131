import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../../functions/src/app/mail/escape-html.js";
import {
  type InvitationEmailInput,
  renderInvitationEmail,
} from "../../../functions/src/app/mail/invitation-email.js";
import type { Score } from "../../../functions/src/domain/survey.js";
import { LOCALES, type Locale } from "../../../functions/src/i18n/locale.js";
import { decodeEntities, tagsNamed } from "../pages/html-tags.js";

const LINK = "https://pulse.example.com/s/Zm9vYmFyYmF6cXV4MTIzNDU2";

function anInvitation(overrides: Partial<InvitationEmailInput> = {}): InvitationEmailInput {
  return {
    locale: "en",
    requesterName: "Anna",
    ticket: {
      id: "INC0012345",
      title: "VPN drops",
      resolvedAt: "2026-11-20T14:03:00Z",
      service: "Remote access",
    },
    scoreUrl: (score: Score) => `${LINK}?score=${score}`,
    optOutUrl: `${LINK}/opt-out`,
    expiresAt: "2026-12-04T14:03:00Z",
    organisationName: "Acme IT",
    ...overrides,
  };
}

const SCORES: Score[] = [1, 2, 3, 4, 5];

describe.each(LOCALES)("The invitation email in %s", (locale: Locale) => {
  const email = renderInvitationEmail(anInvitation({ locale }));

  it("names the ticket's number and title in the subject", () => {
    expect(email.subject).toMatch(/^\[INC0012345\] /);
    expect(email.subject).toContain("VPN drops");
  });

  it("links each of the five scores to its own ?score=N address in the HTML, in order", () => {
    const scoreLinks = tagsNamed(email.html, "a")
      .map((a) => a.attrs.href ?? "")
      .filter((href) => href.includes("?score="));
    expect(scoreLinks).toEqual(SCORES.map((score) => `${LINK}?score=${score}`));
  });

  it("gives every score link a text label, not a bare number or emoji", () => {
    for (const score of SCORES) {
      const link = new RegExp(`<a href="${LINK}\\?score=${score}"[^>]*>([^<]+)</a>`).exec(email.html);
      expect(link?.[1]).toMatch(new RegExp(`^${score} — \\p{L}[\\p{L} ]+$`, "u"));
    }
  });

  it("lists each score's address in the plain text under its label", () => {
    for (const score of SCORES) {
      expect(email.text).toMatch(new RegExp(`^${score} — .+:\\n${LINK}\\?score=${score}$`, "m"));
    }
  });

  it("carries the opt-out link in the HTML footer and in the plain text", () => {
    const optOut = tagsNamed(email.html, "a").filter((a) => a.attrs.href === `${LINK}/opt-out`);
    expect(optOut).toHaveLength(1);
    expect(email.text).toContain(`${LINK}/opt-out`);
  });

  it("declares its language and shows the resolution and closing dates in it", () => {
    expect(tagsNamed(email.html, "html")[0]?.attrs.lang).toBe(locale);
    const [resolved, closes] =
      locale === "pl" ? ["20 listopada 2026", "4 grudnia 2026"] : ["20 November 2026", "4 December 2026"];
    for (const body of [email.html, email.text]) {
      expect(body).toContain(resolved);
      expect(body).toContain(closes);
    }
  });

  it("has a preheader hidden from view", () => {
    expect(email.html).toMatch(/<div style="display:none;[^"]*" aria-hidden="true">[^<]*INC0012345/);
  });
});

describe("The invitation email's escaping", () => {
  it("escapes a script tag in a ticket title, requester name and service", () => {
    const hostile = '<script>alert("x")</script>';
    const email = renderInvitationEmail(
      anInvitation({
        requesterName: hostile,
        ticket: { id: "INC1", title: hostile, resolvedAt: "2026-11-20T14:03:00Z", service: hostile },
        organisationName: hostile,
      }),
    );
    expect(email.html).not.toContain("<script");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(email.subject).toContain(hostile);
  });

  it("escapes a quote in a link so it cannot leave the href attribute", () => {
    const email = renderInvitationEmail(anInvitation({ optOutUrl: 'https://x.test/o?a="><img src=x>' }));
    expect(tagsNamed(email.html, "img")).toHaveLength(0);
    expect(tagsNamed(email.html, "a").some((a) => a.attrs.href === 'https://x.test/o?a="><img src=x>')).toBe(
      true,
    );
  });

  it("keeps any title intact once decoded, and never lets its markup through", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("<", ">", "&", '"', "'", "a", "b", " ", "é") }),
        (title) => {
          const email = renderInvitationEmail(anInvitation({ ticket: { ...anInvitation().ticket, title } }));
          const shown = title.replace(/\s+/g, " ").trim();
          expect(email.html).toContain(escapeHtml(shown));
          expect(decodeEntities(escapeHtml(shown))).toBe(shown);
          expect(tagsNamed(email.html, "b")).toHaveLength(0);
        },
      ),
    );
  });

  it("keeps a line break in a title out of the subject", () => {
    const email = renderInvitationEmail(
      anInvitation({ ticket: { ...anInvitation().ticket, title: "VPN\r\nBcc: victim@example.com" } }),
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain("VPN Bcc: victim@example.com");
  });

  it("shortens a very long title in the subject but keeps it whole in the body", () => {
    const title = "x".repeat(300);
    const email = renderInvitationEmail(anInvitation({ ticket: { ...anInvitation().ticket, title } }));
    expect(email.subject.length).toBeLessThan(130);
    expect(email.subject.endsWith("…")).toBe(true);
    expect(email.text).toContain(title);
  });
});

describe("The invitation email's greeting", () => {
  it("greets an English reader by name and a Polish reader without risking a wrong vocative", () => {
    expect(renderInvitationEmail(anInvitation({ locale: "en" })).text).toMatch(/^Hello Anna,/);
    expect(renderInvitationEmail(anInvitation({ locale: "en", requesterName: undefined })).text).toMatch(
      /^Hello,/,
    );
    expect(renderInvitationEmail(anInvitation({ locale: "pl" })).text).toMatch(/^Dzień dobry,/);
  });
});
