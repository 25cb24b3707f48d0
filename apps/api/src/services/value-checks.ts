export const MAX_SECRET_BYTES = 64 * 1024;
export const MAX_SECRETS_PER_USER = 1000;
/** Values shorter than this are masked everywhere they occur, so run logs will be over-masked. */
export const SHORT_VALUE_CHARS = 8;

export interface ValueWarning {
  code: "surrounding-whitespace" | "invisible-characters" | "short-value";
  message: string;
}

export function utf8ByteLength(value: string): number {
  return new TextEncoder().encode(value).byteLength;
}

// Zero-width, BOM, soft hyphen, bidi controls and other format characters: invisible when pasted.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/u;

/** Warnings about a value the user probably did not mean to save as is. Never blocking, never quoting it. */
export function checkSecretValue(value: string): ValueWarning[] {
  const warnings: ValueWarning[] = [];
  if (/^\s|\s$/u.test(value)) {
    warnings.push({
      code: "surrounding-whitespace",
      message:
        "the value starts or ends with whitespace or a newline, which is kept as is: re-save it trimmed if that was a copy-paste accident",
    });
  }
  if (INVISIBLE.test(value)) {
    warnings.push({
      code: "invisible-characters",
      message:
        "the value contains invisible characters (zero-width, BOM or direction marks): re-type or re-copy it if the service rejects it",
    });
  }
  if (Array.from(value).length < SHORT_VALUE_CHARS) {
    warnings.push({
      code: "short-value",
      message: `the value is shorter than ${SHORT_VALUE_CHARS} characters: every occurrence of it in run logs will be masked, including unrelated text`,
    });
  }
  return warnings;
}
