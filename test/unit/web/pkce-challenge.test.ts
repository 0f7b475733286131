import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeChallenge } from "../../../web/src/api/cognito.js";

describe("PKCE S256 code challenge", () => {
  // RFC 7636, Appendix B: the worked example of the S256 transformation, with the digest octets the RFC lists.
  it("reproduces the RFC 7636 Appendix B example", async () => {
    const challenge = await codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

    expect(challenge).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    expect([...Buffer.from(challenge, "base64url")]).toEqual([
      19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120, 173, 109, 241, 68,
      86, 110, 225, 137, 74, 203, 112, 249, 195,
    ]);
  });

  it("is the unpadded base64url of the verifier's SHA-256 digest for any verifier", async () => {
    // RFC 7636 section 4.1: a verifier is 43 to 128 characters of [A-Z] [a-z] [0-9] "-" "." "_" "~".
    const unreserved = fc.constantFrom(
      ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".split(""),
    );
    const verifier = fc.string({ unit: unreserved, minLength: 43, maxLength: 128 });
    await fc.assert(
      fc.asyncProperty(verifier, async (value) => {
        const challenge = await codeChallenge(value);

        expect(challenge).toBe(createHash("sha256").update(value, "ascii").digest("base64url"));
        expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      }),
    );
  });
});
