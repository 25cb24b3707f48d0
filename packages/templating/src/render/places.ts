import type { JsonValue } from "../definition";
import { RenderError } from "../errors";
import type { TemplateRef } from "../parse";
import type { StepRenderer } from "./context";
import { hasLineBreakOrNul, isHttpUrl, percentEncode } from "./escape";
import { credentialsInUrlTemplate, hasUrlCredentials, URL_CREDENTIALS } from "./request-shape";
import { DATA_AS_WHOLE_URL, DATA_IN_URL_HOST, dataInUrlHost, wholeUrlData } from "./server-choice";

/**
 * A header-like field (HTTP header value, SMTP from/to/subject, SMTP credentials): CR, LF and NUL
 * are refused with an error rather than stripped, so a value is never silently altered.
 */
export function renderHeaderValue(r: StepRenderer, field: string, text: string, where: string): string {
  const parts = r.parse(field, text);
  for (const part of parts) {
    if (part.kind === "text" && hasLineBreakOrNul(part.text)) {
      throw new RenderError(
        r.stepId,
        field,
        JSON.stringify(text),
        `contains CR, LF or NUL, which cannot go in ${where}`,
      );
    }
  }
  return r.renderParts(field, parts, (value, ref) => {
    if (hasLineBreakOrNul(value)) {
      throw new RenderError(
        r.stepId,
        field,
        ref.raw,
        `resolves to a value with CR, LF or NUL, which cannot go in ${where}`,
      );
    }
    return value;
  });
}

/** `scheme:[//]host[:port]`, up to the path. */
const AUTHORITY = /^[^:/\\?#]*:[/\\]*(?![/\\])[^/\\?#]*/;

/**
 * A URL field. When the template is the whole URL the value must itself be an http(s) URL
 * (a Slack webhook URL kept as a secret); a template inside a URL is percent-encoded, so a value
 * can never add path segments, query parameters or change the host.
 */
export function renderUrl(r: StepRenderer, field: string, text: string): string {
  const parts = r.parse(field, text);
  const [only] = parts;
  if (parts.length === 1 && only?.kind === "ref") {
    const value = r.resolve(field, only);
    if (!isHttpUrl(value)) throw new RenderError(r.stepId, field, only.raw, "is not an http(s) URL");
    if (hasUrlCredentials(value)) throw new RenderError(r.stepId, field, only.raw, URL_CREDENTIALS);
    return value;
  }
  // Only the owner's secrets may choose the host (see server-choice.ts).
  const hostData = dataInUrlHost(parts);
  if (hostData) throw new RenderError(r.stepId, field, hostData.raw, DATA_IN_URL_HOST);
  let url = "";
  const placed: { ref: TemplateRef; start: number; end: number }[] = [];
  for (const part of parts) {
    if (part.kind === "text") url += part.text;
    else {
      const value = percentEncode(r.resolve(field, part));
      placed.push({ ref: part, start: url.length, end: url.length + value.length });
      url += value;
    }
  }
  if (!isHttpUrl(url)) throw new RenderError(r.stepId, field, text, "does not render to an http(s) URL");
  if (hasUrlCredentials(url)) {
    throw new RenderError(r.stepId, field, credentialsInUrlTemplate(parts) ?? "the URL", URL_CREDENTIALS);
  }
  // Nor does it stop `.` and `..` (or `%2e%2e`): as a whole path segment the URL parser resolves
  // them, so `/repos/{{trigger.repo}}/hooks` with repo `..` would send the request to `/hooks`.
  const pathStart = AUTHORITY.exec(url)?.[0].length ?? 0;
  const pathEnd = url.slice(pathStart).search(/[?#]/);
  const end = pathEnd < 0 ? url.length : pathStart + pathEnd;
  let segmentStart = pathStart;
  for (let i = pathStart; i <= end; i++) {
    if (i < end && url[i] !== "/" && url[i] !== "\\") continue;
    const segment = url.slice(segmentStart, i).replace(/%2e/gi, ".");
    const from =
      segment === "." || segment === ".."
        ? placed.find((p) => p.start < i && p.end > segmentStart)
        : undefined;
    if (from) {
      throw new RenderError(
        r.stepId,
        field,
        from.ref.raw,
        "makes a URL path segment `.` or `..`, which would change the path the request is sent to",
      );
    }
    segmentStart = i + 1;
  }
  return url;
}

/**
 * Called once the whole step is rendered: a URL that is entirely trigger or step data may not choose
 * the server of a step that carries a secret in its headers, query or body.
 */
export function refuseDataChosenServer(r: StepRenderer, field: string, text: string): void {
  if (r.secretsUsed.length === 0) return;
  const data = wholeUrlData(r.parse(field, text));
  if (data) throw new RenderError(r.stepId, field, data.raw, DATA_AS_WHOLE_URL);
}

/** Templates live only in string leaves; the caller serialises the result with JSON.stringify. */
export function renderJson(r: StepRenderer, field: string, value: JsonValue): JsonValue {
  if (typeof value === "string") return r.render(field, value);
  if (Array.isArray(value)) return value.map((item, i) => renderJson(r, `${field}[${i}]`, item));
  if (value !== null && typeof value === "object") {
    // fromEntries defines own properties, so a "__proto__" key stays data.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderJson(r, `${field}.${key}`, item)]),
    );
  }
  return value;
}
