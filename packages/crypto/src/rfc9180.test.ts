import { Aes128Gcm, Aes256Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from "@hpke/core";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url, toHex, utf8 } from "./encoding";
import vector from "./fixtures/rfc9180-a3-p256-sha256-aes128gcm-base.json";
import { createKeySchedule, hpkeSuiteId } from "./key-schedule";
import { openSecret } from "./open";
import { sealSecret } from "./seal";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "./sealing-keys";
import { SEAL_INFO, SEAL_KEY_BYTES, SEAL_SUITE_ID } from "./suite";
import {
  AEAD_AES_128_GCM,
  AEAD_AES_256_GCM,
  aeadOpen,
  aeadSeal,
  decap,
  encap,
  hexToBytes,
  keySchedule,
  nonceFor,
  privateJwkFromRaw,
} from "./testing/rfc9180-reference";

const hex = (buffer: ArrayBuffer | Uint8Array) =>
  toHex(buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer));
const suiteWith = (aead: Aes128Gcm | Aes256Gcm) =>
  new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead });
const info = hexToBytes(vector.info);
const pt = hexToBytes(vector.encryptions[0]?.pt ?? "");
const aadFor = (sequenceNumber: number) => utf8(`Count-${sequenceNumber}`);
const LAST_SEQUENCE = Math.max(...vector.encryptions.map((e) => e.sequenceNumber));

describe(`${vector.source}`, () => {
  const suite = suiteWith(new Aes128Gcm());

  it("is the suite we ship apart from the AEAD (KEM 0x0010, KDF 0x0001, base mode)", () => {
    expect([vector.mode, vector.kemId, vector.kdfId, vector.aeadId]).toEqual([0, 16, 1, AEAD_AES_128_GCM]);
  });

  it("DeriveKeyPair(ikmR) and DeriveKeyPair(ikmE) give the vector's keys", async () => {
    for (const [ikm, sk, pk] of [
      [vector.ikmR, vector.skRm, vector.pkRm],
      [vector.ikmE, vector.skEm, vector.pkEm],
    ] as const) {
      const pair = await suite.kem.deriveKeyPair(hexToBytes(ikm));
      expect(hex(await suite.kem.serializePrivateKey(pair.privateKey))).toBe(sk);
      expect(hex(await suite.kem.serializePublicKey(pair.publicKey))).toBe(pk);
    }
  });

  it("Encap with the vector's ephemeral ikm gives its enc and shared_secret; Decap with skRm agrees", async () => {
    const recipientPublicKey = await suite.kem.deserializePublicKey(hexToBytes(vector.pkRm));
    const { enc, sharedSecret } = await suite.kem.encap({ recipientPublicKey, ekm: hexToBytes(vector.ikmE) });
    expect(hex(enc)).toBe(vector.enc);
    expect(hex(sharedSecret)).toBe(vector.sharedSecret);
    const recipientKey = await suite.kem.deserializePrivateKey(hexToBytes(vector.skRm));
    expect(hex(await suite.kem.decap({ recipientKey, enc: hexToBytes(vector.enc) }))).toBe(
      vector.sharedSecret,
    );
  });

  it("a sender context seals every vector ciphertext at its sequence number and exports the vector values", async () => {
    const recipientPublicKey = await suite.kem.deserializePublicKey(hexToBytes(vector.pkRm));
    const sender = await suite.createSenderContext({
      recipientPublicKey,
      info,
      ekm: hexToBytes(vector.ikmE),
    });
    expect(hex(sender.enc)).toBe(vector.enc);
    const sealed = new Map<number, string>();
    for (let seq = 0; seq <= LAST_SEQUENCE; seq++) sealed.set(seq, hex(await sender.seal(pt, aadFor(seq))));
    for (const e of vector.encryptions)
      expect(sealed.get(e.sequenceNumber), `seq ${e.sequenceNumber}`).toBe(e.ct);
    for (const e of vector.exports) {
      expect(hex(await sender.export(hexToBytes(e.exporterContext), e.length))).toBe(e.exportedValue);
    }
  });

  it("a recipient context built from skRm and enc opens the vector ciphertexts in sequence", async () => {
    const recipientKey = await suite.kem.deserializePrivateKey(hexToBytes(vector.skRm));
    const recipientPublicKey = await suite.kem.deserializePublicKey(hexToBytes(vector.pkRm));
    const sender = await suite.createSenderContext({
      recipientPublicKey,
      info,
      ekm: hexToBytes(vector.ikmE),
    });
    const recipient = await suite.createRecipientContext({ recipientKey, enc: hexToBytes(vector.enc), info });
    const byIndex = new Map(vector.encryptions.map((e) => [e.sequenceNumber, e]));
    for (let seq = 0; seq <= LAST_SEQUENCE; seq++) {
      // Sequence numbers the vector skips are filled from the sender, which matched the vector above.
      const fromVector = byIndex.get(seq);
      const ct = fromVector ? hexToBytes(fromVector.ct) : new Uint8Array(await sender.seal(pt, aadFor(seq)));
      if (fromVector) await sender.seal(pt, aadFor(seq));
      expect(hex(await recipient.open(ct, aadFor(seq)))).toBe(hex(pt));
    }
    for (const e of vector.exports) {
      expect(hex(await recipient.export(hexToBytes(e.exporterContext), e.length))).toBe(e.exportedValue);
    }
  });

  it("the independent reference reproduces shared_secret, the key schedule and every ciphertext", async () => {
    const jwk = privateJwkFromRaw(hexToBytes(vector.skRm), hexToBytes(vector.pkRm));
    const sharedSecret = await decap(jwk, hexToBytes(vector.enc));
    expect(hex(sharedSecret)).toBe(vector.sharedSecret);
    const schedule = await keySchedule(sharedSecret, info, AEAD_AES_128_GCM);
    expect(hex(schedule.keyScheduleContext)).toBe(vector.keyScheduleContext);
    expect(hex(schedule.secret)).toBe(vector.secret);
    expect(hex(schedule.key)).toBe(vector.key);
    expect(hex(schedule.baseNonce)).toBe(vector.baseNonce);
    expect(hex(schedule.exporterSecret)).toBe(vector.exporterSecret);
    for (const e of vector.encryptions) {
      const nonce = nonceFor(schedule.baseNonce, e.sequenceNumber);
      expect(hex(nonce)).toBe(e.nonce);
      expect(hex(await aeadSeal(schedule.key, nonce, hexToBytes(e.aad), hexToBytes(e.pt)))).toBe(e.ct);
    }
  });
});

