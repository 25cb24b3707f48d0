import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./env";

const withKeys = (value: string | undefined, extra: Record<string, unknown> = {}) =>
  ({ ...env, SEALING_PRIVATE_KEYS: value, ...extra }) as unknown as Env;

describe("loadConfig", () => {
  it("reads the keyring (newest first) and the re-seal batch size", () => {
    const config = loadConfig(env);
    expect(config.keyring).toHaveLength(2);
    expect(config.resealBatchSize).toBe(100);
  });

  it("a missing keyring is a clear ConfigError naming the variable and the fix", () => {
    expect(() => loadConfig(withKeys(undefined))).toThrow(ConfigError);
    expect(() => loadConfig(withKeys(""))).toThrow(/SEALING_PRIVATE_KEYS is not set.*pnpm keys:generate/);
  });

  it("a malformed keyring never echoes key material", () => {
    const secretish = '[{"kid":"abc","privateJwk":{"kty":"EC","crv":"P-256","d":"SECRET_D_VALUE"}}]';
    for (const value of ["{not json SECRET_D_VALUE", "[]", secretish]) {
      try {
        loadConfig(withKeys(value));
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
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

  it("the Worker has no route but POST /hooks/<id>", async () => {
    for (const [method, path] of [
      ["GET", "/"],
      ["GET", "/healthz"],
      ["POST", "/trpc/runs.get"],
      ["GET", "/__scheduled"],
    ] as const) {
      const response = await SELF.fetch(`http://runner${path}`, { method });
      expect(response.status).toBe(404);
    }
  });
});
