/**
 * When a JWT stops being accepted: its `exp` claim (seconds since the epoch) as a Date, or undefined when
 * the value is not a JWT (three base64url parts, a JSON header naming `alg`, a JSON payload) or has no
 * numeric `exp`. Reads the value as the user pasted it, before it is sealed: the API cannot read it later.
 * The signature is not checked: this is a reminder date, not a trust decision.
 *
 * @example
 * readJwtExpiry("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4MDAwMDAwMDB9.c2lnbmF0dXJl"); // 2027-01-15T08:00:00.000Z
 */
export function readJwtExpiry(value: string): Date | undefined {
  const parts = value.trim().split(".");
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
  const header = decodeJsonPart(parts[0] as string);
  if (!header || typeof header.alg !== "string") return undefined;
  const payload = decodeJsonPart(parts[1] as string);
  const exp = payload?.exp;
  if (typeof exp !== "number" || !Number.isFinite(exp) || exp <= 0 || exp > 253_402_300_799) return undefined;
  return new Date(Math.floor(exp * 1000));
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  if (part.length > 16_384) return undefined;
  try {
    const base64 = part.replaceAll("-", "+").replaceAll("_", "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    );
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
