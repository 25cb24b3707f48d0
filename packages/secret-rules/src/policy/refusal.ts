/**
 * The one wording of a policy refusal, used by the runner (before sending) and by the API (at save,
 * for literal destinations), so an editor shows inline exactly what a run would report.
 */
export interface DestinationRefusal {
  secret: string;
  step: string;
  /** Field of the step that places the secret ("headers.Authorization", "url", "smtp.password"). */
  field: string;
  /** Where the step sends: `https://host[:port]`, `smtp://host:port`, or the step's template. */
  destination: string;
  /** The secret's destinations as sealed. */
  allowed: readonly string[];
  /** How the value reached this step when not referenced directly: `the output of step "lookup"`. */
  via?: string;
}

export function destinationRefusalMessage({
  secret,
  step,
  field,
  destination,
  allowed,
  via,
}: DestinationRefusal): string {
  const where = allowed.length > 0 ? allowed.join(", ") : "no destination";
  const carried = via ? ` (carried by ${via})` : "";
  return `step "${step}" (${field}): secret "${secret}"${carried} may not be sent to ${destination}; it may go only to ${where}. Send it to one of those, or enter the secret's value again with this destination added`;
}

export interface ScriptRefusal {
  secret: string;
  step: string;
  field: string;
  via?: string;
}

export function scriptRefusalMessage({ secret, step, field, via }: ScriptRefusal): string {
  const carried = via ? ` (carried by ${via})` : "";
  return `step "${step}" (${field}): secret "${secret}"${carried} may not be read by script steps. Remove it from the script, or enter the secret's value again with scripts allowed`;
}

/** Why `secrets.update` refuses a policy change without a new value (the API cannot re-seal what it cannot open). */
export const POLICY_NEEDS_VALUE =
  "a secret's destinations and script access are sealed with its value: enter the value again to change them";
