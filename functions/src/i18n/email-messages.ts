import type { Locale } from "./locale.js";

/**
 * Every string of the invitation email and its one reminder, in one shape for all locales, like the pages' messages
 * (messages.ts) and apart from them, so the public function, which shows pages and sends no mail, loads none of it.
 * Values that take data are functions of plain strings; escaping is the renderer's job, never the message's. Polish
 * wording stays gender-neutral, as on the pages.
 */
export interface EmailMessages {
  subject: (p: { ticketId: string; title: string }) => string;
  /** Put before the subject of the one reminder sent to a requester who has not answered. */
  reminderPrefix: string;
  preheader: (p: { ticketId: string }) => string;
  greeting: (p: { name?: string | undefined }) => string;
  resolved: (p: { ticketId: string; title: string; date: string }) => string;
  service: (p: { service: string }) => string;
  question: string;
  oneClick: string;
  commentLater: string;
  openUntil: (p: { date: string }) => string;
  sentBy: (p: { organisation: string }) => string;
  optOutQuestion: string;
  optOutLink: string;
}

const en: EmailMessages = {
  subject: ({ ticketId, title }) => `[${ticketId}] How did we do? ${title}`,
  reminderPrefix: "Reminder: ",
  preheader: ({ ticketId }) => `One click tells us how we handled ${ticketId}.`,
  greeting: ({ name }) => (name ? `Hello ${name},` : "Hello,"),
  resolved: ({ ticketId, title, date }) => `Your request ${ticketId} “${title}” was resolved on ${date}.`,
  service: ({ service }) => `Service: ${service}`,
  question: "How satisfied are you with the way we handled it?",
  oneClick: "Choose a rating below: one click is all it takes.",
  commentLater: "On the next page you can add a comment if you wish.",
  openUntil: ({ date }) => `This survey is open until ${date}.`,
  sentBy: ({ organisation }) => `Sent by ${organisation} after your request was resolved.`,
  optOutQuestion: "Don't want these surveys?",
  optOutLink: "Unsubscribe",
};

const pl: EmailMessages = {
  subject: ({ ticketId, title }) => `[${ticketId}] Jak się spisaliśmy? ${title}`,
  reminderPrefix: "Przypomnienie: ",
  preheader: ({ ticketId }) => `Jedno kliknięcie: jak oceniasz obsługę zgłoszenia ${ticketId}?`,
  // The vocative of a first name is easy to get wrong, so the Polish greeting stays without it.
  greeting: () => "Dzień dobry,",
  resolved: ({ ticketId, title, date }) =>
    `Twoje zgłoszenie ${ticketId} „${title}” zostało rozwiązane ${date}.`,
  service: ({ service }) => `Usługa: ${service}`,
  question: "Jak oceniasz naszą pomoc?",
  oneClick: "Wybierz ocenę poniżej — wystarczy jedno kliknięcie.",
  commentLater: "Na następnej stronie możesz dodać komentarz.",
  openUntil: ({ date }) => `Ankieta jest otwarta do ${date}.`,
  sentBy: ({ organisation }) => `Wiadomość od ${organisation}, wysłana po rozwiązaniu zgłoszenia.`,
  optOutQuestion: "Nie chcesz otrzymywać tych ankiet?",
  optOutLink: "Wypisz się",
};

/** The email's messages of every locale; `satisfies` keeps both complete at compile time. */
export const EMAIL_MESSAGES = { pl, en } as const satisfies Record<Locale, EmailMessages>;

/** The invitation email's text in the given locale. */
export function emailMessagesFor(locale: Locale): EmailMessages {
  return EMAIL_MESSAGES[locale];
}
