import { CREDENTIAL_SHAPES } from "@workflow-secrets/secret-rules";
import { afterEach, describe, expect, it } from "vitest";
import { collectTokenMatches, toSuggestions } from "./page-scan";

const STRIPE = `sk_live_${"Q7".repeat(14)}`;
const SLACK = `xoxb-2222-3333-${"k".repeat(24)}`;

/** A minimal page: just what collectTokenMatches reads (body text, form fields, copy buttons). */
function fakePage(bodyText: string, fieldValues: string[], clipboardAttrs: string[]) {
  (globalThis as { document?: unknown }).document = {
    body: { innerText: bodyText },
    querySelectorAll(selector: string) {
      if (selector === "input, textarea") return fieldValues.map((value) => ({ value }));
      return clipboardAttrs.map((v) => ({ getAttribute: () => v }));
    },
  };
}

describe("page scan", () => {
  afterEach(() => {
    delete (globalThis as { document?: unknown }).document;
  });

  it("returns only token-shaped strings from text, fields and copy buttons", () => {
    fakePage(`Dashboard\nSecret key ${STRIPE}\nnothing else`, ["", SLACK], ["not-a-token"]);
    expect(collectTokenMatches(CREDENTIAL_SHAPES.map((s) => s.pattern)).sort()).toEqual(
      [SLACK, STRIPE].sort(),
    );
  });

  it("offers masked suggestions named after the format and the site", () => {
    const suggestions = toSuggestions([STRIPE, SLACK], "dashboard.stripe.com");
    expect(suggestions.map((s) => [s.suggestedName, s.preview, s.sourceHost])).toEqual([
      ["stripe_secret", "••••••••••••Q7Q7", "dashboard.stripe.com"],
      ["slack_bot_token", "••••••••••••kkkk", "dashboard.stripe.com"],
    ]);
    expect(JSON.stringify(suggestions.map(({ value: _v, ...shown }) => shown))).not.toContain(STRIPE);
  });
});
