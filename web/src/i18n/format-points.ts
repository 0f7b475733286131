import type { I18n } from "./i18n.js";

/** A difference of two shares in percentage points, signed: "+6.4 pp" ("+6,4 p.p." in Polish), never "%". */
export function formatPoints(i18n: I18n, value: number): string {
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return i18n.t("percentPoints", { value: `${sign}${i18n.number(Math.abs(value) * 100, 1)}` });
}
