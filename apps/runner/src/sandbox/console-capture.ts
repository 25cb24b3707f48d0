/** Script console output kept per step (UTF-16 code units, close enough to bytes for a cap). */
export const MAX_CONSOLE_CHARS = 64 * 1024;

const TRUNCATED = "[console output truncated at 64 KiB]";

/**
 * Collects console lines up to the cap. Each line is masked BEFORE it is cut, so the cut can
 * never leave the first half of a secret behind. (The masker masks every line of a multi-line
 * value on its own, so masking per call equals masking the joined text.)
 */
export function createConsoleCapture(mask: (text: string) => string) {
  const lines: string[] = [];
  let size = 0;
  let truncated = false;
  return {
    write(raw: string) {
      if (truncated) return;
      const line = mask(raw);
      if (size + line.length + 1 > MAX_CONSOLE_CHARS) {
        lines.push(line.slice(0, Math.max(0, MAX_CONSOLE_CHARS - size)), TRUNCATED);
        truncated = true;
        return;
      }
      lines.push(line);
      size += line.length + 1;
    },
    text: () => lines.join("\n"),
  };
}
