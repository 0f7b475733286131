import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/src/domain/errors.js";
import { formatSenderAddress, parseSenderAddress } from "../../../functions/src/domain/sender-address.js";

/** Decodes the RFC 2047 B-encoded words of a header value, as a mail client shows them. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/g, (_, b64: string) =>
      Buffer.from(b64, "base64").toString("utf8"),
    );
}

describe("A sender address in MAIL_FROM", () => {
  it.each([
    ["pulse@acme.com", { address: "pulse@acme.com", domain: "acme.com" }],
    ["Pulse <pulse@acme.com>", { name: "Pulse", address: "pulse@acme.com", domain: "acme.com" }],
    ['"Acme, IT" <it@acme.com>', { name: "Acme, IT", address: "it@acme.com", domain: "acme.com" }],
    [
      "  IT   Service Desk <desk@Mail.Acme.COM>  ",
      { name: "IT Service Desk", address: "desk@mail.acme.com", domain: "mail.acme.com" },
    ],
    ["Dział IT <it@acme.pl>", { name: "Dział IT", address: "it@acme.pl", domain: "acme.pl" }],
    ['"Say \\"hi\\"" <hi@acme.com>', { name: 'Say "hi"', address: "hi@acme.com", domain: "acme.com" }],
    ["<pulse@acme.com>", { address: "pulse@acme.com", domain: "acme.com" }],
    ["Pulse <pulse@localhost>", { name: "Pulse", address: "pulse@localhost", domain: "localhost" }],
    ["first.last+pulse@acme.com", { address: "first.last+pulse@acme.com", domain: "acme.com" }],
  ])("reads %s as its name, address and domain", (text, expected) => {
    expect(parseSenderAddress(text)).toEqual(expected);
  });

  it.each([
    ["", "empty"],
    ["pulse", "local part, @ and a domain"],
    ["pulse@", "local part, @ and a domain"],
    ["@acme.com", "local part, @ and a domain"],
    ["Pulse pulse@acme.com", "Name <address>"],
    ["Pulse <pulse@acme.com", "Name <address>"],
    ["Acme, IT <it@acme.com>", "double quotes"],
    ['"Acme <it@acme.com>', "not closed"],
    ["Pulse <pulse@acme.com>\r\nBcc: victim@example.com", "line break"],
    ["pulse@acme..com", "domain"],
    ["pulse@-acme.com", "domain"],
    ["pulse@acmé.com", "punycode"],
    ["pu lse@acme.com", "Name <address>"],
    ["pu..lse@acme.com", "local part may hold"],
    ["Pulse <>", "local part, @ and a domain"],
  ])("refuses %j, saying what is wrong", (text, why) => {
    const attempt = () => parseSenderAddress(text);
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(why);
  });
});

describe("The From header written for a sender", () => {
  it("is the bare address when there is no display name", () => {
    expect(formatSenderAddress(parseSenderAddress("pulse@acme.com"))).toBe("pulse@acme.com");
  });

  it("leaves a plain ASCII name unquoted and quotes one holding specials", () => {
    expect(formatSenderAddress(parseSenderAddress("Pulse <pulse@acme.com>"))).toBe("Pulse <pulse@acme.com>");
    expect(formatSenderAddress(parseSenderAddress('"Acme, IT" <it@acme.com>'))).toBe(
      '"Acme, IT" <it@acme.com>',
    );
    expect(formatSenderAddress(parseSenderAddress('"Say \\"hi\\"" <hi@acme.com>'))).toBe(
      '"Say \\"hi\\"" <hi@acme.com>',
    );
  });

  it("encodes a non-ASCII name as RFC 2047 words of at most 75 characters that decode to the name", () => {
    const header = formatSenderAddress(parseSenderAddress("Zespół Wsparcia IT – Łódź 🚀 <it@acme.pl>"));

    expect(header).toMatch(/^(=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= ?)+ <it@acme\.pl>$/);
    for (const word of header.split(" ").slice(0, -1)) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeHeader(header)).toBe("Zespół Wsparcia IT – Łódź 🚀 <it@acme.pl>");
  });

  it("parses back to the same sender for any display name (1,000 seeded names)", () => {
    const name = fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 80 })
      // biome-ignore lint/suspicious/noControlCharactersInRegex: names with control characters are refused, not written
      .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, "").trim())
      .filter((s) => s !== "" && !/\s\s/.test(s));
    fc.assert(
      fc.property(name, (displayName) => {
        const sender = { name: displayName, address: "it@acme.com", domain: "acme.com" };
        const header = formatSenderAddress(sender);
        if (/=\?UTF-8\?B\?/.test(header)) expect(decodeHeader(header)).toBe(`${displayName} <it@acme.com>`);
        else expect(parseSenderAddress(header)).toEqual(sender);
        expect(header).not.toMatch(/[\r\n]/);
      }),
      { seed: 20261202, numRuns: 1000 },
    );
  });
});
