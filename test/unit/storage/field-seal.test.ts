import { describe, expect, it } from "vitest";
import { makeFieldKeyring } from "../../../functions/src/adapters/secrets/field-keyring.js";
import {
  FieldSealError,
  fieldKeysOf,
  isSealedField,
  openField,
  sealField,
} from "../../../functions/src/adapters/secrets/field-seal.js";

const KEYS = fieldKeysOf({ v1: "field-key-one-0123456789-0123456789-abc" });
const OTHER_KEYS = fieldKeysOf({ v1: "field-key-another-0123456789-012345678" });
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw/0Uk2bcsWrY=";
const HERE = { record: "wh_one", field: "secret" };

/** The sealed value with one byte of its ciphertext (or tag) flipped, re-encoded as it is stored. */
function flipByte(sealed: string, at: number): string {
  const [keyId, iv, body] = sealed.split(":") as [string, string, string];
  const bytes = Buffer.from(body, "base64url");
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return `${keyId}:${iv}:${bytes.toString("base64url")}`;
}

describe("A sealed field", () => {
  it("opens to the value it sealed, and shows nothing of it", () => {
    const sealed = sealField(KEYS, SECRET, HERE);

    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("MfKQ9r8G");
    expect(isSealedField(sealed)).toBe(true);
    expect(openField(KEYS, sealed, HERE)).toEqual({ value: SECRET, keyId: "v1" });
  });

  it("differs each time the same value is sealed, as every seal takes a fresh IV", () => {
    expect(sealField(KEYS, SECRET, HERE)).not.toBe(sealField(KEYS, SECRET, HERE));
  });

  it("seals an empty value and a long, non-ASCII one alike", () => {
    for (const value of ["", `Basic ${"ż".repeat(500)}`]) {
      expect(openField(KEYS, sealField(KEYS, value, HERE), HERE).value).toBe(value);
    }
  });

  it("does not open once any byte of its ciphertext or tag is flipped", () => {
    const sealed = sealField(KEYS, SECRET, HERE);
    const length = Buffer.from(sealed.split(":")[2] ?? "", "base64url").length;
    for (const at of [0, Math.floor(length / 2), length - 1]) {
      expect(() => openField(KEYS, flipByte(sealed, at), HERE)).toThrow(FieldSealError);
    }
  });

  it("does not open with its IV changed", () => {
    const [keyId, iv, body] = sealField(KEYS, SECRET, HERE).split(":") as [string, string, string];
    const otherIv = `${iv.startsWith("A") ? "B" : "A"}${iv.slice(1)}`;
    expect(() => openField(KEYS, `${keyId}:${otherIv}:${body}`, HERE)).toThrow(FieldSealError);
  });

  it("does not open for another record or another field, which it was not sealed for", () => {
    const sealed = sealField(KEYS, SECRET, HERE);

    expect(() => openField(KEYS, sealed, { record: "wh_two", field: "secret" })).toThrow(
      "sealed for another record or field, or altered",
    );
    expect(() => openField(KEYS, sealed, { record: "wh_one", field: "authorization" })).toThrow(
      FieldSealError,
    );
  });

  it("does not open under another key with the same id", () => {
    const sealed = sealField(KEYS, SECRET, HERE);
    expect(() => openField(OTHER_KEYS, sealed, HERE)).toThrow(FieldSealError);
  });

  it("names the key it was sealed under when that key is not held", () => {
    const sealed = sealField(fieldKeysOf({ v2: "field-key-two-0123456789-0123456789-abc" }), SECRET, HERE);
    expect(() => openField(KEYS, sealed, HERE)).toThrow(
      "sealed under key v2, which is not among the field keys",
    );
  });

  it("is not mistaken for a plain credential stored before sealing, nor a plain one for it", () => {
    for (const plain of [
      SECRET,
      "Basic YWdlbnRAYWNtZS5jb20vdG9rZW46c2VjcmV0",
      "user_token abc",
      "v1:short:x",
    ]) {
      expect(isSealedField(plain)).toBe(false);
    }
  });
});

