import { canonicalHost } from "./destination-rule";

/** Where a step actually sends: the parts a rule is matched on. */
export interface DestinationTarget {
  scheme: string;
  host: string;
  port: number;
  /** URL path (`/v1/charges`); empty for SMTP. */
  path: string;
}

const DEFAULT_PORTS: Record<string, number> = { "https:": 443, "http:": 80 };

/** The target of an HTTP request URL as fetch will use it, or undefined when it is not http(s). */
export function urlTarget(url: string): DestinationTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const port = parsed.port === "" ? DEFAULT_PORTS[parsed.protocol] : Number(parsed.port);
  if (port === undefined) return undefined;
  return { scheme: parsed.protocol.slice(0, -1), host: parsed.hostname, port, path: parsed.pathname };
}

/** The target of an SMTP connection, or undefined when the host is not a host name. */
export function smtpTarget(host: string, port: number): DestinationTarget | undefined {
  const canonical = canonicalHost(host);
  return canonical ? { scheme: "smtp", host: canonical, port, path: "" } : undefined;
}

/** How a target is shown in a refusal: `https://host[:port]` or `smtp://host:port` (no path: it may carry data). */
export function targetOrigin(target: DestinationTarget): string {
  if (target.scheme === "smtp") return `smtp://${target.host}:${target.port}`;
  const defaultPort = DEFAULT_PORTS[`${target.scheme}:`];
  const host = target.host.includes(":") && !target.host.startsWith("[") ? `[${target.host}]` : target.host;
  return `${target.scheme}://${host}${target.port === defaultPort ? "" : `:${target.port}`}`;
}
