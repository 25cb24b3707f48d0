import {
  findHardCodedCredentials,
  type HardCodedCredential,
  SECRET_NAME_SOURCE,
  type SecretPolicy,
} from "@workflow-secrets/secret-rules";
import {
  findReferences,
  literalDestinationRefusals,
  type WorkflowDefinitionInput,
  workflowDefinitionSchema,
} from "@workflow-secrets/templating";
import { readJsonLines } from "./json-lines";

export interface DefinitionIssue {
  severity: "error" | "warning";
  line?: number;
  message: string;
}

export interface DefinitionCheck {
  /** Parsed definition when it is valid JSON and matches the schema. */
  definition?: WorkflowDefinitionInput;
  /** Credentials written into the steps: what the API will warn about when it is saved. */
  credentials: HardCodedCredential[];
  issues: DefinitionIssue[];
}

const SECRET_REF = new RegExp(`(?<!\\\\)\\{\\{\\s*secrets\\.(${SECRET_NAME_SOURCE})\\s*\\}\\}`, "g");

/**
 * Everything the editor can tell before saving, each message at its line: JSON syntax, schema
 * errors, references to secrets that do not exist, and credentials pasted in as plain text (found by
 * the same secret-rules function the API calls when it saves, so both warn about the same fields).
 * Given the secrets' policies (a Map from the list), it also shows, at their lines, the literal
 * destinations and scripts the API and the runner would refuse, in their words.
 */
export function checkDefinitionText(
  text: string,
  secretNames: ReadonlySet<string> | ReadonlyMap<string, SecretPolicy>,
): DefinitionCheck {
  const issues: DefinitionIssue[] = [];

  text.split("\n").forEach((lineText, i) => {
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
  });

  const json = readJsonLines(text);
  const steps = (json.value as { steps?: unknown } | null | undefined)?.steps;
  const credentials = findHardCodedCredentials(steps);
  for (const { segments, stepType, shape } of credentials) {
    const reference =
      stepType === "script" ? `secrets.${shape.suggestedName}` : `{{secrets.${shape.suggestedName}}}`;
    issues.push({
      severity: "warning",
      line: json.lineOf(segments),
      message: `Looks like a hard-coded ${shape.label} (${shape.prefix}…). Save it as a secret and write ${reference} here instead.`,
    });
  }

  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(text);
  } catch (error) {
    const message = json.error?.message ?? (error as Error).message;
    issues.unshift({ severity: "error", line: json.error?.line, message: `Not valid JSON: ${message}.` });
    return { credentials, issues: issues.sort(byLine) };
  }

  const parsed = workflowDefinitionSchema.safeParse(parsedJson);
  if (!parsed.success) {
    const schemaIssues = parsed.error.issues.map((issue) => ({
      severity: "error" as const,
      line: json.lineOf(issue.path),
      message: `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`,
    }));
    return { credentials, issues: [...schemaIssues, ...issues].sort(byLine) };
  }
  if (secretNames instanceof Map) {
    try {
      const references = findReferences(parsed.data);
      for (const refusal of literalDestinationRefusals(parsed.data, references, secretNames)) {
        const line = json.lineOf(["steps", refusal.stepIndex, ...refusal.field.split(".")]);
        issues.push({ severity: "error", line, message: refusal.message });
      }
    } catch {
      // A template syntax error: the API reports it at save, with its path.
    }
  }
  return { definition: parsedJson as WorkflowDefinitionInput, credentials, issues: issues.sort(byLine) };
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
