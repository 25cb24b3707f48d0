import { describe, expect, it, vi } from "vitest";
import { apiClient, expectApiError, signUpUser } from "../../test/api";

describe("tokens (happy paths)", () => {
  it("creates a personal token shown once, lists it without the token, tracks use, revokes it", async () => {
    const user = await signUpUser();
    const created = await user.api.tokens.create.mutate({
      name: "ci deploy",
      scopes: ["secrets:write", "read", "read"],
      expiresInDays: 30,
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^tok_/),
      name: "ci deploy",
      scopes: ["read", "secrets:write"],
    });
    expect(created.token).toMatch(/^wfsp_[0-9A-Za-z]{43}$/);
    expect(Date.parse(created.expiresAt ?? "") - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const pat = apiClient(created.token);
    await expect(pat.auth.me.query()).resolves.toMatchObject({
      token: { id: created.id, kind: "personal", scopes: ["read", "secrets:write"] },
    });

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
    expect(listed.find((t) => t.kind === "session")).toMatchObject({ current: true, scopes: [] });
    expect(listed.find((t) => t.id === created.id)?.scopes).toEqual(["read", "secrets:write"]);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    await expect(user.api.tokens.revoke.mutate({ id: created.id })).resolves.toMatchObject({
      id: created.id,
    });
    await expectApiError(pat.auth.me.query(), "UNAUTHORIZED");
    expect((await user.api.tokens.list.query()).map((t) => t.id)).not.toContain(created.id);
  });

  it("expires a personal token after 90 days unless asked otherwise, and after 365 at most", async () => {
    const user = await signUpUser();
    const created = await user.api.tokens.create.mutate({ name: "default expiry", scopes: ["read"] });
    const days = (iso: string | null) => (Date.parse(iso ?? "") - Date.now()) / 86_400_000;
    expect(days(created.expiresAt)).toBeGreaterThan(89.9);
    expect(days(created.expiresAt)).toBeLessThanOrEqual(90);
    const longest = await user.api.tokens.create.mutate({
      name: "a year",
      scopes: ["read"],
      expiresInDays: 365,
    });
    expect(days(longest.expiresAt)).toBeGreaterThan(364.9);
    await expect(apiClient(created.token).secrets.list.query()).resolves.toEqual([]);
  });
});
