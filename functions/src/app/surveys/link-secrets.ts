import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh link token: 256 bits from the operating system's secure generator, URL-safe. */
export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A fresh random value for a mail's claim, from which its link token and mail id are derived. */
export function newClaimNonce(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * The link token of one survey mail: derived from the claim's nonce with the link secret, so every try of the same
 * mail carries the same link, while the token itself is stored nowhere.
 */
export function mailLinkToken(linkSecret: string, surveyId: string, kind: string, nonce: string): string {
  return createHmac("sha256", linkSecret)
    .update(`${surveyId}\u0000${kind}\u0000${nonce}`)
    .digest("base64url");
}

/** The only form in which a link token is stored. */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A stable, non-reversible key for a requester's address, so profiles are not keyed by the address itself. */
export function requesterKeyOf(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);
}

/** A time-sortable, random identifier for stored records. */
export function newId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, "0")}${randomBytes(8).toString("hex")}`;
}

/** A uniform draw in [0, 1) fixed by a string, so a retried delivery gets the same sampling outcome. */
export function stableDraw(seed: string): number {
  return createHash("sha256").update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

const NONCE_LIFETIME_MS = 24 * 3_600_000;

/**
 * One-time values that a survey page carries into its POST: proof that a page was served for this token, so a bare POST
 * records nothing. They are signed rather than stored; the survey remembers the ones already used.
 */
export function makeFormNonces(secret: string) {
  const sign = (tokenHash: string, issued: string, id: string) =>
    createHmac("sha256", secret).update(`${tokenHash}.${issued}.${id}`).digest("base64url").slice(0, 32);
  return {
    /** Issues a nonce for a page served for this token. */
    issue(tokenHash: string, now: Date): string {
      const issued = now.getTime().toString(36);
      const id = randomBytes(9).toString("base64url");
      return `${issued}.${id}.${sign(tokenHash, issued, id)}`;
    },
    /** The nonce's id (its issue time and random part) when it is genuine, recent and for this token; otherwise undefined. */
    verify(nonce: string, tokenHash: string, now: Date): string | undefined {
      const [issued, id, signature] = nonce.split(".");
      if (!issued || !id || !signature || nonce.length > 80) return undefined;
      const expected = Buffer.from(sign(tokenHash, issued, id));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      const age = now.getTime() - Number.parseInt(issued, 36);
      if (!(age >= -60_000 && age < NONCE_LIFETIME_MS)) return undefined;
      // The issue time in the id lets the survey keep nonces spent for its whole life in bounded space.
      return `${issued}.${id}`;
    },
  };
}

export type FormNonces = ReturnType<typeof makeFormNonces>;
