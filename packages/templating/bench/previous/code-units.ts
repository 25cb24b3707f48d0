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
