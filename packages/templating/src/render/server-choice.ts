import type { TemplatePart, TemplateRef } from "../parse";

/**
 * Where trigger or step data would choose the server that receives a step's secrets. Pure checks
 * on parsed templates, shared by rendering (refuse at run time) and `checkDefinition` (refuse at
 * save time), so both give the same answer and the same message.
 */

/** True once the literal text has passed `scheme:[//]host[:port]` (a `/`, `\`, `?` or `#` after it). */
const AFTER_AUTHORITY = /^[^:/\\?#]*:[/\\]*(?![/\\])[^/\\?#]*[/\\?#]/;

export const DATA_IN_URL_HOST =
  "sits in the URL's scheme or host, where only secrets may go (trigger and step data could choose where the request is sent)";
export const DATA_IN_SMTP_HOST =
  "is trigger or step data, which cannot choose the SMTP server (only secrets may go in smtp.host)";
export const DATA_AS_WHOLE_URL =
  "is trigger or step data, which cannot choose the server of a step that sends secrets (write the scheme and host in the URL, or keep the whole URL as a secret)";

const isData = (part: TemplatePart): part is TemplateRef => part.kind === "ref" && part.root !== "secrets";

/**
 * A trigger or step reference in a URL's scheme or host. Percent-encoding keeps a value from adding
 * `/`, `?`, `#` or `@`, but not dots: `https://api.example.{{trigger.tld}}/` could still pick the host.
 * A URL that is one template only is judged by `wholeUrlData`.
 */
export function dataInUrlHost(parts: TemplatePart[]): TemplateRef | undefined {
  if (parts.length === 1) return undefined;
  let literal = "";
  for (const part of parts) {
    if (part.kind === "text") literal += part.text;
    else if (isData(part) && !AFTER_AUTHORITY.test(literal)) return part;
    else literal += "x";
  }
  return undefined;
}

/** Any trigger or step reference in smtp.host, which receives the SMTP credentials. */
export function dataInSmtpHost(parts: TemplatePart[]): TemplateRef | undefined {
  return parts.find(isData);
}

/**
 * A URL that is entirely trigger or step data lets whoever sends that data choose the server: fine
 * for a step that sends no secret (a callback URL), refused for one that does.
 */
export function wholeUrlData(parts: TemplatePart[]): TemplateRef | undefined {
  const [only] = parts;
  return parts.length === 1 && only && isData(only) ? only : undefined;
}
