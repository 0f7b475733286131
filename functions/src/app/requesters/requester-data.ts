import { createHmac } from "node:crypto";
import type { Clock, PersonalDataRepository, RequesterRecords } from "../ports.js";
import { requesterKeyOf } from "../surveys/link-secrets.js";

/** The normalised form of an address: what the requester key and the ledger hash are taken of. */
export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

/** A keyed hash of an address, so the erasure ledger names no one to whoever reads the table without the secret. */
export function makeAddressHash(secret: string) {
  return (email: string) =>
    createHmac("sha256", secret)
      .update(`erasure:${normaliseAddress(email)}`)
      .digest("hex");
}

/** Erasure, access export and the re-application of the erasure ledger after a restore from backup. */
export function makeRequesterData(deps: {
  personalData: PersonalDataRepository;
  addressHash: (email: string) => string;
  clock: Clock;
}) {
  const { personalData, addressHash, clock } = deps;
  return {
    /** Everything Pulse holds on the person with this address. */
    async exportData(email: string): Promise<RequesterRecords & { email: string }> {
      return { email: normaliseAddress(email), ...(await personalData.recordsOf(requesterKeyOf(email))) };
    },

    /** Anonymises every item naming the person, the bodies of webhook deliveries about their surveys included; their
     * scores stay counted. The ledger entry is written first, so an erasure cut short is completed by the next
     * re-application. */
    async erase(email: string): Promise<{ erasedAt: string; surveys: number; webhookDeliveries: number }> {
      const erasedAt = clock.now().toISOString();
      await personalData.recordErasure(addressHash(email), erasedAt);
      const key = requesterKeyOf(email);
      const { surveys } = await personalData.recordsOf(key);
      let webhookDeliveries = 0;
      for (const survey of surveys)
        webhookDeliveries += (await personalData.anonymiseSurvey(survey, erasedAt)).webhookDeliveries;
      await personalData.deleteProfile(key);
      return { erasedAt, surveys: surveys.length, webhookDeliveries };
    },

    /** Erases again every address in the ledger that a restore brought back; answers how many surveys it erased. */
    async reapplyErasures(): Promise<{ surveys: number }> {
      const ledger = await personalData.erasureLedger();
      let surveys = 0;
      for (const survey of await personalData.surveysWithAddress()) {
        const email = survey.requester.email;
        if (email === undefined || !ledger.has(addressHash(email))) continue;
        await personalData.anonymiseSurvey(survey, clock.now().toISOString());
        await personalData.deleteProfile(requesterKeyOf(email));
        surveys += 1;
      }
      return { surveys };
    },
  };
}

export type RequesterData = ReturnType<typeof makeRequesterData>;
