import { describe, expect, it } from "vitest";
import { createMasker } from "./masker";
import { naiveMask, streamMask } from "./testing/oracle";

// The block sampler reads ASCII text in chunks of 2,048 samples × 9 characters through a byte view,
// and any other chunk with charCodeAt: occurrences across chunk edges, in either kind of chunk, and
// next to a chunk that switches kind must all be found like the naive masker finds them.
const CHUNK = 2048 * 9;
const TOKEN = "ghp_Zx81Qp02Lm93Nk74Tb65Vc47Wd38";
const OTHER = "xoxb-4821-Qm7Rt2Kp9Ls4Wn6Vb1Xc3Z";

function filler(length: number, seed: number): string {
  const words = ["status", "GET", "/api/v1/items", "ok", "200", "latency", "user=anon", "-", "retry"];
  let out = "";
  for (let i = seed; out.length < length; i++) out += `${words[(i * 7) % words.length]} `;
  return out.slice(0, length);
}

/** Plants `piece` so it starts `shift` characters before chunk edges `first`, `first + 1`, … */
function plantAtEdges(base: string, piece: string, shifts: number[], first = 1): string {
  let text = base;
  for (const [k, shift] of shifts.entries()) {
    const at = 11 + (first + k) * CHUNK - shift;
    text = text.slice(0, at) + piece + text.slice(at + piece.length);
  }
  return text;
}

describe("block index: sampled scan over byte-view and charCodeAt chunks", () => {
  const masker = createMasker([
    { name: "gh", value: TOKEN },
    { name: "slack", value: OTHER },
  ]);
  const list = [
    { name: "gh", value: TOKEN },
    { name: "slack", value: OTHER },
  ];
  const shifts = [0, 1, 3, 4, 8, 9, 12, 20, 31, 32];

  it("finds whole values and pieces across chunk edges in ASCII text", () => {
    let text = filler(12 * CHUNK, 1);
    text = plantAtEdges(text, ` ${TOKEN} `, shifts.slice(0, 5));
    text = plantAtEdges(text, ` key=${OTHER.slice(3, 20)}… `, shifts.slice(5), 6);
    const masked = masker.mask(text);
    expect(masked).toBe(naiveMask(list, text));
    expect(masked.split("[masked:gh]").length - 1).toBe(5);
    expect(masked.split("[masked:slack]").length - 1).toBe(5);
  });

  it("finds a 12-character piece whose one sampled block is any of the 9, at every chunk edge", () => {
    // A piece of exactly one window holds exactly one sampled block: shifts 0–21 put that block at
    // the first or last samples of a chunk.
    const piece = TOKEN.slice(5, 17);
    const shiftsAll = Array.from({ length: 22 }, (_, k) => k);
    const text = plantAtEdges(filler(24 * CHUNK, 3), ` ${piece} `, shiftsAll);
    const masked = masker.mask(text);
    expect(masked).toBe(naiveMask(list, text));
    expect(masked.split("[masked:gh]").length - 1).toBe(shiftsAll.length);
  });

  it("finds them in chunks with non-ASCII text and next to them", async () => {
    let text = filler(8 * CHUNK, 2);
    // Non-ASCII in chunks 2 and 5 only: their neighbours stay byte views.
    text = `${text.slice(0, 2 * CHUNK + 100)}é→😀${text.slice(2 * CHUNK + 104)}`;
    text = `${text.slice(0, 5 * CHUNK + 5000)}Ω${text.slice(5 * CHUNK + 5001)}`;
    text = plantAtEdges(text, `“${TOKEN.toUpperCase()}” ${OTHER.slice(0, 14)}`, [2, 5, 9, 14, 30, 33, 40]);
    const masked = masker.mask(text);
    expect(masked).toBe(naiveMask(list, text));
    expect(masked).not.toContain(TOKEN.toUpperCase());
    expect(await streamMask(masker.createStream(), text, [65_536, 4_099, 18_431])).toBe(masked);
  });
});
