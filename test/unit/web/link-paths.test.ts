import { describe, expect, it } from "vitest";
import { apiUrl } from "../../../web/src/api/client.js";
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
      apiUrl("/api/satisfaction", {
        query: { from: "2026-01-01", service: undefined, final: false, page: 0 },
      }),
    ).toBe("/api/satisfaction?from=2026-01-01&final=false&page=0");
    expect(apiUrl("/api/targets", { query: { service: null, q: "" } })).toBe("/api/targets");
  });

  it("fills a path template's parameters, encoding each one", () => {
    expect(apiUrl("/api/v1/requesters/{email}", { params: { email: "anna+it@example.com" } })).toBe(
      "/api/v1/requesters/anna%2Bit%40example.com",
    );
    expect(
      apiUrl("/api/v1/initiatives/{id}/impact", { params: { id: "CSI 1/2" }, query: { weeks: 4 } }),
    ).toBe("/api/v1/initiatives/CSI%201%2F2/impact?weeks=4");
  });

  it("refuses a path template whose parameter is missing rather than calling a wrong address", () => {
    expect(() => apiUrl("/api/v1/initiatives/{id}", { params: {} })).toThrow(/needs the parameter id/);
  });
});
