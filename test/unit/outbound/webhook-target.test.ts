import { describe, expect, it } from "vitest";
import {
  isPrivateAddress,
  webhookUrlProblem,
} from "../../../functions/src/domain/outbound/webhook-target.js";

describe("Webhook URLs on AWS (public targets only)", () => {
  it.each([
    ["http://hooks.example.com/in", "must be an https URL"],
    ["https://localhost/in", "must point to a public host"],
    ["https://127.0.0.1/in", "must point to a public address"],
    ["https://10.1.2.3/in", "must point to a public address"],
    ["https://172.20.0.1/in", "must point to a public address"],
    ["https://192.168.1.10/in", "must point to a public address"],
    ["https://169.254.169.254/latest/meta-data", "must point to a public address"],
    ["https://[::1]/in", "must point to a public address"],
    ["https://[fd00::1]/in", "must point to a public address"],
    ["https://[fe80::1]/in", "must point to a public address"],
    ["https://[::ffff:10.0.0.1]/in", "must point to a public address"],
    ["https://[::127.0.0.1]/in", "must point to a public address"],
    ["https://[64:ff9b::169.254.169.254]/latest/meta-data", "must point to a public address"],
    ["https://[2002:a00:1::]/in", "must point to a public address"],
    ["https://metadata.google.internal/in", "must point to a public host"],
    ["https://user:pw@hooks.example.com/in", "must not carry a user name or password"],
    ["ftp://hooks.example.com/in", "must be an http(s) URL"],
    ["not a url", "must be an absolute URL"],
  ])("refuse %s: %s", (url, problem) => {
    expect(webhookUrlProblem(url, "public")).toBe(problem);
  });

  it("take https URLs on public hosts and addresses", () => {
    expect(webhookUrlProblem("https://hooks.slack.com/services/T0/B0/x", "public")).toBeUndefined();
    expect(webhookUrlProblem("https://8.8.8.8/in", "public")).toBeUndefined();
  });

  it("locally also take http to a loopback receiver", () => {
    expect(webhookUrlProblem("http://127.0.0.1:8080/in", "any")).toBeUndefined();
    expect(webhookUrlProblem("ftp://127.0.0.1/in", "any")).toBe("must be an http(s) URL");
  });
});

describe("Private addresses", () => {
  it.each(["0.0.0.0", "100.64.0.1", "198.18.0.1", "224.0.0.1", "::", "ff02::1", "not-an-ip"])(
    "include %s",
    (address) => {
      expect(isPrivateAddress(address)).toBe(true);
    },
  );
  it.each([
    ["IPv4-compatible", "::127.0.0.1"],
    ["IPv4-compatible, as the URL parser writes it", "::7f00:1"],
    ["IPv4-mapped, as the URL parser writes it", "::ffff:a00:1"],
    ["NAT64", "64:ff9b::10.0.0.1"],
    ["NAT64, as the URL parser writes it", "64:ff9b::a9fe:a9fe"],
    ["6to4", "2002:c0a8:101::1"],
    ["6to4, fully written", "2002:7f00:0001:0000:0000:0000:0000:0001"],
  ])("include a private IPv4 address inside an IPv6 one (%s: %s)", (_kind, address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });
  it.each(["64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8", "::808:808"])(
    "exclude a public IPv4 address inside an IPv6 one (%s)",
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1"])("exclude %s", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});
