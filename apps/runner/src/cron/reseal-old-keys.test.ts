import { env } from "cloudflare:workers";
import { openSecret, parsePrivateKeyring, secretAadForRow } from "@workflow-secrets/crypto";
import { auditEvents, secrets, secretVersions } from "@workflow-secrets/db";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { tick } from "../../test/worker/scheduled";
import { db, newestKid, olderKid, putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";
import { createMaskedLogger } from "../log/masked-logger";
import { resealOldKeys } from "./reseal-old-keys";

const keyring = parsePrivateKeyring(env.SEALING_PRIVATE_KEYS);
const quiet = createMaskedLogger({ mask: (t) => t }, {}, () => {});

describe("cron: resealOldKeys", () => {
  it("moves up to N rows of older kids to the newest kid; they still open with the same aad", async () => {
    const user = await seedUser();
    const values = ["v-one", "v-two", "v-three"];
    const old = await Promise.all(values.map((v, i) => putSecret(user, `old_${i}`, v, "older")));
    await putSecret(user, "current", "v-current", "newest");
    const ids = old.map((s) => s.id);

    const first = await resealOldKeys(env, keyring, 2, quiet);
    expect(first).toMatchObject({ resealed: 2, failed: 0, remainingByKid: { [olderKid]: 1 } });
    const second = await resealOldKeys(env, keyring, 2, quiet);
    expect(second).toMatchObject({ resealed: 1, remainingByKid: { [olderKid]: 0 } });

    const rows = await db.select().from(secrets).where(inArray(secrets.id, ids));
    for (const row of rows) {
      expect(row.kid).toBe(newestKid);
      expect(row.envelope.split(".")[1]).toBe(newestKid);
      expect(row.version).toBe(1);
      const aad = secretAadForRow({ ...row, userId: user, secretId: row.id });
      // Opens with the newest key alone: the older key can now be dropped from the keyring.
      const opened = await openSecret(row.envelope, { keyring: keyring.slice(0, 1), aad });
      expect(opened).toBe(values[ids.indexOf(row.id)]);
    }
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, user), eq(auditEvents.action, "secret.resealed")));
    expect(events.map((e) => e.secretName).sort()).toEqual(["old_0", "old_1", "old_2"]);
    expect(events.every((e) => e.actor === "runner")).toBe(true);
    // Audit ids come from the shared generator, like the API's.
    expect(events.every((e) => /^aud_[A-Za-z0-9_-]{16}$/.test(e.id))).toBe(true);
  });

  it("runs on the cron tick; a re-sealed secret is still sent correctly by a run", async () => {
    const user = await seedUser();
    await putSecret(user, "stripe_secret", "sk_test_rotated_key", "older");
    await tick();
    const row = await db.select().from(secrets).where(eq(secrets.userId, user)).get();
    expect(row?.kid).toBe(newestKid);

    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "after rotation",
      trigger: { type: "manual" },
      steps: [
        {
          id: "call",
          type: "http",
          url: `${echoUrl}/echo/${marker}`,
          headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
        },
      ],
    });
    await deliverRun(await queueRun(wf.id, user));
    const sent = (await records()).requests.find((r) => r.path.includes(marker));
    expect(sent?.headers.authorization).toBe("Bearer sk_test_rotated_key");
  });
});

describe("cron: re-sealing kept versions", () => {
  it("moves previous versions of older kids too; they open under the version they were sealed as", async () => {
    const user = await seedUser();
    const first = await putSecret(user, "kept_key", "kept-v1-value", "older");
    await putSecret(user, "kept_key", "kept-v2-value", "newest");
    const before = await db
      .select()
      .from(secretVersions)
      .where(and(eq(secretVersions.secretId, first.id), eq(secretVersions.version, 1)))
      .get();
    expect(before?.kid).toBe(olderKid);

    const result = await resealOldKeys(env, keyring, 50, quiet);
    expect(result.remainingByKid[olderKid]).toBe(0);
    const after = await db
      .select()
      .from(secretVersions)
      .where(and(eq(secretVersions.secretId, first.id), eq(secretVersions.version, 1)))
      .get();
    expect(after?.kid).toBe(newestKid);
    const aad = secretAadForRow({
      userId: user,
      secretId: first.id,
      version: after?.sealedVersion as number,
      type: "text",
      policy: null,
    });
    expect(await openSecret(after?.envelope as string, { keyring: keyring.slice(0, 1), aad })).toBe(
      "kept-v1-value",
    );
  });

  it("re-seals a rolled-back current envelope under the version it was sealed as", async () => {
    const user = await seedUser();
    const first = await putSecret(user, "rolled_key", "rolled-v1-value", "older");
    await putSecret(user, "rolled_key", "rolled-v2-value", "newest");
    // What secrets.rollback writes: v1's envelope current again as v3, its aad still naming version 1.
    const kept = await db
      .select()
      .from(secretVersions)
      .where(and(eq(secretVersions.secretId, first.id), eq(secretVersions.version, 1)))
      .get();
    await db.batch([
      db
        .insert(secretVersions)
        .values({ ...(kept as typeof secretVersions.$inferSelect), version: 3, rolledBackFrom: 1 }),
      db
        .update(secrets)
        .set({ envelope: kept?.envelope as string, kid: olderKid, version: 3, sealedVersion: 1 })
        .where(eq(secrets.id, first.id)),
    ]);
    const result = await resealOldKeys(env, keyring, 50, quiet);
    expect(result.failed).toBe(0);
    const row = await db.select().from(secrets).where(eq(secrets.id, first.id)).get();
    expect(row).toMatchObject({ kid: newestKid, version: 3, sealedVersion: 1 });
    const aad = secretAadForRow({ userId: user, secretId: first.id, version: 1, type: "text", policy: null });
    expect(await openSecret(row?.envelope as string, { keyring: keyring.slice(0, 1), aad })).toBe(
      "rolled-v1-value",
    );
  });
});
