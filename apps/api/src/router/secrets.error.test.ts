import { describe, expect, it } from "vitest";
import { expectApiError, signUpUser } from "../../test/api";
import { execute, queryRows } from "../../test/db-dump";

describe("secrets (errors)", () => {
  it("CONFLICT on an existing name, NOT_FOUND when rotating or deleting a missing one", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({ name: "dup", value: "first-value-123" });
    const conflict = await expectApiError(
      user.api.secrets.create.mutate({ name: "dup", value: "second-value" }),
      "CONFLICT",
    );
    expect(conflict.message).toBe('a secret named "dup" already exists: use secrets.update to rotate it');
    const missing = await expectApiError(
      user.api.secrets.update.mutate({ name: "nope", value: "value-123" }),
      "NOT_FOUND",
    );
    expect(missing.message).toBe('no secret "nope"');
    await expectApiError(user.api.secrets.delete.mutate({ name: "nope" }), "NOT_FOUND");
  });

  it("BAD_REQUEST saying which limit: name pattern, empty value, over 16 KiB", async () => {
    const user = await signUpUser();
    const badName = await expectApiError(
      user.api.secrets.create.mutate({ name: "1-bad name", value: "v" }),
      "BAD_REQUEST",
    );
    expect(badName.message).toMatch(/^name: a secret name starts with a letter or _/);
    const empty = await expectApiError(
      user.api.secrets.create.mutate({ name: "empty", value: "" }),
      "BAD_REQUEST",
    );
    expect(empty.message).toBe("value: the value is empty: it needs at least 1 byte");
    // 8 193 × 2 bytes: one character over, counted in UTF-8 bytes, not characters.
    const big = await expectApiError(
      user.api.secrets.create.mutate({ name: "big", value: "é".repeat(8 * 1024 + 1) }),
      "BAD_REQUEST",
    );
    expect(big.message).toBe(
      "value: the value is larger than 16 KiB (16384 bytes of UTF-8), the most the run masker can mask: store a smaller value (a key file, not a bundle)",
    );
    expect(await user.api.secrets.list.query()).toEqual([]);
  });

  it("BAD_REQUEST for a value with a lone UTF-16 surrogate (create and update), never a 500", async () => {
    const user = await signUpUser();
    const message =
      "value: the value contains a lone UTF-16 surrogate (half of an emoji or other character), which has no UTF-8 form: copy the whole value again";
    for (const value of ["\ud800", "abc\udfffdef", "x\ud83d"]) {
      const created = await expectApiError(
        user.api.secrets.create.mutate({ name: "lone", value }),
        "BAD_REQUEST",
      );
      expect(created.message).toBe(message);
    }
    await user.api.secrets.create.mutate({ name: "lone", value: "a complete 😀 emoji" });
    const updated = await expectApiError(
      user.api.secrets.update.mutate({ name: "lone", value: "\udc00" }),
      "BAD_REQUEST",
    );
    expect(updated.message).toBe(message);
    expect((await user.api.secrets.list.query()).map((s) => s.version)).toEqual([1]);
  });

  it("refuses the 1001st secret", async () => {
    const user = await signUpUser();
    // Fill to the limit directly in D1 (sealing 1000 values through the API would only slow the test).
    const values = Array.from(
      { length: 1000 },
      (_, i) => `('sec_fill_${i}', '${user.user.id}', 'fill_${i}', 'x', 'k', 'p', 'now')`,
    );
    for (let i = 0; i < values.length; i += 100) {
      await execute(
        `INSERT INTO secrets (id, user_id, name, envelope, kid, preview, updated_at) VALUES ${values.slice(i, i + 100).join(",")}`,
      );
    }
    const error = await expectApiError(
      user.api.secrets.create.mutate({ name: "one_more", value: "value-123" }),
      "BAD_REQUEST",
    );
    expect(error.message).toBe("you already have 1000 secrets, the limit per user: delete unused ones first");
    expect(await queryRows("SELECT id FROM secrets WHERE name = 'one_more'")).toEqual([]);
  });

  it("PRECONDITION_FAILED with usedBy while referenced; force deletes and returns who will fail", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({ name: "slack_url", value: "https://example.test/hook/123456" });
    const wf = await user.api.workflows.create.mutate({
      name: "Notify",
      trigger: { type: "manual" },
      steps: [{ id: "notify", type: "slack", webhookUrl: "{{secrets.slack_url}}", text: "hi" }],
    });
    const refused = await expectApiError(
      user.api.secrets.delete.mutate({ name: "slack_url" }),
      "PRECONDITION_FAILED",
    );
    expect(refused.data.usedBy).toEqual([{ workflowId: wf.id, workflowName: "Notify" }]);
    expect(refused.message).toContain('"Notify"');
    expect(await user.api.secrets.list.query()).toHaveLength(1);

    const forced = await user.api.secrets.delete.mutate({ name: "slack_url", force: true });
    expect(forced).toEqual({
      name: "slack_url",
      deleted: true,
      usedBy: [{ workflowId: wf.id, workflowName: "Notify" }],
    });
    expect((await user.api.workflows.get.query({ id: wf.id })).missingSecrets).toEqual(["slack_url"]);
  });
});
