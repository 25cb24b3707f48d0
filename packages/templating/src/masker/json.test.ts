import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonKeepingNumbers } from "./json";
import { createMasker } from "./masker";

describe("maskJson", () => {
  it("masks string leaves and keys, keeping the structure and other types", () => {
    const m = createMasker([{ name: "k", value: 'a","b' }]);
    const output = { 'x a","b': ['a","b', 1, null, { nested: 'pre a","b post' }], ok: true };
    expect(m.maskJson(output)).toEqual({
      "x [masked:k]": ["[masked:k]", 1, null, { nested: "pre [masked:k] post" }],
      ok: true,
    });
    expect(createMasker([]).maskJson(output)).toBe(output);
  });

  it("replaces a number or boolean whose text holds a secret with the masked string", () => {
    const m = createMasker([
      { name: "pin", value: "4821" },
      { name: "flag", value: "true" },
    ]);
    expect(m.maskJson({ pin: 4821, code: 948213, other: 17, on: true, off: false, n: null })).toEqual({
      pin: "[masked:pin]",
      code: "9[masked:pin]3",
      other: 17,
      on: "[masked:flag]",
      off: false,
      n: null,
    });
  });

  it("masks a big integer through its text", () => {
    const m = createMasker([{ name: "account_number", value: "12345678901234567891" }]);
    expect(m.maskJson([12345678901234567891n, 5n])).toEqual(["[masked:account_number]", 5n]);
  });

  it("masks a numeric secret that a JSON document holds as a number beyond 2^53", () => {
    const m = createMasker([{ name: "account_number", value: "12345678901234567891" }]);
    const body = parseJsonKeepingNumbers('{"n":12345678901234567891,"list":[-12345678901234567891]}');
    const masked = m.maskJson(body);
    // JSON.parse alone gives 12345678901234567000: most digits, no longer the value.
    expect(JSON.stringify(masked)).not.toContain("123456789012345");
    expect(masked).toEqual({ n: "[masked:account_number]", list: ["-[masked:account_number]"] });
  });
});

describe("parseJsonKeepingNumbers", () => {
  it("keeps a number JavaScript cannot hold exactly as its source text", () => {
    const text =
      '{"big":12345678901234567891,"neg":-9007199254740993,"long":12345678901234567891.0,"huge":1e400,"tiny":1e-400}';
    expect(parseJsonKeepingNumbers(text)).toEqual({
      big: "12345678901234567891",
      neg: "-9007199254740993",
      long: "12345678901234567891.0",
      huge: "1e400",
      tiny: "1e-400",
    });
  });

  it("keeps exact numbers as numbers, whatever their notation", () => {
    const text =
      "[0,-0,1,1.0,1.50,0.1,1e3,15E-1,2.5e+2,9007199254740991,-9007199254740991,0.30000000000000004,123456789012345]";
    expect(parseJsonKeepingNumbers(text)).toEqual([
      0, -0, 1, 1, 1.5, 0.1, 1000, 1.5, 250, 9007199254740991, -9007199254740991, 0.30000000000000004,
      123456789012345,
    ]);
  });

  it("leaves digits inside strings and keys alone, escaped quotes included", () => {
    const text = '{"12345678901234567891":"a \\" 12345678901234567891 \\\\","x":[12345678901234567891]}';
    expect(parseJsonKeepingNumbers(text)).toEqual({
      "12345678901234567891": 'a " 12345678901234567891 \\',
      x: ["12345678901234567891"],
    });
  });

  it("throws a SyntaxError for text that is not JSON, like JSON.parse", () => {
    expect(() => parseJsonKeepingNumbers("{not json")).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers("")).toThrow(SyntaxError);
  });

  it("agrees with JSON.parse on every document JSON.stringify writes", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(parseJsonKeepingNumbers(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps every integer beyond 2^53 with all its digits (as text, or as a number that prints them)", () => {
    // The integer a number prints as: 1.25e+23 is 125000000000000000000000.
    const printed = (n: number) => {
      const [mantissa = "", exponent = "0"] = String(n).split("e");
      const [whole = "", fraction = ""] = mantissa.split(".");
      return BigInt(whole + fraction) * 10n ** BigInt(Number(exponent) - fraction.length);
    };
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (n) => {
        fc.pre(n > 2n ** 53n || n < -(2n ** 53n));
        const parsed = parseJsonKeepingNumbers(`{"n":${n}}`) as { n: unknown };
        if (typeof parsed.n === "string") expect(parsed.n).toBe(String(n));
        else expect(printed(parsed.n as number)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });
});
