import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN_VARIANT_LENGTH, secretVariants } from "./encodings";
import { createMasker } from "./masker";
import { naiveMask, streamMask } from "./testing/oracle";

// Property tests: ≥ 10,000 generated cases in total (numRuns per property below).
const SENTINEL = "\uffff"; // never generated: stands in for a marker when looking for leftovers
const noSentinel = (s: string) => !s.includes(SENTINEL);
const META = [..."\\^$.|?*+()[]{}/=&<>\"'%\n\r\t :;,#@!~-_"];

const value = fc
  .oneof(
    { weight: 5, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }) },
    {
      weight: 5,
      arbitrary: fc.string({
        unit: fc.oneof(
          fc.constantFrom(...META),
          fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
        ),
        minLength: 1,
        maxLength: 48,
      }),
    },
    { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 24 }) },
    // Long values (up to 4 KiB) are rarer: each one plants tens of kilobytes of encodings.
    { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 200, maxLength: 4096 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 60, maxLength: 600 }) },
  )
  .filter(noSentinel);
const filler = fc.string({ unit: "grapheme", maxLength: 30 }).filter(noSentinel);
const secrets = fc
  .uniqueArray(value, { minLength: 1, maxLength: 3 })
  .map((values) => values.map((v, i) => ({ name: `s${i}`, value: v })));

const utf8 = (s: string) => Buffer.from(s, "utf8");
const html = (s: string) =>
  s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
const asciiJson = (s: string) =>
  JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** One planted form of a value, computed with platform encoders, and the part of it that must not survive. */
interface Planted {
  text: string;
  mustVanish: string[];
  /** Must vanish from the output once its line breaks are removed. */
  joined?: string[];
}

const long = (s: string) => (s.length >= MIN_VARIANT_LENGTH ? [s] : []);

/** base64 of prefix + value + suffix; the characters determined by the value alone must vanish. */
function plantBase64(v: string, prefix: string, suffix: string, url: boolean): Planted {
  const [p, n] = [utf8(prefix).length, utf8(v).length];
  const text = Buffer.concat([utf8(prefix), utf8(v), utf8(suffix)]).toString(url ? "base64url" : "base64");
  return { text, mustVanish: long(text.slice(Math.ceil((8 * p) / 6), Math.floor((8 * (p + n)) / 6))) };
}

const ENCODINGS = [
  "raw",
  "percent-twice",
  "percent-every-byte",
  "html-numeric",
  "json-nested",
  "mime",
  "case",
  "truncated",
  "utf16-hex",
  "nfd",
  "base64",
  "base64url",
  "percent",
  "form",
  "json",
  "json-ascii",
  "html",
  "hex",
  "HEX",
] as const;

function plant(v: string, encoding: (typeof ENCODINGS)[number], prefix: string, suffix: string): Planted {
  const whole = (text: string): Planted => ({ text, mustVanish: text === v ? [v] : long(text) });
  switch (encoding) {
    case "raw": {
      const lines = v.split(/\r\n|\r|\n/);
      return { text: v, mustVanish: [v, ...(lines.length > 1 ? lines.flatMap(long) : [])] };
    }
    case "percent-twice":
      return whole(encodeURIComponent(encodeURIComponent(v)));
    case "percent-every-byte":
      return whole([...utf8(v)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""));
    case "html-numeric":
      return whole(v.replace(/[^A-Za-z0-9]/gu, (c) => `&#${c.codePointAt(0)};`));
    case "json-nested":
      return whole(JSON.stringify(JSON.stringify(v)).slice(3, -3));
    case "mime": {
      // Wrapped at 20 columns so that short values are cut too; the joined core must vanish.
      const { text, mustVanish } = plantBase64(v, prefix, suffix, false);
      return { text: text.replace(/.{20}/g, "$&\r\n"), mustVanish: [], joined: mustVanish };
    }
    case "case": {
      // ASCII letters only: a case change of other letters is not folded (README).
      const changed = v.length >= 12 ? v.replace(/[a-z]/g, (c) => c.toUpperCase()) : v;
      return { text: changed, mustVanish: [changed] };
    }
    case "truncated":
      return { text: v.slice(0, -3), mustVanish: [] };
    case "utf16-hex":
      return whole(Buffer.from(v, "utf16le").toString("hex"));
    case "nfd":
      return whole(v.normalize("NFD"));
    case "base64":
      return plantBase64(v, prefix, suffix, false);
    case "base64url":
      return plantBase64(v, prefix, suffix, true);
    case "percent":
      return whole(encodeURIComponent(v));
    case "form":
      return whole(new URLSearchParams({ v }).toString().slice(2));
    case "json":
      return whole(JSON.stringify(v).slice(1, -1));
    case "json-ascii":
      return whole(asciiJson(v).slice(1, -1));
    case "html":
      return whole(html(v));
    case "hex":
      return whole(utf8(v).toString("hex"));
    case "HEX":
      return whole(utf8(v).toString("hex").toUpperCase());
  }
}

