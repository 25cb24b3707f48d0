import type { SecretState } from "@workflow-secrets/db";
import { SECRET_NAME_PATTERN } from "@workflow-secrets/secret-rules";
import { z } from "zod";
import type { PolicyView } from "./secret-policy";
import type { SecretUser } from "./secret-usage";
import { MAX_SECRET_BYTES, utf8ByteLength, type ValueWarning } from "./value-checks";

/** Inputs and outputs of the secrets router. Zod issues never carry the value, only what is wrong. */
export const secretName = z
  .string()
  .regex(
    SECRET_NAME_PATTERN,
    "a secret name starts with a letter or _ and has letters, digits or _ (max 64)",
  );

/** Half of a surrogate pair: JSON can carry it (`"\ud800"`), UTF-8 (sealing, D1) cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const secretValue = z.string().superRefine((value, ctx) => {
  if (LONE_SURROGATE.test(value)) {
    ctx.addIssue({
      code: "custom",
      message:
        "the value contains a lone UTF-16 surrogate (half of an emoji or other character), which has no UTF-8 form: copy the whole value again",
    });
    return;
  }
  const bytes = utf8ByteLength(value);
  if (bytes < 1) ctx.addIssue({ code: "custom", message: "the value is empty: it needs at least 1 byte" });
  if (bytes > MAX_SECRET_BYTES) {
    ctx.addIssue({
      code: "custom",
      message: `the value is larger than 16 KiB (${MAX_SECRET_BYTES} bytes of UTF-8), the most the run masker can mask: store a smaller value (a key file, not a bundle)`,
    });
  }
});

export interface SecretSaved extends PolicyView {
  name: string;
  /** `text`, `basic`, `smtp` or `oauth2`. */
  type: string;
  preview: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** When the value stops working: given by the caller, or a JWT's `exp`; null when unknown. */
  expiresAt: string | null;
  warnings: ValueWarning[];
  /** Unrestricted and of a known shape (`sk_live_…`): where to bind it by entering the value again. */
  suggestedDestinations?: string[];
}

export interface SecretSummary extends PolicyView {
  name: string;
  type: string;
  /** A typed secret's non-secret fields (user name, client id, token URL, scopes, expiry); `{}` for text. */
  fields: Record<string, string>;
  /** An OAuth2 refresh was refused (revoked grant, invalid client): connect the account again. */
  needsReconnect: boolean;
  preview: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** ok, expiring, expired, failing or unused (packages/db lifecycle/secret-state.ts). */
  state: SecretState;
  versionsKept: number;
  expiryWarningDays: number;
  /** The optional liveness check: its request line (templates only), schedule and last outcome. */
  liveness: {
    request: string;
    everyMinutes: number | null;
    checkedAt: string | null;
    /** Asked for with secrets.checkLiveness and not sent yet. */
    requestedAt: string | null;
    result: string | null;
  } | null;
  usedBy: SecretUser[];
}
