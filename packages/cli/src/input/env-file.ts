/** One `KEY=value` of a .env file. */
export interface EnvEntry {
  /** The key as written. */
  key: string;
  /** The secret name it becomes (see normaliseSecretName). */
  name: string;
  value: string;
  line: number;
}

/** A line that was not used, by number only: a broken line may hold a value, so it is never quoted. */
export interface EnvSkipped {
  line: number;
  reason: string;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Parses a .env file the way dotenv and shells write them: `#` comments, blank lines, an optional
 * `export ` prefix, CRLF or LF, single quotes (literal), double quotes (`\n`, `\t`, `\"`, `\\` escapes,
 * may span lines), unquoted values (trimmed, ` #…` comments dropped). Empty values and lines that are
 * not `KEY=value` are reported in `skipped`; a key given twice keeps the last value.
 */
export function parseEnvFile(text: string): { entries: EnvEntry[]; skipped: EnvSkipped[] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const byName = new Map<string, EnvEntry>();
  const skipped: EnvSkipped[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    const trimmed = (lines[i] ?? "").trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const body = trimmed.replace(/^export\s+/, "");
    const eq = body.indexOf("=");
    const key = eq > 0 ? body.slice(0, eq).trim() : "";
    if (!KEY.test(key)) {
      skipped.push({ line: lineNumber, reason: "not KEY=value" });
      continue;
    }
    let rest = body.slice(eq + 1).trimStart();
    let value: string;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may continue on the next lines until its closing quote.
      let end = closingQuote(rest, quote);
      while (end < 0 && i + 1 < lines.length) {
        i++;
        rest += `\n${lines[i] ?? ""}`;
        end = closingQuote(rest, quote);
      }
      if (end < 0) {
        skipped.push({ line: lineNumber, reason: `no closing ${quote}` });
        continue;
      }
      const inner = rest.slice(1, end);
      value = quote === '"' ? unescapeDoubleQuoted(inner) : inner;
    } else {
      value = rest.replace(/\s+#.*$/, "").trim();
    }
    if (value === "") {
      skipped.push({ line: lineNumber, reason: `${key} is empty` });
      continue;
    }
    const name = normaliseSecretName(key);
    byName.set(name, { key, name, value, line: lineNumber });
  }
  return { entries: [...byName.values()], skipped };
}

function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([nrt"\\$])/g, (_, c: string) =>
    c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c,
  );
}

/**
 * A .env key as a secret name (`^[A-Za-z_][A-Za-z0-9_]{0,63}$`), in the lower case templates use:
 * `STRIPE_SECRET` → `stripe_secret`, `slack.webhook-url` → `slack_webhook_url`.
 */
export function normaliseSecretName(key: string): string {
  return key
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .slice(0, 64);
}
