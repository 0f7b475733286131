import type { ThemeComment } from "../../../functions/src/domain/themes/index.js";

/** Builds one fixture comment; the locale is left out when `locale` is undefined, to exercise detection. */
function comment(
  id: string,
  day: string,
  service: string,
  locale: "pl" | "en" | undefined,
  text: string,
): ThemeComment {
  return locale === undefined ? { id, day, service, text } : { id, day, service, locale, text };
}

/**
 * Forty-odd service-desk comments in Polish and English over two periods: May 2025 (the previous period) and June 2025
 * (the current one, in which a VPN outage dominates).
 */
export const SERVICE_DESK_COMMENTS: readonly ThemeComment[] = [
  // Printing
  comment("c01", "2025-05-05", "Printing", "pl", "Drukarka na trzecim piętrze znowu drukuje puste strony."),
  comment(
    "c02",
    "2025-05-07",
    "Printing",
    "pl",
    "Technik wymienił toner i wszystkie drukarki w końcu ruszyły.",
  ),
  comment(
    "c03",
    "2025-05-12",
    "Printing",
    "pl",
    "Po dwóch dniach w końcu podłączyli mi drukarkę do laptopa.",
  ),
  comment("c22", "2025-05-06", "Printing", "en", "The printer on the third floor keeps jamming."),
  comment("c23", "2025-05-14", "Printing", "en", "Printers in the open space are painfully slow."),
  comment("c24", "2025-06-03", "Printing", "en", "Printing from my laptop still fails."),
  comment("c39", "2025-06-18", "Printing", undefined, "Printer offline again, please fix."),
  comment(
    "c38",
    "2025-06-19",
    "Printing",
    undefined,
    "Nie dziala drukowanie w ogole, juz trzeci raz zglaszam.",
  ),

  // Remote access: quiet in May, an outage in June
  comment("c41", "2025-05-20", "Remote access", "en", "VPN was a bit slow yesterday but fine overall."),
  comment("c04", "2025-06-02", "Remote access", "pl", "VPN nie działa od rana, nie mogę pracować zdalnie."),
  comment("c19", "2025-06-04", "Remote access", "pl", "Połączenie z VPN zrywa się co godzinę."),
  comment("c25", "2025-06-04", "Remote access", "en", "VPN not working again after the update."),
  comment("c27", "2025-06-05", "Remote access", "en", "Teams calls don't work when I'm on the VPN."),
  comment(
    "c42",
    "2025-06-06",
    "Remote access",
    "pl",
    "Bez VPN-a nie da się pracować z domu, bardzo proszę o pilną naprawę.",
  ),
  comment("c43", "2025-06-09", "Remote access", "en", "The VPN disconnects every hour, very frustrating."),
  comment("c20", "2025-06-10", "Remote access", "pl", "Jakość połączenia na Teams fatalna."),

  // Email and accounts
  comment("c05", "2025-05-08", "Email", "pl", "Outlook nie działa, poczta nie przychodzi."),
  comment("c26", "2025-05-09", "Email", "en", "Outlook is not working on my new laptop."),
  comment(
    "c34",
    "2025-05-21",
    "Email",
    "en",
    "See https://status.example.com: email to helpdesk@example.com bounced.",
  ),
  comment(
    "c35",
    "2025-06-11",
    "Email",
    "pl",
    "Mail z potwierdzeniem nie przyszedł, sprawdzałem na https://portal.example.pl/zgloszenia",
  ),
  comment("c11", "2025-05-13", "Identity", "pl", "Reset hasła trwał trzy dni, za długo."),
  comment("c12", "2025-05-15", "Identity", "pl", "Nie mogłem zalogować się po zmianie hasła."),
  comment("c13", "2025-06-12", "Identity", "pl", "Hasłem tymczasowym nie dało się zalogować."),
  comment("c31", "2025-05-16", "Identity", "en", "Password reset took two days, far too long."),
  comment("c32", "2025-06-13", "Identity", "en", "Couldn't log in after my password expired."),
  comment("c33", "2025-06-16", "Identity", "en", "Passwords have to be changed every month, annoying."),

  // Network
  comment("c07", "2025-05-19", "Network", "pl", "Internet w sali konferencyjnej nie działał cały dzień."),
  comment("c17", "2025-05-22", "Network", "pl", "Brak internetu w biurze w Gdańsku od tygodnia."),
  comment("c18", "2025-06-17", "Network", "pl", "Problem z internetem wrócił po dwóch dniach."),
  comment(
    "c21",
    "2025-06-20",
    "Network",
    "pl",
    "Zerwane połączenie z serwerem plików, zgłoszenie INC0012345.",
  ),

  // Service desk in general
  comment(
    "c06",
    "2025-05-23",
    "Service desk",
    "pl",
    "Nadal nie działa, zgłoszenie zamknięto bez rozwiązania.",
  ),
  comment("c08", "2025-05-26", "Service desk", "pl", "Teraz wszystko działa, dziękuję za szybką pomoc."),
  comment("c09", "2025-06-23", "Service desk", "pl", "Po restarcie działa bez zarzutu."),
  comment("c10", "2025-06-24", "Service desk", "pl", "Działa, ale hasło trzeba było zmieniać dwa razy."),
  comment(
    "c14",
    "2025-05-27",
    "Service desk",
    "pl",
    "Bardzo szybko i sprawnie, pan technik był bardzo miły.",
  ),
  comment("c15", "2025-06-25", "Service desk", "pl", "Szybka reakcja, problem rozwiązany w godzinę."),
  comment("c16", "2025-06-26", "Service desk", "pl", "Szybki kontakt i miła obsługa."),
  comment(
    "c40",
    "2025-06-27",
    "Service desk",
    "pl",
    "Bardzo długo czekałem na odpowiedź, nikt nie oddzwonił.",
  ),
  comment(
    "c28",
    "2025-05-28",
    "Service desk",
    "en",
    "Still not working, the ticket INC0012345 was closed without a fix.",
  ),
  comment("c29", "2025-06-27", "Service desk", "en", "Works fine now, thanks for the quick help!"),
  comment(
    "c30",
    "2025-06-30",
    "Service desk",
    "en",
    "Everything works after the reboot, very helpful technician.",
  ),
  comment("c36", "2025-05-29", "Service desk", "en", "Very quick response and a friendly agent, thanks!"),
  comment("c37", "2025-06-30", "Service desk", "en", "Quick and professional, problem solved in minutes."),
];
