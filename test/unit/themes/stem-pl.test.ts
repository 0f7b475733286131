import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stemPolish } from "../../../functions/src/domain/themes/index.js";

// Each row: inflected forms of one word that must share a stem.
const PARADIGMS: ReadonlyArray<readonly string[]> = [
  ["drukarka", "drukarki", "drukarkę", "drukarką", "drukarce", "drukarkami", "drukarkach"],
  ["hasło", "hasła", "hasłem", "hasłami"],
  ["szybko", "szybka", "szybki", "szybkie", "szybkiego", "szybkiej", "szybkim"],
  ["internet", "internetu", "internetem", "internecie"],
  ["połączenie", "połączenia", "połączeniem", "połączeniu", "połączeń", "połączeniami"],
  ["działa", "działało", "działać", "działają", "działał"],
  ["problem", "problemu", "problemem", "problemie", "problemy", "problemów"],
  ["komputer", "komputera", "komputerze", "komputerem"],
  ["usługa", "usługi", "usłudze", "usługą"],
  ["odpowiedź", "odpowiedzi", "odpowiedzią", "odpowiedział"],
  ["sieć", "sieci", "siecią"],
  ["zespół", "zespołu", "zespołem"],
  ["laptop", "laptopa", "laptopie", "laptopem", "laptopy"],
  ["technik", "technika", "technikiem", "technikowi"],
  ["aplikacja", "aplikacji", "aplikację", "aplikacjach"],
  ["miły", "miła", "miło", "miłe", "miłego"],
  ["zgłoszenie", "zgłoszenia", "zgłoszeniu", "zgłoszeń"],
  ["zalogować", "zalogowałem", "zalogowała"],
  ["czekałem", "czekałam", "czekać", "czeka"],
  ["uprzejmy", "uprzejmie", "uprzejma"],
  ["najlepszy", "najlepsza", "lepszy"],
  ["klawiatura", "klawiatury", "klawiaturze"],
  ["monitor", "monitora", "monitorze"],
  ["obsługa", "obsługi", "obsłudze", "obsługę"],
  ["konto", "konta", "kontem"],
  ["system", "systemu", "systemie"],
  ["myszka", "myszki", "myszce"],
  ["kolejka", "kolejki", "kolejce"],
  ["tablet", "tabletu", "tablecie"],
  ["funkcjonuje", "funkcjonować", "funkcjonują"],
];

// Words that look alike but mean different things, and must not be merged.
const DISTINCT: ReadonlyArray<readonly [string, string]> = [
  ["drukarka", "drukowanie"],
  ["problem", "program"],
  ["hasło", "hala"],
  ["internet", "intranet"],
  ["szybko", "szkoda"],
];

describe("Polish light stemmer", () => {
  it.each(PARADIGMS.map((forms) => [forms[0], forms] as const))(
    "gives every form of %s one stem",
    (_, forms) => {
      const stems = new Set(forms.map(stemPolish));

      expect([...stems]).toHaveLength(1);
    },
  );

  it.each(DISTINCT)("keeps %s and %s apart", (left, right) => {
    expect(stemPolish(left)).not.toBe(stemPolish(right));
  });

  it.each([
    ["drukarkę", "drukark"],
    ["hasłem", "hasł"],
    ["połączeniem", "połączen"],
    ["internecie", "internet"],
    ["usłudze", "usług"],
    ["sieć", "siec"],
    ["zespół", "zespoł"],
  ])("stems %s to %s", (word, stem) => {
    expect(stemPolish(word)).toBe(stem);
  });

  it("leaves short words whole", () => {
    expect(["vpn", "bez", "dom"].map(stemPolish)).toEqual(["vpn", "bez", "dom"]);
  });

  it("lower-cases its input and treats decomposed letters like composed ones", () => {
    expect(stemPolish("DRUKARKĘ")).toBe(stemPolish("drukarkę"));
    expect(stemPolish("drukarke\u0328")).toBe(stemPolish("drukarkę"));
  });

  it("never returns a stem longer than the word", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-ząćęłńóśźż]{1,14}$/), (word) => {
        expect(stemPolish(word).length).toBeLessThanOrEqual(word.length);
      }),
    );
  });
});
