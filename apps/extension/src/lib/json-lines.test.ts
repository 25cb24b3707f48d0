import { describe, expect, it } from "vitest";
import { readJsonLines } from "./json-lines";

const lines = (...rows: string[]) => rows.join("\n");

describe("readJsonLines", () => {
  const text = lines(
    "{",
    '  "name": "x",',
    '  "steps": [',
    '    { "id": "a" },',
    "    {",
    '      "id": "b",',
    '      "headers": {',
    '        "Authorization": "Bearer x"',
    "      }",
    "    }",
    "  ]",
    "}",
  );

  it("finds the line each value starts on, by path", () => {
    const json = readJsonLines(text);
    expect(json.error).toBeUndefined();
    expect(json.value).toEqual(JSON.parse(text));
    expect(json.lineOf([])).toBe(1);
    expect(json.lineOf(["name"])).toBe(2);
    expect(json.lineOf(["steps", 0, "id"])).toBe(4);
    expect(json.lineOf(["steps", 1])).toBe(5);
    expect(json.lineOf(["steps", 1, "headers", "Authorization"])).toBe(8);
  });

  it("falls back to the nearest ancestor for a path that is not there", () => {
    const json = readJsonLines(text);
    expect(json.lineOf(["steps", 1, "method"])).toBe(5);
    expect(json.lineOf(["steps", 7, "url"])).toBe(3);
    expect(json.lineOf(["trigger", "type"])).toBe(1);
  });

  it("reports the first syntax error at its line, with what was expected and found", () => {
    expect(readJsonLines(lines("{", '  "name": "x",', '  "trigger": }')).error).toEqual({
      line: 3,
      message: 'expected a value (found "}")',
    });
    expect(readJsonLines(lines("{", '  "a": 1', '  "b": 2', "}")).error?.line).toBe(3);
    expect(readJsonLines(lines("{", '  "a": [1, 2,]', "}")).error?.line).toBe(2);
    expect(readJsonLines(lines("{", '  "a": 1 // no', "}")).error?.message).toMatch(
      /comments are not allowed/,
    );
    expect(readJsonLines('{ "a": ').error).toEqual({
      line: 1,
      message: "expected a value (found the end of the text)",
    });
    expect(readJsonLines('{ "a": 1 } 2').error?.message).toMatch(/^expected nothing more/);
  });

  it("keeps what it could read of broken JSON", () => {
    const json = readJsonLines(lines("{", '  "name": "x",', '  "steps": [{ "id": "a" }],', '  "trigger": '));
    expect(json.value).toMatchObject({ name: "x", steps: [{ id: "a" }] });
    expect(json.lineOf(["steps", 0, "id"])).toBe(3);
  });
});
