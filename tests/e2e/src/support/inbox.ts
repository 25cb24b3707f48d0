import type { HttpRecord } from "@workflow-secrets/stack";

export type { HttpRecord };

/** One email the SMTP receiver got. */
export type MailRecord = {
  username: string | undefined;
  password: string | undefined;
  from: string | undefined;
  to: string[];
  message: string;
};

/** What the local receivers got, as the control server hands it to test files. */
export type Inbox = { echo: HttpRecord[]; slack: HttpRecord[]; mail: MailRecord[] };

export function createInbox(): Inbox {
  return { echo: [], slack: [], mail: [] };
}