const plantings = fc.array(
  fc.record({
    secret: fc.nat(),
    encoding: fc.constantFrom(...ENCODINGS),
    before: filler,
    prefix: fc.string({ unit: "grapheme-ascii", maxLength: 5 }),
    suffix: fc.string({ unit: "grapheme-ascii", maxLength: 5 }),
  }),
  { minLength: 1, maxLength: 6 },
);
const chunkSizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 });

/** Chunk sizes for a text: as generated for short texts, scaled up so long ones stay fast. */
const scaled = (sizes: number[], length: number) =>
  sizes.map((s) => s * Math.max(1, Math.ceil(length / 2000)));

describe("masker properties", () => {
  it("leaves no planted form of any value, in any chunking, and agrees with the naive masker", async () => {
    await fc.assert(
      fc.asyncProperty(secrets, plantings, filler, chunkSizes, async (list, plans, tail, sizes) => {
        const masker = createMasker(list);
        let text = "";
        const mustVanish: string[] = [];
        const mustVanishJoined: string[] = [];
        for (const plan of plans) {
          const { value: v } = list[plan.secret % list.length] as { value: string };
          const planted = plant(v, plan.encoding, plan.prefix, plan.suffix);
          text += plan.before + planted.text;
          mustVanish.push(...planted.mustVanish);
          mustVanishJoined.push(...(planted.joined ?? []));
        }
        text += tail;
        const masked = masker.mask(text);
        const leftovers = masked.replace(/\[masked:s\d\]/g, SENTINEL);
        for (const form of mustVanish) expect(leftovers).not.toContain(form);
        const joined = leftovers.replace(/\r\n/g, "");
        for (const form of mustVanishJoined) expect(joined).not.toContain(form);
        expect(masked).toBe(naiveMask(list, text));
        expect(await streamMask(masker.createStream(), text, scaled(sizes, text.length))).toBe(masked);
      }),
      { numRuns: 1500 },
    );
  }, 120_000);

  it("returns text containing no value unchanged, whole or streamed", async () => {
    await fc.assert(
      fc.asyncProperty(
        secrets,
        fc.string({ unit: "grapheme", maxLength: 300 }),
        chunkSizes,
        async (list, text, sizes) => {
          fc.pre(naiveMask(list, text) === text);
          const masker = createMasker(list);
          expect(masker.mask(text)).toBe(text);
          expect(await streamMask(masker.createStream(), text, sizes)).toBe(text);
        },
      ),
      { numRuns: 3000 },
    );
  }, 60_000);

  it("merges dense overlapping matches exactly like the naive masker, whole and streamed", async () => {
    const tiny = fc.string({ unit: fc.constantFrom("a", "b", "c"), minLength: 1, maxLength: 7 });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(tiny, { minLength: 1, maxLength: 4 }),
        fc.string({ unit: fc.constantFrom("a", "b", "c", "d"), maxLength: 80 }),
        chunkSizes,
        async (values, text, sizes) => {
          const list = values.map((v, i) => ({ name: `t${i}`, value: v }));
          const masker = createMasker(list);
          const masked = masker.mask(text);
          expect(masked).toBe(naiveMask(list, text));
          expect(await streamMask(masker.createStream(), text, sizes)).toBe(masked);
        },
      ),
      { numRuns: 5500 },
    );
  }, 60_000);

  it("reports a maxEncodedLength no whole form of any value exceeds", () => {
    fc.assert(
      fc.property(secrets, (list) => {
        const reported = createMasker(list).maxEncodedLength;
        for (const { value: v } of list) {
          for (const form of secretVariants(v)) expect(reported).toBeGreaterThanOrEqual(form.length);
          expect(reported).toBeGreaterThanOrEqual(16 * v.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
