import { canonicalPolicy, type SecretPolicy, sealSecret, secretAadForRow } from "@workflow-secrets/crypto";
import { secrets } from "@workflow-secrets/db";
import {
  encodeSecretFields,
  publicSecretFields,
  type SecretFields,
  type SecretType,
} from "@workflow-secrets/secret-rules";
import { and, eq } from "drizzle-orm";
import { db, sealingPublicKey, uid } from "./seed";

const UNRESTRICTED: SecretPolicy = { destinations: ["*"], scripts: true };

/**
 * Creates or rotates (version + 1) a typed secret sealed as the API seals it: the fields' JSON,
 * aad `wfs/v2|…|type=<type>|policy=…`, the non-secret fields in `public_fields`.
 */
export async function putTypedSecret(
  userId: string,
  name: string,
  type: SecretType,
  fields: SecretFields,
  policy: SecretPolicy = UNRESTRICTED,
) {
  const existing = await db
    .select()
    .from(secrets)
    .where(and(eq(secrets.userId, userId), eq(secrets.name, name)))
    .get();
  const id = existing?.id ?? uid("sec");
  const version = (existing?.version ?? 0) + 1;
  const policyColumn = canonicalPolicy(policy);
  const envelope = await sealSecret(encodeSecretFields(type, fields), {
    publicKey: sealingPublicKey,
    aad: secretAadForRow({ userId, secretId: id, version, type, policy: policyColumn }),
  });
  const row = {
    envelope,
    kid: sealingPublicKey.kid,
    version,
    type,
    policy: policyColumn,
    publicFields: publicSecretFields(type, fields),
    needsReconnectAt: null,
    updatedAt: new Date().toISOString(),
    preview: "••••",
  };
  if (existing) await db.update(secrets).set(row).where(eq(secrets.id, id));
  else await db.insert(secrets).values({ id, userId, name, ...row });
  return { id, version };
}
