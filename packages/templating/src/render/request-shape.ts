import type { TemplatePart, TemplateRef } from "../parse";

/**
 * Parts of a request that must be right before anything is substituted: the header names and the
 * URL's authority. Pure checks shared by rendering (refuse at run time) and `checkDefinition`
 * (refuse at save time), so both give the same answer and the same message.
 */

/** RFC 9110 `token`: what an HTTP header name may contain. No spaces, colons, CR, LF or non-ASCII. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const isValidHeaderName = (name: string): boolean => HEADER_NAME.test(name);

export const invalidHeaderNameMessage = (stepId: string, name: string): string =>
  `step "${stepId}" (headers): ${JSON.stringify(name)} is not a valid HTTP header name (use letters, digits and !#$%&'*+-.^_\`|~ only: no spaces, colons, CR or LF)`;

/**
 * Refused rather than sent as Basic auth: the runtime drops `user:password@` from a fetch URL, and
 * turning it into a header behind the user's back would send credentials in a place the definition
 * does not show (the run log stores the request template, which then would not say where they went).
 */
export const URL_CREDENTIALS =
  'puts credentials in the URL (user:password@host), which are never sent: put them in an Authorization header instead ("Authorization": "Basic {{secrets.NAME}}", the secret holding base64 of user:password)';

/** `scheme:[//]authority`, up to the path. */
const AUTHORITY = /^[^:/\\?#]*:[/\\]*(?![/\\])[^/\\?#]*/;

/** True when a rendered URL carries `user[:password]@` before its host. */
export function hasUrlCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== "" || parsed.password !== "";
  } catch {
    return false;
  }
}

/**
 * At save time: a URL template whose authority has an `@` in its literal text (a value cannot add
 * one: it is percent-encoded). Returns the first reference before that `@`, or "the text before
 * \"@\"" for literal credentials, to name in the message. A URL that is one template only is judged
 * when it renders.
 */
export function credentialsInUrlTemplate(parts: TemplatePart[]): string | undefined {
  if (parts.length === 1 && parts[0]?.kind === "ref") return undefined;
  let probe = "";
  const refs: { ref: TemplateRef; at: number }[] = [];
  for (const part of parts) {
    if (part.kind === "text") probe += part.text;
    else {
      refs.push({ ref: part, at: probe.length });
      probe += "x";
    }
  }
  const authority = AUTHORITY.exec(probe)?.[0] ?? "";
  const at = authority.lastIndexOf("@");
  if (at < 0) return undefined;
  return refs.find((r) => r.at < at)?.ref.raw ?? 'the text before "@"';
}
