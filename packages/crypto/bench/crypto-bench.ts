/**
 * The benchmark body, shared by Node (bench/crypto.bench.ts) and workerd (bench/worker.ts):
 * HPKE seal/open beside raw AES-256-GCM of the same bytes, one P-256 ECDH (the floor of a cold
 * open), and resolving 50 secrets in parallel.
 */
import {
  buildSecretAad,
  clearOpenCache,
  generateSealingKeyPair,
  openSecret,
  parseEnvelope,
  sealSecret,
  toKeyringEntry,
  toPublicKey,
} from "../src/index";
import { importSealingPrivateKey } from "../src/sealing-keys";
import { SEAL_INFO, sealingSuite } from "../src/suite";
import { clockResolutionMs, measureTogether, type Timing } from "./measure";

export interface SizeResult {
  bytes: number;
  seal: Timing;
  openCold: Timing;
  openWarm: Timing;
  /** @hpke/core's own single-shot open (no caching): what openSecret's cold path improves on. */
  openLibrary: Timing;
  aesEncrypt: Timing;
  aesDecrypt: Timing;
}

export interface CryptoBenchResult {
  runtime: string;
  clockResolutionMs: number;
  sizes: SizeResult[];
  parallel: { count: number; openCold: Timing; openWarm: Timing; aesDecrypt: Timing };
  /** One P-256 ECDH deriveBits: every cold open needs one, whatever the implementation. */
  ecdh: Timing;
}

const SIZES = [100, 4096];
const PARALLEL = 50;
const POOL = 64;
const ECDH = { name: "ECDH", namedCurve: "P-256" } as const;

export async function runCryptoBench(runtime: string): Promise<CryptoBenchResult> {
  const resolution = clockResolutionMs();
  // A coarse clock (workerd: 1 ms) cannot time one sub-millisecond op: time ≥ 10 ms batches instead.
  const coarse = resolution > 0.01;
  const single = coarse ? { samples: 40, minBatchMs: 10 } : { samples: 400 };
  const grouped = coarse ? { samples: 40, minBatchMs: 10, warmup: 3 } : { samples: 60, warmup: 3 };

  const pair = await generateSealingKeyPair();
  const publicKey = toPublicKey(pair);
  const keyring = [toKeyringEntry(pair)];
  const recipientKey = await importSealingPrivateKey(toKeyringEntry(pair));
  const aad = buildSecretAad({ userId: "usr_bench", secretId: "sec_bench", version: 1 });
  const aadBytes = new TextEncoder().encode(aad);
  const aesKey = await crypto.subtle.importKey(
    "raw",
    crypto.getRandomValues(new Uint8Array(32)),
    "AES-GCM",
    false,
    ["encrypt", "decrypt"],
  );
  const aesSeal = async (bytes: Uint8Array<ArrayBuffer>) => {
    const params = {
      name: "AES-GCM",
      iv: crypto.getRandomValues(new Uint8Array(12)),
      additionalData: aadBytes,
    };
    return { params, ct: await crypto.subtle.encrypt(params, aesKey, bytes) };
  };
  const open = (envelope: string, cache: boolean) => openSecret(envelope, { keyring, aad, cache });

  // One P-256 ECDH between two fixed keys: the floor of a cold open, timed beside the 100 B ops.
  const peer = (await crypto.subtle.generateKey(ECDH, true, ["deriveBits"])) as CryptoKeyPair;
  const own = (await crypto.subtle.generateKey(ECDH, false, ["deriveBits"])) as CryptoKeyPair;
  let ecdh: Timing | undefined;
  const sizes: SizeResult[] = [];
  for (const bytes of SIZES) {
    const value = "v".repeat(bytes);
    const raw = new TextEncoder().encode(value);
    const envelopes = await Promise.all(
      Array.from({ length: POOL }, () => sealSecret(value, { publicKey, aad })),
    );
    const rawSealed = await Promise.all(Array.from({ length: POOL }, () => aesSeal(raw)));
    const parsed = envelopes.map((e) => parseEnvelope(e));
    const pick = <T>(list: T[], i: number) => list[i % list.length] as T;
    clearOpenCache();
    const timings = await measureTogether(
      {
        seal: () => sealSecret(value, { publicKey, aad }),
        openCold: (i) => open(pick(envelopes, i), false),
        openWarm: (i) => open(pick(envelopes, i), true),
        openLibrary: (i) => {
          const { enc, ct } = pick(parsed, i);
          return sealingSuite.open({ recipientKey, enc, info: SEAL_INFO }, ct, aadBytes);
        },
        aesEncrypt: () => aesSeal(raw),
        aesDecrypt: (i) => {
          const { params, ct } = pick(rawSealed, i);
          return crypto.subtle.decrypt(params, aesKey, ct);
        },
        ecdh: () => crypto.subtle.deriveBits({ name: "ECDH", public: peer.publicKey }, own.privateKey, 256),
      },
      single,
    );
    sizes.push({ bytes, ...timings });
    if (bytes === SIZES[0]) ecdh = timings.ecdh;
  }

  // "Resolve 50 secrets": what the runner does before a step fires (Promise.all of opens).
  const values = Array.from({ length: PARALLEL }, (_, i) => `secret-value-${i}-${"x".repeat(80)}`);
  const envelopes = await Promise.all(values.map((v) => sealSecret(v, { publicKey, aad })));
  const rawSealed = await Promise.all(values.map((v) => aesSeal(new TextEncoder().encode(v))));
  clearOpenCache();
  const parallel = {
    count: PARALLEL,
    ...(await measureTogether(
      {
        openCold: () => Promise.all(envelopes.map((e) => open(e, false))),
        openWarm: () => Promise.all(envelopes.map((e) => open(e, true))),
        aesDecrypt: () =>
          Promise.all(rawSealed.map(({ params, ct }) => crypto.subtle.decrypt(params, aesKey, ct))),
      },
      grouped,
    )),
  };
  return { runtime, clockResolutionMs: resolution, sizes, parallel, ecdh: ecdh as Timing };
}
