import { describe, expect, it, vi } from "vitest";
import { apiClient, expectApiError, signUpUser } from "../../test/api";

describe("tokens (happy paths)", () => {
  it("creates a personal token shown once, lists it without the token, tracks use, revokes it", async () => {
    const user = await signUpUser();
    const created = await user.api.tokens.create.mutate({ name: "ci deploy", expiresInDays: 30 });
    expect(created).toMatchObject({ id: expect.stringMatching(/^tok_/), name: "ci deploy" });
    expect(created.token).toMatch(/^wfsp_[0-9A-Za-z]{43}$/);
    expect(Date.parse(created.expiresAt ?? "") - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const pat = apiClient(created.token);
    await expect(pat.auth.me.query()).resolves.toMatchObject({ token: { id: created.id, kind: "personal" } });

    // lastUsedAt is written in waitUntil, after the response: poll (a loaded machine takes seconds).
    await vi.waitFor(
      async () => {
        const listed = await user.api.tokens.list.query();
        expect(listed.find((t) => t.id === created.id)?.lastUsedAt).toEqual(expect.any(String));
      },
      { timeout: 30_000, interval: 50 },
    );
    const listed = await user.api.tokens.list.query();
    expect(listed.map((t) => t.kind).sort()).toEqual(["personal", "session"]);
    expect(listed.find((t) => t.kind === "session")?.current).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    await expect(user.api.tokens.revoke.mutate({ id: created.id })).resolves.toMatchObject({
      id: created.id,
    });
    await expectApiError(pat.auth.me.query(), "UNAUTHORIZED");
    expect((await user.api.tokens.list.query()).map((t) => t.id)).not.toContain(created.id);
  });

  it("creates tokens without expiry", async () => {
    const user = await signUpUser();
    const created = await user.api.tokens.create.mutate({ name: "forever" });
    expect(created.expiresAt).toBeNull();
    await expect(apiClient(created.token).secrets.list.query()).resolves.toEqual([]);
  });
});
