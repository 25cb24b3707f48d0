import { describe, expect, it } from "vitest";
import { TemplateSyntaxError } from "./errors";
import { parseTemplate } from "./parse";

function syntaxError(text: string): TemplateSyntaxError {
  try {
    parseTemplate(text);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("parseTemplate", () => {
  it("splits text and references, with or without spaces", () => {
    expect(parseTemplate("Bearer {{ secrets.stripe_secret }}!{{secrets.b}}")).toEqual([
      { kind: "text", text: "Bearer " },
      {
        kind: "ref",
        root: "secrets",
        path: ["stripe_secret"],
        raw: "{{ secrets.stripe_secret }}",
        start: 7,
        end: 34,
      },
      { kind: "text", text: "!" },
      { kind: "ref", root: "secrets", path: ["b"], raw: "{{secrets.b}}", start: 35, end: 48 },
    ]);
  });

  it("parses trigger and steps paths with dashes and digits (header names, indexes)", () => {
    const [trigger, steps] = parseTemplate(
      "{{trigger.headers.x-signature}}{{ steps.fetch-user.body.items.0.id }}",
    );
    expect(trigger).toMatchObject({ root: "trigger", path: ["headers", "x-signature"] });
    expect(steps).toMatchObject({ root: "steps", path: ["fetch-user", "body", "items", "0", "id"] });
  });

  it("parses a typed secret's field as a second path segment", () => {
    expect(parseTemplate("{{ secrets.login.header }}")).toEqual([
      {
        kind: "ref",
        root: "secrets",
        path: ["login", "header"],
        raw: "{{ secrets.login.header }}",
        start: 0,
        end: 26,
      },
    ]);
  });

  it("returns plain text untouched, including lone braces", () => {
    expect(parseTemplate("a } b { c }} d")).toEqual([{ kind: "text", text: "a } b { c }} d" }]);
    expect(parseTemplate("")).toEqual([]);
  });

  it("reads \\{{ as a literal {{", () => {
    expect(parseTemplate("x \\{{ secrets.a }} y")).toEqual([{ kind: "text", text: "x {{ secrets.a }} y" }]);
  });

  it.each([
    ["{{secrets.}}", 10, /expected a secret name/, /letters, digits and _/],
    ["{{ secrets.a b }}", 13, /unexpected "b" after "secrets.a"/, /exactly one reference/],
    ["x {{ secrets.a", 2, /unclosed \{\{/, /close it with \}\}/],
    ["x {{ secrets.a b", 2, /unclosed \{\{/, /\\\{\{/],
    ["{{ secret.a }}", 3, /unknown root "secret"/, /secrets, trigger or steps/],
    ["{{ secrets.1abc }}", 11, /invalid secret name "1abc"/, /start with a letter/],
    ["{{ secrets.my-key }}", 11, /invalid secret name "my-key"/, /letters, digits and _/],
    [`{{ secrets.${"a".repeat(65)} }}`, 11, /invalid secret name/, /max 64/],
    ["{{ secrets }}", 3, /expected a secret name/, /secrets\.api_key/],
    ["{{ secrets.a.b.c }}", 3, /takes at most one field/, /secrets\.NAME\.FIELD/],
    ["{{ secrets.a.1b }}", 3, /takes at most one field/, /typed secret/],
    ["{{ }}", 0, /empty template/, /secrets\.NAME/],
    ["{{ trigger..a }}", 11, /expected a path segment/, /path segments/],
    ["{{ steps }}", 3, /expected a step id/, /steps\.<stepId>/],
    ["{{ steps.9x.y }}", 9, /invalid step id "9x"/, /step ids/],
    ["{{ secrets.a\n}}", 12, /unexpected line break/, /one reference/],
  ])("rejects %j at offset %i with a hint", (text, position, reason, hint) => {
    const error = syntaxError(text);
    expect(error.position).toBe(position);
    expect(error.reason).toMatch(reason);
    expect(error.hint).toMatch(hint);
    expect(error.message).toContain(`at offset ${position}`);
  });
});
