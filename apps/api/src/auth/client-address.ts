/**
 * The caller's address, the key of the per-client sign-in and sign-up throttles.
 *
 * In production Cloudflare sets `CF-Connecting-IP` at the edge and overwrites any value the client
 * sent, so it cannot be forged. Locally `wrangler dev` (miniflare) sets it to the TCP peer's address
 * (127.0.0.1) unless the request already carries one, so local callers can pick their own (tests use
 * this to act as several clients). Without the header (a service binding, a test's `SELF.fetch`) all
 * such callers share one client, `unknown`.
 */
export function clientAddress(headers: Headers): string {
  const address = headers.get("cf-connecting-ip")?.trim();
  return address ? address.slice(0, 64) : "unknown";
}
