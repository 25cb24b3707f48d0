export interface JsonScan {
  /** Line each value starts on, by dotted path ("steps.1.headers.Authorization"). */
  lines: Map<string, number>;
  /** First syntax error, with the line it is on (JSON.parse messages do not always say). */
  error?: { line: number; message: string };
}

class JsonSyntaxError extends Error {}

/** Reads JSON text once, recording where each value starts, so editor messages can point at a line. */
export function scanJson(text: string): JsonScan {
  const lines = new Map<string, number>();
  let pos = 0;
  let line = 1;

  const fail = (what: string): never => {
    const found = pos < text.length ? `"${text[pos]}"` : "the end of the text";
    throw new JsonSyntaxError(`expected ${what} but found ${found}`);
  };
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos] as string)) {
      if (text[pos] === "\n") line++;
      pos++;
    }
  };
  const expect = (ch: string, what: string) => {
    if (text[pos] !== ch) fail(what);
    pos++;
  };
  const readString = (): string => {
    const start = pos;
    expect('"', "a quoted string");
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === "\n") fail('a closing "');
      pos += text[pos] === "\\" ? 2 : 1;
    }
    expect('"', 'a closing "');
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const readItems = (close: string, readItem: (index: number) => void) => {
    pos++;
    skipSpace();
    if (text[pos] === close) {
      pos++;
      return;
    }
    for (let index = 0; ; index++) {
      readItem(index);
      skipSpace();
      if (text[pos] === ",") {
        pos++;
        skipSpace();
        continue;
      }
      expect(close, `"," or "${close}"`);
      return;
    }
  };
  const readValue = (path: string[]): void => {
    skipSpace();
    lines.set(path.join("."), line);
    const ch = text[pos];
    if (ch === "{") {
      readItems("}", () => {
        const key = readString();
        skipSpace();
        expect(":", '":" after a key');
        readValue([...path, key]);
      });
    } else if (ch === "[") {
      readItems("]", (index) => readValue([...path, String(index)]));
    } else if (ch === '"') {
      readString();
    } else {
      const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos));
      if (!literal) fail("a value");
      pos += (literal as RegExpExecArray)[0].length;
    }
  };

  try {
    readValue([]);
    skipSpace();
    if (pos < text.length) fail("nothing more");
    return { lines };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { lines, error: { line, message: error.message } };
    throw error;
  }
}

/** The nearest known line for a path: the path itself, else its closest ancestor. */
export function lineForPath(lines: Map<string, number>, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = lines.get(path.slice(0, n).map(String).join("."));
    if (found !== undefined) return found;
  }
  return undefined;
}
