import { describe, expect, it } from "vitest";
import { idPrefixes, newId, newWebhookId } from "./ids";

describe("newId / newWebhookId", () => {
  it("prefixes every row id with its kind and 96 random bits in base64url", () => {
    for (const [kind, prefix] of Object.entries(idPrefixes)) {
      const id = newId(kind as keyof typeof idPrefixes);
      expect(id).toMatch(new RegExp(`^${prefix}_[A-Za-z0-9_-]{16}$`));
    }
    expect(newId("run")).toMatch(/^run_/);
    expect(newId("audit")).toMatch(/^aud_/);
  });

  it("gives webhook ids 256 random bits, and never repeats an id", () => {
    expect(newWebhookId()).toMatch(/^wh_[A-Za-z0-9_-]{43}$/);
    const ids = new Set(Array.from({ length: 2000 }, () => newId("run")));
    const hooks = new Set(Array.from({ length: 2000 }, () => newWebhookId()));
    expect(ids.size).toBe(2000);
    expect(hooks.size).toBe(2000);
  });
});
