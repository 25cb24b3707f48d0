import { checkPastedValue, type PastedValueCode, SHORT_VALUE_CHARS } from "@workflow-secrets/secret-rules";

/** The masker refuses larger values (its build is linear in the total value length): 16 KiB of UTF-8. */
export const MAX_SECRET_BYTES = 16 * 1024;
export const MAX_SECRETS_PER_USER = 1000;

export interface ValueWarning {
  code: PastedValueCode;
  message: string;
}

export function utf8ByteLength(value: string): number {
  return new TextEncoder().encode(value).byteLength;
}

/** The API's wording of each check from @workflow-secrets/secret-rules (the extension words its own). */
const MESSAGES: Record<PastedValueCode, string> = {
  "surrounding-whitespace":
    "the value starts or ends with whitespace or a newline, which is kept as is: re-save it trimmed if that was a copy-paste accident",
  "invisible-characters":
    "the value contains invisible characters (zero-width, BOM or direction marks): re-type or re-copy it if the service rejects it",
  "wrapped-in-quotes":
    "the value is wrapped in quotes, which are kept as part of it: re-save it without them unless the service expects them",
  "template-syntax":
    "the value contains {{, but a secret's value is never rendered as a template: save the value itself, not a reference to it",
  "short-value": `the value is shorter than ${SHORT_VALUE_CHARS} characters: every occurrence of it in run logs will be masked, including unrelated text`,
};

/** Warnings about a value the user probably did not mean to save as is. Never blocking, never quoting it. */
export function checkSecretValue(value: string): ValueWarning[] {
  return checkPastedValue(value).map((code) => ({ code, message: MESSAGES[code] }));
}
