import { type BlockGate, blockKeyAt, GATE_MULTIPLIER } from "./block-keys";
import { WINDOW_LENGTH } from "./windows";

/**
 * Every 12-character piece of text holds exactly one block (4 characters) ending at a sampled
 * position: positions 11, 20, 29, … (a stride of 12 − 4 + 1). So sampling one block in 9 finds every
 * occurrence of every window and of the first 12 characters of every whole form, at a fixed cost
 * per character whatever the secrets are.
 */
export const SAMPLE_STRIDE = WINDOW_LENGTH - 3;
const FIRST_SAMPLE = WINDOW_LENGTH - 1;

const SAMPLES_PER_CHUNK = 2048;
const CHUNK = SAMPLES_PER_CHUNK * SAMPLE_STRIDE;
/** Shorter stretches are read with charCodeAt: the byte view costs a call to set up. */
const MIN_BYTE_VIEW = 256;

/** Characters copied around a chunk beyond the blocks it samples, for `keyNear`. */
const BEFORE = WINDOW_LENGTH - 1;
const AFTER = 8;

// Reused across calls: a scan never re-enters itself (visitors only verify).
const bytes = new Uint8Array(BEFORE + CHUNK + AFTER);
const view = new DataView(bytes.buffer);
const utf8 = new TextEncoder();
const ends = new Int32Array(SAMPLES_PER_CHUNK);
const keys = new Int32Array(SAMPLES_PER_CHUNK);
/** The stretch [copiedFrom, copiedTo) of the text being sampled that `bytes` holds (empty: none). */
let copiedFrom = 0;
let copiedTo = 0;

/**
 * The key of the block of `text` ending at `end`, 0 when it is not inside the text (no block's key
 * is 0: its bit 5 is always set). For a visitor of `forEachGatedBlock`: within 11 characters
 * before the visited block and 8 after, an ASCII chunk's key is one load from the byte view.
 */
export function keyNear(text: string, end: number): number {
  if (end < 3 || end >= text.length) return 0;
  if (end - 3 >= copiedFrom && end < copiedTo) return view.getInt32(end - 3 - copiedFrom, true) | 0x20202020;
  return blockKeyAt(text, end);
}

/**
 * Calls `visit(end, key)` for every sampled block of `text` the gate lets through, in increasing
 * `end` order. Text is read a chunk at a time: an ASCII chunk is copied into a byte view
 * (TextEncoder.encodeInto; its UTF-8 is its code units) and each block is one 32-bit load; any other
 * chunk is read with charCodeAt. Both give the same key (block-keys.ts). The gate test is
 * branch-free: passing blocks are collected, then visited.
 */
export function forEachGatedBlock(
  text: string,
  gate: BlockGate,
  visit: (end: number, key: number) => void,
): void {
  const n = text.length;
  const { words, wordShift } = gate;
  // Locals, not module bindings, in the loops: measured faster.
  const byteView = view;
  const blockEnds = ends;
  const blockKeys = keys;
  for (let start = FIRST_SAMPLE; start < n; start += CHUNK) {
    const stop = Math.min(n, start + CHUNK);
    let count = 0;
    copiedTo = 0;
    if (stop - start >= MIN_BYTE_VIEW && isAsciiCopied(text, start - BEFORE, Math.min(n, stop + AFTER))) {
      const base = start - BEFORE;
      for (let i = start; i < stop; i += SAMPLE_STRIDE) {
        const key = byteView.getInt32(i - 3 - base, true) | 0x20202020;
        const x = Math.imul(key ^ (key >>> 16), GATE_MULTIPLIER);
        const bits = (1 << ((x >>> 3) & 31)) | (1 << ((x >>> 8) & 31));
        blockEnds[count] = i;
        blockKeys[count] = key;
        count += ((words[x >>> wordShift] as number) & bits) === bits ? 1 : 0;
      }
    } else {
      for (let i = start; i < stop; i += SAMPLE_STRIDE) {
        const key = blockKeyAt(text, i);
        const x = Math.imul(key ^ (key >>> 16), GATE_MULTIPLIER);
        const bits = (1 << ((x >>> 3) & 31)) | (1 << ((x >>> 8) & 31));
        blockEnds[count] = i;
        blockKeys[count] = key;
        count += ((words[x >>> wordShift] as number) & bits) === bits ? 1 : 0;
      }
    }
    for (let c = 0; c < count; c++) visit(blockEnds[c] as number, blockKeys[c] as number);
  }
  copiedTo = 0;
}

/** Copies text[from, to) into `bytes` when it is all ASCII (one UTF-8 byte per code unit). */
function isAsciiCopied(text: string, from: number, to: number): boolean {
  const length = to - from;
  const { read, written } = utf8.encodeInto(text.slice(from, to), bytes);
  if (read !== length || written !== length) return false;
  copiedFrom = from;
  copiedTo = to;
  return true;
}
