import type { QuickJSContext } from "quickjs-emscripten-core";

/**
 * The web-standard basics a script expects: `atob`/`btoa`, `TextEncoder`/`TextDecoder` (UTF-8),
 * `URL` and `URLSearchParams`. Parsing and serialising URLs and query strings is done by the
 * host's own WHATWG implementation (strings in, JSON out), so the sandbox behaves exactly like a
 * browser or Worker; the classes scripts see are small wrappers defined inside the VM. No host
 * object ever enters the VM: only strings cross.
 */
export function installWebGlobals(context: QuickJSContext): void {
  const helpers: Record<string, (...args: string[]) => string> = {
    __atob: (text) => atob(text),
    __btoa: (text) => btoa(text),
    __urlParse: (input, base, hasBase) => urlParts(hasBase === "1" ? new URL(input, base) : new URL(input)),
    __urlSet: (href, property, value) => {
      const url = new URL(href);
      (url as unknown as Record<string, string>)[property] = value;
      return urlParts(url);
    },
    __queryParse: (query) => JSON.stringify([...new URLSearchParams(query)]),
    __queryFormat: (pairs) => new URLSearchParams(JSON.parse(pairs) as [string, string][]).toString(),
  };
  for (const [name, helper] of Object.entries(helpers)) {
    // Strings cross the boundary as C strings, which end at a NUL: arguments and results travel as
    // JSON text (which escapes NUL), results as `{ ok }` or `{ error }`.
    const fn = context.newFunction(name, (argsJson) => {
      let reply: string;
      try {
        const args = JSON.parse(context.getString(argsJson)) as string[];
        reply = JSON.stringify({ ok: helper(...args) });
      } catch (error) {
        reply = JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
      }
      return context.newString(reply);
    });
    context.setProp(context.global, name, fn);
    fn.dispose();
  }
  context.unwrapResult(context.evalCode(WEB_PRELUDE, "web-globals.js")).dispose();
}

const URL_PARTS = [
  "href",
  "origin",
  "protocol",
  "username",
  "password",
  "host",
  "hostname",
  "port",
  "pathname",
  "search",
  "hash",
] as const;

function urlParts(url: URL): string {
  return JSON.stringify(Object.fromEntries(URL_PARTS.map((part) => [part, url[part]])));
}

