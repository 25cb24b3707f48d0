import { describe, expect, it } from "vitest";
import { toBase64Url } from "./encoding";
import { constantTimeEqual, hashPassword, verifyPassword } from "./password";

describe("hashPassword / verifyPassword", () => {
  it("verifies the right password and refuses others", async () => {
    const stored = await hashPassword("correct horse battery staple ✓");
    expect(await verifyPassword("correct horse battery staple ✓", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("writes pbkdf2-sha256 at 100,000 iterations with a 16-byte random salt, never the password", async () => {
    const [a, b] = [await hashPassword("same"), await hashPassword("same")];
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("same");
  });

  it("reads its own format with other iteration counts (parameters can change later)", async () => {
    // Derived once with 1,000 iterations of PBKDF2-SHA256 over "pw" and this salt.
    const salt = "AAAAAAAAAAAAAAAAAAAAAA";
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("pw"), "PBKDF2", false, [
      "deriveBits",
    ]);
    const bits = await crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt: new Uint8Array(16), iterations: 1000 },
      key,
      256,
    );
    const stored = `pbkdf2-sha256$1000$${salt}$${toBase64Url(new Uint8Array(bits))}`;
    expect(await verifyPassword("pw", stored)).toBe(true);
  });

  it("throws malformed for a stored value it did not write", async () => {
    const good = await hashPassword("pw");
    const bad = [
      "",
      "plain",
      good.replace("pbkdf2-sha256", "bcrypt"),
      good.replace("$100000$", "$100001$"),
      good.replace("$100000$", "$0$"),
      `${good}$extra`,
      good.slice(0, -2),
    ];
    for (const stored of bad) {
      await expect(verifyPassword("pw", stored)).rejects.toMatchObject({ code: "malformed" });
    }
  });

  it("constantTimeEqual compares whole arrays", () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
  });
});
