import { classifyCredential } from "../credential-shapes";
import { canonicalHost } from "./destination-rule";

/** Where a value should probably be allowed to go, and why (shown beside the suggestion). */
export interface DestinationSuggestion {
  destinations: string[];
  reason: string;
}

// A path segment that reads as a word ("services", "api", "v1-hooks") and not as a token: kept in a
// URL-valued secret's default. Everything after the first other segment is left out, since it is
// usually the credential itself and the policy is stored in clear.
const WORD_SEGMENT = /^[A-Za-z][A-Za-z-]{0,31}$/;

/**
 * Suggested destinations for a value about to be saved, first match wins:
 * 1. a URL-valued secret (a Slack incoming-webhook URL) → its own origin and leading word path;
 * 2. a known token shape (`sk_live_` → https://api.stripe.com, `xoxb-` → https://slack.com, …);
 * 3. the site it was captured on → `*.<site>` (the extension passes the page's host).
 * Undefined when nothing is known: the owner must choose.
 *
 * @example
 * suggestDestinations("https://hooks.slack.com/services/T0/B0/x"); // https://hooks.slack.com/services
 */
export function suggestDestinations(value: string, sourceHost?: string): DestinationSuggestion | undefined {
  const fromUrl = urlValueDestination(value.trim());
  if (fromUrl) return { destinations: [fromUrl], reason: "the value is a URL: it may be sent to that URL" };
  const shape = classifyCredential(value);
  if (shape?.destinations?.length) {
    return { destinations: [...shape.destinations], reason: `${shape.label}s are used at this address` };
  }
  const site = sourceHost ? siteDomain(sourceHost) : undefined;
  if (site) return { destinations: [`*.${site}`], reason: `captured on ${sourceHost}` };
  return undefined;
}

/** `https://host[:port]` plus the leading word-like path segments of a URL value, or undefined. */
export function urlValueDestination(value: string): string | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return undefined;
  }
  const local = parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost";
  if (parsed.protocol !== "https:" && !local) return undefined;
  const words: string[] = [];
  for (const segment of parsed.pathname.split("/").slice(1, -1)) {
    if (!WORD_SEGMENT.test(segment)) break;
    words.push(segment);
  }
  return `${parsed.protocol}//${parsed.host}${words.map((w) => `/${w}`).join("")}`;
}

/** example.com for app.example.com; nothing for IP addresses, localhost and single labels. */
function siteDomain(host: string): string | undefined {
  const canonical = canonicalHost(host);
  if (!canonical || /^[\d.]+$/.test(canonical) || canonical.startsWith("[")) return undefined;
  const labels = canonical.split(".");
  if (labels.length < 2) return undefined;
  return labels.slice(-2).join(".");
}
