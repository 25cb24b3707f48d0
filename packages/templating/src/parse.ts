import { SECRET_NAME_PATTERN } from "@workflow-secrets/secret-rules";
import { STEP_ID_PATTERN } from "./definition";
import { TemplateSyntaxError } from "./errors";

export type TemplateRoot = "secrets" | "trigger" | "steps";

export type TemplatePart =
  | { kind: "text"; text: string }
  | {
      kind: "ref";
      root: TemplateRoot;
      /** secrets: [NAME] or [NAME, FIELD] for a typed secret; trigger: the path; steps: [stepId, ...path]. */
      path: string[];
      /** The template as written, e.g. `{{ secrets.stripe_secret }}`. */
      raw: string;
      start: number;
      end: number;
    };

export type TemplateRef = Extract<TemplatePart, { kind: "ref" }>;

const ROOTS: readonly string[] = ["secrets", "trigger", "steps"];
const EXAMPLES = "{{ secrets.NAME }}, {{ trigger.<path> }} or {{ steps.<stepId>.<path> }}";
const NAME_HINT = "secret names start with a letter or _ and use letters, digits and _ (max 64)";
/** A typed secret's field: `{{ secrets.NAME.FIELD }}` (the type's table decides which exist). */
const SECRET_FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const isSpace = (c: string | undefined) => c === " " || c === "\t";
const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isSegment = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_-]/.test(c);

/**
 * Splits a field into literal text and `{{ … }}` references. `\{{` is a literal `{{`.
 * Anything malformed throws TemplateSyntaxError: a typo must never pass through as literal text,
 * or a secret reference would be sent verbatim instead of failing loudly.
 */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("\\{{", i)) {
      literal += "{{";
      i += 3;
      continue;
    }
    if (!text.startsWith("{{", i)) {
      const next = nextInteresting(text, i);
      literal += text.slice(i, next);
      i = next;
      continue;
    }
    const ref = parseReference(text, i);
    if (literal) parts.push({ kind: "text", text: literal });
    literal = "";
    parts.push(ref);
    i = ref.end;
  }
  if (literal) parts.push({ kind: "text", text: literal });
  return parts;
}

function nextInteresting(text: string, from: number): number {
  const brace = text.indexOf("{{", from + 1);
  const escaped = text.indexOf("\\{{", from + 1);
  const candidates = [brace, escaped].filter((p) => p >= 0);
  return candidates.length ? Math.min(...candidates) : text.length;
}

function parseReference(text: string, start: number): TemplateRef {
  const fail = (reason: string, at: number, hint: string): never => {
    if (at >= text.length || text.indexOf("}}", start + 2) < 0) throw unclosed(start);
    throw new TemplateSyntaxError(reason, at, hint);
  };
  let i = start + 2;
  while (isSpace(text[i])) i++;
  if (text.startsWith("}}", i)) fail("empty template", start, `write ${EXAMPLES}`);

  const rootStart = i;
  while (isWord(text[i])) i++;
  const root = text.slice(rootStart, i);
  if (!root) fail(`unexpected ${describe(text[i])} in template`, i, `write ${EXAMPLES}`);
  if (!ROOTS.includes(root)) {
    fail(
      `unknown root "${root}"`,
      rootStart,
      `a template starts with secrets, trigger or steps: ${EXAMPLES}`,
    );
  }

  const path: string[] = [];
  while (text[i] === ".") {
    const segStart = ++i;
    while (isSegment(text[i])) i++;
    if (i === segStart) {
      const what = root === "secrets" ? "a secret name" : "a path segment";
      const hint = root === "secrets" ? NAME_HINT : "path segments use letters, digits, _ and -";
      fail(`expected ${what} after "${text.slice(start + 2, segStart).trim()}"`, segStart, hint);
    }
    path.push(text.slice(segStart, i));
  }
  validatePath(root as TemplateRoot, path, rootStart, fail);

  while (isSpace(text[i])) i++;
  if (!text.startsWith("}}", i)) {
    fail(
      `unexpected ${describe(text[i])} after "${text.slice(start + 2, i).trim()}"`,
      i,
      `a template holds exactly one reference, closed by }}; write ${EXAMPLES}`,
    );
  }
  const end = i + 2;
  return { kind: "ref", root: root as TemplateRoot, path, raw: text.slice(start, end), start, end };
}

function validatePath(
  root: TemplateRoot,
  path: string[],
  at: number,
  fail: (reason: string, at: number, hint: string) => never,
): void {
  if (root === "secrets") {
    const [name] = path;
    if (name === undefined)
      fail('expected a secret name after "secrets"', at, `${NAME_HINT}, e.g. {{ secrets.api_key }}`);
    else if (!SECRET_NAME_PATTERN.test(name)) fail(`invalid secret name "${name}"`, at + 8, NAME_HINT);
    else if (path.length > 2 || (path[1] !== undefined && !SECRET_FIELD_PATTERN.test(path[1]))) {
      fail(
        `secrets.${name} takes at most one field`,
        at,
        "write {{ secrets.NAME }}, or {{ secrets.NAME.FIELD }} for a typed secret",
      );
    }
  } else if (root === "steps") {
    const [stepId] = path;
    if (stepId === undefined)
      fail('expected a step id after "steps"', at, "write {{ steps.<stepId>.<path> }}");
    else if (!STEP_ID_PATTERN.test(stepId)) {
      fail(
        `invalid step id "${stepId}"`,
        at + 6,
        "step ids start with a letter or _ and use letters, digits, _ or -",
      );
    }
  }
}

function unclosed(start: number): TemplateSyntaxError {
  return new TemplateSyntaxError("unclosed {{", start, "close it with }}, or write \\{{ for a literal {{");
}

function describe(c: string | undefined): string {
  if (c === undefined) return "end of text";
  if (c === "\n" || c === "\r") return "line break";
  return `"${c}"`;
}
