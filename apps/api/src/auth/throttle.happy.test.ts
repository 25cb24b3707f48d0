import { env } from "cloudflare:workers";
import { createDb } from "@workflow-secrets/db";
import { describe, expect, it } from "vitest";
import { claimAttempt, releaseAttempt } from "./throttle";

const db = createDb(env.DB);
const policy = { freeAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 4_000, windowMs: 60_000 };
const T0 = 1_000_000;

describe("throttle (claimAttempt / releaseAttempt)", () => {
  it("allows the free attempts, then doubles the wait up to the cap, and forgets after the window", async () => {
    const keys = [{ key: `t:${crypto.randomUUID()}`, policy }];
    const at = (ms: number) => claimAttempt(db, keys, T0 + ms);
    expect(await at(0)).toEqual({ allowed: true });
    expect(await at(1)).toEqual({ allowed: true }); // 2nd (last free) attempt: the next waits 1 s
    expect(await at(2)).toEqual({ allowed: false, retryAt: T0 + 1 + 1_000 });
    expect(await at(1_001)).toEqual({ allowed: true }); // then 2 s
    expect(await at(3_000)).toEqual({ allowed: false, retryAt: T0 + 1_001 + 2_000 });
    expect(await at(3_001)).toEqual({ allowed: true }); // then 4 s (the cap)
    expect(await at(7_001)).toEqual({ allowed: true }); // still 4 s, not 8
    expect(await at(11_000)).toEqual({ allowed: false, retryAt: T0 + 7_001 + 4_000 });
    // A window after the last allowed attempt the key starts over.
    expect(await at(7_001 + 60_000)).toEqual({ allowed: true });
    expect(await at(7_001 + 60_001)).toEqual({ allowed: true });
  });

  it("counts on every key or on none: a waiting key blocks the others from counting", async () => {
    const strict = { key: `t:${crypto.randomUUID()}`, policy: { ...policy, freeAttempts: 1 } };
    const loose = { key: `t:${crypto.randomUUID()}`, policy: { ...policy, freeAttempts: 100 } };
    expect(await claimAttempt(db, [strict, loose], T0)).toEqual({ allowed: true });
    for (let i = 1; i <= 3; i++) {
      expect((await claimAttempt(db, [strict, loose], T0 + i)).allowed).toBe(false);
    }
    const { results } = await env.DB.prepare("SELECT attempts FROM auth_throttle WHERE key = ?")
      .bind(loose.key)
      .all<{ attempts: number }>();
    expect(results).toEqual([{ attempts: 1 }]);
  });

  it("release forgets some keys and takes the attempt back from others", async () => {
    const forget = { key: `t:${crypto.randomUUID()}`, policy };
    const undo = { key: `t:${crypto.randomUUID()}`, policy };
    await claimAttempt(db, [forget, undo], T0);
    await claimAttempt(db, [forget, undo], T0 + 1);
    await releaseAttempt(db, [forget.key], [undo.key]);
    const { results } = await env.DB.prepare(
      "SELECT key, attempts, next_allowed_at AS nextAllowedAt FROM auth_throttle WHERE key IN (?, ?)",
    )
      .bind(forget.key, undo.key)
      .all();
    // Back to one attempt, below the free ones: no wait.
    expect(results).toEqual([{ key: undo.key, attempts: 1, nextAllowedAt: T0 + 1 }]);
  });
});
