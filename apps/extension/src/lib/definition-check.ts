import { type WorkflowDefinitionInput, workflowDefinitionSchema } from "@workflow-secrets/templating";
import { lineForPath, scanJson } from "./json-lines";
import { findTokens } from "./token-shapes";

export interface DefinitionIssue {
  severity: "error" | "warning";
  line?: number;
  message: string;
}

export interface DefinitionCheck {
  /** Parsed definition when it is valid JSON and matches the schema. */
  definition?: WorkflowDefinitionInput;
  issues: DefinitionIssue[];
}

const SECRET_REF = /(?<!\\)\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Everything the editor can tell before saving, each message at its line: JSON syntax, schema
 * errors, references to secrets that do not exist, and credentials pasted in as plain text.
 */
export function checkDefinitionText(text: string, secretNames: ReadonlySet<string>): DefinitionCheck {
  const issues: DefinitionIssue[] = [];
  const textLines = text.split("\n");

  textLines.forEach((lineText, i) => {
    for (const match of lineText.matchAll(SECRET_REF)) {
      const name = match[1] as string;
      if (!secretNames.has(name)) {
        issues.push({
          severity: "error",
          line: i + 1,
          message: `{{secrets.${name}}}: no secret named "${name}". Save it under Secrets first, or fix the name.`,
        });
      }
    }
    for (const { shape } of findTokens(lineText)) {
      issues.push({
        severity: "warning",
        line: i + 1,
        message: `Looks like a hard-coded ${shape.label}. Save it as a secret and write {{secrets.${shape.suggestedName}}} here instead.`,
      });
    }
  });

  const scan = scanJson(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = scan.error?.message ?? (error as Error).message;
    issues.unshift({ severity: "error", line: scan.error?.line, message: `Not valid JSON: ${message}.` });
    return { issues: issues.sort(byLine) };
  }

  const parsed = workflowDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    const lines = scan.lines;
    const schemaIssues = parsed.error.issues.map((issue) => ({
      severity: "error" as const,
      line: lineForPath(lines, issue.path),
      message: `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`,
    }));
    return { issues: [...schemaIssues, ...issues].sort(byLine) };
  }
  return { definition: json as WorkflowDefinitionInput, issues: issues.sort(byLine) };
}

function byLine(a: DefinitionIssue, b: DefinitionIssue): number {
  return (a.line ?? 0) - (b.line ?? 0);
}

export const EXAMPLE_DEFINITION = `{
  "name": "Notify Slack",
  "trigger": { "type": "manual" },
  "steps": [
    {
      "id": "notify",
      "type": "slack",
      "webhookUrl": "{{secrets.slack_alerts}}",
      "text": "Hello from Workflow Secrets"
    }
  ]
}`;
