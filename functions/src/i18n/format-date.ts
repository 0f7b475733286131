import { intlTagOf, type Locale } from "./locale.js";

/**
 * Formats an ISO instant as a long date in the requester's language ("20 listopada 2026", "20 November 2026"),
 * in the organisation's time zone; an unparseable value is shown as given rather than failing the page.
 */
export function formatLongDate(iso: string, locale: Locale, timeZone = "UTC"): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat(intlTagOf(locale), { dateStyle: "long", timeZone }).format(instant);
}
