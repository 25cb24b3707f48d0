function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Every form a leaked value could take in stored or printed text: raw, JSON-escaped, percent- and
 * form-encoded, hex (both cases), and base64 / base64url at all three byte alignments (so a value
 * inside a longer base64 blob, like `Basic base64(user:pass)`, is found too).
 */
export function leakNeedles(value: string): string[] {
  const bytes = new TextEncoder().encode(value);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const needles = new Set<string>([
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, "+"),
    hex,
    hex.toUpperCase(),
  ]);
  for (let offset = 0; offset < 3; offset++) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const encoded = toBase64(shifted);
    // Drop the groups that mix in the prefix or the padding: what remains depends only on the value.
    const core = encoded.slice(offset === 0 ? 0 : 4, encoded.length - 4);
    needles.add(core);
    needles.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  for (const line of value.split(/\r?\n/)) if (line.length >= 12) needles.add(line);
  return [...needles].filter((n) => n.length >= 12);
}

/** Where (label) and in which form each canary appears in the haystacks; empty means no leak. */
export function findLeaks(canaries: string[], haystacks: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const canary of canaries) {
    for (const needle of leakNeedles(canary)) {
      for (const [label, text] of Object.entries(haystacks)) {
        if (text.includes(needle))
          hits.push(`${label} contains a form of canary ${canary.slice(0, 6)}… (${needle.slice(0, 12)}…)`);
      }
    }
  }
  return hits;
}
