/**
 * The runner's only logger. Every line is serialised first and then passed through the run's
 * masker as one string, so a secret inside any field (or an error message thrown by fetch or
 * SMTP) is replaced before it reaches the Workers log.
 */
export type TextMasker = { mask(text: string): string };

export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export type Logger = {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Same sink and masker, with fields added to every line (e.g. `{ runId }`). */
  child(fields: LogFields): Logger;
  /** Same fields, a new masker: used once a run's secrets are opened. */
  withMasker(masker: TextMasker): Logger;
};

export type LogSink = (level: LogLevel, line: string) => void;

const consoleSink: LogSink = (level, line) => {
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
};

export function createMaskedLogger(
  masker: TextMasker,
  base: LogFields = {},
  sink: LogSink = consoleSink,
): Logger {
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    const line = safeStringify({ level, message, ...base, ...fields });
    sink(level, masker.mask(line));
  };
  return {
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => createMaskedLogger(masker, { ...base, ...fields }, sink),
    withMasker: (next) => createMaskedLogger(next, base, sink),
  };
}

/** Errors become `{ name, message, code? }`; cycles and BigInts cannot make logging throw. */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Error) {
        const code = (v as { code?: unknown }).code;
        return { name: v.name, message: v.message, ...(code === undefined ? {} : { code }) };
      }
      if (typeof v === "bigint") return v.toString();
      if (typeof v === "object" && v !== null) {
        if (seen.has(v)) return "[circular]";
        seen.add(v);
      }
      return v;
    });
  } catch {
    return JSON.stringify({ level: "error", message: "log line could not be serialised" });
  }
}
