import { env } from "cloudflare:workers";
import { openSecret, parsePrivateKeyring, secretAadForRow } from "@workflow-secrets/crypto";
import { findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { describe, expect, it } from "vitest";
import { expectApiError, responseBodies, signUpUser } from "../../test/api";
import { dumpAllTables, queryRows } from "../../test/db-dump";

type Row = { id: string; user_id: string; version: number; type: string; policy: string; envelope: string };

async function openStored(userId: string, name: string) {
  const [row] = await queryRows<Row>("SELECT * FROM secrets WHERE user_id = ? AND name = ?", userId, name);
  if (!row) throw new Error("no row");
  const aad = secretAadForRow({
    userId,
    secretId: row.id,
    version: row.version,
    type: row.type,
    policy: row.policy,
  });
  return {
    row,
    plaintext: await openSecret(row.envelope, {
      keyring: parsePrivateKeyring(env.TEST_SEALING_PRIVATE_KEYS),
      aad,
    }),
  };
}

describe("typed secrets (secrets.create / update / list)", () => {
  it("seals all fields together with the type in the aad, lists only the non-secret fields, never a secret one", async () => {
    const user = await signUpUser();
    const password = makeCanary("typedpw", "ascii");
    const clientSecret = makeCanary("clientsecret", "ascii");
    const refreshToken = makeCanary("refresh", "ascii");
    const basic = await user.api.secrets.create.mutate({
      name: "login",
      type: "basic",
      fields: { username: "ann", password },
    });
    expect(basic).toMatchObject({ name: "login", type: "basic", version: 1 });
    await user.api.secrets.create.mutate({
      name: "crm",
      type: "oauth2",
      fields: {
        tokenUrl: "https://auth.example.com/token",
        clientId: "client-1",
        clientSecret,
        grant: "refresh_token",
        refreshToken,
        scope: "read write",
      },
    });
    const listed = await user.api.secrets.list.query();
    expect(
      listed.map(({ name, type, fields, needsReconnect }) => ({ name, type, fields, needsReconnect })),
    ).toEqual([
      {
        name: "crm",
        type: "oauth2",
        fields: {
          tokenUrl: "https://auth.example.com/token",
          clientId: "client-1",
          scope: "read write",
          grant: "refresh_token",
        },
        needsReconnect: false,
      },
      { name: "login", type: "basic", fields: { username: "ann" }, needsReconnect: false },
    ]);

    const { row, plaintext } = await openStored(user.user.id, "login");
    expect(row.type).toBe("basic");
    expect(JSON.parse(plaintext)).toEqual({ username: "ann", password });
    // The type is in the aad: a row whose type column is edited does not open.
    await expect(
      openSecret(row.envelope, {
        keyring: parsePrivateKeyring(env.TEST_SEALING_PRIVATE_KEYS),
        aad: secretAadForRow({
          userId: user.user.id,
          secretId: row.id,
          version: row.version,
          type: "smtp",
          policy: row.policy,
        }),
      }),
    ).rejects.toMatchObject({ code: "tampered" });

    const canaries = [password, clientSecret, refreshToken];
    expect(findLeaks(responseBodies.join("\n"), canaries)).toEqual([]);
    const tables = await dumpAllTables();
    const { secrets: _sealed, ...rest } = tables;
    expect(findLeaks(JSON.stringify(rest), canaries)).toEqual([]);
    const rows = (tables.secrets ?? []) as { preview: string; public_fields: string | null }[];
    expect(findLeaks(JSON.stringify(rows.map((r) => [r.preview, r.public_fields])), canaries)).toEqual([]);
  });

  it("rotates a typed secret with new fields, keeping its type", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({
      name: "mail",
      type: "smtp",
      fields: { username: "a", password: "pw-one-1234" },
    });
    const rotated = await user.api.secrets.update.mutate({
      name: "mail",
      fields: { username: "b", password: "pw-two-5678" },
    });
    expect(rotated).toMatchObject({ type: "smtp", version: 2 });
    const { plaintext } = await openStored(user.user.id, "mail");
    expect(JSON.parse(plaintext)).toEqual({ username: "b", password: "pw-two-5678" });
    const [listed] = await user.api.secrets.list.query();
    expect(listed?.fields).toEqual({ username: "b" });
  });

  it("refuses missing, unknown and misplaced fields, naming fields and never values", async () => {
    const user = await signUpUser();
    const error = await expectApiError(
      user.api.secrets.create.mutate({
        name: "x",
        type: "basic",
        fields: { password: "pw-canary-77", header: "h", nope: "n" },
      }),
      "BAD_REQUEST",
    );
    expect(error.message).toContain('a basic secret has no field "nope"');
    expect(error.message).toContain('"header" is computed');
    expect(error.message).toContain('needs "username"');
    expect(error.message).not.toContain("pw-canary-77");
    await expectApiError(
      user.api.secrets.create.mutate({ name: "y", type: "basic", value: "v" }),
      "BAD_REQUEST",
    );
    await expectApiError(
      user.api.secrets.create.mutate({ name: "z", fields: { username: "u" } }),
      "BAD_REQUEST",
    );
    const refresh = await expectApiError(
      user.api.secrets.create.mutate({
        name: "o",
        type: "oauth2",
        fields: { tokenUrl: "https://a.example/t", clientId: "c", grant: "refresh_token" },
      }),
      "BAD_REQUEST",
    );
    expect(refresh.message).toContain("oauth.start");
    await user.api.secrets.create.mutate({ name: "t", value: "text-value-123" });
    await expectApiError(
      user.api.secrets.update.mutate({ name: "t", fields: { username: "u" } }),
      "BAD_REQUEST",
    );
  });

  it("refuses a workflow that references a field its secret's type lacks, naming the type's fields", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({
      name: "mail",
      type: "smtp",
      fields: { username: "a", password: "pw-one-1234" },
    });
    const step = (header: string) => ({
      id: "call",
      type: "http" as const,
      method: "GET" as const,
      url: "https://api.example.com/x",
      headers: { Authorization: header },
    });
    const error = await expectApiError(
      user.api.workflows.create.mutate({
        name: "w",
        trigger: { type: "manual" },
        steps: [step("{{secrets.mail.header}}")],
      }),
      "BAD_REQUEST",
    );
    expect(error.message).toContain(
      'secret "mail" is a smtp secret without a field "header": its fields are username, password',
    );
    const ok = await user.api.workflows.create.mutate({
      name: "w",
      trigger: { type: "manual" },
      steps: [step("{{secrets.mail.password}}")],
    });
    expect(ok.missingSecrets).toEqual([]);
  });
});
