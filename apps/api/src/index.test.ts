import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { API_URL } from "../test/api";
import worker from "./index";

describe("HTTP surface", () => {
  it("GET /healthz answers { ok: true } without auth", async () => {
    const res = await SELF.fetch(`${API_URL}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("GET /healthz/db checks that D1 answers", async () => {
    const res = await SELF.fetch(`${API_URL}/healthz/db`);
    expect(await res.json()).toEqual({ ok: true, db: true });
  });

  it("tRPC is callable as plain JSON over HTTP (no transformer)", async () => {
    const email = `plain-${crypto.randomUUID()}@example.test`;
    const res = await SELF.fetch(`${API_URL}/trpc/auth.signUp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "plain json password" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { token: string } } };
    const me = await SELF.fetch(`${API_URL}/trpc/auth.me`, {
      headers: { Authorization: `Bearer ${body.result.data.token}` },
    });
    expect(await me.json()).toMatchObject({ result: { data: { email } } });
  });

  it("CORS: chrome-extension origins may call /trpc with Authorization, other origins get no grant", async () => {
    const preflight = await SELF.fetch(`${API_URL}/trpc/secrets.list`, {
      method: "OPTIONS",
      headers: {
        Origin: "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(
      "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
    );
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    const other = await SELF.fetch(`${API_URL}/trpc/secrets.list`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("unknown routes are 404 and oversized tRPC bodies are 413", async () => {
    expect((await SELF.fetch(`${API_URL}/nope`)).status).toBe(404);
    const big = await SELF.fetch(`${API_URL}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a@example.test", password: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
  });

  it("a missing or invalid SEALING_PUBLIC_KEY is a clear 500 naming it, logged once", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const call = async (overrides: Record<string, unknown>) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`${API_URL}/trpc/auth.me`),
        { ...env, ...overrides } as unknown as Env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return { status: res.status, body: (await res.json()) as { error: { message: string } } };
    };
    const missing = await call({ SEALING_PUBLIC_KEY: undefined });
    await call({ SEALING_PUBLIC_KEY: undefined });
    expect(missing.status).toBe(500);
    expect(missing.body.error.message).toMatch(/^SEALING_PUBLIC_KEY is missing: .*pnpm keys:generate/);
    expect(errors.mock.calls.filter((args) => String(args[0]).includes("SEALING_PUBLIC_KEY"))).toHaveLength(
      1,
    );

    const invalid = await call({ SEALING_PUBLIC_KEY: '{"kid":"k1","publicJwk":{"kty":"oct"}}' });
    expect(invalid.status).toBe(500);
    expect(invalid.body.error.message).toContain("SEALING_PUBLIC_KEY");
    expect(invalid.body.error.message).not.toContain("oct");
    errors.mockRestore();
  });
});
