import { describe, expect, it } from "vitest";
import { cachedMatcher } from "./cache";
import { MIN_VARIANT_LENGTH, secretVariants } from "./encodings";
import { createMasker } from "./masker";
import { streamMask } from "./testing/oracle";

const VALUE = "Sk_live+/=&<>\"'ü€😀 x";
const masker = createMasker([{ name: "stripe", value: VALUE }]);
const b64 = (s: string) => Buffer.from(s).toString("base64");
const b64url = (s: string) => Buffer.from(s).toString("base64url");
const html = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

describe("createMasker: every encoding of a value", () => {
  it.each([
    ["raw", VALUE],
    ["base64", b64(VALUE)],
    ["base64 padded", Buffer.from(`${VALUE}x`).toString("base64")],
    ["base64url", b64url(VALUE)],
    ["percent (encodeURIComponent)", encodeURIComponent(VALUE)],
    ["percent, lower-case hex", encodeURIComponent(VALUE).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
    [
      "percent, RFC 3986 strict",
      encodeURIComponent(VALUE).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    ],
    ["form encoding (+ for space)", new URLSearchParams({ v: VALUE }).toString().slice(2)],
    ["JSON.stringify", JSON.stringify(VALUE)],
    [
      "JSON with \\u escapes (lower)",
      JSON.stringify(VALUE).replace(
        /[\u0080-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
      ),
    ],
    [
      "JSON with \\u escapes (upper)",
      JSON.stringify(VALUE).replace(
        /[\u0080-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
      ),
    ],
    ["JSON with \\/", JSON.stringify(VALUE).replaceAll("/", "\\/")],
    ["HTML minimal", html(VALUE)],
    ["HTML with &quot; &#39;", html(VALUE).replaceAll('"', "&quot;").replaceAll("'", "&#39;")],
    ["HTML with &quot; &#x27;", html(VALUE).replaceAll('"', "&quot;").replaceAll("'", "&#x27;")],
    ["XML with &quot; &apos;", html(VALUE).replaceAll('"', "&quot;").replaceAll("'", "&apos;")],
    ["hex lower", Buffer.from(VALUE).toString("hex")],
    ["hex upper", Buffer.from(VALUE).toString("hex").toUpperCase()],
  ])("masks the %s form", (_, encoded) => {
    const out = masker.mask(`before ${encoded} after`);
    expect(out).toMatch(/^before .*\[masked:stripe\].* after$/);
    expect(out).not.toContain(encoded);
  });

  it.each([0, 1, 2])(
    "masks base64 inside longer base64 at byte alignment %i, text before and after",
    (align) => {
      const prefix = "user:".slice(0, 3 + align);
      for (const encode of [b64, b64url]) {
        const encoded = encode(`${prefix}${VALUE}:appended-after`);
        const out = masker.mask(`Authorization: Basic ${encoded}`);
        expect(out).toContain("[masked:stripe]");
        expect(out).not.toContain(encode(VALUE).slice(2, -2));
      }
    },
  );

  it("masks each line of a multi-line value, and the value whole", () => {
    const pem =
      "-----BEGIN KEY-----\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8\nAgEAAkEAq7BFUpkGp3+XQ\n-----END KEY-----";
    const m = createMasker([{ name: "pem", value: pem }]);
    expect(m.mask(`key: ${pem}.`)).toBe("key: [masked:pem].");
    expect(m.mask("line2: MIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8 end")).toBe("line2: [masked:pem] end");
    expect(m.mask(JSON.stringify({ pem }))).toBe('{"pem":"[masked:pem]"}');
  });

  it("masks a very short value raw, but not its too-short derived forms", () => {
    const m = createMasker([
      { name: "pin", value: "4821" },
      { name: "x", value: "q" },
    ]);
    expect(m.mask("pin=4821 q")).toBe("pin=[masked:pin] [masked:x]");
    expect(m.mask("qq")).toBe("[masked:x]");
    // base64("4821") core is "NDgy" (4 chars < MIN_VARIANT_LENGTH): masking it would shred logs.
    expect(secretVariants("4821").every((v) => v === "4821" || v.length >= MIN_VARIANT_LENGTH)).toBe(true);
    expect(m.mask("NDgy")).toBe("NDgy");
    expect(m.mask("34383231")).toBe("[masked:pin]"); // hex is long enough
  });
});

describe("createMasker: ranges, names and identity", () => {
  it("merges overlapping and adjacent matches of different secrets, named after the earliest", () => {
    const m = createMasker([
      { name: "a", value: "alpha-secret-1" },
      { name: "b", value: "secret-1-beta" },
      { name: "c", value: "gamma-value-9" },
    ]);
    expect(m.mask("x alpha-secret-1-beta y")).toBe("x [masked:a] y");
    expect(m.mask("x alpha-secret-1gamma-value-9 y")).toBe("x [masked:a] y");
    expect(m.mask("x gamma-value-9 alpha-secret-1 y")).toBe("x [masked:c] [masked:a] y");
  });

  it("names a range after the longest match at its start", () => {
    const m = createMasker([
      { name: "short", value: "token-abc" },
      { name: "long", value: "token-abcdef" },
    ]);
    expect(m.mask("=token-abcdef=")).toBe("=[masked:long]=");
  });

  it("returns text without any value unchanged, and handles no secrets", () => {
    const text = "nothing to see here: alpha secret 1";
    expect(createMasker([{ name: "a", value: "alpha-secret-1" }]).mask(text)).toBe(text);
    expect(createMasker([]).mask(text)).toBe(text);
    expect(createMasker([{ name: "empty", value: "" }]).mask(text)).toBe(text);
  });

  it("masks a value held under two names as the first name", () => {
    const m = createMasker([
      { name: "first", value: "same-value-1" },
      { name: "second", value: "same-value-1" },
    ]);
    expect(m.mask("same-value-1")).toBe("[masked:first]");
  });

  it("treats regular-expression metacharacters literally", () => {
    const value = ".*+?^$" + "{}()|[]\\";
    const m = createMasker([{ name: "re", value }]);
    expect(m.mask(`a${value}b abc`)).toBe("a[masked:re]b abc");
  });

  it("caches the build by the set of values, whatever the names and order", () => {
    const one = cachedMatcher(["value-one-1", "value-two-2"]);
    expect(cachedMatcher(["value-one-1", "value-two-2"])).toBe(one);
    createMasker([
      { name: "z", value: "value-two-2" },
      { name: "y", value: "value-one-1" },
    ]);
    expect(cachedMatcher(["value-one-1", "value-two-2"])).toBe(one);
    expect(cachedMatcher(["value-one-1"])).not.toBe(one);
  });
});

describe("createStream", () => {
  const m = createMasker([
    { name: "k", value: "stream-secret-value" },
    { name: "s", value: "ab" },
  ]);
  const text = `start stream-secret-value mid ${b64("u:stream-secret-value")} ab end`;

  it.each([1, 2, 3, 7, 64, 1000])(
    "masks values split across %i-character chunks exactly like mask",
    async (size) => {
      expect(await streamMask(m.createStream(), text, [size])).toBe(m.mask(text));
    },
  );

  it("holds back no more than maxEncodedLength minus one character", async () => {
    const longest = m.maxEncodedLength;
    const stream = m.createStream();
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    const clean = "x".repeat(longest + 200);
    let received = 0;
    for (let i = 0; i < clean.length; i++) {
      void writer.write(clean[i] as string);
      if (i + 1 >= longest) {
        const { value } = await reader.read();
        received += value?.length ?? 0;
        expect(i + 1 - received).toBeLessThanOrEqual(longest - 1);
      }
    }
    void writer.close();
    const rest = await reader.read();
    expect(received + (rest.value?.length ?? 0)).toBe(clean.length);
  });
});

describe("maxEncodedLength", () => {
  it("covers the longest whole form and 16 characters per character of the longest value", () => {
    // hex of the UTF-16 bytes of "€€" (ac20ac20) is 8 characters; 16 × 2 characters + 16 is wider.
    expect(createMasker([{ name: "euro", value: "€€" }]).maxEncodedLength).toBe(48);
    const long = "x".repeat(100);
    const longestForm = Math.max(...secretVariants(long).map((v) => v.length));
    expect(createMasker([{ name: "x", value: long }]).maxEncodedLength).toBe(
      Math.max(longestForm, 1600) + 16,
    );
    expect(createMasker([]).maxEncodedLength).toBe(0);
  });

  it("refuses a value over 16 KiB of UTF-8 with an error naming the secret and the limit, never the value", () => {
    const value = "é".repeat(8 * 1024 + 1);
    expect(() => createMasker([{ name: "too_big", value }])).toThrow(
      /secret "too_big" is larger than 16 KiB \(16384 bytes of UTF-8\)/,
    );
    expect(() => createMasker([{ name: "fits", value: "é".repeat(8 * 1024) }])).not.toThrow();
  });
});
