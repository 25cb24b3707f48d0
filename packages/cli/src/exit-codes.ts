/**
 * What `wfs` exits with, so scripts and CI can tell failures apart (documented in the README).
 * Anything the API answers that has no code of its own here is GENERAL.
 */
export const ExitCode = {
  OK: 0,
  /** Something failed that has no code below (a server error, a refused value). */
  GENERAL: 1,
  /** The command line was wrong: an unknown flag, a missing argument, an unreadable file. */
  USAGE: 2,
  /** Not signed in, the token expired or was revoked, or it lacks the scope (UNAUTHORIZED, FORBIDDEN). */
  AUTH: 3,
  /** No secret, workflow or run by that name or id (NOT_FOUND). */
  NOT_FOUND: 4,
  /** Refused because of what exists: a secret still used by workflows, a name taken (PRECONDITION_FAILED, CONFLICT). */
  CONFLICT: 5,
  /** The run finished, and did not succeed (`wfs run --follow`). */
  RUN_FAILED: 6,
  /** The API could not be reached (nothing listening at the URL, DNS, connection reset). */
  UNREACHABLE: 7,
  /** The API refused the input (BAD_REQUEST: validation, a definition the API cannot accept). */
  INVALID: 8,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
