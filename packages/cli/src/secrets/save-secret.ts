import { type Client, WorkflowSecretsError } from "@workflow-secrets/client";
import { isSecretType, SECRET_TYPES } from "@workflow-secrets/secret-rules";
import { CliError } from "../cli-error";
import { ExitCode } from "../exit-codes";

/** Flags that shape what is saved besides the value: its type and where it may be sent. */
export const secretShapeArgs = {
  type: {
    type: "string",
    description: `${SECRET_TYPES.join(" | ")} (default text); a typed secret's value is a JSON object of its fields`,
  },
  destinations: {
    type: "string",
    description:
      'where the value may be sent, comma-separated: https://api.stripe.com, smtp://smtp.example.com:587, *.example.com, or "*" (unrestricted)',
  },
  scripts: { type: "boolean", description: "let script steps read the value (off unless given)" },
} as const;

export interface SecretShape {
  type?: string;
  destinations?: string;
  scripts?: boolean;
}

/** The create/update input: `value` for text, `fields` (parsed from the JSON value) for a typed secret. */
function secretInput(name: string, value: string, shape: SecretShape = {}) {
  const policy = {
    ...(shape.destinations === undefined
      ? {}
      : {
          destinations: shape.destinations
            .split(",")
            .map((d) => d.trim())
            .filter(Boolean),
        }),
    ...(shape.scripts === undefined ? {} : { scripts: shape.scripts }),
  };
  const type = shape.type;
  if (type === undefined || type === "text") {
    return { name, value, ...(type ? { type: "text" as const } : {}), ...policy };
  }
  if (!isSecretType(type)) {
    throw new CliError(`unknown type "${type}"`, ExitCode.USAGE, `use one of: ${SECRET_TYPES.join(", ")}`);
  }
  let fields: unknown;
  try {
    fields = JSON.parse(value);
  } catch {
    fields = undefined;
  }
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) {
    // Never quotes the value: it is the secret.
    throw new CliError(
      `a ${type} secret's value must be a JSON object of its fields`,
      ExitCode.USAGE,
      `pipe it in, e.g. '{"username":"ann","password":"…"}' for basic`,
    );
  }
  return { name, type, fields: fields as Record<string, string>, ...policy };
}

/** Creates the secret, or rotates it (version + 1) when the name exists (`exists` when already known). */
export async function saveSecret(
  client: Client,
  name: string,
  value: string,
  exists?: boolean,
  shape?: SecretShape,
) {
  const input = secretInput(name, value, shape);
  if (exists) return { action: "rotated" as const, saved: await client.secrets.update.mutate(input) };
  try {
    return { action: "created" as const, saved: await client.secrets.create.mutate(input) };
  } catch (error) {
    if (!(error instanceof WorkflowSecretsError && error.code === "CONFLICT")) throw error;
    return { action: "rotated" as const, saved: await client.secrets.update.mutate(input) };
  }
}
