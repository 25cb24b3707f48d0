import { describe, expect, it } from "vitest";
import { envelopeKid, parseEnvelope } from "./envelope";
import { openSecret } from "./open";
import { buildTriggerAad, sealSecret } from "./seal";
import { computeKid, generateSealingKeyPair, toKeyringEntry, toPublicKey } from "./sealing-keys";
import { buildSecretAad } from "./secret-aad";

const pair = await generateSealingKeyPair();
const publicKey = toPublicKey(pair);
const keyring = [toKeyringEntry(pair)];
const aad = buildSecretAad({ userId: "usr_1", secretId: "sec_1", version: 1 });

const PEM = [
  "-----BEGIN PRIVATE KEY-----",
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7n1gQ0vTgCY3QvVh",
  "kN2mZ3Xc4bN0oM3gS1Ypq8ZqkXahRANCAAR2m5p3Yk0h6X1c1b2q0J5l3Nq8z0Zx",
  "-----END PRIVATE KEY-----",
  "",
].join("\n");

describe("sealSecret / openSecret round trips", () => {
  const cases: [string, string][] = [
    ["empty", ""],
    ["1 byte", "x"],
    ["64 KiB", "k".repeat(64 * 1024)],
    ["unicode (accents, CJK, emoji, RTL, combining)", "ünïcødé 秘密 🔑👩🏽‍💻 مفتاح e\u0301"],
    ["multi-line PEM text", PEM],
    ["JSON credentials with quotes and backslashes", '{"token":"a\\"b","path":"C:\\\\x"}'],
  ];
  for (const [name, value] of cases) {
    it(`opens what it sealed: ${name}`, async () => {
      const envelope = await sealSecret(value, { publicKey, aad });
      expect(await openSecret(envelope, { keyring, aad })).toBe(value);
    });
  }

  it("writes wfs1.<kid>.<enc>.<ct> with a 65-byte enc and ct = plaintext + 16-byte tag", async () => {
    const envelope = await sealSecret("hello", { publicKey, aad });
    expect(envelope).toMatch(/^wfs1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const { kid, enc, ct } = parseEnvelope(envelope);
    expect(kid).toBe(pair.kid);
    expect(envelopeKid(envelope)).toBe(pair.kid);
    expect(enc).toHaveLength(65);
    expect(enc[0]).toBe(4);
    expect(ct).toHaveLength(5 + 16);
  });

  it("refuses a string with a lone surrogate (UTF-8 would silently turn it into U+FFFD)", async () => {
    await expect(sealSecret("abc\uD800def", { publicKey, aad })).rejects.toMatchObject({ code: "malformed" });
    expect(
      await openSecret(await sealSecret("pair \uD83D\uDD11", { publicKey, aad }), { keyring, aad }),
    ).toBe("pair 🔑");
  });

  it("never seals the same value to the same envelope (fresh ephemeral key each time)", async () => {
    const a = await sealSecret("same", { publicKey, aad });
    const b = await sealSecret("same", { publicKey, aad });
    expect(a).not.toBe(b);
    expect(await openSecret(b, { keyring, aad })).toBe("same");
  });

  it("opens many envelopes in parallel with one cached key", async () => {
    const values = Array.from({ length: 50 }, (_, i) => `value-${i}`);
    const envelopes = await Promise.all(values.map((v) => sealSecret(v, { publicKey, aad })));
    expect(await Promise.all(envelopes.map((e) => openSecret(e, { keyring, aad })))).toEqual(values);
  });
});

describe("keys and aad", () => {
  it("generateSealingKeyPair gives a kid that is the public key's fingerprint and bare JWKs", async () => {
    const fresh = await generateSealingKeyPair();
    expect(fresh.kid).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(await computeKid(fresh.publicJwk)).toBe(fresh.kid);
    expect(Object.keys(fresh.publicJwk).sort()).toEqual(["crv", "kty", "x", "y"]);
    expect(Object.keys(fresh.privateJwk).sort()).toEqual(["crv", "d", "kty", "x", "y"]);
    expect(fresh.kid).not.toBe(pair.kid);
  });

  it("buildSecretAad writes the documented format", () => {
    expect(buildSecretAad({ userId: "u_42", secretId: "s_7", version: 3 })).toBe(
      "wfs/v1|user=u_42|secret=s_7|version=3",
    );
  });

  it("buildTriggerAad writes the documented format", () => {
    expect(buildTriggerAad({ userId: "u_42", workflowId: "wf_1", runId: "run_9" })).toBe(
      "wfs/trigger|user=u_42|workflow=wf_1|run=run_9",
    );
  });

  it("buildTriggerAad refuses ids that could forge another run", () => {
    const bad = [
      { userId: "u|run=x", workflowId: "w", runId: "r" },
      { userId: "u", workflowId: "w=1", runId: "r" },
      { userId: "u", workflowId: "w", runId: "" },
      { userId: "u", workflowId: "w", runId: 7 as unknown as string },
    ];
    for (const slot of bad)
      expect(() => buildTriggerAad(slot)).toThrow(expect.objectContaining({ code: "malformed" }));
  });

  it("buildSecretAad refuses ids that could forge another slot, and bad versions", () => {
    const bad = [
      { userId: "u|secret=x", secretId: "s", version: 1 },
      { userId: "u", secretId: "s=1", version: 1 },
      { userId: "", secretId: "s", version: 1 },
      { userId: "u", secretId: "s", version: 0 },
      { userId: "u", secretId: "s", version: 1.5 },
    ];
    for (const slot of bad)
      expect(() => buildSecretAad(slot)).toThrow(expect.objectContaining({ code: "malformed" }));
  });
});
