import { errorText, findLeaks } from "@workflow-secrets/leak-oracle";
import { describe, expect, it } from "vitest";
import { generateKeyConfig, parsePrivateKeyring, parsePublicKey, rotateKeyring } from "./key-config";
import { openSecret } from "./open";
import { sealSecret } from "./seal";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "./sealing-keys";

const pair = await generateSealingKeyPair();
const older = await generateSealingKeyPair();
const material = [pair.privateJwk.d, older.privateJwk.d, pair.publicJwk.x];

function malformed(run: () => unknown, variable: string) {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ name: "CryptoError", code: "malformed" });
    expect((error as Error).message).toContain(variable);
    expect(findLeaks(errorText(error), material)).toEqual([]);
    return (error as Error).message;
  }
  throw new Error("expected a malformed error");
}

describe("parsePublicKey (SEALING_PUBLIC_KEY)", () => {
  it("accepts the JSON the keys script prints and drops extra JWK members", () => {
    const json = JSON.stringify({
      ...toPublicKey(pair),
      publicJwk: { ...pair.publicJwk, key_ops: [], ext: true },
    });
    expect(parsePublicKey(json)).toEqual(toPublicKey(pair));
  });

  it("names the variable and never echoes the value", () => {
    malformed(() => parsePublicKey(undefined), "SEALING_PUBLIC_KEY");
    malformed(
      () => parsePublicKey(`{"kid":"${pair.kid}","publicJwk":{"x":"${pair.publicJwk.x}"`),
      "SEALING_PUBLIC_KEY",
    );
    malformed(() => parsePublicKey("[]"), "SEALING_PUBLIC_KEY");
    malformed(
      () => parsePublicKey(JSON.stringify({ kid: "bad kid", publicJwk: pair.publicJwk })),
      "SEALING_PUBLIC_KEY",
    );
    const wrongCurve = { ...pair.publicJwk, crv: "P-384" };
    malformed(
      () => parsePublicKey(JSON.stringify({ kid: pair.kid, publicJwk: wrongCurve })),
      "SEALING_PUBLIC_KEY",
    );
  });

  it("refuses a private key given to the API", () => {
    const message = malformed(
      () => parsePublicKey(JSON.stringify({ kid: pair.kid, publicJwk: pair.privateJwk })),
      "SEALING_PUBLIC_KEY",
    );
    expect(message).toContain("private");
  });
});

describe("parsePrivateKeyring (SEALING_PRIVATE_KEYS)", () => {
  it("accepts a newest-first list", () => {
    const keyring = [toKeyringEntry(pair), toKeyringEntry(older)];
    expect(parsePrivateKeyring(JSON.stringify(keyring))).toEqual(keyring);
  });

  it("names the variable and the entry, never the key material", () => {
    malformed(() => parsePrivateKeyring(""), "SEALING_PRIVATE_KEYS");
    malformed(
      () => parsePrivateKeyring(`[{"kid":"${pair.kid}","privateJwk":{"d":"${pair.privateJwk.d}"`),
      "SEALING_PRIVATE_KEYS",
    );
    malformed(() => parsePrivateKeyring("[]"), "SEALING_PRIVATE_KEYS");
    malformed(() => parsePrivateKeyring(JSON.stringify(toKeyringEntry(pair))), "SEALING_PRIVATE_KEYS");
    const noD = [toKeyringEntry(pair), { kid: older.kid, privateJwk: older.publicJwk }];
    malformed(() => parsePrivateKeyring(JSON.stringify(noD)), "SEALING_PRIVATE_KEYS[1]");
    const twice = [toKeyringEntry(pair), toKeyringEntry(pair)];
    malformed(() => parsePrivateKeyring(JSON.stringify(twice)), "SEALING_PRIVATE_KEYS[1]");
  });
});

describe("rotateKeyring", () => {
  it("puts the new key first and keeps the old ones", () => {
    const rotated = rotateKeyring([toKeyringEntry(older)], toKeyringEntry(pair));
    expect(rotated.map((k) => k.kid)).toEqual([pair.kid, older.kid]);
    expect(rotateKeyring(rotated, toKeyringEntry(pair)).map((k) => k.kid)).toEqual([pair.kid, older.kid]);
  });
});

describe("generateKeyConfig", () => {
  it("gives the two variables of one fresh pair, which parse and seal/open together", async () => {
    const config = await generateKeyConfig();
    const publicKey = parsePublicKey(config.publicKey);
    const keyring = parsePrivateKeyring(config.privateKeys);
    expect(keyring.map((k) => k.kid)).toEqual([publicKey.kid]);
    const envelope = await sealSecret("value", { publicKey, aad: "wfs/test" });
    expect(await openSecret(envelope, { keyring, aad: "wfs/test" })).toBe("value");
  });
});
