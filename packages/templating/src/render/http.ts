import type { HttpStep } from "../definition";
import { TemplateError } from "../errors";
import type { StepRenderer } from "./context";
import { appendQuery, formEncode, percentEncode } from "./escape";
import { refuseDataChosenServer, renderHeaderValue, renderJson, renderUrl } from "./places";
import { invalidHeaderNameMessage, isValidHeaderName } from "./request-shape";

export interface RenderedHttpStep {
  type: "http";
  method: HttpStep["method"];
  url: string;
  headers: Record<string, string>;
  body?: { contentType: string; text: string };
  secretsUsed: string[];
}

export function renderHttpStep(step: HttpStep, r: StepRenderer): RenderedHttpStep {
  const headers: Record<string, string> = {};
  for (const [name, text] of Object.entries(step.headers ?? {})) {
    // Also refused at save; a definition stored before that rule still fails here, with its name.
    if (!isValidHeaderName(name)) throw new TemplateError(invalidHeaderNameMessage(r.stepId, name));
    headers[name] = renderHeaderValue(r, `headers.${name}`, text, "a header value");
  }
  // Query parameters are percent-encoded as a whole (key and value), not just their templates.
  const query = Object.entries(step.query ?? {}).map(
    ([key, text]) => `${percentEncode(key)}=${percentEncode(r.render(`query.${key}`, text))}`,
  );
  const url = appendQuery(renderUrl(r, "url", step.url), query);

  let body: RenderedHttpStep["body"];
  if (step.body?.type === "json") {
    body = {
      contentType: "application/json",
      text: JSON.stringify(renderJson(r, "body.value", step.body.value)),
    };
  } else if (step.body?.type === "text") {
    const contentType = step.body.contentType ?? "text/plain; charset=utf-8";
    body = { contentType, text: r.render("body.value", step.body.value) };
  } else if (step.body?.type === "form") {
    const pairs = Object.entries(step.body.value).map(([key, text]): [string, string] => [
      key,
      r.render(`body.value.${key}`, text),
    ]);
    body = { contentType: "application/x-www-form-urlencoded", text: formEncode(pairs) };
  }

  refuseDataChosenServer(r, "url", step.url);
  return {
    type: "http",
    method: step.method,
    url,
    headers,
    ...(body ? { body } : {}),
    secretsUsed: r.secretsUsed,
  };
}
