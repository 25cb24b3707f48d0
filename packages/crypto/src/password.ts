import { fromBase64Url, toBase64Url, utf8 } from "./encoding";
import { CryptoError } from "./errors";

const SCHEME = "pbkdf2-sha256";
/** The most workerd's PBKDF2 accepts; also the floor we hash new passwords with. */
const ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

/**
 * Hashes a password for storage as `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>`, so
 * parameters can change later without breaking stored hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, ITERATIONS);
  return `${SCHEME}$${ITERATIONS}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/**
 * Checks a password against a stored hash in constant time. Returns false for a wrong password;
 * throws `CryptoError("malformed")` when `stored` is not a hash this package wrote (a data problem,
 * not a wrong password).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = typeof stored === "string" ? stored.split("$") : [];
  const [scheme, iterationsText, saltText, hashText] = parts;
  const iterations = Number(iterationsText);
  const salt = saltText === undefined ? undefined : fromBase64Url(saltText);
  const expected = hashText === undefined ? undefined : fromBase64Url(hashText);
  if (
    parts.length !== 4 ||
    scheme !== SCHEME ||
    !/^[1-9][0-9]*$/.test(iterationsText ?? "") ||
    iterations > ITERATIONS ||
    !salt ||
    salt.length < SALT_BYTES ||
    expected?.length !== HASH_BITS / 8
  ) {
    throw new CryptoError("malformed", "stored password hash is not in the pbkdf2-sha256 format");
  }
  return constantTimeEqual(await derive(password, salt, iterations), expected);
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  if (typeof password !== "string") throw new CryptoError("malformed", "password must be a string");
  const key = await crypto.subtle.importKey("raw", utf8(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/** Compares every byte whatever the first difference, so timing does not reveal a prefix. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