describe("Field keys, as rotation adds one", () => {
  it("seal with the newest version and still open what an older one sealed", () => {
    const before = sealField(KEYS, SECRET, HERE);
    const rotated = fieldKeysOf({
      v1: "field-key-one-0123456789-0123456789-abc",
      v10: "field-key-ten-0123456789-0123456789-abc",
      v2: "field-key-two-0123456789-0123456789-abc",
    });

    expect(rotated.current).toBe("v10");
    expect(sealField(rotated, SECRET, HERE)).toMatch(/^v10:/);
    expect(openField(rotated, before, HERE)).toEqual({ value: SECRET, keyId: "v1" });
  });

  it("refuse a key id that is not a version, a key too short to be random, and none at all", () => {
    expect(() => fieldKeysOf({ current: "field-key-one-0123456789-0123456789-abc" })).toThrow(
      "current is not a key id like v1",
    );
    expect(() => fieldKeysOf({ v1: "short" })).toThrow("v1 must be at least 32 characters");
    expect(() => fieldKeysOf({})).toThrow("none given");
    expect(() => fieldKeysOf("v1")).toThrow("expected a JSON object");
  });
});

describe("The field keys an instance holds", () => {
  const WITH_V2 = fieldKeysOf({
    v1: "field-key-one-0123456789-0123456789-abc",
    v2: "field-key-two-0123456789-0123456789-abc",
  });

  /** A source answering each read with the next of `answers` (the last one again), counting the reads. */
  function source(...answers: Array<() => Promise<typeof KEYS>>) {
    const counted = { reads: 0 };
    const load = () => {
      const answer = answers[Math.min(counted.reads, answers.length - 1)] as () => Promise<typeof KEYS>;
      counted.reads += 1;
      return answer();
    };
    return { counted, load };
  }

  it("are read only when first needed, and once for callers at the same moment", async () => {
    const { counted, load } = source(async () => KEYS);
    const keyring = makeFieldKeyring(load);
    expect(counted.reads).toBe(0);

    const [first, second] = await Promise.all([keyring.held(), keyring.held()]);

    expect(counted.reads).toBe(1);
    expect(first).toBe(second);
  });

  it("are read again, once for every caller at the same moment, when a value names a key not held", async () => {
    const { counted, load } = source(
      async () => KEYS,
      async () => WITH_V2,
    );
    const keyring = makeFieldKeyring(load, { now: () => 0 });
    await keyring.held();

    const answers = await Promise.all([keyring.holding("v2"), keyring.holding("v2"), keyring.holding("v2")]);

    expect(counted.reads).toBe(2);
    for (const keys of answers) expect(keys.current).toBe("v2");
    expect((await keyring.held()).current).toBe("v2");
    // Held now: asking again reads nothing.
    await keyring.holding("v2");
    expect(counted.reads).toBe(2);
  });

  it("keep what they hold when reading again fails, say so in the log, and try again only after the interval", async () => {
    let now = 0;
    const { counted, load } = source(
      async () => KEYS,
      async () => {
        throw new Error("Secrets Manager is unreachable");
      },
      async () => WITH_V2,
    );
    const warnings: unknown[] = [];
    const keyring = makeFieldKeyring(load, {
      now: () => now,
      reloadIntervalMs: 60_000,
      log: { warn: (message, fields) => warnings.push({ message, ...fields }) },
    });

    expect(await keyring.holding("v2")).toBe(KEYS);
    expect(warnings).toEqual([
      {
        message: "The field keys could not be read again",
        keyId: "v2",
        error: "Error: Secrets Manager is unreachable",
      },
    ]);
    now += 59_999;
    expect(await keyring.holding("v2")).toBe(KEYS);
    expect(counted.reads).toBe(2);
    now += 1;
    expect((await keyring.holding("v2")).current).toBe("v2");
    expect(counted.reads).toBe(3);
  });

  it("are read again by the next caller when the first read failed", async () => {
    const { counted, load } = source(
      async () => {
        throw new Error("Invalid configuration: set PULSE_FIELD_KEYS_ARN, or PULSE_FIELD_KEYS");
      },
      async () => KEYS,
    );
    const keyring = makeFieldKeyring(load);

    await expect(keyring.held()).rejects.toThrow("Invalid configuration");
    expect(await keyring.held()).toBe(KEYS);
    expect(counted.reads).toBe(2);
  });
});
