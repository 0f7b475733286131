import { readFile } from "node:fs/promises";
import { runInNewContext } from "node:vm";
import { transform } from "esbuild";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SURVEY_SCRIPT } from "../../../functions/src/http/pages/survey-script.js";
import { ESBUILD_OPTIONS } from "../../../infra/aws/bundles.js";

/** The script as the deployed function carries it: its module minified the way the bundler minifies it. */
async function minifiedScript(): Promise<string> {
  const path = new URL("../../../functions/src/http/pages/survey-script.ts", import.meta.url);
  const { code } = await transform(await readFile(path, "utf8"), {
    loader: "ts",
    format: "cjs",
    minify: true,
    target: ESBUILD_OPTIONS.target,
  });
  const module = { exports: {} as { SURVEY_SCRIPT?: string } };
  new Function("module", "exports", code)(module, module.exports);
  if (!module.exports.SURVEY_SCRIPT || module.exports.SURVEY_SCRIPT.length >= SURVEY_SCRIPT.length)
    throw new Error("The minified module gave no shorter script");
  return module.exports.SURVEY_SCRIPT;
}

let script = SURVEY_SCRIPT;

/**
 * A stand-in for the few DOM features the inline script touches, so its timing rules can be checked without a
 * browser; the real page is driven in Chromium by the end-to-end tests.
 */
class FakeElement {
  hidden = false;
  disabled = false;
  checked = false;
  textContent = "";
  value = "";
  scrolledIntoView = 0;
  readonly dataset: Record<string, string> = {};
  readonly listeners = new Map<string, Array<(event: { target: unknown; preventDefault(): void }) => void>>();
  constructor(
    readonly id: string,
    readonly name = "",
    readonly attrs: Record<string, string> = {},
  ) {}
  scrollIntoView(): void {
    this.scrolledIntoView += 1;
  }
  getAttribute(name: string): string | null {
    return this.attrs[name] ?? null;
  }
  addEventListener(
    type: string,
    listener: (event: { target: unknown; preventDefault(): void }) => void,
  ): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  dispatch(type: string, target: unknown = this): { defaultPrevented: boolean } {
    const event = { target, defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    for (const listener of this.listeners.get(type) ?? []) listener(event);
    return event;
  }
}

function setUpPage(options: { autoScore?: string; checked?: string; delay?: number; visible?: boolean }) {
  const radios = ["1", "2", "3", "4", "5"].map((value) => {
    const radio = new FakeElement(`score-${value}`, "score");
    radio.value = value;
    radio.checked = value === (options.checked ?? options.autoScore);
    return radio;
  });
  const low = new FakeElement("reasons-low", "", { "data-reason-group": "low" });
  const high = new FakeElement("reasons-high", "", { "data-reason-group": "high" });
  const nonce = new FakeElement("nonce-field", "nonce");
  nonce.value = "nonce-1";
  const comment = new FakeElement("comment", "comment");
  const form = Object.assign(new FakeElement("survey-form", "", { action: "/s/tok" }), {
    submitted: 0,
    submit() {
      form.submitted += 1;
    },
    querySelectorAll(selector: string) {
      if (selector === 'input[name="score"]') return radios;
      if (selector === "[data-reason-group]") return [low, high];
      throw new Error(`unexpected selector ${selector}`);
    },
  });
  Object.assign(form.dataset, {
    autoDelay: String(options.delay ?? 5000),
    msgAutoPending: "pending",
    msgAutoCancelled: "cancelled",
    msgAutoDone: "recorded",
    msgAutoFailed: "failed",
    msgSaved: "saved",
    msgFollowUp: "someone will call",
    msgCounter: "{count} of 2000",
    msgCurrent: "Current: {score}",
    labelSave: "Save changes",
    ...(options.autoScore ? { autoScore: options.autoScore } : {}),
  });
  const elements = [
    form,
    nonce,
    comment,
    ...radios,
    low,
    high,
    new FakeElement("status"),
    new FakeElement("save-status"),
    new FakeElement("auto-note"),
    new FakeElement("confirm-button"),
    new FakeElement("current-rating"),
    new FakeElement("comment-count"),
    Object.assign(new FakeElement("score-4-label"), { textContent: "4 — Satisfied" }),
  ];
  const byId = (id: string) => elements.find((element) => element.id === id) ?? null;
  const document = Object.assign(new FakeElement("document"), {
    visibilityState: options.visible === false ? "hidden" : "visible",
    getElementById: byId,
  });

  const posts: Array<Record<string, string | string[]>> = [];
  let followUp = false;
  let answer: () => Promise<{ ok: boolean; json(): Promise<unknown> }> = async () => ({
    ok: true,
    json: async () => ({
      ok: true,
      score: Number(posts.at(-1)?.score),
      nextNonce: `nonce-${posts.length + 1}`,
      followUp,
    }),
  });
  const fetch = (
    url: string,
    init: { method: string; body: URLSearchParams; headers: Record<string, string> },
  ) => {
    expect(url).toBe("/s/tok");
    expect(init.method).toBe("POST");
    expect(init.headers.Accept).toBe("application/json");
    const fields: Record<string, string | string[]> = {};
    for (const key of new Set(init.body.keys())) {
      const all = init.body.getAll(key);
      fields[key] = key === "reasons" ? all : (all[0] ?? "");
    }
    posts.push(fields);
    return answer();
  };
  /** What a browser's FormData would collect: enabled fields only, so a disabled reason group sends nothing. */
  class FakeFormData {
    *[Symbol.iterator](): Generator<[string, string]> {
      yield ["nonce", nonce.value];
      yield ["mode", "deliberate"];
      yield ["lang", "en"];
      const chosen = radios.find((radio) => radio.checked);
      if (chosen) yield ["score", chosen.value];
      yield ["comment", comment.value];
    }
  }

  runInNewContext(script, {
    document,
    fetch,
    FormData: FakeFormData,
    URLSearchParams,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle),
    performance: { now: () => Date.now() },
    Date,
  });

