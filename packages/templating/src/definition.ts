import { z } from "zod";

/**
 * The workflow definition: what users write and the API stores (templates only, never values).
 * Shared by the API (validation at save), the runner (execution) and the extension (editor checks).
 */

export const STEP_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
export const MAX_STEPS = 50;
export const MAX_DEFINITION_BYTES = 256 * 1024;
export const MAX_TIMEOUT_MS = 120_000;

const stepId = z
  .string()
  .regex(STEP_ID_PATTERN, "step id must start with a letter or _ and use letters, digits, _ or - (max 64)");

const stringMap = z.record(z.string().min(1).max(256), z.string().max(64 * 1024));

/** JSON value whose string leaves may hold templates. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

export const httpBodySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("json"), value: jsonValue }),
  z.object({ type: z.literal("text"), value: z.string(), contentType: z.string().optional() }),
  z.object({ type: z.literal("form"), value: stringMap }),
]);

export const httpStepSchema = z.object({
  id: stepId,
  type: z.literal("http"),
  method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
  url: z.string().min(1),
  headers: stringMap.optional(),
  query: stringMap.optional(),
  body: httpBodySchema.optional(),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).optional(),
  retries: z.number().int().min(0).max(5).optional(),
  /** Send `Idempotency-Key: <runId>:<stepId>` (default true). */
  idempotencyKey: z.boolean().optional(),
});

export const slackStepSchema = z.object({
  id: stepId,
  type: z.literal("slack"),
  webhookUrl: z.string().min(1),
  text: z.string().min(1),
  blocks: z.array(jsonValue).optional(),
});

export const emailStepSchema = z.object({
  id: stepId,
  type: z.literal("email"),
  smtp: z.object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    security: z.enum(["tls", "starttls", "none"]),
    username: z.string().optional(),
    password: z.string().optional(),
  }),
  from: z.string().min(1),
  to: z.array(z.string().min(1)).min(1).max(50),
  subject: z.string(),
  text: z.string(),
});

export const scriptStepSchema = z.object({
  id: stepId,
  type: z.literal("script"),
  code: z
    .string()
    .min(1)
    .max(64 * 1024),
  timeoutMs: z.number().int().min(10).max(5_000).optional(),
  memoryMb: z.number().int().min(1).max(64).optional(),
});

export const stepSchema = z.discriminatedUnion("type", [
  httpStepSchema,
  slackStepSchema,
  emailStepSchema,
  scriptStepSchema,
]);

const signingSecret = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "verify.secret is the NAME of the secret holding the signing key");
const tolerance = z.number().int().min(1).max(3600).optional();

/**
 * Signature verification of a webhook delivery, done by the runner over the exact raw body before
 * any step fires, so the signing key never has to enter a script. `secret` names the secret that
 * holds the signing key; `toleranceSeconds` (default 300) bounds how old a signed timestamp may be.
 */
export const webhookVerifySchema = z.discriminatedUnion("preset", [
  z.object({ preset: z.literal("stripe"), secret: signingSecret, toleranceSeconds: tolerance }),
  z.object({ preset: z.literal("github"), secret: signingSecret }),
  z.object({ preset: z.literal("slack"), secret: signingSecret, toleranceSeconds: tolerance }),
  z.object({ preset: z.literal("standard-webhooks"), secret: signingSecret, toleranceSeconds: tolerance }),
  z.object({
    preset: z.literal("hmac-sha256"),
    secret: signingSecret,
    /** The request header holding the signature. */
    header: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .transform((name) => name.toLowerCase()),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    /** Text before the signature in the header, e.g. "sha256=". */
    prefix: z.string().max(32).optional(),
  }),
]);

export const triggerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("manual") }),
  z.object({ type: z.literal("schedule"), cron: z.string().min(1), timezone: z.string().optional() }),
  z.object({ type: z.literal("webhook"), verify: webhookVerifySchema.optional() }),
]);

export const workflowDefinitionSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    trigger: triggerSchema,
    steps: z.array(stepSchema).min(1, "a workflow needs at least one step").max(MAX_STEPS),
  })
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    def.steps.forEach((step, i) => {
      if (seen.has(step.id)) {
        ctx.addIssue({ code: "custom", path: ["steps", i, "id"], message: `duplicate step id "${step.id}"` });
      }
      seen.add(step.id);
    });
  });

export type HttpStep = z.infer<typeof httpStepSchema>;
export type SlackStep = z.infer<typeof slackStepSchema>;
export type EmailStep = z.infer<typeof emailStepSchema>;
export type ScriptStep = z.infer<typeof scriptStepSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Trigger = z.infer<typeof triggerSchema>;
export type WebhookVerify = z.infer<typeof webhookVerifySchema>;
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
/** What a user writes (defaults not yet applied). */
export type WorkflowDefinitionInput = z.input<typeof workflowDefinitionSchema>;
