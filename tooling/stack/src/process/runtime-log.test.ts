import { describe, expect, it } from "vitest";
import { lineRedactor, redactRuntimeLog } from "./runtime-log";

const dnsFailure = (host: string) =>
  `e = kj/async-io-unix.c++:1298: failed: DNS lookup failed.; params.host = ${host}; params.service = ; gai_strerror(status) = Name or service not known\n`;

describe("redactRuntimeLog", () => {
  it("drops the host from workerd's failed-lookup lines, and leaves other text alone", () => {
    expect(redactRuntimeLog(dnsFailure("cnry-secret.example"))).toBe(dnsFailure("[redacted]"));
    expect(
      redactRuntimeLog(`Socket proxy disconnected abruptly; ${dnsFailure("cnry-2.example")}`),
    ).not.toContain("cnry-2");
    expect(redactRuntimeLog("[wrangler:info] Ready on http://127.0.0.1:8787\n")).toBe(
      "[wrangler:info] Ready on http://127.0.0.1:8787\n",
    );
  });

  it("redacts a line cut between chunks once it is whole", () => {
    const redactor = lineRedactor(redactRuntimeLog);
    const line = dnsFailure("cnry-split.example");
    const cut = line.indexOf("cnry-split") + 4;
    const out =
      redactor.push(`first line\n${line.slice(0, cut)}`) + redactor.push(line.slice(cut)) + redactor.flush();
    expect(out).toBe(`first line\n${dnsFailure("[redacted]")}`);
  });
});
