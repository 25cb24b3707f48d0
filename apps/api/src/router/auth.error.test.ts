import { describe, expect, it } from "vitest";
import { apiClient, expectApiError, signUpUser } from "../../test/api";

describe("auth (errors)", () => {
  it("refuses a second account for the same email", async () => {
    const user = await signUpUser();
    const error = await expectApiError(
      apiClient().auth.signUp.mutate({ email: user.email, password: "another long password" }),
      "CONFLICT",
    );
    expect(error.message).toContain("sign in instead");
  });

  it("says which field is wrong, without echoing it", async () => {
    const short = await expectApiError(
      apiClient().auth.signUp.mutate({ email: "a@example.test", password: "short" }),
      "BAD_REQUEST",
    );
    expect(short.message).toBe("password: the password needs at least 10 characters");
    expect(short.data.issues).toEqual([
      { path: "password", message: "the password needs at least 10 characters" },
    ]);
    const email = await expectApiError(
      apiClient().auth.signUp.mutate({ email: "not-an-email", password: "long enough password" }),
      "BAD_REQUEST",
    );
    expect(email.message).toMatch(/^email: /);
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const user = await signUpUser();
    const wrong = await expectApiError(
      apiClient().auth.signIn.mutate({ email: user.email, password: "wrong password!" }),
      "UNAUTHORIZED",
    );
    const unknown = await expectApiError(
      apiClient().auth.signIn.mutate({
        email: `nobody-${crypto.randomUUID()}@example.test`,
        password: "whatever1234",
      }),
      "UNAUTHORIZED",
    );
    expect(wrong.message).toBe("email or password is incorrect");
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.data).toEqual(wrong.data);
  });

  it("requires a token for everything but signUp and signIn", async () => {
    await expectApiError(apiClient().auth.me.query(), "UNAUTHORIZED");
    await expectApiError(apiClient().auth.signOut.mutate(), "UNAUTHORIZED");
  });
});
