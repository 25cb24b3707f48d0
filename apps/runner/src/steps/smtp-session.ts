import { LogLevel, WorkerMailer, type WorkerMailerOptions } from "worker-mailer";

/**
 * Opens a worker-mailer session with two guarantees the library does not give by itself:
 * - with `requireTls`, credentials are never sent unless STARTTLS actually happened (the library
 *   silently continues in plaintext when the server does not offer STARTTLS);
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
  const { requireTls, ...mailerOptions } = options;
  const mailer = Reflect.construct(WorkerMailer, [
    { ...mailerOptions, logLevel: LogLevel.NONE },
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
