import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * The keys stored credentials are sealed with, by id (`v1`, `v2`, …): the newest seals, each opens what it sealed. A
 * key id is the version in a sealed value's prefix, so a new key can be added beside the old ones and values move to
 * it as they are sealed again.
 */
export interface FieldKeys {
  readonly current: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** What a sealed value belongs to: the record's id and the field's name, bound to it as additional authenticated data. */
export interface SealContext {
  readonly record: string;
  readonly field: string;
}

/** A sealed value did not open: another record's or field's, altered, or sealed under a key not held here. */
export class FieldSealError extends Error {
  override readonly name = "FieldSealError";
}

const KEY_ID = /^v[1-9]\d{0,5}$/;
// `<key id>:<12-byte IV>:<ciphertext + 16-byte tag>`, base64url: the IV is exactly 16 characters, the rest at least 22.
const SEALED = /^(v[1-9]\d{0,5}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;
const TAG_BYTES = 16;
const MIN_KEY_MATERIAL = 32;

/**
 * The field keys from the secret's JSON, `{ "v1": "<random text>", "v2": … }`: each AES-256 key is derived from its
 * text by HKDF-SHA256 (the generated secret is text, not 32 raw bytes), and the highest version seals.
 */
export function fieldKeysOf(material: unknown): FieldKeys {
  if (typeof material !== "object" || material === null || Array.isArray(material))
    throw new Error('Invalid field keys: expected a JSON object { "v1": "<at least 32 characters>" }');
  const keys = new Map<string, Buffer>();
  for (const [id, text] of Object.entries(material)) {
    if (!KEY_ID.test(id)) throw new Error(`Invalid field keys: ${id} is not a key id like v1`);
    if (typeof text !== "string" || text.length < MIN_KEY_MATERIAL)
      throw new Error(`Invalid field keys: ${id} must be at least ${MIN_KEY_MATERIAL} characters`);
    keys.set(id, Buffer.from(hkdfSync("sha256", text, "", `pulse field key ${id}`, 32)));
  }
  const versions = [...keys.keys()].sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)));
  const current = versions[0];
  if (current === undefined) throw new Error("Invalid field keys: none given");
  return { current, keys };
}

const aadOf = (keyId: string, context: SealContext) =>
  Buffer.from(JSON.stringify([keyId, context.record, context.field]), "utf8");

/** Seals a value under the current key as `v<n>:<iv>:<ciphertext+tag>`, bound to its record and field. */
export function sealField(keys: FieldKeys, plaintext: string, context: SealContext): string {
  const key = keys.keys.get(keys.current) as Buffer;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadOf(keys.current, context));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${keys.current}:${iv.toString("base64url")}:${sealed.toString("base64url")}`;
}

/** Whether a stored value is a sealed one (rather than a plain value stored before sealing). */
export const isSealedField = (value: string): boolean => SEALED.test(value);

/** The id of the key a sealed value names (`v2` for `v2:…`), or undefined for a value that is not sealed. */
export const sealedKeyIdOf = (value: string): string | undefined => SEALED.exec(value)?.[1];

/** Opens a sealed value for its record and field, with the id of the key that sealed it; throws FieldSealError. */
export function openField(
  keys: FieldKeys,
  sealed: string,
  context: SealContext,
): { value: string; keyId: string } {
  const [, keyId = "", iv = "", body = ""] = SEALED.exec(sealed) ?? [];
  if (!keyId) throw new FieldSealError("is not a sealed value");
  const key = keys.keys.get(keyId);
  if (!key) throw new FieldSealError(`was sealed under key ${keyId}, which is not among the field keys`);
  const bytes = Buffer.from(body, "base64url");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(aadOf(keyId, context));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const value = Buffer.concat([
      decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return { value: value.toString("utf8"), keyId };
  } catch {
    throw new FieldSealError(
      `does not open under key ${keyId}: it was sealed for another record or field, or altered`,
    );
  }
}
