import { LogLevel, WorkerMailer, type WorkerMailerOptions } from "worker-mailer";

/**
 * Opens a worker-mailer session with two guarantees the library does not give by itself:
 * - with `requireTls`, credentials are never sent unless STARTTLS actually happened (the library
 *   silently continues in plaintext when the server does not offer STARTTLS);
 * - non-ASCII credentials are sent as UTF-8;
 * - nothing is written to console: its own logger is off, and its background send loop reports
 *   to `onBackgroundError` (our masked logger) instead of console.error.
 * This mirrors `WorkerMailer.connect` of the pinned worker-mailer 1.2.1; smtp-session tests cover
 * both guarantees against a real SMTP server.
 */
type MailerInternals = {
  initializeSmtpSession(): Promise<void>;
  start(): Promise<void>;
  tls(): Promise<void>;
  auth(): Promise<void>;
};

export async function openSmtpSession(
  options: WorkerMailerOptions & { requireTls: boolean },
  onBackgroundError: (error: unknown) => void,
): Promise<WorkerMailer> {
  const { requireTls, credentials, ...mailerOptions } = options;
  const utf8Credentials = credentials && {
    username: utf8Binary(credentials.username),
    password: utf8Binary(credentials.password),
  };
  const mailer = Reflect.construct(WorkerMailer, [
    {
      ...mailerOptions,
      ...(utf8Credentials ? { credentials: utf8Credentials } : {}),
      logLevel: LogLevel.NONE,
    },
  ]) as WorkerMailer;
  const internals = mailer as unknown as MailerInternals;
  let tlsStarted = false;
  const startTls = internals.tls.bind(mailer);
  const authenticate = internals.auth.bind(mailer);
  internals.tls = async () => {
    await startTls();
    tlsStarted = true;
  };
  internals.auth = async () => {
    if (requireTls && !tlsStarted) {
      throw new Error("the server does not offer STARTTLS; refusing to continue in plaintext");
    }
    await authenticate();
  };
  try {
    await internals.initializeSmtpSession();
  } catch (error) {
    await mailer.close().catch(() => {});
    throw error;
  }
  internals.start().catch(onBackgroundError);
  return mailer;
}

/**
 * worker-mailer base64-encodes credentials with `btoa`, which reads each UTF-16 unit as one
 * Latin-1 byte: "é" would go out as 0xE9, not UTF-8, and anything above U+00FF would throw.
 * Handing it the UTF-8 bytes as a binary string makes AUTH PLAIN/LOGIN carry UTF-8 (RFC 4616).
 */
function utf8Binary(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
}
