import type { Score } from "../domain/survey.js";
import type { Locale } from "./locale.js";
import type { ReasonCode } from "./reason-tags.js";

/**
 * Every string a requester reads on the pages, in one shape for all locales, so a missing translation is a type error;
 * the email's are in email-messages.ts.
 * Values that take data are functions of plain strings; escaping is the renderer's job, never the message's.
 * Polish wording stays gender-neutral (no past-tense verbs about the requester, no vocative of their name).
 */
export interface Messages {
  scores: Record<Score, string>;
  reasons: Record<ReasonCode, string>;
  page: {
    languageNav: string;
    /** The name of this locale written in itself, for the switch link that leads to it. */
    languageName: string;
    /** Put before the organisation's help contact. */
    help: string;
  };
  survey: {
    documentTitle: (p: { ticketId: string }) => string;
    heading: string;
    ticket: (p: { ticketId: string; title: string }) => string;
    service: (p: { service: string }) => string;
    agent: (p: { agent: string }) => string;
    scoreLegend: string;
    /** The three that tell the requester to press the button name it as it reads (`button`). */
    notRecordedYet: (p: { button: string }) => string;
    autoPending: string;
    autoCancelled: (p: { button: string }) => string;
    autoDone: string;
    autoFailed: (p: { button: string }) => string;
    saved: string;
    /** After a rating at or below the follow-up threshold, which opens a follow-up case. */
    followUp: string;
    currentRating: (p: { score: string }) => string;
    canChangeUntil: (p: { date: string }) => string;
    lowReasonsHeading: string;
    highReasonsHeading: string;
    reasonsHint: string;
    commentLabel: string;
    commentHint: (p: { max: number }) => string;
    commentCounter: (p: { count: string; max: number }) => string;
    confirm: string;
    saveChanges: string;
    openUntil: (p: { date: string }) => string;
    errorSummary: string;
    errors: {
      scoreMissing: string;
      commentTooLong: (p: { max: number }) => string;
      reasonUnknown: string;
      formExpired: string;
      generic: string;
    };
  };
  status: {
    notFound: { title: string; body: string };
    expired: { title: string; body: string; closedOn: (p: { date: string }) => string };
    optOutConfirm: { title: string; body: string; button: string };
    optedOut: { title: string; body: string; undo: string };
    resubscribed: { title: string; body: string };
    error: { title: string; body: string };
    busy: { title: string; body: string };
  };
}

const en: Messages = {
  scores: {
    1: "Very dissatisfied",
    2: "Dissatisfied",
    3: "Neutral",
    4: "Satisfied",
    5: "Very satisfied",
  },
  reasons: {
    "not-solved": "The problem wasn't solved",
    slow: "It took too long",
    communication: "Poor communication",
    "had-to-chase": "I had to chase for updates",
    reopened: "The problem came back",
    fast: "Quick help",
    "solved-first-time": "Solved the first time",
    friendly: "Friendly and polite",
    "clear-explanation": "Clear explanation",
    "kept-informed": "Kept me informed",
  },
  page: {
    languageNav: "Language",
    languageName: "English",
    help: "Need help?",
  },
  survey: {
    documentTitle: ({ ticketId }) => `Rate the resolution of ${ticketId}`,
    heading: "How did we do?",
    ticket: ({ ticketId, title }) => `Your request ${ticketId}: ${title}`,
    service: ({ service }) => `Service: ${service}`,
    agent: ({ agent }) => `Handled by: ${agent}`,
    scoreLegend: "How satisfied are you with the way we resolved your request?",
    notRecordedYet: ({ button }) => `Your rating is not recorded yet. Press “${button}” to save it.`,
    autoPending:
      "We will record this rating in a few seconds. If it is not what you meant, choose another one.",
    autoCancelled: ({ button }) => `Press “${button}” to record your choice.`,
    autoDone: "Thank you — your rating is recorded. You can add a comment below.",
    autoFailed: ({ button }) => `We could not record your rating automatically. Please press “${button}”.`,
    saved: "Thank you — your answer is saved.",
    followUp: "Someone from our team will be in touch with you.",
    currentRating: ({ score }) => `Your current rating: ${score}`,
    canChangeUntil: ({ date }) => `You can change it until ${date}.`,
    lowReasonsHeading: "What could we have done better?",
    highReasonsHeading: "What went well?",
    reasonsHint: "Optional: choose any that apply.",
    commentLabel: "Comment (optional)",
    commentHint: ({ max }) => `Up to ${max} characters.`,
    commentCounter: ({ count, max }) => `${count} of ${max} characters`,
    confirm: "Confirm rating",
    saveChanges: "Save changes",
    openUntil: ({ date }) => `This survey is open until ${date}.`,
    errorSummary: "Please check your answer",
    errors: {
      scoreMissing: "Choose a rating from 1 to 5.",
      commentTooLong: ({ max }) => `The comment can be at most ${max} characters long.`,
      reasonUnknown: "One of the reasons is not on the list. Please choose again.",
      formExpired: "This page was open for too long. Your choice is kept: please press the button again.",
      generic: "Something went wrong. Please try again.",
    },
  },
  status: {
    notFound: {
      title: "We can't find this survey",
      body: "The link is unknown or incomplete. Please open it again from the email, or copy the whole address.",
    },
    expired: {
      title: "This survey has closed",
      body: "Thank you for your time. If you still need help, please contact the service desk.",
      closedOn: ({ date }) => `This survey closed on ${date}.`,
    },
    optOutConfirm: {
      title: "Stop satisfaction surveys?",
      body: "We will no longer ask you to rate resolved requests. Other emails about your requests are not affected.",
      button: "Unsubscribe",
    },
    optedOut: {
      title: "You won't get these surveys any more",
      body: "You are unsubscribed from satisfaction surveys. Thank you for the feedback you gave us.",
      undo: "Subscribe again",
    },
    resubscribed: {
      title: "You are subscribed again",
      body: "We will ask you again, now and then, how a resolved request went.",
    },
    error: {
      title: "Something went wrong",
      body: "We could not open this page. Please try again in a moment.",
    },
    busy: {
      title: "We are busy right now",
      body: "Nothing was saved yet. Please go back and try again in a few seconds.",
    },
  },
};

