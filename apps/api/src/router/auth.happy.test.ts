import { describe, expect, it } from "vitest";
import { apiClient, expectApiError, signUpUser } from "../../test/api";

describe("auth (happy paths)", () => {
  it("signs up, answers me, signs in again with a new token, and signs out", async () => {
    const user = await signUpUser();
    expect(user.user).toEqual({ id: expect.stringMatching(/^usr_/), email: user.email });
    expect(user.token).toMatch(/^wfss_[0-9A-Za-z]{43}$/);
    expect(await user.api.auth.me.query()).toMatchObject({ id: user.user.id, email: user.email });

    const again = await apiClient().auth.signIn.mutate({
      email: user.email.toUpperCase(),
      password: user.password,
    });
    expect(again.user).toEqual(user.user);
    expect(again.token).not.toBe(user.token);

    const second = apiClient(again.token);
    await expect(second.auth.signOut.mutate()).resolves.toEqual({ ok: true });
    await expectApiError(second.auth.me.query(), "UNAUTHORIZED");
    // Signing out one session leaves the others working.
    await expect(user.api.auth.me.query()).resolves.toMatchObject({ email: user.email });
  });

  it("normalises the email (trim, lower case)", async () => {
    const email = `  Mixed.Case-${crypto.randomUUID().slice(0, 6)}@Example.TEST `;
    const signed = await apiClient().auth.signUp.mutate({ email, password: "correct horse battery" });
    expect(signed.user.email).toBe(email.trim().toLowerCase());
  });
});
