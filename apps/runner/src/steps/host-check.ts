/**
 * Why a host cannot be sent to, judged before the request so the runtime's resolver never sees it:
 * workerd prints a failed DNS lookup with the name it looked up (`params.host = <name>`) on its own
 * output, outside our masker, and the host may be a secret. Undefined when the host may be tried.
 * The message never quotes the host.
 */
export function unsendableHost(host: string): string | undefined {
  if (isIpLiteral(host)) return undefined;
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return "is not a valid host name (1 to 253 characters)";
  const labels = name.split(".");
  if (!labels.every((label) => LABEL.test(label))) {
    return "is not a valid host name (labels of letters, digits, '-' and '_', at most 63 characters, joined by '.')";
  }
  // RFC 6761 6.4: names under .invalid never resolve, so asking a resolver is only a chance to print it.
  if (labels.at(-1)?.toLowerCase() === "invalid") return "is under .invalid, which never resolves";
  return undefined;
}

/** A DNS label: letters, digits, `_` (seen in real host names), `-` inside. */
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function isIpLiteral(host: string): boolean {
  if (IPV4.test(host)) return true;
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return bare.includes(":") && /^[0-9A-Fa-f:.]+$/.test(bare);
}
