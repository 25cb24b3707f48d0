import { checkPastedValue, type PastedValueCode } from "@workflow-secrets/secret-rules";

/** The capture form's wording of each check in @workflow-secrets/secret-rules; each says what to do. */
const MESSAGES: Record<PastedValueCode, string> = {
  "surrounding-whitespace":
    "Starts or ends with spaces or line breaks. Remove them unless the service expects them.",
  "invisible-characters":
    "Contains invisible characters (often from copying). Paste it again from the source.",
  "wrapped-in-quotes": "Wrapped in quotes. Remove them unless they are part of the value.",
  "template-syntax": "Looks like a {{…}} reference, not a value. Paste the value itself.",
  "short-value": "Very short for a credential. Check that you copied all of it.",
};

/** Problems worth a second look before saving, worded for the form; none while the value is empty. */
export function valueWarnings(value: string): string[] {
  return checkPastedValue(value).map((code) => MESSAGES[code]);
}
