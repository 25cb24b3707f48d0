import { describe, expect, it } from "vitest";
import { signUpUser } from "../../test/api";

describe("secrets (happy paths)", () => {
  it("creates, lists, rotates and deletes, writing audit events", async () => {
    const user = await signUpUser();
    const created = await user.api.secrets.create.mutate({
      name: "stripe_secret",
      value: "sk_test_0123456789abcdefghijKLMN",
    });
    expect(created).toMatchObject({
      name: "stripe_secret",
      version: 1,
      warnings: [],
      preview: "••••••••••••KLMN",
    });

    const [listed] = await user.api.secrets.list.query();
    expect(listed).toEqual({
      name: "stripe_secret",
      type: "text",
      destinations: ["*"],
      scripts: true,
      unrestricted: true,
      fields: {},
      needsReconnect: false,
      preview: "••••••••••••KLMN",
      version: 1,
      createdAt: created.createdAt,
      updatedAt: created.updatedAt,
      lastUsedAt: null,
      expiresAt: null,
      state: "ok",
      versionsKept: 5,
      expiryWarningDays: 14,
      liveness: null,
      usedBy: [],
    });

    const rotated = await user.api.secrets.update.mutate({
      name: "stripe_secret",
      value: "rotated-value-0000",
    });
    expect(rotated).toMatchObject({
      name: "stripe_secret",
      version: 2,
      preview: "••••••••••••••••",
      createdAt: created.createdAt,
    });

    await expect(user.api.secrets.delete.mutate({ name: "stripe_secret" })).resolves.toEqual({
      name: "stripe_secret",
      deleted: true,
      usedBy: [],
    });
    expect(await user.api.secrets.list.query()).toEqual([]);

    const audit = await user.api.audit.list.query({});
    expect(audit.items.map((e) => [e.action, e.secretName, e.actor])).toEqual([
      ["secret.deleted", "stripe_secret", expect.stringMatching(/^token:tok_/)],
      ["secret.rotated", "stripe_secret", expect.stringMatching(/^token:tok_/)],
      ["secret.created", "stripe_secret", expect.stringMatching(/^token:tok_/)],
    ]);
  });

  it("previews are one width, show only the last 4 of 24+ characters and never reveal the length", async () => {
    const user = await signUpUser();
    const previews: Record<number, string> = {};
    for (const length of [8, 15, 16, 23, 24, 200]) {
      const value = Array.from({ length }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");
      previews[length] = (await user.api.secrets.create.mutate({ name: `len_${length}`, value })).preview;
    }
    const hidden = "•".repeat(16);
    expect(previews[8]).toBe(hidden);
    expect(previews[15]).toBe(hidden);
    expect(previews[16]).toBe(hidden);
    expect(previews[23]).toBe(hidden);
    expect(previews[24]).toBe("••••••••••••uvwx");
    expect(previews[200]).toBe("••••••••••••opqr");
    expect(new Set(Object.values(previews).map((p) => Array.from(p).length))).toEqual(new Set([16]));
  });

  it("lists the workflows that use each secret", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({ name: "api_key", value: "value-that-is-long-enough" });
    const wf = await user.api.workflows.create.mutate({
      name: "Uses api_key",
      trigger: { type: "manual" },
      steps: [
        {
          id: "call",
          type: "http",
          url: "https://example.test",
          headers: { "X-Key": "{{ secrets.api_key }}" },
        },
      ],
    });
    const [listed] = await user.api.secrets.list.query();
    expect(listed?.usedBy).toEqual([{ workflowId: wf.id, workflowName: "Uses api_key" }]);
  });

  it("returns non-blocking warnings about the value, without quoting it", async () => {
    const user = await signUpUser();
    const spaced = await user.api.secrets.create.mutate({
      name: "spaced",
      value: " token-with-space-and-newline\n",
    });
    expect(spaced.warnings.map((w) => w.code)).toEqual(["surrounding-whitespace"]);
    const zeroWidth = await user.api.secrets.create.mutate({ name: "zw", value: "abc\u200Bdefghijkl" });
    expect(zeroWidth.warnings.map((w) => w.code)).toEqual(["invisible-characters"]);
    const short = await user.api.secrets.create.mutate({ name: "short", value: "1234" });
    expect(short.warnings.map((w) => w.code)).toEqual(["short-value"]);
    expect(JSON.stringify([spaced, zeroWidth, short])).not.toMatch(/token-with-space|abc.defgh|1234/);
  });

  it("warns about quotes and templates pasted with the value, in the API's own words", async () => {
    const user = await signUpUser();
    const quoted = await user.api.secrets.create.mutate({ name: "quoted", value: '"quoted-token-value"' });
    expect(quoted.warnings).toEqual([
      {
        code: "wrapped-in-quotes",
        message: expect.stringMatching(/^the value is wrapped in quotes.*re-save it/),
      },
    ]);
    const templated = await user.api.secrets.update.mutate({
      name: "quoted",
      value: "{{secrets.other_one}}",
    });
    expect(templated.warnings.map((w) => w.code)).toEqual(["template-syntax"]);
    expect(JSON.stringify([quoted, templated])).not.toMatch(/quoted-token-value|other_one/);
  });

  it("accepts exactly 16 KiB of UTF-8 and a single byte", async () => {
    const user = await signUpUser();
    await expect(
      user.api.secrets.create.mutate({ name: "big", value: "é".repeat(8 * 1024) }),
    ).resolves.toMatchObject({
      version: 1,
    });
    await expect(user.api.secrets.create.mutate({ name: "tiny", value: "x" })).resolves.toMatchObject({
      version: 1,
    });
  });
});
