import { type Client, WorkflowSecretsError } from "@workflow-secrets/client";

/**
 * Flags that shape what is saved besides the value. The API has no secret types or destinations yet
 * in this build; when it does, each is one entry here and one field in `secretFields`.
 */
export const secretShapeArgs = {} as const;

function secretFields(name: string, value: string) {
  return { name, value };
}

/** Creates the secret, or rotates it (version + 1) when the name exists (`exists` when already known). */
export async function saveSecret(client: Client, name: string, value: string, exists?: boolean) {
  if (exists)
    return {
      action: "rotated" as const,
      saved: await client.secrets.update.mutate(secretFields(name, value)),
    };
  try {
    return {
      action: "created" as const,
      saved: await client.secrets.create.mutate(secretFields(name, value)),
    };
  } catch (error) {
    if (!(error instanceof WorkflowSecretsError && error.code === "CONFLICT")) throw error;
    return {
      action: "rotated" as const,
      saved: await client.secrets.update.mutate(secretFields(name, value)),
    };
  }
}
