/**
 * workerd prints some network failures with the host it tried, on its own output where no Worker code
 * (and so no masker) runs: `DNS lookup failed.; params.host = <name>; …`. A host can be a secret (a
 * URL kept whole as a secret, `smtp.host`). The runner refuses names that can never resolve before it
 * asks (apps/runner/src/steps/host-check.ts); a well-formed name that does not exist still reaches the
 * resolver, so the stack drops the name from these lines before they are printed or written to a log.
 */
export function redactRuntimeLog(text: string): string {
  return text.replace(/\bparams\.host = [^;\n]*/g, "params.host = [redacted]");
}

/**
 * Applies `redact` to whole lines of a stream that arrives in chunks (a line cut between two chunks
 * is redacted once it is complete). A line longer than `maxPending` is passed on in parts.
 */
export function lineRedactor(redact: (text: string) => string, maxPending = 64 * 1024) {
  let pending = "";
  return {
    push(chunk: string): string {
      pending += chunk;
      const cut = pending.lastIndexOf("\n") + 1;
      const ready = cut > 0 ? pending.slice(0, cut) : pending.length > maxPending ? pending : "";
      pending = pending.slice(ready.length);
      return ready ? redact(ready) : "";
    },
    flush(): string {
      const rest = pending;
      pending = "";
      return rest ? redact(rest) : "";
    },
  };
}
