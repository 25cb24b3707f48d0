import { CREDENTIAL_SHAPES, type CredentialShape } from "./credential-shapes";

/** A kind of credential found where nobody registered it: a shape's kind, or a credential position. */
export interface UnregisteredKind {
  kind: string;
  label: string;
}

/** Credentials recognised by where they stand rather than by their shape. */
export const POSITIONAL_KINDS = {
  bearer: { kind: "bearer-token", label: "Bearer token" },
  cookie: { kind: "session-cookie", label: "Session cookie" },
  apiKey: { kind: "api-key-header", label: "API key header" },
} as const satisfies Record<string, UnregisteredKind>;

/** `[masked:unregistered <kind>]`, next to `[masked:NAME]` of registered secrets. */
export const unregisteredMarker = (kind: string): string => `[masked:unregistered ${kind}]`;

/** Header (or JSON key) names whose value is a credential: the whole value is a credential position. */
const CREDENTIAL_HEADER =
  /^(?:proxy-)?authorization$|^(?:set-)?cookie$|^x-(?:api|auth)-(?:key|token)$|^api-key$/i;

/** A credential's random part is at least this long and this varied (Shannon bits per character). */
const MIN_TOKEN_CHARS = 16;
const MIN_BITS_PER_CHAR = 3;

/**
 * Shannon entropy per character: about 4.1+ for random base62 of 20+ characters, ~3.7-4 for random hex,
 * below 3 for words, repeated characters and documentation placeholders (`sk_live_` followed by a run of `x`).
 */
export function bitsPerChar(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const looksRandom = (token: string) =>
  token.length >= MIN_TOKEN_CHARS && bitsPerChar(token) >= MIN_BITS_PER_CHAR;

/** Beyond its shape: the random part of a prefixed key is varied; a JWT's header is JSON naming `alg`. */
function plausible(shape: CredentialShape, value: string): boolean {
  if (shape.kind === "jwt") return jwtHeaderNamesAlg(value);
  if (shape.kind === "pem-private-key" || shape.kind === "slack-webhook-url") return true;
  return looksRandom(value.slice(shape.prefix.length));
}

function jwtHeaderNamesAlg(value: string): boolean {
  const header = value.slice(0, value.indexOf("."));
  try {
    const base64 = header.replaceAll("-", "+").replaceAll("_", "/");
    const parsed: unknown = JSON.parse(atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4)));
    return (
      typeof parsed === "object" && parsed !== null && typeof (parsed as { alg?: unknown }).alg === "string"
    );
  } catch {
    return false;
  }
}

// Each shape's regex runs only on text that holds its literal prefix (a cheap `includes` first).
const shapeSearches = CREDENTIAL_SHAPES.map((shape) => ({
  shape,
  regex: new RegExp(shape.pattern, "g"),
  needle: shape.prefix.replace(/^https:\/\//, ""),
}));
/** Whether the text could hold a positional credential at all. */
const POSITION_WORDS = /bearer|authorization|cookie|api-key|auth-(?:key|token)/i;
/** `Bearer <token>` anywhere: the scheme word makes it a credential position. */
const BEARER = /\bBearer[ \t]+([A-Za-z0-9._~+/-]+=*)/gi;
/** `Authorization: …`, `Set-Cookie: sid=…`, `X-Api-Key: …` lines in text (logs, raw headers). */
const HEADER_LINE =
  /\b((?:proxy-)?authorization|set-cookie|cookie|x-(?:api|auth)-(?:key|token)|api-key)[ \t]*[:=][ \t]*([^\r\n]+)/gi;
/** `name=value` pairs of a cookie header. */
const COOKIE_PAIR = /(?:^|;)\s*[^=;\s]+=("?)([^;"\s]+)\1/g;
/** An API key or non-Bearer authorization value: the last token of the header value. */
const LAST_TOKEN = /([A-Za-z0-9._~+/-]+=*)\s*$/;

type Hit = { start: number; end: number; kind: UnregisteredKind };

export interface UnregisteredScan {
  /** The text with each unregistered credential replaced by `[masked:unregistered <kind>]`. */
  text: string;
  /** One entry per credential masked, in order of appearance. */
  found: UnregisteredKind[];
}

/**
 * Masks credential-shaped values that no registered secret covered (run this AFTER the run's masker, so a
 * registered value reads `[masked:NAME]` and is not counted again): every shape of CREDENTIAL_SHAPES that
 * also passes a plausibility check (a varied random part, a JWT header naming `alg`), and tokens in
 * credential positions (`Bearer …`, `Authorization:`, `Set-Cookie:`, `X-Api-Key:` lines) that look random.
 * `header` names the header (or JSON key) the whole text is the value of, when there is one.
 *
 * @example
 * maskUnregisteredCredentials(`{"key":"${"sk_live_"}4eC39HqLyjWDarjtT1zdp7dc"}`).text;
 * // '{"key":"[masked:unregistered stripe-secret-key-live]"}'
 */
export function maskUnregisteredCredentials(text: string, header?: string): UnregisteredScan {
  if (text.length === 0) return { text, found: [] };
  const hits: Hit[] = [];
  for (const { shape, regex, needle } of shapeSearches) {
    if (!text.includes(needle)) continue;
    regex.lastIndex = 0;
    for (const match of text.matchAll(regex)) {
      if (plausible(shape, match[0])) {
        hits.push({ start: match.index, end: match.index + match[0].length, kind: shape });
      }
    }
  }
  if (header && CREDENTIAL_HEADER.test(header)) positionalValue(text, 0, header, hits);
  if (POSITION_WORDS.test(text)) {
    for (const match of text.matchAll(BEARER)) addToken(hits, match, 1, POSITIONAL_KINDS.bearer);
    for (const match of text.matchAll(HEADER_LINE)) {
      const value = match[2] as string;
      positionalValue(value, match.index + match[0].length - value.length, match[1] as string, hits);
    }
  }
  if (hits.length === 0) return { text, found: [] };
  // Earliest first, longest first at one start; overlapping hits keep the first (a shape inside a bearer
  // position is one credential).
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let at = 0;
  const found: UnregisteredKind[] = [];
  for (const hit of hits) {
    if (hit.start < at) continue;
    out += text.slice(at, hit.start) + unregisteredMarker(hit.kind.kind);
    found.push({ kind: hit.kind.kind, label: hit.kind.label });
    at = hit.end;
  }
  return { text: out + text.slice(at), found };
}

/** The credential inside a header value that starts at `offset` of the text. */
function positionalValue(value: string, offset: number, header: string, hits: Hit[]) {
  if (/cookie/i.test(header)) {
    // Set-Cookie carries one pair before its attributes; Cookie carries several.
    const pairs = /^set-/i.test(header) ? (value.split(";", 1)[0] ?? "") : value;
    for (const match of pairs.matchAll(COOKIE_PAIR))
      addToken(hits, match, 2, POSITIONAL_KINDS.cookie, offset);
    return;
  }
  if (/^\s*bearer\b/i.test(value)) return; // found by the Bearer search
  const match = LAST_TOKEN.exec(value);
  if (match) addToken(hits, match, 1, POSITIONAL_KINDS.apiKey, offset);
}

function addToken(
  hits: Hit[],
  match: RegExpExecArray | RegExpMatchArray,
  group: number,
  kind: UnregisteredKind,
  offset = 0,
) {
  const token = match[group];
  if (!token || !looksRandom(token.replace(/=+$/, ""))) return;
  const start = offset + (match.index ?? 0) + match[0].lastIndexOf(token);
  hits.push({ start, end: start + token.length, kind });
}
