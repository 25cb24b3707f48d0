import { describe, expect, it } from "vitest";
import { bitsPerChar, maskUnregisteredCredentials } from "./unregistered";

/** Deterministic bytes (xorshift), so the corpus is the same on every run. */
function pseudoRandomBytes(n: number, seed = 0x2545f491): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

const liveKey = "sk_live_51NbQz2Lk9xVtR7wPq3HmA8cD";
const jwt = `${b64url({ alg: "RS256", kid: "k1" })}.${b64url({ sub: "user_81", exp: 1_900_000_000 })}.${"Qm9vS2lnbmF0dXJlX2J5dGVzXzEyMzQ1Njc4OTA"}`;

/** Ordinary responses: none of this may be masked. */
const ORDINARY: [label: string, text: string][] = [
  ["UUIDs", `{"id":"${crypto.randomUUID()}","request_id":"7f9c2ba4-e88f-4a2b-b1d4-8c1a6f0e2d35"}`],
  ["SHA-256 hashes", `sha256:${hex(pseudoRandomBytes(32))} ${hex(pseudoRandomBytes(32, 99))}`],
  [
    "commit SHAs",
    `commit ${hex(pseudoRandomBytes(20))}\nMerge: ${hex(pseudoRandomBytes(20, 7)).slice(0, 7)}`,
  ],
  [
    "a GitHub commit payload",
    JSON.stringify({
      sha: hex(pseudoRandomBytes(20, 3)),
      node_id: "C_kwDOAJy2KtoAKDZlMGM4N2I2",
      parents: [{ sha: hex(pseudoRandomBytes(20, 4)) }],
      tree: { sha: hex(pseudoRandomBytes(20, 5)) },
    }),
  ],
  ["a base64 PNG", `<img src="data:image/png;base64,${base64(pseudoRandomBytes(24_000))}">`],
  [
    "a base64 attachment",
    JSON.stringify({ content: base64(pseudoRandomBytes(6_000, 11)), encoding: "base64" }),
  ],
  ["npm integrity", `"integrity": "sha512-${base64(pseudoRandomBytes(64, 13))}"`],
  ["ISO dates and amounts", '{"created":"2026-12-02T10:17:43.123Z","amount":4200,"currency":"eur"}'],
  ["a WWW-Authenticate challenge", 'WWW-Authenticate: Bearer realm="api", error="invalid_token"'],
  ["a placeholder key in docs", "export STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"],
  ["a registered secret already masked", "Authorization: Bearer [masked:stripe_secret]"],
  ["an id with a key-like prefix", '{"object":"customer","id":"cus_NffrFeUfNV2Hib"}'],
  ["a dotted version string", 'eyJ is how base64 of {" starts; v1.2.3-rc.4'],
  ["a cookie without a secret", "Set-Cookie: theme=dark; Path=/; SameSite=Lax"],
];

describe("maskUnregisteredCredentials", () => {
  it("leaves ordinary responses alone: UUIDs, hashes, commit SHAs, base64 images, placeholders", () => {
    for (const [label, text] of ORDINARY) {
      const scan = maskUnregisteredCredentials(text);
      expect(scan.found, label).toEqual([]);
      expect(scan.text, label).toBe(text);
    }
  });

  it("masks a new Stripe key and a JWT in a response body, naming their kinds", () => {
    const body = JSON.stringify({ id: "key_1", secret: liveKey, session: jwt });
    const scan = maskUnregisteredCredentials(body);
    expect(scan.text).toBe(
      JSON.stringify({
        id: "key_1",
        secret: "[masked:unregistered stripe-secret-key-live]",
        session: "[masked:unregistered jwt]",
      }),
    );
    expect(scan.found.map((f) => f.kind)).toEqual(["stripe-secret-key-live", "jwt"]);
  });

  it("masks tokens in credential positions: Bearer, Authorization, Set-Cookie and API key lines", () => {
    const opaque = "f3Kd92LmQx7Rz0PbNw4TyV8sHa1Ce6Uj";
    const text = [
      `GET /v1 with Authorization: Bearer ${opaque}`,
      `Set-Cookie: sid=${opaque}Zz; Path=/; HttpOnly`,
      `X-Api-Key: ${opaque}Yy`,
    ].join("\n");
    const scan = maskUnregisteredCredentials(text);
    expect(scan.text).not.toContain(opaque);
    expect(scan.found.map((f) => f.kind)).toEqual(["bearer-token", "session-cookie", "api-key-header"]);
    expect(scan.text).toContain("Set-Cookie: sid=[masked:unregistered session-cookie]; Path=/; HttpOnly");
  });

  it("treats a whole header value as a position when told the header", () => {
    const opaque = "q8Wn3Zr5Tb0Ym2Lk7Hv4Jx9Pc6Fd1Sa";
    expect(maskUnregisteredCredentials(`Bearer ${opaque}`, "authorization").text).toBe(
      "Bearer [masked:unregistered bearer-token]",
    );
    expect(maskUnregisteredCredentials(`session=${opaque}; Secure`, "set-cookie").text).toBe(
      "session=[masked:unregistered session-cookie]; Secure",
    );
    expect(maskUnregisteredCredentials(opaque, "x-api-key").found).toHaveLength(1);
    // The same value under an ordinary header is left alone.
    expect(maskUnregisteredCredentials(opaque, "x-request-id").found).toEqual([]);
  });

  it("masks a PEM private key and a Google API key", () => {
    const pem = `-----BEGIN EC PRIVATE KEY-----\n${base64(pseudoRandomBytes(48, 21))}\n-----END EC PRIVATE KEY-----`;
    const google = `AIzaSyD${base64(pseudoRandomBytes(24, 5)).replace(/[+/=]/g, "x").slice(0, 32)}`;
    const scan = maskUnregisteredCredentials(`key: ${pem}\nmaps: ${google}`);
    expect(scan.found.map((f) => f.kind)).toEqual(["pem-private-key", "google-api-key"]);
    expect(scan.text).not.toContain("BEGIN EC PRIVATE KEY");
  });

  it("measures entropy per character", () => {
    expect(bitsPerChar("aaaaaaaaaaaaaaaa")).toBe(0);
    expect(bitsPerChar("abcdefghijklmnop")).toBe(4);
  });
});