const pl: Messages = {
  scores: {
    1: "Bardzo źle",
    2: "Źle",
    3: "Przeciętnie",
    4: "Dobrze",
    5: "Bardzo dobrze",
  },
  reasons: {
    "not-solved": "Problem nie został rozwiązany",
    slow: "Trwało to zbyt długo",
    communication: "Słaba komunikacja",
    "had-to-chase": "Trzeba było się dopominać",
    reopened: "Problem powrócił",
    fast: "Szybka pomoc",
    "solved-first-time": "Rozwiązane za pierwszym razem",
    friendly: "Uprzejma obsługa",
    "clear-explanation": "Jasne wyjaśnienie",
    "kept-informed": "Informowanie na bieżąco",
  },
  page: {
    languageNav: "Język",
    languageName: "Polski",
    help: "Potrzebujesz pomocy?",
  },
  survey: {
    documentTitle: ({ ticketId }) => `Oceń rozwiązanie zgłoszenia ${ticketId}`,
    heading: "Jak się spisaliśmy?",
    ticket: ({ ticketId, title }) => `Twoje zgłoszenie ${ticketId}: ${title}`,
    service: ({ service }) => `Usługa: ${service}`,
    agent: ({ agent }) => `Osoba obsługująca: ${agent}`,
    scoreLegend: "Jak oceniasz rozwiązanie Twojego zgłoszenia?",
    notRecordedYet: ({ button }) => `Ocena nie jest jeszcze zapisana. Naciśnij „${button}”, aby ją zapisać.`,
    autoPending: "Za kilka sekund zapiszemy tę ocenę. Jeśli to pomyłka, wybierz inną.",
    autoCancelled: ({ button }) => `Naciśnij „${button}”, aby zapisać wybór.`,
    autoDone: "Dziękujemy — ocena została zapisana. Poniżej możesz dodać komentarz.",
    autoFailed: ({ button }) => `Nie udało się zapisać oceny automatycznie. Naciśnij „${button}”.`,
    saved: "Dziękujemy — odpowiedź została zapisana.",
    followUp: "Ktoś z naszego zespołu skontaktuje się z Tobą.",
    currentRating: ({ score }) => `Twoja obecna ocena: ${score}`,
    canChangeUntil: ({ date }) => `Możesz ją zmienić do ${date}.`,
    lowReasonsHeading: "Co mogliśmy zrobić lepiej?",
    highReasonsHeading: "Co poszło dobrze?",
    reasonsHint: "Opcjonalnie: zaznacz wszystko, co pasuje.",
    commentLabel: "Komentarz (opcjonalnie)",
    commentHint: ({ max }) => `Maksymalnie ${max} znaków.`,
    commentCounter: ({ count, max }) => `${count} z ${max} znaków`,
    confirm: "Potwierdź ocenę",
    saveChanges: "Zapisz zmiany",
    openUntil: ({ date }) => `Ankieta jest otwarta do ${date}.`,
    errorSummary: "Sprawdź odpowiedź",
    errors: {
      scoreMissing: "Wybierz ocenę od 1 do 5.",
      commentTooLong: ({ max }) => `Komentarz może mieć najwyżej ${max} znaków.`,
      reasonUnknown: "Jednego z powodów nie ma na liście. Wybierz ponownie.",
      formExpired: "Strona była otwarta zbyt długo. Wybór został zachowany: naciśnij przycisk jeszcze raz.",
      generic: "Coś poszło nie tak. Spróbuj ponownie.",
    },
  },
  status: {
    notFound: {
      title: "Nie znaleziono ankiety",
      body: "Link jest nieznany lub niepełny. Otwórz go ponownie z wiadomości e-mail albo skopiuj cały adres.",
    },
    expired: {
      title: "Ankieta jest zamknięta",
      body: "Dziękujemy za poświęcony czas. Jeśli nadal potrzebujesz pomocy, skontaktuj się z service deskiem.",
      closedOn: ({ date }) => `Ankieta została zamknięta ${date}.`,
    },
    optOutConfirm: {
      title: "Wypisać się z ankiet satysfakcji?",
      body: "Nie będziemy już prosić o ocenę rozwiązanych zgłoszeń. Inne wiadomości o Twoich zgłoszeniach nadal będą przychodzić.",
      button: "Wypisz mnie",
    },
    optedOut: {
      title: "Nie wyślemy Ci już ankiet",
      body: "Wypisanie z ankiet satysfakcji zostało zapisane. Dziękujemy za dotychczasowe opinie.",
      undo: "Zapisz się ponownie",
    },
    resubscribed: {
      title: "Zapisano Cię ponownie",
      body: "Od czasu do czasu znów zapytamy, jak poszło rozwiązanie Twojego zgłoszenia.",
    },
    error: {
      title: "Coś poszło nie tak",
      body: "Nie udało się otworzyć tej strony. Spróbuj ponownie za chwilę.",
    },
    busy: {
      title: "Mamy teraz dużo pracy",
      body: "Nic jeszcze nie zostało zapisane. Wróć i spróbuj ponownie za kilka sekund.",
    },
  },
};

/** The messages of every locale; `satisfies` keeps both complete at compile time. */
export const MESSAGES = { pl, en } as const satisfies Record<Locale, Messages>;

/** The messages a requester reads in the given locale. */
export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}
