import { errorText, findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "./encoding";
import { CryptoError, type CryptoErrorCode } from "./errors";
import { clearOpenCache, openSecret } from "./open";
import { buildTriggerAad, sealSecret } from "./seal";
import { generateSealingKeyPair, type SealingPrivateKey, toKeyringEntry, toPublicKey } from "./sealing-keys";
import { buildSecretAad } from "./secret-aad";

const oldPair = await generateSealingKeyPair();
const newPair = await generateSealingKeyPair();
const keyring = [toKeyringEntry(newPair), toKeyringEntry(oldPair)];
const slot = { userId: "usr_alice", secretId: "sec_1", version: 2 };
const aad = buildSecretAad(slot);
const plaintext = makeCanary("plaintext");
const envelope = await sealSecret(plaintext, { publicKey: toPublicKey(newPair), aad });

// Every error thrown in this file is kept and searched for the plaintext and key material at the end.
const thrown: unknown[] = [];
afterAll(() => {
  const secrets = [plaintext, ...[oldPair, newPair].flatMap((p) => [p.privateJwk.d])];
  for (const error of thrown) expect(findLeaks(errorText(error), secrets)).toEqual([]);
});

let useCache = true;

async function openError(candidate: string, options: { keyring?: SealingPrivateKey[]; aad?: string } = {}) {
  try {
    const opened = await openSecret(candidate, {
      keyring: options.keyring ?? keyring,
      aad: options.aad ?? aad,
      cache: useCache,
    });
    throw new Error(
      `opened an envelope that should fail (got ${opened === plaintext ? "the plaintext" : "text"})`,
    );
  } catch (error) {
    thrown.push(error);
    if (!(error instanceof CryptoError)) throw error;
    return error;
  }
}

async function expectCode(
  candidate: string,
  code: CryptoErrorCode,
  options?: Parameters<typeof openError>[1],
) {
  expect((await openError(candidate, options)).code).toBe(code);
}

const parts = () => envelope.split(".") as [string, string, string, string];
const withPart = (index: number, value: string) => parts().with(index, value).join(".");
/** Flips one bit of the decoded bytes of a part and re-encodes it, so the result is well-formed. */
function flipBit(index: number, byte: number, bit: number): string {
  const bytes = fromBase64Url(parts()[index] as string) as Uint8Array;
  bytes[byte] = (bytes[byte] as number) ^ (1 << bit);
  return withPart(index, toBase64Url(bytes));
}

// Every failure is checked on the cold path (ECDH + key schedule) and with the genuine envelope's
// content key already cached, which must not let an edited envelope or another aad through.
for (const cache of [false, true]) {
  describe(cache ? "with a warm content-key cache" : "cold (cache off)", () => {
    beforeAll(async () => {
      useCache = cache;
      clearOpenCache();
      if (cache) expect(await openSecret(envelope, { keyring, aad })).toBe(plaintext);
    });

    describe("malformed: not an envelope", () => {
      it("refuses a wrong or missing version prefix", async () => {
        await expectCode(envelope.replace(/^wfs1/, "wfs2"), "malformed");
        await expectCode(envelope.replace(/^wfs1/, "WFS1"), "malformed");
        await expectCode(envelope.slice(5), "malformed");
        await expectCode("", "malformed");
        await expectCode(plaintext, "malformed");
      });

      it("refuses a truncated envelope: missing parts, ciphertext shorter than the tag, cut mid-character", async () => {
        const [version, kid, enc, ct] = parts();
        await expectCode(`${version}.${kid}.${enc}`, "malformed");
        await expectCode(`${version}.${kid}.${enc}.`, "malformed");
        await expectCode(`${version}.${kid}.${enc}.${ct.slice(0, 20)}`, "malformed");
        await expectCode(`${version}.${kid}.${enc.slice(0, 40)}.${ct}`, "malformed");
        await expectCode(envelope.slice(0, envelope.length - 1 - (ct.length % 4 === 2 ? 0 : 1)), "malformed");
      });

      it("refuses bad base64url: padding, standard alphabet, foreign characters, non-canonical last character", async () => {
        const [, , enc, ct] = parts();
        await expectCode(withPart(3, `${ct}==`), "malformed");
        await expectCode(withPart(2, `${enc.slice(0, 10)}+${enc.slice(11)}`), "malformed");
        await expectCode(withPart(3, `${ct.slice(0, 10)}*${ct.slice(11)}`), "malformed");
        await expectCode(withPart(3, `${ct.slice(0, 10)}é${ct.slice(11)}`), "malformed");
        // 65 bytes leave 4 unused bits in the last character: setting one must not decode to the same bytes.
        const last = enc.at(-1) as string;
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        const sibling = alphabet[alphabet.indexOf(last) | 1] as string;
        await expectCode(withPart(2, enc.slice(0, -1) + sibling), "malformed");
      });

      it("refuses an extra part and an invalid kid", async () => {
        await expectCode(`${envelope}.extra`, "malformed");
        await expectCode(withPart(1, "kid with spaces"), "malformed");
        await expectCode(withPart(1, ""), "malformed");
      });
    });

    describe("unknown-key", () => {
      it("names the kid when the keyring does not hold it", async () => {
        const error = await openError(envelope, { keyring: [toKeyringEntry(oldPair)] });
        expect(error.code).toBe("unknown-key");
        expect(error.message).toContain(newPair.kid);
      });

      it("a flipped bit in the kid points at no key", async () => {
        for (let bit = 0; bit < 8; bit++) await expectCode(flipBit(1, 0, bit), "unknown-key");
      });
    });

    describe("tampered: authentication fails", () => {
      it("a flipped bit in any byte of enc", async () => {
        const encBytes = (fromBase64Url(parts()[2]) as Uint8Array).length;
        for (let byte = 0; byte < encBytes; byte++) await expectCode(flipBit(2, byte, byte % 8), "tampered");
      });

      it("a flipped bit in any byte of the ciphertext or tag", async () => {
        const ctBytes = (fromBase64Url(parts()[3]) as Uint8Array).length;
        for (let byte = 0; byte < ctBytes; byte++)
          await expectCode(flipBit(3, byte, (byte * 3) % 8), "tampered");
      });

      it("the ciphertext cut by one byte", async () => {
        const ct = fromBase64Url(parts()[3]) as Uint8Array;
        await expectCode(withPart(3, toBase64Url(ct.subarray(0, -1))), "tampered");
      });

      it("the aad of another user, another secret or another version", async () => {
        await expectCode(envelope, "tampered", { aad: buildSecretAad({ ...slot, userId: "usr_mallory" }) });
        await expectCode(envelope, "tampered", { aad: buildSecretAad({ ...slot, secretId: "sec_2" }) });
        await expectCode(envelope, "tampered", { aad: buildSecretAad({ ...slot, version: 1 }) });
        await expectCode(envelope, "tampered", { aad: buildSecretAad({ ...slot, version: 3 }) });
      });

      it("a sealed trigger moved to another run, workflow or user, or read as a secret", async () => {
        const run = { userId: "usr_alice", workflowId: "wf_1", runId: "run_1" };
        const trigger = await sealSecret(plaintext, {
          publicKey: toPublicKey(newPair),
          aad: buildTriggerAad(run),
        });
        expect(await openSecret(trigger, { keyring, aad: buildTriggerAad(run), cache: useCache })).toBe(
          plaintext,
        );
        await expectCode(trigger, "tampered", { aad: buildTriggerAad({ ...run, runId: "run_2" }) });
        await expectCode(trigger, "tampered", { aad: buildTriggerAad({ ...run, workflowId: "wf_2" }) });
        await expectCode(trigger, "tampered", { aad: buildTriggerAad({ ...run, userId: "usr_mallory" }) });
        await expectCode(trigger, "tampered", {
          aad: buildSecretAad({ userId: run.userId, secretId: run.runId, version: 1 }),
        });
        // And a secret's envelope never opens as a trigger.
        await expectCode(envelope, "tampered", {
          aad: buildTriggerAad({ userId: slot.userId, workflowId: "wf_1", runId: slot.secretId }),
        });
      });

      it("the kid swapped for another key of the keyring (wrong key)", async () => {
        await expectCode(withPart(1, oldPair.kid), "tampered");
      });

      it("enc and ciphertext taken from two different envelopes", async () => {
        const other = (await sealSecret(plaintext, { publicKey: toPublicKey(newPair), aad })).split(".");
        await expectCode(withPart(2, other[2] as string), "tampered");
      });
    });

    describe("every single-character edit fails", () => {
      it("changing any character of the envelope never opens", async () => {
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (let i = 0; i < envelope.length; i++) {
          const current = envelope[i] as string;
          const replacement = alphabet[(alphabet.indexOf(current) + 1 + (i % 7)) % alphabet.length] as string;
          const edited = envelope.slice(0, i) + replacement + envelope.slice(i + 1);
          expect(["malformed", "unknown-key", "tampered"]).toContain((await openError(edited)).code);
        }
      });
    });
  });
}

describe("keyrings and rotation", () => {
  beforeAll(() => {
    useCache = true;
  });

  it("a keyring with the new and the old key opens envelopes of both kids", async () => {
    const oldEnvelope = await sealSecret("sealed before rotation", { publicKey: toPublicKey(oldPair), aad });
    expect(await openSecret(oldEnvelope, { keyring, aad })).toBe("sealed before rotation");
    expect(await openSecret(envelope, { keyring, aad })).toBe(plaintext);
  });

  it("a cached content key does not outlive its key: a keyring without the kid says unknown-key", async () => {
    expect(await openSecret(envelope, { keyring, aad })).toBe(plaintext);
    expect((await openError(envelope, { keyring: [toKeyringEntry(oldPair)] })).code).toBe("unknown-key");
  });

  it("refuses a keyring entry whose kid is not its key's fingerprint, even after the real key was cached", async () => {
    expect(await openSecret(envelope, { keyring, aad })).toBe(plaintext);
    const impostor = { kid: newPair.kid, privateJwk: oldPair.privateJwk };
    expect((await openError(envelope, { keyring: [impostor] })).code).toBe("malformed");
  });

  it("refuses to seal with a public key that carries its private part", async () => {
    const leaky = { kid: newPair.kid, publicJwk: newPair.privateJwk };
    const error = await sealSecret(plaintext, { publicKey: leaky, aad }).catch((e: unknown) => e);
    thrown.push(error);
    expect(error).toMatchObject({ code: "malformed" });
  });

  it("refuses to seal with a public key under another key's kid", async () => {
    const wrong = { kid: oldPair.kid, publicJwk: newPair.publicJwk };
    const error = await sealSecret(plaintext, { publicKey: wrong, aad }).catch((e: unknown) => e);
    thrown.push(error);
    expect(error).toMatchObject({ code: "malformed" });
  });
});
