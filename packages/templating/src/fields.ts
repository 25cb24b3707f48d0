import type { JsonValue, Step } from "./definition";

/** One string of a step that may hold templates, with its field path (`headers.Authorization`). */
export interface TemplateField {
  field: string;
  text: string;
}

/** Field path of a JSON leaf: `body.value.customer.token`, `blocks[0].text.text`. */
export function jsonLeafFields(value: JsonValue, prefix: string, out: TemplateField[] = []): TemplateField[] {
  if (typeof value === "string") out.push({ field: prefix, text: value });
  else if (Array.isArray(value))
    value.forEach((item, i) => {
      jsonLeafFields(item, `${prefix}[${i}]`, out);
    });
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) jsonLeafFields(item, `${prefix}.${key}`, out);
  }
  return out;
}

const entries = (record: Record<string, string> | undefined, prefix: string): TemplateField[] =>
  Object.entries(record ?? {}).map(([key, text]) => ({ field: `${prefix}.${key}`, text }));

/**
 * Every templated string of a non-script step, in a stable order. Script code is not templated:
 * its secrets are found by `scriptSecretReferences`.
 */
export function templateFields(step: Step): TemplateField[] {
  switch (step.type) {
    case "http": {
      const fields = [{ field: "url", text: step.url }, ...entries(step.headers, "headers")];
      fields.push(...entries(step.query, "query"));
      const body = step.body;
      if (body?.type === "json") jsonLeafFields(body.value, "body.value", fields);
      else if (body?.type === "text") fields.push({ field: "body.value", text: body.value });
      else if (body?.type === "form") fields.push(...entries(body.value, "body.value"));
      return fields;
    }
    case "slack": {
      const fields = [
        { field: "webhookUrl", text: step.webhookUrl },
        { field: "text", text: step.text },
      ];
      step.blocks?.forEach((block, i) => {
        jsonLeafFields(block, `blocks[${i}]`, fields);
      });
      return fields;
    }
    case "email": {
      const fields: TemplateField[] = [{ field: "smtp.host", text: step.smtp.host }];
      if (step.smtp.username !== undefined) fields.push({ field: "smtp.username", text: step.smtp.username });
      if (step.smtp.password !== undefined) fields.push({ field: "smtp.password", text: step.smtp.password });
      fields.push({ field: "from", text: step.from });
      for (const [i, to] of step.to.entries()) fields.push({ field: `to[${i}]`, text: to });
      fields.push({ field: "subject", text: step.subject }, { field: "text", text: step.text });
      return fields;
    }
    case "script":
      return [];
  }
}

/**
 * Object keys of a step that contain `{{`: header names, query and form keys, JSON keys. Only
 * values are templated, so a template in a key would be sent literally; checkDefinition refuses it.
 */
export function templatedKeys(step: Step): TemplateField[] {
  const keys: TemplateField[] = [];
  const scan = (record: object | undefined, field: string) => {
    for (const key of Object.keys(record ?? {}))
      if (/(^|[^\\])\{\{/.test(key)) keys.push({ field, text: key });
  };
  const scanJson = (value: JsonValue, field: string) => {
    if (Array.isArray(value)) for (const [i, item] of value.entries()) scanJson(item, `${field}[${i}]`);
    else if (value !== null && typeof value === "object") {
      scan(value, field);
      for (const [key, item] of Object.entries(value)) scanJson(item, `${field}.${key}`);
    }
  };
  if (step.type === "http") {
    scan(step.headers, "headers");
    scan(step.query, "query");
    if (step.body?.type === "form") scan(step.body.value, "body.value");
    if (step.body?.type === "json") scanJson(step.body.value, "body.value");
  } else if (step.type === "slack") {
    for (const [i, block] of (step.blocks ?? []).entries()) scanJson(block, `blocks[${i}]`);
  }
  return keys;
}
