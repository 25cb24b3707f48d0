import { toBase64Url } from "@workflow-secrets/crypto";

/** 32 random bytes as base64url (43 characters): a PKCE verifier (RFC 7636 §4.1) or a `state`. */
export function randomUrlToken(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return toBase64Url(new Uint8Array(digest));
}
