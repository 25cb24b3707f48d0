/**
 * Output for people and for scripts. Colours only when the stream is a terminal and NO_COLOR is unset;
 * `--json` output is always plain JSON on stdout, one document per command.
 */
type Style = "bold" | "dim" | "red" | "green" | "yellow" | "cyan";

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

function colourOn(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb";
}

export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  if (!colourOn(stream)) return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

export function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** Progress and notes go to stderr, so stdout stays what a script reads. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string) => [...text.replace(ANSI, "")].length;

/** Aligned columns with a header row; cells may be painted (padding counts visible characters only). */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, i) =>
    Math.max(visibleLength(header), ...rows.map((row) => visibleLength(row[i] ?? ""))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - visibleLength(cell)),
      )
      .join("  ")
      .trimEnd();
  print(line(headers.map((h) => paint("bold", h))));
  for (const row of rows) print(line(row));
}

/** `2026-12-02T10:07:11.000Z` → `2026-12-02 10:07`; "-" for none. */
export function shortTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : "-";
}

export function statusText(status: string): string {
  if (status === "succeeded") return paint("green", status);
  if (status === "failed" || status === "rejected" || status === "cancelled") return paint("red", status);
  if (status === "running" || status === "queued") return paint("yellow", status);
  return status;
}
