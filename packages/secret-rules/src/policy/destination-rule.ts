/**
 * One destination rule of a secret's policy, as written by its owner and stored normalised:
 * - `*`: unrestricted;
 * - `*.example.com`: any subdomain of example.com (not example.com itself), over HTTPS on port 443 or SMTP;
 * - `https://host[:port][/path-prefix]`: that origin, and with a path, that path and everything under it;
 * - `http://127.0.0.1[:port][/path]` or `http://localhost…`: plain HTTP, for local services only;
 * - `smtp://host:port`: an SMTP server.
 */
export type DestinationRule =
  | { kind: "any" }
  | { kind: "subdomains"; domain: string }
  | { kind: "url"; scheme: "https" | "http"; host: string; port: number; path: string }
  | { kind: "smtp"; host: string; port: number };

export type NormalisedDestination =
  | { ok: true; text: string; rule: DestinationRule }
  | { ok: false; problem: string };

export const DESTINATION_FORMS =
  "https://host[:port][/path], smtp://host:port, *.example.com or * (unrestricted)";
const MAX_RULE_LENGTH = 512;
const LOCAL_HTTP_HOSTS = new Set(["127.0.0.1", "localhost"]);
const DEFAULT_PORT = { https: 443, http: 80 } as const;

/**
 * Checks one destination and returns its normal form (lowercase host, no default port, no trailing
 * slash), or a problem that says how to write it. Problems quote only the kind of mistake, never
 * the text (someone may paste the value itself into the wrong field).
 *
 * @example
 * normaliseDestination("HTTPS://API.Stripe.com:443/"); // { ok: true, text: "https://api.stripe.com", … }
 */
export function normaliseDestination(input: string): NormalisedDestination {
  const text = typeof input === "string" ? input.trim() : "";
  if (text.length === 0) return problem("a destination is empty");
  if (text.length > MAX_RULE_LENGTH)
    return problem(`a destination is longer than ${MAX_RULE_LENGTH} characters`);
  if (text === "*") return { ok: true, text, rule: { kind: "any" } };
  if (text.startsWith("*.")) return subdomains(text.slice(2));
  const scheme = /^([a-z]+):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === "smtp") return smtp(text.slice(7));
  if (scheme === "https" || scheme === "http") return url(text, scheme);
  if (scheme) return problem(`a destination uses the scheme "${scheme}"; write ${DESTINATION_FORMS}`);
  return problem(`a destination has no scheme; write ${DESTINATION_FORMS}`);
}

/** A host name as the URL parser (and so the runner's fetch) sees it, or undefined. */
export function canonicalHost(host: string): string | undefined {
  if (host.length === 0 || (/[*%\s/\\?#@:]/.test(host) && !/^\[[0-9a-f:.]+\]$/i.test(host))) return undefined;
  try {
    const parsed = new URL(`https://${host}`);
    return parsed.port === "" && parsed.pathname === "/" ? parsed.hostname : undefined;
  } catch {
    return undefined;
  }
}

function subdomains(domain: string): NormalisedDestination {
  const host = canonicalHost(domain);
  const twoLabels = host?.includes(".") === true && !/^[\d.]+$/.test(host) && !host.startsWith("[");
  if (!host || !twoLabels) {
    return problem(
      "a wildcard destination is *. followed by a domain with at least two labels, like *.example.com",
    );
  }
  return { ok: true, text: `*.${host}`, rule: { kind: "subdomains", domain: host } };
}

function smtp(rest: string): NormalisedDestination {
  const match = /^([^:/?#@]+):(\d{1,5})$/.exec(rest);
  const host = match ? canonicalHost(match[1] as string) : undefined;
  const port = Number(match?.[2]);
  if (!host || !(port >= 1 && port <= 65535)) {
    return problem("an SMTP destination is smtp://host:port, like smtp://smtp.example.com:587");
  }
  return { ok: true, text: `smtp://${host}:${port}`, rule: { kind: "smtp", host, port } };
}

function url(text: string, scheme: "https" | "http"): NormalisedDestination {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return problem(`a destination is not a valid URL; write ${DESTINATION_FORMS}`);
  }
  if (parsed.username || parsed.password)
    return problem("a destination must not contain a user name or password");
  if (parsed.search || parsed.hash || /[?#]/.test(text)) {
    return problem("a destination has no query or fragment: give the origin and, if needed, a path prefix");
  }
  const host = parsed.hostname;
  if (host.includes("*"))
    return problem("a wildcard destination is written *.example.com (HTTPS on port 443 or SMTP)");
  if (scheme === "http" && !LOCAL_HTTP_HOSTS.has(host)) {
    return problem("plain http:// is only for 127.0.0.1 and localhost; use https://");
  }
  const port = parsed.port === "" ? DEFAULT_PORT[scheme] : Number(parsed.port);
  const path = parsed.pathname === "/" ? "" : parsed.pathname.replace(/\/+$/, "");
  return {
    ok: true,
    text: `${scheme}://${parsed.host}${path}`,
    rule: { kind: "url", scheme, host, port, path },
  };
}

function problem(message: string): NormalisedDestination {
  return { ok: false, problem: message };
}
