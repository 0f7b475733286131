import { DomainError } from "./errors.js";

/** The sender of Pulse's mail, as `MAIL_FROM` names it: an optional display name and an address. */
export interface SenderAddress {
  /** The display name, decoded (no quotes, no escapes); absent for a bare address. */
  readonly name?: string;
  /** The address, with its domain in lower case. */
  readonly address: string;
  /** The address's domain, lower case: the SES identity that a domain-wide verification covers. */
  readonly domain: string;
}

// RFC 5322 atext: what a local part or a display name may hold without quoting.
const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Control characters would let a name or address break out of its header line (header injection).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
// An encoded-word is at most 75 characters; `=?UTF-8?B?` and `?=` take 12, leaving 63 of base64, i.e. 45 bytes.
const ENCODED_WORD_BYTES = 45;
const UTF8 = new TextEncoder();

function invalid(text: string, why: string): DomainError {
  return new DomainError(
    "invalid-sender-address",
    `MAIL_FROM ${JSON.stringify(text)} is not a sender: ${why}`,
    {
      fields: ["MAIL_FROM"],
    },
  );
}

function parseAddress(text: string, address: string): { address: string; domain: string } {
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1)
    throw invalid(text, "an address needs a local part, @ and a domain");
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (local.length > 64) throw invalid(text, "the local part is longer than 64 characters");
  if (!local.split(".").every((part) => ATEXT.test(part))) {
    throw invalid(text, "the local part may hold only letters, digits, dots and !#$%&'*+/=?^_`{|}~-");
  }
  if (domain.length > 253 || !domain.split(".").every((label) => DOMAIN_LABEL.test(label))) {
    throw invalid(text, "the domain must be ASCII labels of letters, digits and hyphens (IDN in punycode)");
  }
  return { address: `${local}@${domain}`, domain };
}

function parseDisplayName(text: string, phrase: string): string | undefined {
  if (phrase.startsWith('"')) {
    if (phrase.length < 2 || !phrase.endsWith('"'))
      throw invalid(text, "the quoted display name is not closed");
    let name = "";
    const inner = phrase.slice(1, -1);
    for (let i = 0; i < inner.length; i++) {
      const char = inner[i] as string;
      if (char === "\\") {
        i++;
        if (i >= inner.length) throw invalid(text, "the quoted display name ends in a lone backslash");
        name += inner[i];
      } else if (char === '"') {
        throw invalid(text, 'a quote inside the display name must be escaped as \\"');
      } else {
        name += char;
      }
    }
    return name.trim() === "" ? undefined : name;
  }
  if (/["<>@,;:\\[\]()]/.test(phrase)) {
    throw invalid(text, 'a display name with any of "<>@,;:\\[]() must be in double quotes');
  }
  return phrase === "" ? undefined : phrase.replace(/\s+/g, " ");
}

/** Parses `MAIL_FROM` (`pulse@acme.com`, `Pulse <pulse@acme.com>`, `"Acme, IT" <it@acme.com>`), refusing anything else. */
export function parseSenderAddress(text: string): SenderAddress {
  if (CONTROL.test(text)) throw invalid(text, "it holds a line break or another control character");
  const trimmed = text.trim();
  if (trimmed === "") throw invalid(text, "it is empty");
  const bracketed = /^(.*?)\s*<([^<>]*)>$/su.exec(trimmed);
  if (!bracketed) {
    if (/[\s<>]/.test(trimmed)) throw invalid(text, "write a display name as Name <address>");
    return parseAddress(text, trimmed);
  }
  const name = parseDisplayName(text, (bracketed[1] ?? "").trim());
  const { address, domain } = parseAddress(text, (bracketed[2] ?? "").trim());
  return name === undefined ? { address, domain } : { name, address, domain };
}

function encodedWords(name: string): string {
  const words: string[] = [];
  let chunk: number[] = [];
  const flush = () => {
    words.push(`=?UTF-8?B?${btoa(String.fromCharCode(...chunk))}?=`);
    chunk = [];
  };
  // Split between code points only, so that no encoded-word holds half a character.
  for (const char of name) {
    const bytes = [...UTF8.encode(char)];
    if (chunk.length + bytes.length > ENCODED_WORD_BYTES) flush();
    chunk.push(...bytes);
  }
  if (chunk.length > 0) flush();
  return words.join(" ");
}

/** Writes a sender as a From header value: the address alone, or a name quoted or RFC 2047-encoded when it must be. */
export function formatSenderAddress(sender: SenderAddress): string {
  if (sender.name === undefined) return sender.address;
  // Printable ASCII may stay as it is; anything else must be encoded.
  if (!/^[\x20-\x7e]*$/.test(sender.name)) return `${encodedWords(sender.name)} <${sender.address}>`;
  if (sender.name.split(" ").every((word) => ATEXT.test(word))) return `${sender.name} <${sender.address}>`;
  return `"${sender.name.replace(/(["\\])/g, "\\$1")}" <${sender.address}>`;
}
