import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigurationError, loadConfig } from "./env";

const withKeys = (value: string | undefined, extra: Record<string, unknown> = {}) =>
  ({ ...env, SEALING_PRIVATE_KEYS: value, ...extra }) as unknown as Env;

describe("loadConfig", () => {
  it("reads the keyring (newest first) and the re-seal batch size", () => {
    const config = loadConfig(env);
    expect(config.keyring).toHaveLength(2);
    expect(config.resealBatchSize).toBe(100);
  });

  it("a missing keyring is a clear ConfigurationError naming the variable and the fix", () => {
    expect(() => loadConfig(withKeys(undefined))).toThrow(ConfigurationError);
    expect(() => loadConfig(withKeys(""))).toThrow(/SEALING_PRIVATE_KEYS is not set.*pnpm keys:generate/);
  });

  it("a malformed keyring never echoes key material", () => {
    const secretish = '[{"kid":"abc","privateJwk":{"kty":"EC","crv":"P-256","d":"SECRET_D_VALUE"}}]';
    for (const value of ["{not json SECRET_D_VALUE", "[]", secretish]) {
      try {
        loadConfig(withKeys(value));
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as Error).message).toContain("SEALING_PRIVATE_KEYS");
        expect((error as Error).message).not.toContain("SECRET_D_VALUE");
      }
    }
  });

  it("rejects an out-of-range RESEAL_BATCH_SIZE", () => {
    expect(() => loadConfig(withKeys(env.SEALING_PRIVATE_KEYS, { RESEAL_BATCH_SIZE: "-1" }))).toThrow(
      /RESEAL_BATCH_SIZE/,
    );
  });

  it('ALLOW_PRIVATE_NETWORK is off unless exactly "true"; anything else is a configuration error', () => {
    const keys = env.SEALING_PRIVATE_KEYS;
    expect(loadConfig(withKeys(keys, { ALLOW_PRIVATE_NETWORK: undefined })).allowPrivateNetwork).toBe(false);
    expect(loadConfig(withKeys(keys, { ALLOW_PRIVATE_NETWORK: "false" })).allowPrivateNetwork).toBe(false);
    expect(loadConfig(withKeys(keys, { ALLOW_PRIVATE_NETWORK: "true" })).allowPrivateNetwork).toBe(true);
    expect(() => loadConfig(withKeys(keys, { ALLOW_PRIVATE_NETWORK: "yes" }))).toThrow(
      'ALLOW_PRIVATE_NETWORK must be "true" or "false" (unset means "false")',
    );
  });

  it("the Worker exports only its cron and Queue handlers: no fetch, so no route at all", async () => {
    const { default: runner } = await import("./index");
    expect(Object.keys(runner).sort()).toEqual(["queue", "scheduled"]);
  });
});

describe("a runner without its keyring", () => {
  it("logs the clear message and keeps queued runs for later instead of failing them", async () => {
    const { createExecutionContext, createMessageBatch, getQueueResult } = await import("cloudflare:test");
    const { default: runner } = await import("./index");
    const { vi } = await import("vitest");
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    try {
      const batch = createMessageBatch("workflow-secrets-runs", [
        { id: "m1", timestamp: new Date(), attempts: 1, body: { runId: "run_x" } },
      ]);
      const ctx = createExecutionContext();
      await (runner as ExportedHandler<Env>).queue?.(batch, withKeys(undefined), ctx);
      expect((await getQueueResult(batch, ctx)).retryBatch).toMatchObject({ retry: true });
      expect(lines.join("\n")).toContain("SEALING_PRIVATE_KEYS is not set");
    } finally {
      spy.mockRestore();
    }
  });
});
