/** Deterministic bench inputs: a synthetic ASCII access log, secrets, and planted encoded occurrences. */

export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// Some specials so that the percent, JSON, HTML and base64url forms differ from the raw value.
const SECRET_CHARS = `${ALNUM}${ALNUM}+/=-_.~!&<>"'@:`;

export function makeSecrets(count: number, minLength: number, maxLength: number, seed: number) {
  const rand = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const length = minLength + Math.floor(rand() * (maxLength - minLength + 1));
    let value = "";
    for (let j = 0; j < length; j++) value += SECRET_CHARS[Math.floor(rand() * SECRET_CHARS.length)];
    return { name: `secret_${i}`, value };
  });
}

const b64 = (s: string) => Buffer.from(s).toString("base64");
const ENCODERS: ((v: string) => string)[] = [
  (v) => v,
  (v) => `Basic ${b64(`user:${v}`)}`,
  (v) => b64(`${v}-appended-before-encoding`).replaceAll("+", "-").replaceAll("/", "_"),
  (v) => encodeURIComponent(v),
  (v) => new URLSearchParams({ v }).toString().slice(2),
  (v) => JSON.stringify(v).slice(1, -1),
  (v) => v.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;"),
  (v) => Buffer.from(v).toString("hex"),
];

const METHODS = ["GET", "POST", "PUT", "DELETE"];
const PATHS = ["/api/v1/users", "/api/v1/orders", "/healthz", "/hooks/deliver", "/api/v2/search?q=widgets"];

/** ~`bytes` of log lines with `planted` occurrences of random secrets in random encodings. */
export function makeLog(bytes: number, secrets: { value: string }[], planted: number, seed: number): string {
  const rand = prng(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const ms = Math.floor(rand() * 1e9);
    const line = `2026-11-28T23:${String(ms % 60).padStart(2, "0")}:00.${ms % 1000}Z INFO req=${(ms * 2654435761).toString(36)} ${
      METHODS[ms % 4]
    } ${PATHS[ms % 5]}/${ms % 99991} status=${200 + (ms % 5)} dur=${ms % 997}ms ua="Mozilla/5.0 (X11; Linux x86_64)"\n`;
    lines.push(line);
    size += line.length;
  }
  for (let i = 0; i < planted; i++) {
    const secret = secrets[Math.floor(rand() * secrets.length)] as { value: string };
    const encode = ENCODERS[i % ENCODERS.length] as (v: string) => string;
    const at = Math.floor(rand() * lines.length);
    lines[at] = `${(lines[at] as string).slice(0, -1)} token=${encode(secret.value)}\n`;
  }
  return lines.join("").slice(0, bytes);
}
