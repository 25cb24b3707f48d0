import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openSecret } from "./open";
import { sealSecret } from "./seal";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "./sealing-keys";
import { buildSecretAad } from "./secret-aad";

const pair = await generateSealingKeyPair();
const publicKey = toPublicKey(pair);
const keyring = [toKeyringEntry(pair)];

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const slot = fc.record({ userId: id, secretId: id, version: fc.integer({ min: 1, max: 1_000_000 }) });
const plaintext = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => String.fromCharCode(...bytes)),
);

describe("seal/open properties", () => {
  it("open(seal(x, aad), aad) = x, and every other aad is refused as tampered (1,000 cases)", async () => {
    await fc.assert(
      fc.asyncProperty(plaintext, slot, slot, async (value, mine, other) => {
        fc.pre(buildSecretAad(mine) !== buildSecretAad(other));
        const aad = buildSecretAad(mine);
        const envelope = await sealSecret(value, { publicKey, aad });
        expect(await openSecret(envelope, { keyring, aad })).toBe(value);
        // Refused both with the content key cached by the open above and on the cold path.
        for (const cache of [true, false]) {
          const options = { keyring, aad: buildSecretAad(other), cache };
          const error = await openSecret(envelope, options).catch((e: unknown) => e);
          expect(error).toMatchObject({ name: "CryptoError", code: "tampered" });
        }
      }),
      { numRuns: 1000 },
    );
    // Node's WebCrypto runs each call on its thread pool (~6 ms per case on a quiet machine, 20× that
    // with both cores busy); workerd is much faster. The limit catches a hang, not slowness.
  }, 600_000);
});
