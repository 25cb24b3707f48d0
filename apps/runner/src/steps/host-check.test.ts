import { describe, expect, it } from "vitest";
import { unsendableHost } from "./host-check";

describe("unsendableHost", () => {
  it("lets real host names and IP literals through", () => {
    for (const host of [
      "api.stripe.com",
      "hooks.slack.com.",
      "127.0.0.1",
      "[::1]",
      "2001:db8::1",
      "xn--bcher-kva.example",
      "my_bucket.s3.amazonaws.com",
      "localhost",
      `${"a".repeat(63)}.example`,
    ]) {
      expect(unsendableHost(host), host).toBeUndefined();
    }
  });

  it("refuses what no resolver can answer, without quoting it", () => {
    for (const host of [
      "cnry!value.example",
      "has space",
      "-leading.example",
      "trailing-.example",
      "a..b",
      "",
      `${"a".repeat(64)}.example`,
      `${"a.".repeat(127)}bb`,
      "secret-value.invalid",
      "secret-value.INVALID.",
    ]) {
      const reason = unsendableHost(host);
      expect(reason, host).toEqual(expect.any(String));
      if (host.length > 3) expect(reason).not.toContain(host);
    }
  });
});
