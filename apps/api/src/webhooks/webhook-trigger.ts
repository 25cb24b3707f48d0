import { jsonTextTooDeep, jsonTooDeepMessage } from "@workflow-secrets/templating";

/** A delivery the intake refuses with 400 and this message (it says what is wrong, never the body). */
export class WebhookBodyError extends Error {
  override readonly name = "WebhookBodyError";
}

/**
 * A webhook request as the run's `trigger`: `{ body, headers, rawBody? }`.
 * `body` is the parsed JSON when the request says JSON (and parses), else the text. Signature
 * schemes sign the exact bytes, which re-serialising parsed JSON does not reproduce, so the
 * text is also kept as `rawBody` for JSON bodies up to RAW_BODY_LIMIT (a D1 row must stay under
 * its size limit).
 */
export type WebhookTrigger = {
  body: unknown;
  headers: Record<string, string>;
  rawBody?: string;
};

const RAW_BODY_LIMIT = 256 * 1024;

export function toWebhookTrigger(headers: Headers, bytes: Uint8Array): WebhookTrigger {
  const text = new TextDecoder().decode(bytes);
  const headerRecord: Record<string, string> = {};
  headers.forEach((value, name) => {
    headerRecord[name] = value;
  });
  const contentType = headers.get("content-type") ?? "";
  if (/\bjson\b/i.test(contentType) && text.trim() !== "") {
    // Counted before parsing: storing (JSON.stringify), masking and QuickJS all recurse per level.
    if (jsonTextTooDeep(text)) throw new WebhookBodyError(jsonTooDeepMessage("the JSON body"));
    try {
      const body: unknown = JSON.parse(text);
      return text.length <= RAW_BODY_LIMIT
        ? { body, headers: headerRecord, rawBody: text }
        : { body, headers: headerRecord };
    } catch {
      // Not JSON after all: keep the text, the workflow can still look at it.
    }
  }
  return { body: text, headers: headerRecord };
}
