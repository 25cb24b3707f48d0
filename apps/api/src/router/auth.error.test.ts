import { describe, expect, it } from "vitest";
import { apiClient, expectApiError, freshClientAddress, signUpUser } from "../../test/api";

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
    const shortRule =
      "the password needs at least 10 characters: use 4 or more random words, or a password manager's generated password";
    expect(short.message).toBe(`password: ${shortRule}`);
    expect(short.data.issues).toEqual([{ path: "password", message: shortRule }]);
    const email = await expectApiError(
      apiClient().auth.signUp.mutate({ email: "not-an-email", password: "long enough password" }),
      "BAD_REQUEST",
    );
    expect(email.message).toMatch(/^email: /);
  });

  it("refuses an all-whitespace password and one that is easy to guess, saying what to do", async () => {
    const client = apiClient(undefined, freshClientAddress());
    const spaces = await expectApiError(
      client.auth.signUp.mutate({ email: "spaces@example.test", password: " ".repeat(10) }),
      "BAD_REQUEST",
    );
    expect(spaces.message).toBe(
      "password: the password cannot be only spaces: use 4 or more random words, or a password manager's generated password",
    );
    for (const password of ["password1234", "aaaaaaaaaaaaaaaa", "qwertyuiop123", "weak-user@example.test"]) {
      const weak = await expectApiError(
        client.auth.signUp.mutate({ email: "weak-user@example.test", password }),
        "BAD_REQUEST",
      );
      expect(weak.message, password).toMatch(
        /^password: the password is too easy to guess \(strength [0-2] of 4, needs 3\): use 4 or more random words/,
      );
      expect(weak.data.issues).toEqual([
        { path: "password", message: expect.stringMatching(/too easy to guess/) },
      ]);
      expect(JSON.stringify(weak)).not.toContain(password);
    }
    // Nothing was created for the refused sign-ups.
    const strong = await client.auth.signUp.mutate({
      email: "weak-user@example.test",
      password: "velvet otter climbs 7 quiet ladders",
    });
    expect(strong.user.email).toBe("weak-user@example.test");
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
