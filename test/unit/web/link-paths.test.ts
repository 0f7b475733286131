import { describe, expect, it } from "vitest";
import { apiPath } from "../../../web/src/api/client.js";
import { href } from "../../../web/src/router.js";

describe("Links and API paths", () => {
  it("builds a hash link, leaving out empty values and encoding the rest", () => {
    expect(href("/initiatives/CSI-001", { tab: "history", q: "", page: null, size: 20, x: undefined })).toBe(
      "#/initiatives/CSI-001?tab=history&size=20",
    );
    expect(href("/comments", { service: "E-mail & VPN" })).toBe("#/comments?service=E-mail+%26+VPN");
    expect(href("/")).toBe("#/");
  });

  it("builds an API path with a query only when some value is present, keeping false and zero", () => {
    expect(
      apiPath("/api/satisfaction", { from: "2026-01-01", service: undefined, final: false, page: 0 }),
    ).toBe("/api/satisfaction?from=2026-01-01&final=false&page=0");
    expect(apiPath("/api/targets", { service: null, q: "" })).toBe("/api/targets");
  });
});