describe("our open path's key schedule (precomputed constants, WebCrypto HKDF)", () => {
  it("gives the vector's key and base_nonce for the vector's suite and info", async () => {
    const schedule = createKeySchedule({ suiteId: hpkeSuiteId(16, 1, AEAD_AES_128_GCM), info, keyBytes: 16 });
    const { key, baseNonce } = await schedule(hexToBytes(vector.sharedSecret));
    expect(hex(key)).toBe(vector.key);
    expect(hex(baseNonce)).toBe(vector.baseNonce);
  });

  it("agrees with the reference for the shipped suite (AES-256-GCM, our info) on random shared secrets", async () => {
    const schedule = createKeySchedule({ suiteId: SEAL_SUITE_ID, info: SEAL_INFO, keyBytes: SEAL_KEY_BYTES });
    for (let i = 0; i < 5; i++) {
      const sharedSecret = crypto.getRandomValues(new Uint8Array(32));
      const ours = await schedule(sharedSecret);
      const reference = await keySchedule(sharedSecret, SEAL_INFO, AEAD_AES_256_GCM);
      expect(hex(ours.key)).toBe(hex(reference.key));
      expect(hex(ours.baseNonce)).toBe(hex(reference.baseNonce));
    }
  });
});

describe("AES-256-GCM (the AEAD we ship), checked against the vector-verified reference", () => {
  const suite = suiteWith(new Aes256Gcm());

  it("@hpke/core derives the 32-byte AES-256-GCM key and nonce of RFC 9180 §5.1 (aead_id 0x0002)", async () => {
    const recipientPublicKey = await suite.kem.deserializePublicKey(hexToBytes(vector.pkRm));
    const sender = await suite.createSenderContext({
      recipientPublicKey,
      info,
      ekm: hexToBytes(vector.ikmE),
    });
    // The KEM does not depend on the AEAD: same enc and shared_secret as the vector.
    expect(hex(sender.enc)).toBe(vector.enc);
    const schedule = await keySchedule(hexToBytes(vector.sharedSecret), info, AEAD_AES_256_GCM);
    expect(schedule.key).toHaveLength(32);
    for (let seq = 0; seq < 3; seq++) {
      const ct = new Uint8Array(await sender.seal(pt, aadFor(seq)));
      expect(hex(ct)).toBe(
        hex(await aeadSeal(schedule.key, nonceFor(schedule.baseNonce, seq), aadFor(seq), pt)),
      );
    }
  });

  it("a sealSecret envelope opens with the reference (so it is plain RFC 9180 with our info and aad)", async () => {
    const pair = await generateSealingKeyPair();
    const aad = "wfs/v1|user=u1|secret=s1|version=1";
    const envelope = await sealSecret("multi\nline ✓ value", { publicKey: toPublicKey(pair), aad });
    const [, , encText, ctText] = envelope.split(".");
    const enc = fromBase64Url(encText ?? "") as Uint8Array<ArrayBuffer>;
    const ct = fromBase64Url(ctText ?? "") as Uint8Array<ArrayBuffer>;
    const schedule = await keySchedule(await decap(pair.privateJwk, enc), SEAL_INFO, AEAD_AES_256_GCM);
    const opened = await aeadOpen(schedule.key, schedule.baseNonce, utf8(aad), ct);
    expect(new TextDecoder().decode(opened)).toBe("multi\nline ✓ value");
  });

  it("an envelope built by the reference opens with openSecret", async () => {
    const pair = await generateSealingKeyPair();
    const aad = "wfs/v1|user=u2|secret=s9|version=3";
    const { enc, sharedSecret } = await encap(pair.publicJwk);
    const schedule = await keySchedule(sharedSecret, SEAL_INFO, AEAD_AES_256_GCM);
    const ct = await aeadSeal(schedule.key, schedule.baseNonce, utf8(aad), utf8("from the reference"));
    const envelope = `wfs1.${pair.kid}.${toBase64Url(enc)}.${toBase64Url(ct)}`;
    await expect(openSecret(envelope, { keyring: [toKeyringEntry(pair)], aad })).resolves.toBe(
      "from the reference",
    );
  });
});
