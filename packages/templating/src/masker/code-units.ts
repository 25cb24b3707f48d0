/**
 * Builds short strings from UTF-16 code units. Building a few thousand encoded variants one `+=`
 * at a time produced enough garbage to dominate the matcher's build time; a reused plain array
 * handed to String.fromCharCode.apply is several times faster than strings or typed arrays.
 */
export class CodeUnits {
  private readonly units: number[] = [];

  reset(): this {
    this.units.length = 0;
    return this;
  }

  push(code: number): void {
    this.units.push(code);
  }

  /** Appends an ASCII string (escape sequences, entities). */
  pushAscii(text: string): void {
    for (let i = 0; i < text.length; i++) this.units.push(text.charCodeAt(i));
  }

  toString(): string {
    const { units } = this;
    if (units.length <= 8192) return String.fromCharCode.apply(null, units);
    let out = "";
    for (let i = 0; i < units.length; i += 8192)
      out += String.fromCharCode.apply(null, units.slice(i, i + 8192));
    return out;
  }
}

export const HEX_UPPER = "0123456789ABCDEF";
export const HEX_LOWER = "0123456789abcdef";

/** Whether two code units are equal, ASCII letters in either case. */
export function foldEqual(a: number, b: number): boolean {
  if (a === b) return true;
  const lower = a | 32;
  return lower === (b | 32) && lower >= 97 && lower <= 122;
}

/** Whether `text` holds `pattern` at `start`, ASCII letters compared in either case. */
export function foldedAt(text: string, start: number, pattern: string): boolean {
  if (start + pattern.length > text.length) return false;
  for (let k = 0; k < pattern.length; k++) {
    if (!foldEqual(text.charCodeAt(start + k), pattern.charCodeAt(k))) return false;
  }
  return true;
}
