import { fromBase64Url } from "./encoding";

export interface EcPublicJwk {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
}

export interface EcPrivateJwk extends EcPublicJwk {
  d: string;
}

/**
 * Checks that `value` is a P-256 JWK (private when `withPrivate`) and returns only the fields we
 * use, so stray members (`key_ops`, `ext`, `alg`) never reach importKey. Returns a reason, never
 * a value, when it is not: callers put the reason in error messages.
 */
export function readEcJwk(value: unknown, withPrivate: true): EcPrivateJwk | string;
export function readEcJwk(value: unknown, withPrivate: false): EcPublicJwk | string;
export function readEcJwk(value: unknown, withPrivate: boolean): EcPublicJwk | EcPrivateJwk | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "is not a JWK object";
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== "EC" || jwk.crv !== "P-256") return 'is not a P-256 key (needs kty "EC", crv "P-256")';
  if (!isCoordinate(jwk.x) || !isCoordinate(jwk.y)) return "has no valid x/y coordinates";
  if (!withPrivate) {
    if (jwk.d !== undefined) return "holds a private key (d); give this side only the public key";
    return { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y };
  }
  if (!isCoordinate(jwk.d)) return "has no valid private part (d)";
  return { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, d: jwk.d };
}

function isCoordinate(value: unknown): value is string {
  return typeof value === "string" && fromBase64Url(value)?.length === 32;
}

export function publicPartOf(jwk: EcPublicJwk): EcPublicJwk {
  return { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y };
}
