import { env } from "cloudflare:workers";
import { CryptoError, openSecret, parsePrivateKeyring, secretAadForRow } from "@workflow-secrets/crypto";
import { describe, expect, it } from "vitest";
import { apiClient, expectApiError, signUpUser } from "../../test/api";
import { dumpStateForComparison, execute, queryRows } from "../../test/db-dump";
import { MAX_SECRETS_PER_USER } from "../secrets/value-checks";

interface SecretRow {
  id: string;
  user_id: string;
  name: string;
  envelope: string;
  kid: string;
  version: number;
  type: string;
  policy: string | null;
}

const keyring = () => parsePrivateKeyring(env.TEST_SEALING_PRIVATE_KEYS);

async function storedSecret(userId: string, name: string): Promise<SecretRow> {
  const [row] = await queryRows<SecretRow>(
    "SELECT * FROM secrets WHERE user_id = ? AND name = ?",
    userId,
    name,
  );
  if (!row) throw new Error(`no stored secret ${name}`);
  return row;
}

/** What the runner does: open with the private keyring and the aad of the row's own slot. */
function openAsRunner(row: SecretRow, envelope = row.envelope) {
  return openSecret(envelope, {
    keyring: keyring(),
    aad: secretAadForRow({
      userId: row.user_id,
      secretId: row.id,
      version: row.version,
      type: row.type,
      policy: row.policy,
    }),
  });
}

async function expectTampered(opening: Promise<string>) {
  const error = await opening.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CryptoError);
  expect((error as CryptoError).code).toBe("tampered");
}

describe("secrets (security)", () => {
  it("stores a sealed envelope bound to user, secret and version that only the runner's key opens", async () => {
    const user = await signUpUser();
    const value = `sealed-${crypto.randomUUID()}`;
    await user.api.secrets.create.mutate({ name: "bound", value });
    const row = await storedSecret(user.user.id, "bound");
    expect(row.envelope).toMatch(new RegExp(`^wfs1\\.${row.kid}\\.`));
    expect(row.envelope).not.toContain(value);
    expect(await openAsRunner(row)).toBe(value);

    const rotated = `rotated-${crypto.randomUUID()}`;
    await user.api.secrets.update.mutate({ name: "bound", value: rotated });
    const after = await storedSecret(user.user.id, "bound");
    expect(after.version).toBe(2);
    expect(await openAsRunner(after)).toBe(rotated);
    // The old envelope can not be replayed into the new version's slot.
    await expectTampered(openAsRunner(after, row.envelope));
  });

  it("a tampered stored envelope is detected when opened: moved row, moved user, edited bytes", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    await alice.api.secrets.create.mutate({ name: "one", value: "alice-value-one-123" });
    await alice.api.secrets.create.mutate({ name: "two", value: "alice-value-two-456" });
    await bob.api.secrets.create.mutate({ name: "one", value: "bob-value-one-789" });
    const one = await storedSecret(alice.user.id, "one");
    const two = await storedSecret(alice.user.id, "two");
    const bobs = await storedSecret(bob.user.id, "one");

    await expectTampered(openAsRunner(two, one.envelope));
    await expectTampered(openAsRunner(bobs, one.envelope));
    const parts = one.envelope.split(".");
    const ct = parts[3] ?? "";
    const flipped = `${ct.slice(0, 10)}${ct[10] === "A" ? "B" : "A"}${ct.slice(11)}`;
    await expectTampered(openAsRunner(one, [...parts.slice(0, 3), flipped].join(".")));
    await expectTampered(openAsRunner({ ...one, version: 2 }));
  });

  it("another user's secret names answer NOT_FOUND exactly like missing ones, and nothing changes", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    await alice.api.secrets.create.mutate({ name: "private_key", value: "alice-private-value-1" });
    const before = await dumpStateForComparison();

    const foreignUpdate = await expectApiError(
      bob.api.secrets.update.mutate({ name: "private_key", value: "bob-overwrite-value" }),
      "NOT_FOUND",
    );
    const missingUpdate = await expectApiError(
      bob.api.secrets.update.mutate({ name: "absent_key", value: "bob-overwrite-value" }),
      "NOT_FOUND",
    );
    expect(foreignUpdate.message.replace("private_key", "N")).toBe(
      missingUpdate.message.replace("absent_key", "N"),
    );
    expect(foreignUpdate.data).toEqual(missingUpdate.data);
    await expectApiError(bob.api.secrets.delete.mutate({ name: "private_key", force: true }), "NOT_FOUND");
    expect(await bob.api.secrets.list.query()).toEqual([]);
    expect(await dumpStateForComparison()).toEqual(before);

    // Names are per user: bob can have his own "private_key", and alice's is untouched.
    await bob.api.secrets.create.mutate({ name: "private_key", value: "bob-own-value-123" });
    const [alices] = await alice.api.secrets.list.query();
    expect(alices).toMatchObject({ name: "private_key", version: 1 });
  });

  it("concurrent creates (separate requests in parallel) stop exactly at the cap", async () => {
    const user = await signUpUser();
    // Fill to 5 below the cap directly in D1, then race 20 creates: 4 separate HTTP requests in
    // parallel, each a (permitted) batch of 5. A count checked before the insert let 10 through.
    const prefilled = MAX_SECRETS_PER_USER - 5;
    const rows = Array.from(
      { length: prefilled },
      (_, i) => `('sec_cap_${i}', '${user.user.id}', 'cap_${i}', 'x', 'k', 'p', 'now')`,
    );
    for (let i = 0; i < rows.length; i += 100) {
      await execute(
        `INSERT INTO secrets (id, user_id, name, envelope, kid, preview, updated_at) VALUES ${rows.slice(i, i + 100).join(",")}`,
      );
    }
    const clients = Array.from({ length: 4 }, () => apiClient(user.token));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        clients[i % 4]?.secrets.create.mutate({ name: `race_${i}`, value: `race-value-${i}-0123` }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(15);
    for (const r of refused) {
      expect(String(r.reason)).toContain(`you already have ${MAX_SECRETS_PER_USER} secrets`);
    }
    const [count] = await queryRows<{ n: number }>(
      "SELECT count(*) AS n FROM secrets WHERE user_id = ?",
      user.user.id,
    );
    expect(count?.n).toBe(MAX_SECRETS_PER_USER);
    // One audit event per secret that went in, none for the refused ones.
    const audited = await queryRows(
      "SELECT id FROM audit_events WHERE user_id = ? AND action = 'secret.created'",
      user.user.id,
    );
    expect(audited).toHaveLength(5);
  });
});
