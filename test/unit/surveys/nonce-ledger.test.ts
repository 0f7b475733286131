import { describe, expect, it } from "vitest";
import { NONCES_LISTED, spendNonce } from "../../../functions/src/domain/nonce-ledger.js";

const idAt = (ms: number, n: number) => `${ms.toString(36)}.n${n}`;

describe("A survey's used page nonces", () => {
  it("refuses a first nonce replayed after 60 others were used, and keeps the list at 50", () => {
    const first = idAt(1_000, 0);
    let ledger = spendNonce({}, first);
    for (let i = 1; i <= 60; i++) ledger = spendNonce(ledger ?? {}, idAt(1_000 + i, i));
    expect(ledger?.usedNonces).toHaveLength(NONCES_LISTED);
    expect(ledger?.usedNonces).not.toContain(first);
    expect(spendNonce(ledger ?? {}, first)).toBeNull();
    expect(spendNonce(ledger ?? {}, idAt(1_030, 30))).toBeNull();
  });

  it("accepts a fresh nonce issued after the ones already spent", () => {
    let ledger = spendNonce({}, idAt(1_000, 0));
    for (let i = 1; i <= 60; i++) ledger = spendNonce(ledger ?? {}, idAt(1_000 + i, i));
    expect(spendNonce(ledger ?? {}, idAt(2_000, 99))?.usedNonces.at(-1)).toBe(idAt(2_000, 99));
  });
});
