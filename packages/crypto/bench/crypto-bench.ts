/**
 * The benchmark body, shared by Node (bench/crypto.bench.ts) and workerd (bench/worker.ts):
 * HPKE seal/open beside raw AES-256-GCM of the same bytes, and 50 opens in parallel.
 */
import {
  buildSecretAad,
  generateSealingKeyPair,
  openSecret,
  sealSecret,
  toKeyringEntry,
  toPublicKey,
} from "../src/index";
import { clockResolutionMs, measure, type Timing } from "./measure";

export interface CryptoBenchResult {
  runtime: string;
  clockResolutionMs: number;
  sizes: { bytes: number; seal: Timing; open: Timing; aesEncrypt: Timing; aesDecrypt: Timing }[];
  parallel: { count: number; open: Timing; aesDecrypt: Timing };
  /** One P-256 ECDH: the floor of every cold open (HPKE needs one per envelope). */
  ecdh: Timing;
}

const SIZES = [100, 4096];
const ECDH = { name: "ECDH", namedCurve: "P-256" } as const;
const PARALLEL = 50;
const POOL = 64;

export async function runCryptoBench(runtime: string): Promise<CryptoBenchResult> {
  const resolution = clockResolutionMs();
  // A coarse clock cannot time one sub-millisecond op: time batches and report their mean.
  const coarse = resolution > 0.01;
  const single = { samples: coarse ? 120 : 400, batch: coarse ? 25 : 1 };
  const pair = await generateSealingKeyPair();
  const publicKey = toPublicKey(pair);
  const keyring = [toKeyringEntry(pair)];
  const aad = buildSecretAad({ userId: "usr_bench", secretId: "sec_bench", version: 1 });
  const aadBytes = new TextEncoder().encode(aad);
  const aesKey = await crypto.subtle.importKey(
    "raw",
    crypto.getRandomValues(new Uint8Array(32)),
    "AES-GCM",
    false,
    ["encrypt", "decrypt"],
  );
  const iv = () => crypto.getRandomValues(new Uint8Array(12));

  const sizes: CryptoBenchResult["sizes"] = [];
  for (const bytes of SIZES) {
    const value = "v".repeat(bytes);
    const raw = new TextEncoder().encode(value);
    const envelopes = await Promise.all(
      Array.from({ length: POOL }, () => sealSecret(value, { publicKey, aad })),
    );
    const sealedRaw = await Promise.all(
      Array.from({ length: POOL }, async () => {
        const nonce = iv();
        const params = { name: "AES-GCM", iv: nonce, additionalData: aadBytes };
        return { params, ct: await crypto.subtle.encrypt(params, aesKey, raw) };
      }),
    );
    sizes.push({
      bytes,
      seal: await measure(() => sealSecret(value, { publicKey, aad }), single),
      open: await measure((i) => openSecret(envelopes[i % POOL] as string, { keyring, aad }), single),
      aesEncrypt: await measure(
        () => crypto.subtle.encrypt({ name: "AES-GCM", iv: iv(), additionalData: aadBytes }, aesKey, raw),
        single,
      ),
      aesDecrypt: await measure((i) => {
        const { params, ct } = sealedRaw[i % POOL] as (typeof sealedRaw)[number];
        return crypto.subtle.decrypt(params, aesKey, ct);
      }, single),
    });
  }

  // "Resolve 50 secrets": what the runner does before a step fires (Promise.all of opens).
  const values = Array.from({ length: PARALLEL }, (_, i) => `secret-value-${i}-${"x".repeat(80)}`);
  const envelopes = await Promise.all(values.map((v) => sealSecret(v, { publicKey, aad })));
  const rawCts = await Promise.all(
    values.map(async (v) => {
      const params = { name: "AES-GCM", iv: iv(), additionalData: aadBytes };
      return { params, ct: await crypto.subtle.encrypt(params, aesKey, new TextEncoder().encode(v)) };
    }),
  );
  const batchOf = { samples: coarse ? 60 : 60, batch: coarse ? 5 : 1, warmup: 3 };
  const parallel = {
    count: PARALLEL,
    open: await measure(() => Promise.all(envelopes.map((e) => openSecret(e, { keyring, aad }))), batchOf),
    aesDecrypt: await measure(
      () => Promise.all(rawCts.map(({ params, ct }) => crypto.subtle.decrypt(params, aesKey, ct))),
      batchOf,
    ),
  };
  const ecdhPeer = (await crypto.subtle.generateKey(ECDH, true, ["deriveBits"])) as CryptoKeyPair;
  const ecdhOwn = (await crypto.subtle.generateKey(ECDH, false, ["deriveBits"])) as CryptoKeyPair;
  const ecdh = await measure(
    () => crypto.subtle.deriveBits({ name: "ECDH", public: ecdhPeer.publicKey }, ecdhOwn.privateKey, 256),
    single,
  );
  return { runtime, clockResolutionMs: resolution, sizes, parallel, ecdh };
}
