import type { Locale } from "./i18n.js";

// Names of the API's closed vocabularies (statuses, categories, sources, verdicts) in each language.
const TERMS: Record<string, [en: string, pl: string]> = {
  proposed: ["Proposed", "Zaproponowana"],
  approved: ["Approved", "Zatwierdzona"],
  planned: ["Planned", "Zaplanowana"],
  "in-progress": ["In progress", "W realizacji"],
  implemented: ["Implemented", "Wdrożona"],
  reviewed: ["Reviewed", "Oceniona"],
  closed: ["Closed", "Zamknięta"],
  rejected: ["Rejected", "Odrzucona"],
  deferred: ["Deferred", "Odłożona"],
  "on-hold": ["On hold", "Wstrzymana"],
  cancelled: ["Cancelled", "Anulowana"],
  successful: ["Successful", "Zakończona sukcesem"],
  "partially-successful": ["Partially successful", "Częściowy sukces"],
  unsuccessful: ["Unsuccessful", "Bez sukcesu"],
  withdrawn: ["Withdrawn", "Wycofana"],
  "no-owner": ["No owner", "Brak właściciela"],
  "no-target": ["No KPI target", "Brak celu KPI"],
  "review-overdue": ["Review overdue", "Przegląd po terminie"],
  stale: ["No recent change", "Długo bez zmian"],
  "task-open": ["Open", "Otwarte"],
  "task-in-progress": ["In progress", "W toku"],
  "task-done": ["Done", "Zrobione"],
  "task-cancelled": ["Cancelled", "Anulowane"],
  "record-incident": ["Incident", "Incydent"],
  "record-problem": ["Problem", "Problem"],
  "record-change": ["Change", "Zmiana"],
  process: ["Process", "Proces"],
  technology: ["Technology", "Technologia"],
  people: ["People", "Ludzie"],
  supplier: ["Supplier", "Dostawca"],
  "survey-feedback": ["Survey feedback", "Opinie z ankiet"],
  "incident-trend": ["Incident trend", "Trend incydentów"],
  problem: ["Problem", "Problem"],
  audit: ["Audit", "Audyt"],
  "supplier-review": ["Supplier review", "Przegląd dostawcy"],
  "staff-idea": ["Staff idea", "Pomysł pracownika"],
  realised: ["Realised", "Osiągnięta"],
  partly: ["Partly realised", "Częściowo osiągnięta"],
  "not-realised": ["Not realised", "Nieosiągnięta"],
  open: ["Open", "Otwarta"],
  contacted: ["Contacted", "Po kontakcie"],
  resolved: ["Resolved", "Zamknięta"],
  "csat-gap": [
    "(CSAT gap + volume + strategic weight) ÷ effort",
    "(luka CSAT + wolumen + waga strategiczna) ÷ pracochłonność",
  ],
  wsjf: ["WSJF (cost of delay ÷ job size)", "WSJF (koszt opóźnienia ÷ rozmiar)"],
  rice: ["RICE (reach × impact × confidence ÷ effort)", "RICE (zasięg × wpływ × pewność ÷ pracochłonność)"],
  all: ["Whole organisation", "Cała organizacja"],
};

/** The display name of a vocabulary value, or the value itself when it has none. */
export function term(locale: Locale, value: string): string {
  const names = TERMS[value];
  return names ? names[locale === "pl" ? 1 : 0] : value;
}

/** The pill tone of an initiative status. */
export function statusTone(status: string): string {
  if (status === "rejected" || status === "cancelled") return "bad";
  if (status === "deferred" || status === "on-hold") return "warn";
  if (["implemented", "reviewed", "closed"].includes(status)) return "good";
  return "neutral";
}
