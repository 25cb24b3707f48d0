import { errorText, findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { CryptoError } from "./errors";
import { openSecret } from "./open";
import { sealSecret } from "./seal";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "./sealing-keys";
import {
  buildSealedSecretAad,
  buildSecretAad,
  canonicalPolicy,
  parseCanonicalPolicy,
  secretAadForRow,
} from "./secret-aad";

const pair = await generateSealingKeyPair();
const keyring = [toKeyringEntry(pair)];
const publicKey = toPublicKey(pair);
const value = makeCanary("policy-bound");
const stripe = canonicalPolicy({ destinations: ["https://api.stripe.com"], scripts: false });
const row = { userId: "usr_a", secretId: "sec_1", version: 2, type: "text", policy: stripe };
const envelope = await sealSecret(value, { publicKey, aad: secretAadForRow(row) });

const thrown: unknown[] = [];
afterAll(() => {
  for (const error of thrown) expect(findLeaks(errorText(error), [value, pair.privateJwk.d])).toEqual([]);
});

async function openError(aad: string): Promise<CryptoError> {
  try {
    await openSecret(envelope, { keyring, aad });
  } catch (error) {
    thrown.push(error);
    if (error instanceof CryptoError) return error;
    throw error;
  }
  throw new Error("opened with a different aad");
}

describe("canonicalPolicy", () => {
  it("sorts, deduplicates and writes one fixed JSON shape", () => {
    expect(
      canonicalPolicy({
        destinations: [
          "smtp://mail.example.com:587",
          "https://b.example",
          "https://a.example",
          "https://b.example",
        ],
        scripts: true,
      }),
    ).toBe(
      '{"destinations":["https://a.example","https://b.example","smtp://mail.example.com:587"],"scripts":true}',
    );
  });

  it("lets * absorb every other destination", () => {
    expect(canonicalPolicy({ destinations: ["https://a.example", "*"], scripts: false })).toBe(
      '{"destinations":["*"],"scripts":false}',
    );
  });

  it("gives the same string for the same set in any order", () => {
    const a = canonicalPolicy({ destinations: ["https://x.example", "*.y.example"], scripts: false });
    const b = canonicalPolicy({
      destinations: ["*.y.example", "https://x.example", "*.y.example"],
      scripts: false,
    });
    expect(a).toBe(b);
  });

  it("refuses shapes that are not a policy", () => {
    const bad = [
      { destinations: "https://a.example", scripts: false },
      { destinations: ["https://a.example"], scripts: "no" },
      { destinations: [""], scripts: false },
      { destinations: [" https://a.example"], scripts: false },
      { destinations: [7], scripts: false },
    ];
    for (const policy of bad) {
      expect(() => canonicalPolicy(policy as never)).toThrow(expect.objectContaining({ code: "malformed" }));
    }
  });

  it("parseCanonicalPolicy reads back exactly what canonicalPolicy wrote, and nothing else", () => {
    expect(parseCanonicalPolicy(stripe)).toEqual({
      destinations: ["https://api.stripe.com"],
      scripts: false,
    });
    for (const text of [
      '{"scripts":false,"destinations":["https://api.stripe.com"]}',
      '{"destinations":["https://b.example","https://a.example"],"scripts":false}',
      '{"destinations":["https://a.example"],"scripts":false} ',
      "null",
      "not json",
    ]) {
      expect(parseCanonicalPolicy(text), text).toBeUndefined();
    }
  });
});

describe("v2 aad", () => {
  it("writes the documented format, policy last", () => {
    expect(
      buildSealedSecretAad({ ...row, policy: { destinations: ["https://api.stripe.com"], scripts: false } }),
    ).toBe(`wfs/v2|user=usr_a|secret=sec_1|version=2|type=text|policy=${stripe}`);
  });

  it("secretAadForRow gives v1 for a legacy row (policy NULL) and v2 otherwise", () => {
    expect(secretAadForRow({ ...row, policy: null })).toBe(buildSecretAad(row));
    expect(secretAadForRow(row)).toMatch(/^wfs\/v2\|/);
  });

  it("refuses types that could shift the fields", () => {
    for (const type of ["", "Text", "a|b", "a=b", "x".repeat(33)]) {
      expect(() => secretAadForRow({ ...row, type })).toThrow(expect.objectContaining({ code: "malformed" }));
    }
  });

  it("opens with the row it was sealed for", async () => {
    expect(await openSecret(envelope, { keyring, aad: secretAadForRow(row) })).toBe(value);
  });

  it("fails as tampered when the policy column is widened, even to canonical JSON", async () => {
    const widened = canonicalPolicy({ destinations: ["*"], scripts: true });
    expect((await openError(secretAadForRow({ ...row, policy: widened }))).code).toBe("tampered");
    const another = canonicalPolicy({
      destinations: ["https://api.stripe.com", "https://evil.example"],
      scripts: false,
    });
    expect((await openError(secretAadForRow({ ...row, policy: another }))).code).toBe("tampered");
    const scripts = canonicalPolicy({ destinations: ["https://api.stripe.com"], scripts: true });
    expect((await openError(secretAadForRow({ ...row, policy: scripts }))).code).toBe("tampered");
  });

  it("fails as tampered when the row is downgraded to a legacy NULL policy", async () => {
    expect((await openError(secretAadForRow({ ...row, policy: null }))).code).toBe("tampered");
  });

  it("fails as tampered when the type column changes or the envelope moves to another row, user or version", async () => {
    for (const moved of [
      { ...row, type: "basic" },
      { ...row, secretId: "sec_2" },
      { ...row, userId: "usr_b" },
      { ...row, version: 3 },
    ]) {
      expect((await openError(secretAadForRow(moved))).code).toBe("tampered");
    }
  });

  it("refuses a policy column that is not canonical as tampered, before any decrypt", () => {
    let error: unknown;
    try {
      secretAadForRow({ ...row, policy: '{"destinations":["*"],"scripts":true,"x":1}' });
    } catch (caught) {
      error = caught;
    }
    thrown.push(error);
    expect(error).toEqual(expect.objectContaining({ code: "tampered" }));
  });
});