  return {
    posts,
    form,
    byId: (id: string) => byId(id) as FakeElement,
    /** The server answers that the rating opened a follow-up case. */
    openFollowUps: () => {
      followUp = true;
    },
    failNextPost: () => {
      answer = async () => ({ ok: false, json: async () => ({}) });
    },
    setVisibility: (state: "visible" | "hidden") => {
      document.visibilityState = state;
      document.dispatch("visibilitychange");
    },
    choose: (value: string) => {
      for (const radio of radios) radio.checked = radio.value === value;
      form.dispatch(
        "change",
        radios.find((radio) => radio.value === value),
      );
    },
  };
}

describe.each([
  ["as written", async () => SURVEY_SCRIPT],
  ["as the function ships it, minified", minifiedScript],
])("The survey page script, %s,", (_form, load) => {
  beforeAll(async () => {
    script = await load();
  });
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("confirms the linked score with mode=auto only after 5 s of visible time", async () => {
    const page = setUpPage({ autoScore: "4" });
    await vi.advanceTimersByTimeAsync(4999);
    expect(page.posts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(page.posts).toEqual([{ nonce: "nonce-1", mode: "auto", lang: "en", score: "4", comment: "" }]);
  });

  it("does not count time while the page is hidden", async () => {
    const page = setUpPage({ autoScore: "4" });
    await vi.advanceTimersByTimeAsync(3000);
    page.setVisibility("hidden");
    await vi.advanceTimersByTimeAsync(60_000);
    page.setVisibility("visible");
    await vi.advanceTimersByTimeAsync(1999);
    expect(page.posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(page.posts).toHaveLength(1);
  });

  it("waits for a page opened in the background to be shown", async () => {
    const page = setUpPage({ autoScore: "2", visible: false });
    await vi.advanceTimersByTimeAsync(600_000);
    expect(page.posts).toHaveLength(0);
    page.setVisibility("visible");
    await vi.advanceTimersByTimeAsync(5000);
    expect(page.posts.map((post) => post.score)).toEqual(["2"]);
  });

  it("cancels the automatic confirmation when the requester changes the score first", async () => {
    const page = setUpPage({ autoScore: "4" });
    await vi.advanceTimersByTimeAsync(2000);
    page.choose("5");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(page.posts).toHaveLength(0);
    expect(page.byId("auto-note").textContent).toBe("cancelled");
  });

  it("announces the recorded rating, takes the next nonce and offers to save changes", async () => {
    const page = setUpPage({ autoScore: "4" });
    await vi.advanceTimersByTimeAsync(5000);
    expect(page.byId("status").textContent).toBe("recorded");
    expect(page.byId("nonce-field").value).toBe("nonce-2");
    expect(page.byId("confirm-button").textContent).toBe("Save changes");
    expect(page.byId("current-rating")).toMatchObject({
      hidden: false,
      textContent: "Current: 4 — Satisfied",
    });
  });

  it("says so when the automatic confirmation fails, leaving the button to do it", async () => {
    const page = setUpPage({ autoScore: "4" });
    page.failNextPost();
    await vi.advanceTimersByTimeAsync(5000);
    expect(page.byId("status").textContent).toBe("failed");
    expect(page.form.submitted).toBe(0);
  });

  it("never posts by itself when the page was opened without a score", async () => {
    const page = setUpPage({ checked: "3" });
    await vi.advanceTimersByTimeAsync(600_000);
    expect(page.posts).toHaveLength(0);
  });

  it("sends a submit as mode=deliberate through fetch, without reloading", async () => {
    const page = setUpPage({ checked: "3" });
    const event = page.form.dispatch("submit");
    await vi.advanceTimersByTimeAsync(0);
    expect(event.defaultPrevented).toBe(true);
    expect(page.posts.map((post) => [post.mode, post.score])).toEqual([["deliberate", "3"]]);
    expect(page.form.submitted).toBe(0);
  });

  it("announces a save next to the button that was pressed, anew on each save", async () => {
    const page = setUpPage({ checked: "3" });
    page.form.dispatch("submit");
    await vi.advanceTimersByTimeAsync(0);
    expect([page.byId("save-status").textContent, page.byId("status").textContent]).toEqual(["saved", ""]);
    expect(page.byId("save-status").scrolledIntoView).toBe(1);
    page.form.dispatch("submit");
    expect(page.byId("save-status").textContent).toBe("");
    await vi.advanceTimersByTimeAsync(0);
    expect(page.byId("save-status").textContent).toBe("saved");
  });

  it("says someone will be in touch when the rating opened a follow-up, whether saved by hand or by itself", async () => {
    const saved = setUpPage({ checked: "2" });
    saved.openFollowUps();
    saved.form.dispatch("submit");
    const auto = setUpPage({ autoScore: "1" });
    auto.openFollowUps();
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved.byId("save-status").textContent).toBe("saved someone will call");
    expect(auto.byId("status").textContent).toBe("recorded someone will call");
  });

  it("falls back to an ordinary form POST when the fetch fails", async () => {
    const page = setUpPage({ checked: "3" });
    page.failNextPost();
    page.form.dispatch("submit");
    await vi.advanceTimersByTimeAsync(0);
    expect(page.form.submitted).toBe(1);
  });

  it("shows and enables only the reason tags that fit the chosen score", () => {
    const page = setUpPage({ checked: "2" });
    expect([page.byId("reasons-low").hidden, page.byId("reasons-high").hidden]).toEqual([false, true]);
    page.choose("5");
    expect([page.byId("reasons-low").hidden, page.byId("reasons-high").hidden]).toEqual([true, false]);
    expect([page.byId("reasons-low").disabled, page.byId("reasons-high").disabled]).toEqual([true, false]);
  });

  it("reveals the comment counter and keeps it current", () => {
    const page = setUpPage({ checked: "2" });
    const comment = page.byId("comment");
    comment.value = "Slow";
    comment.dispatch("input");
    expect(page.byId("comment-count")).toMatchObject({ hidden: false, textContent: "4 of 2000" });
  });
});
