import { SMTPServer } from "smtp-server";
import type { MailRecord } from "./inbox";

/** An SMTP server on 127.0.0.1 that requires AUTH (plain text, no STARTTLS) and records each mail. */
export async function startSmtpReceiver(
  records: MailRecord[],
): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    secure: false,
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, session, callback) {
      // Accept and remember the credentials: the test asserts they are exactly the stored secret.
      (session as { credentials?: { username?: string; password?: string } }).credentials = {
        username: auth.username ?? undefined,
        password: auth.password ?? undefined,
      };
      callback(null, { user: auth.username || "anonymous" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const credentials = (session as { credentials?: { username?: string; password?: string } })
          .credentials;
        const mailFrom = session.envelope.mailFrom;
        records.push({
          username: credentials?.username,
          password: credentials?.password,
          from: mailFrom ? mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          message: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { server, port };
}