const WEB_PRELUDE = `(() => {
  const raw = {};
  for (const name of ["__atob", "__btoa", "__urlParse", "__urlSet", "__queryParse", "__queryFormat"]) {
    raw[name] = globalThis[name];
    delete globalThis[name];
  }
  const call = (name, ErrorType, ...args) => {
    const reply = JSON.parse(raw[name](JSON.stringify(args)));
    if ("error" in reply) throw new ErrorType(reply.error);
    return reply.ok;
  };
  const host = {
    __atob: (s) => call("__atob", DOMException, s),
    __btoa: (s) => call("__btoa", DOMException, s),
    __urlParse: (input, base, hasBase) => call("__urlParse", TypeError, input, base, hasBase),
    __urlSet: (href, part, value) => call("__urlSet", TypeError, href, part, value),
    __queryParse: (q) => call("__queryParse", TypeError, q),
    __queryFormat: (pairs) => call("__queryFormat", TypeError, pairs),
  };
  const unwrap = (text) => text;
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  define("atob", (data) => unwrap(host.__atob(String(data)), DOMException));
  define("btoa", (data) => unwrap(host.__btoa(String(data)), DOMException));

  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(input = "") {
      const text = String(input);
      const out = [];
      for (let i = 0; i < text.length; i++) {
        let c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
          const d = text.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
          else c = 0xfffd;
        } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return new Uint8Array(out);
    }
  }

  class TextDecoder {
    constructor(label = "utf-8", options = {}) {
      const name = String(label).trim().toLowerCase();
      if (name !== "utf-8" && name !== "utf8" && name !== "unicode-1-1-utf-8") {
        throw new RangeError('TextDecoder supports only "utf-8" in scripts');
      }
      this.fatal = Boolean(options.fatal);
      this.ignoreBOM = Boolean(options.ignoreBOM);
    }
    get encoding() { return "utf-8"; }
    decode(input) {
      if (input === undefined) return "";
      const bytes = input instanceof Uint8Array ? input
        : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
        : new Uint8Array(input);
      let out = "";
      let i = 0;
      if (!this.ignoreBOM && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
      const bad = () => { if (this.fatal) throw new TypeError("The encoded data was not valid utf-8"); out += "\\ufffd"; };
      while (i < bytes.length) {
        const b = bytes[i];
        const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
        if (need < 0) { bad(); i++; continue; }
        if (need === 0) { out += String.fromCharCode(b); i++; continue; }
        let c = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
        const lower = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
        const upper = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
        let k = 1;
        for (; k <= need; k++) {
          const n = bytes[i + k];
          if (n === undefined || n < (k === 1 ? lower : 0x80) || n > (k === 1 ? upper : 0xbf)) break;
          c = (c << 6) | (n & 63);
        }
        if (k <= need) { bad(); i += k; continue; }
        out += String.fromCodePoint(c);
        i += need + 1;
      }
      return out;
    }
  }

  const LIST = Symbol("list");
  const OWNER = Symbol("owner");
  class URLSearchParams {
    constructor(init = "") {
      this[LIST] = [];
      if (init instanceof URLSearchParams) this[LIST] = init[LIST].map((p) => p.slice());
      else if (typeof init === "object" && init !== null) {
        const pairs = typeof init[Symbol.iterator] === "function" ? [...init] : Object.entries(init);
        for (const pair of pairs) {
          const list = [...pair];
          if (list.length !== 2) throw new TypeError("each query pair needs exactly a name and a value");
          this[LIST].push([String(list[0]), String(list[1])]);
        }
      } else {
        const text = String(init);
        this[LIST] = JSON.parse(host.__queryParse(text.startsWith("?") ? text.slice(1) : text));
      }
    }
    get size() { return this[LIST].length; }
    append(name, value) { this[LIST].push([String(name), String(value)]); this._changed(); }
    delete(name, value) {
      this[LIST] = this[LIST].filter(([n, v]) => n !== String(name) || (value !== undefined && v !== String(value)));
      this._changed();
    }
    get(name) { const found = this[LIST].find(([n]) => n === String(name)); return found ? found[1] : null; }
    getAll(name) { return this[LIST].filter(([n]) => n === String(name)).map(([, v]) => v); }
    has(name, value) { return this[LIST].some(([n, v]) => n === String(name) && (value === undefined || v === String(value))); }
    set(name, value) {
      const key = String(name);
      const at = this[LIST].findIndex(([n]) => n === key);
      if (at < 0) this[LIST].push([key, String(value)]);
      else this[LIST] = this[LIST].filter(([n], i) => n !== key || i === at).map((p, i) => (i === at ? [key, String(value)] : p));
      this._changed();
    }
    sort() {
      this[LIST] = this[LIST].map((p, i) => [p, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map(([p]) => p);
      this._changed();
    }
    forEach(callback, thisArg) { for (const [n, v] of this[LIST]) callback.call(thisArg, v, n, this); }
    keys() { return this[LIST].map(([n]) => n)[Symbol.iterator](); }
    values() { return this[LIST].map(([, v]) => v)[Symbol.iterator](); }
    entries() { return this[LIST].map((p) => p.slice())[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return host.__queryFormat(JSON.stringify(this[LIST])); }
    _changed() {
      const url = this[OWNER];
      if (url) { const query = this.toString(); url._apply(JSON.parse(unwrap(host.__urlSet(url.href, "search", query), TypeError)), false); }
    }
  }
  Object.defineProperty(URLSearchParams.prototype, "_changed", { enumerable: false });

  const PARTS = ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"];
  class URL {
    constructor(input, base) {
      const parts = base === undefined
        ? host.__urlParse(String(input), "", "")
        : host.__urlParse(String(input), String(base), "1");
      this._apply(JSON.parse(unwrap(parts, TypeError)), true);
    }
    _apply(parts, fresh) {
      this._parts = parts;
      if (fresh || !this._search) {
        this._search = new URLSearchParams(parts.search);
        this._search[OWNER] = this;
      } else {
        this._search[LIST] = new URLSearchParams(parts.search)[LIST];
      }
    }
    get searchParams() { return this._search; }
    toString() { return this._parts.href; }
    toJSON() { return this._parts.href; }
    static canParse(input, base) { try { new URL(input, base); return true; } catch { return false; } }
    static parse(input, base) { try { return new URL(input, base); } catch { return null; } }
  }
  for (const part of PARTS) {
    Object.defineProperty(URL.prototype, part, {
      get() { return this._parts[part]; },
      set(value) {
        if (part === "origin") return;
        this._apply(JSON.parse(unwrap(host.__urlSet(this._parts.href, part, String(value)), TypeError)), false);
      },
      enumerable: true,
    });
  }
  for (const name of ["_apply"]) Object.defineProperty(URL.prototype, name, { enumerable: false });

  class DOMException extends Error {
    constructor(message = "", name = "InvalidCharacterError") { super(message); this.name = name; }
  }
  define("DOMException", DOMException);
  define("TextEncoder", TextEncoder);
  define("TextDecoder", TextDecoder);
  define("URL", URL);
  define("URLSearchParams", URLSearchParams);
})()`;
