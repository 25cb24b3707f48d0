import { fromBase64Url, toBase64Url } from "./encoding";
import { CryptoError } from "./errors";
import { KID_PATTERN } from "./sealing-keys";

/** Version tag of the stored form; a new format gets a new tag, never a silent change. */
export const ENVELOPE_VERSION = "wfs1";

/** An uncompressed P-256 point: the HPKE `enc` of DHKEM(P-256). */
const ENC_BYTES = 65;
/** AES-GCM appends a 16-byte tag, so even an empty plaintext leaves this much. */
const MIN_CT_BYTES = 16;

export interface Envelope {
  kid: string;
  enc: Uint8Array<ArrayBuffer>;
  ct: Uint8Array<ArrayBuffer>;
}

/** `wfs1.<kid>.<enc b64url>.<ct b64url>`: the string stored in D1. */
export function formatEnvelope({ kid, enc, ct }: Envelope): string {
  return `${ENVELOPE_VERSION}.${kid}.${toBase64Url(enc)}.${toBase64Url(ct)}`;
}

/** Splits and decodes an envelope, or throws `CryptoError("malformed")` saying which part is wrong. */
export function parseEnvelope(envelope: unknown): Envelope {
  const parts = splitEnvelope(envelope);
  const [, kid, encText, ctText] = parts;
  const enc = fromBase64Url(encText);
  if (!enc) throw malformed("its enc part is not base64url");
  if (enc.length !== ENC_BYTES) throw malformed("its enc part is not a P-256 point");
  const ct = fromBase64Url(ctText);
  if (!ct) throw malformed("its ciphertext part is not base64url");
  if (ct.length < MIN_CT_BYTES) throw malformed("its ciphertext is truncated");
  return { kid, enc, ct };
}

/** The kid an envelope was sealed with (which key opens it), without decoding the rest. */
export function envelopeKid(envelope: string): string {
  return splitEnvelope(envelope)[1];
}

function splitEnvelope(envelope: unknown): [string, string, string, string] {
  if (typeof envelope !== "string") throw malformed("it is not a string");
  const parts = envelope.split(".");
  if (parts[0] !== ENVELOPE_VERSION) {
    throw malformed(parts.length === 4 ? "its version is not supported" : "it is not a wfs1 envelope");
  }
  if (parts.length !== 4) throw malformed("it does not have 4 dot-separated parts");
  const [version, kid, enc, ct] = parts as [string, string, string, string];
  if (!KID_PATTERN.test(kid)) throw malformed("its kid is not valid");
  return [version, kid, enc, ct];
}

function malformed(reason: string): CryptoError {
  return new CryptoError("malformed", `not a sealed secret: ${reason}`);
}
