import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { hasRole, type Session, sessionFromToken } from "../../../web/src/api/session.js";

const NOW_SECONDS = Date.UTC(2026, 10, 25, 12, 0, 0) / 1000;

function part(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

function jwt(claims: Record<string, unknown>): string {
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

function session(role: Session["role"]): Session {
  return { token: "t", role, name: "n", expiresAt: NOW_SECONDS + 60, via: "local" };
}

describe("Session from a JWT", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW_SECONDS * 1000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads the role, name and expiry from a local token's claims", () => {
    const token = jwt({ sub: "u-1", role: "manager", name: "Maria Manager", exp: NOW_SECONDS + 3600 });

    expect(sessionFromToken(token, "local")).toEqual({
      token,
      role: "manager",
      name: "Maria Manager",
      expiresAt: NOW_SECONDS + 3600,
      via: "local",
    });
  });

  it("takes the highest staff role among the Cognito groups and ignores other groups", () => {
    const token = jwt({
      sub: "u-2",
      "cognito:groups": ["everyone", "analyst", "head", "manager"],
      exp: NOW_SECONDS + 60,
    });

    expect(sessionFromToken(token, "cognito")?.role).toBe("head");
  });

  it("names the holder by name, else email, else Cognito user name, else subject, else role", () => {
    const exp = NOW_SECONDS + 60;
    const name = (claims: Record<string, unknown>) =>
      sessionFromToken(jwt({ role: "analyst", exp, ...claims }), "local")?.name;

    expect(name({ name: "Ann", email: "ann@example.com", sub: "s" })).toBe("Ann");
    expect(name({ name: "", email: "ann@example.com", sub: "s" })).toBe("ann@example.com");
    expect(name({ "cognito:username": "ann.k", sub: "s" })).toBe("ann.k");
    expect(name({ sub: "s-9" })).toBe("s-9");
    expect(name({})).toBe("analyst");
  });

  it("decodes UTF-8 names and base64url characters that plain base64 would spell differently", () => {
    // These bytes encode to a payload holding both "-" and "_", the two characters base64url swaps in.
    const claims = { role: "analyst", name: "Zażółć Gęślą ~~~>>>???", exp: NOW_SECONDS + 60 };
    const token = jwt(claims);
    const payload = token.split(".")[1] ?? "";
    expect(payload).toMatch(/-/);
    expect(payload).toMatch(/_/);

    expect(sessionFromToken(token, "local")?.name).toBe("Zażółć Gęślą ~~~>>>???");
  });

  it("trims whitespace around the token it keeps", () => {
    const token = jwt({ role: "head", exp: NOW_SECONDS + 60 });

    expect(sessionFromToken(`  ${token}\n`, "local")?.token).toBe(token);
  });

  it("treats a token without an expiry as never expiring", () => {
    expect(sessionFromToken(jwt({ role: "analyst" }), "local")?.expiresAt).toBe(Number.POSITIVE_INFINITY);
  });

  it("refuses a token that has expired or expires this very second", () => {
    expect(sessionFromToken(jwt({ role: "head", exp: NOW_SECONDS - 1 }), "local")).toBeUndefined();
    expect(sessionFromToken(jwt({ role: "head", exp: NOW_SECONDS }), "local")).toBeUndefined();
    expect(sessionFromToken(jwt({ role: "head", exp: NOW_SECONDS + 1 }), "local")).toBeDefined();
  });

  it("refuses a token with no staff role", () => {
    expect(
      sessionFromToken(jwt({ sub: "u", "cognito:groups": ["everyone"], exp: NOW_SECONDS + 60 }), "cognito"),
    ).toBe(undefined);
    expect(sessionFromToken(jwt({ role: "admin", exp: NOW_SECONDS + 60 }), "local")).toBeUndefined();
  });

  it.each([
    ["an empty string", ""],
    ["two parts", "a.b"],
    ["four parts", "a.b.c.d"],
    ["an empty payload", "a..c"],
    ["a payload that is not JSON", `a.${Buffer.from("not json").toString("base64url")}.c`],
    ["a payload that is not base64", "a.%%%.c"],
  ])("refuses %s", (_, token) => {
    expect(sessionFromToken(token, "local")).toBeUndefined();
  });
});

describe("Role check", () => {
  it("lets a higher role do what a lower role may, and not the reverse", () => {
    expect(hasRole(session("head"), "analyst")).toBe(true);
    expect(hasRole(session("manager"), "manager")).toBe(true);
    expect(hasRole(session("manager"), "head")).toBe(false);
    expect(hasRole(session("analyst"), "manager")).toBe(false);
  });

  it("denies everything without a session", () => {
    expect(hasRole(null, "analyst")).toBe(false);
  });
});
