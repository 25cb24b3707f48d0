/** What the local receivers got, as the control server hands it to test files. */
export type HttpRecord = {
  method: string;
  /** Path and query exactly as requested. */
  url: string;
  headers: Record<string, string>;
  body: string;
};

export type MailRecord = {
  username: string | undefined;
  password: string | undefined;
  from: string | undefined;
  to: string[];
  message: string;
};

export type Inbox = { echo: HttpRecord[]; slack: HttpRecord[]; mail: MailRecord[] };

export function createInbox(): Inbox {
  return { echo: [], slack: [], mail: [] };
}
