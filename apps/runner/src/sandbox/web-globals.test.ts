import { describe, expect, it } from "vitest";
import { runScript } from "./quickjs";

const limits = { timeoutMs: 2000, memoryBytes: 32 * 1024 * 1024 };
const run = async (code: string) => {
  const out = await runScript(code, {}, {}, limits, (t) => t);
  if (!out.ok) throw new Error(`script failed: ${out.message}`);
  return out.value;
};
const fails = async (code: string) => {
  const out = await runScript(code, {}, {}, limits, (t) => t);
  if (out.ok) throw new Error("expected the script to throw");
  return out.message;
};

describe("web-standard globals in the script sandbox", () => {
  it("atob and btoa round-trip like the platform's, and refuse what the platform refuses", async () => {
    expect(
      await run("return [btoa('user:pass'), atob('dXNlcjpwYXNz'), atob(btoa('\\u00ff\\u0000x'))]"),
    ).toEqual([btoa("user:pass"), "user:pass", "\u00ff\u0000x"]);
    expect(await fails("btoa('€')")).toMatch(/DOMException|InvalidCharacterError|Error/);
    expect(await fails("atob('***')")).toMatch(/Error/);
  });

  it("TextEncoder and TextDecoder encode and decode UTF-8 as the platform does", async () => {
    const text = "héllo 😀 \u2028 z";
    const value = (await run(`
      const bytes = new TextEncoder().encode(${JSON.stringify(text)});
      return { bytes: [...bytes], back: new TextDecoder().decode(bytes), enc: new TextEncoder().encoding,
        bad: new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0xe2, 0x82, 0x62])) };
    `)) as { bytes: number[]; back: string; enc: string; bad: string };
    expect(value.bytes).toEqual([...new TextEncoder().encode(text)]);
    expect(value.back).toBe(text);
    expect(value.enc).toBe("utf-8");
    expect(value.bad).toBe(new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0xe2, 0x82, 0x62])));
    expect(await fails("new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff]))")).toMatch(
      /TypeError/,
    );
  });

  it("URL parses, resolves, exposes its parts and stays in step with searchParams", async () => {
    const value = await run(`
      const u = new URL("../v2/items?b=2&a=1#top", "https://api.example.com/v1/x/y");
      u.searchParams.append("q", "a b&c");
      u.searchParams.sort();
      const parts = { href: u.href, host: u.host, pathname: u.pathname, search: u.search, hash: u.hash, origin: u.origin };
      u.pathname = "/other path";
      return { parts, after: u.toString(), json: JSON.stringify({ u }), can: [URL.canParse("nope"), URL.canParse("https://x.test")] };
    `);
    const u = new URL("../v2/items?b=2&a=1#top", "https://api.example.com/v1/x/y");
    u.searchParams.append("q", "a b&c");
    u.searchParams.sort();
    const parts = {
      href: u.href,
      host: u.host,
      pathname: u.pathname,
      search: u.search,
      hash: u.hash,
      origin: u.origin,
    };
    u.pathname = "/other path";
    expect(value).toEqual({ parts, after: u.toString(), json: JSON.stringify({ u }), can: [false, true] });
    expect(await fails("new URL('not a url')")).toMatch(/TypeError/);
  });

  it("URLSearchParams builds and reads query strings like the platform", async () => {
    const value = await run(`
      const p = new URLSearchParams("?a=1&b=x+y&a=2&c=%F0%9F%98%80");
      const q = new URLSearchParams({ sig: "a+b/c=", t: "1 2" });
      q.set("t", "3");
      return { a: p.getAll("a"), b: p.get("b"), c: p.get("c"), has: p.has("z"), size: p.size, q: q.toString(), list: [...p] };
    `);
    const p = new URLSearchParams("?a=1&b=x+y&a=2&c=%F0%9F%98%80");
    const q = new URLSearchParams({ sig: "a+b/c=", t: "1 2" });
    q.set("t", "3");
    expect(value).toEqual({
      a: p.getAll("a"),
      b: p.get("b"),
      c: p.get("c"),
      has: false,
      size: p.size,
      q: q.toString(),
      list: [...p],
    });
  });

  it("lets a script verify a webhook signature from a base64 secret, end to end", async () => {
    const value = await run(`
      const key = new TextDecoder().decode(Uint8Array.from(atob(btoa("whsec_key")), (c) => c.charCodeAt(0)));
      const url = new URL("https://hooks.example.com/in?ts=123");
      return key + ":" + url.searchParams.get("ts");
    `);
    expect(value).toBe("whsec_key:123");
  });

  it("leaves no host helper reachable from the script", async () => {
    expect(
      await run(
        "return ['__atob','__btoa','__urlParse','__urlSet','__queryParse','__queryFormat'].map((n) => typeof globalThis[n])",
      ),
    ).toEqual(Array(6).fill("undefined"));
  });
});
