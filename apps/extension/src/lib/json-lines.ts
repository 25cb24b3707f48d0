import {
  findNodeAtLocation,
  getNodeValue,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";

/** JSON text read once, so editor messages can point at the line a value or a syntax error is on. */
export interface JsonLines {
  /** The parsed value; when the text has errors, as much of it as could be read. */
  value: unknown;
  /** First syntax error, with its line (JSON.parse messages do not always say). */
  error?: { line: number; message: string };
  /** The line a value starts on, by path of keys and indexes; the nearest ancestor's when it is missing. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

const PROBLEMS: Record<string, string> = {
  InvalidSymbol: "an unexpected character",
  InvalidNumberFormat: "a malformed number",
  PropertyNameExpected: "expected a quoted key",
  ValueExpected: "expected a value",
  ColonExpected: 'expected ":" after a key',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "," or "}"',
  CloseBracketExpected: 'expected "," or "]"',
  EndOfFileExpected: "expected nothing more",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "comments are not allowed in JSON",
  UnexpectedEndOfString: 'expected a closing "',
  UnexpectedEndOfNumber: "a number ends too early",
  InvalidUnicode: "an invalid \\u escape",
  InvalidEscapeCharacter: "an invalid escape after \\",
  InvalidCharacter: "a line break or control character inside a string (write it as \\n)",
};

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function describe(text: string, error: ParseError): string {
  const problem = PROBLEMS[printParseErrorCode(error.error)] ?? "unexpected text";
  const found =
    error.offset < text.length ? `"${text.slice(error.offset, error.offset + 1)}"` : "the end of the text";
  return `${problem} (found ${found})`;
}

/** Reads JSON text (strictly: no comments, no trailing commas) with jsonc-parser's tolerant parser. */
export function readJsonLines(text: string): JsonLines {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const [first] = errors;
  return {
    value: root ? getNodeValue(root) : undefined,
    ...(first ? { error: { line: lineAt(text, first.offset), message: describe(text, first) } } : {}),
    lineOf(path) {
      if (!root) return undefined;
      for (let n = path.length; n >= 0; n--) {
        const segments = path.slice(0, n).map((s) => (typeof s === "number" ? s : String(s)));
        const node = findNodeAtLocation(root, segments);
        if (node) return lineAt(text, node.offset);
      }
      return undefined;
    },
  };
}
