/**
 * What kind of destination a host is, judged from its text alone (no DNS): an IP literal in any
 * notation the URL parser or a resolver accepts (`2130706433`, `0x7f.1`, `0177.0.0.1`,
 * `[::ffff:127.0.0.1]`), or a name that only ever means a local machine (`localhost`, `*.internal`).
 * `undefined` means "public as far as the text can tell".
 */
export function nonPublicReason(rawHost: string): string | undefined {
  const host = rawHost
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.+$/, "");
  if (host === "") return "is not a host name";
  if (host.includes(":") || host.includes("%")) {
    const groups = parseIpv6(host);
    return groups ? ipv6Reason(groups) : "is not a valid IPv6 address";
  }
  if (endsInNumber(host)) {
    const v4 = parseIpv4(host);
    return v4 === undefined ? "is not a valid IPv4 address" : ipv4Reason(v4);
  }
  return nameReason(host);
}

// ---- names -------------------------------------------------------------------------------------

const LOCAL_SUFFIXES = ["localhost", "internal", "local", "localdomain", "home.arpa"];

function nameReason(host: string): string | undefined {
  if (!/^[a-z0-9_.-]+$/.test(host)) return "is not a valid host name";
  for (const suffix of LOCAL_SUFFIXES) {
    if (host === suffix || host.endsWith(`.${suffix}`)) {
      return suffix === "localhost" ? "is a loopback name" : `is a local network name (.${suffix})`;
    }
  }
  // `metadata`, `db`, `intranet`: resolved through the machine's search domains, never a public name.
  if (!host.includes(".")) return "is a single-label name, which resolves only on a local network";
  return undefined;
}

// ---- IPv4 --------------------------------------------------------------------------------------

/** The WHATWG URL rule: a host whose last label is a number is an IPv4 address (or invalid). */
function endsInNumber(host: string): boolean {
  const last = host.split(".").at(-1) ?? "";
  return /^(\d+|0x[0-9a-f]*)$/.test(last);
}

/**
 * IPv4 in the notations URL parsers and `inet_aton` accept: 1 to 4 parts, each decimal, octal
 * (leading 0) or hex (0x), the last part filling the remaining bytes (`127.1`, `2130706433`).
 */
export function parseIpv4(host: string): number | undefined {
  const parts = host.split(".");
  if (parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/.test(part)) n = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) n = Number.parseInt(part.slice(1), 8);
    else if (/^(0|[1-9]\d*)$/.test(part)) n = Number(part);
    else return undefined;
    numbers.push(n);
  }
  const last = numbers.pop() as number;
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return undefined;
  return numbers.reduce((sum, n, i) => sum + n * 256 ** (3 - i), last);
}

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
const IPV4_RANGES: [base: number, bits: number, reason: string][] = [
  [v4(0, 0, 0, 0), 8, "is an unspecified address (0.0.0.0/8)"],
  [v4(10, 0, 0, 0), 8, "is a private address (10.0.0.0/8)"],
  [v4(100, 64, 0, 0), 10, "is a shared (CGNAT) address (100.64.0.0/10)"],
  [v4(127, 0, 0, 0), 8, "is a loopback address (127.0.0.0/8)"],
  [v4(169, 254, 169, 254), 32, "is the cloud metadata address (link-local)"],
  [v4(169, 254, 0, 0), 16, "is a link-local address (169.254.0.0/16)"],
  [v4(172, 16, 0, 0), 12, "is a private address (172.16.0.0/12)"],
  [v4(192, 0, 0, 0), 24, "is a reserved address (192.0.0.0/24)"],
  [v4(192, 168, 0, 0), 16, "is a private address (192.168.0.0/16)"],
  [v4(198, 18, 0, 0), 15, "is a reserved address (198.18.0.0/15)"],
  [v4(224, 0, 0, 0), 4, "is a multicast address (224.0.0.0/4)"],
  [v4(240, 0, 0, 0), 4, "is a reserved or broadcast address (240.0.0.0/4)"],
];

export function ipv4Reason(address: number): string | undefined {
  for (const [base, bits, reason] of IPV4_RANGES) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((address & mask) >>> 0 === base) return reason;
  }
  return undefined;
}

// ---- IPv6 --------------------------------------------------------------------------------------

/** Eight 16-bit groups, or undefined when the text is not an IPv6 address (zone ids refused). */
export function parseIpv6(host: string): number[] | undefined {
  if (host.includes("%")) return undefined;
  let text = host;
  let tail: number[] = [];
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (dotted) {
    const quad = dotted.slice(2).map((n) => (/^(0|[1-9]\d{0,2})$/.test(n) ? Number(n) : 256));
    if (quad.some((n) => n > 255)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = quad;
    tail = [(a << 8) + b, (c << 8) + d];
    text = dotted[1] as string;
    if (!text.endsWith("::")) text = text.slice(0, -1);
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groupsOf(halves[0] as string);
  const rest = halves.length === 2 ? groupsOf(halves[1] as string) : [];
  const all = [...head, ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const explicit = all.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const zeros = Array(8 - explicit).fill(0);
  const parse = (groups: string[]) => groups.map((g) => Number.parseInt(g, 16));
  return halves.length === 2
    ? [...parse(head), ...zeros, ...parse(rest), ...tail]
    : [...parse(head), ...tail];
}

function ipv6Reason(g: number[]): string | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embedded = (hi: number, lo: number) => ((hi << 16) >>> 0) + lo;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 0) return "is the unspecified address (::)";
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 1) return "is the loopback address (::1)";
  const inside = (via: string, address: number) => {
    const reason = ipv4Reason(address);
    return reason ? `${reason.replace(/^is /, `is ${via} of `)}` : undefined;
  };
  // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:AB:CD::).
  if (firstFiveZero && g5 === 0xffff) return inside("an IPv4-mapped form", embedded(g6, g7));
  if (firstFiveZero && g5 === 0) return inside("an IPv4-compatible form", embedded(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return inside("a NAT64 form", embedded(g6, g7));
  if (g0 === 0x2002) return inside("a 6to4 form", embedded(g1, g2));
  if ((g0 & 0xfe00) === 0xfc00) return "is a private (unique local) address (fc00::/7)";
  if ((g0 & 0xffc0) === 0xfe80) return "is a link-local address (fe80::/10)";
  if ((g0 & 0xffc0) === 0xfec0) return "is a site-local address (fec0::/10)";
  if ((g0 & 0xff00) === 0xff00) return "is a multicast address (ff00::/8)";
  return undefined;
}
