import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { Recorder } from "./recorder";

/**
 * A plain-text SMTP server that requires AUTH (PLAIN/LOGIN, no TLS on 127.0.0.1) and records the
 * credentials and message it got. Password `wrong` is refused, so SMTP errors can be tested.
 */
export async function startSmtpReceiver(recorder: Recorder): Promise<{ port: number; server: SMTPServer }> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.password === "wrong")
        return callback(new Error(`535 authentication failed for ${auth.username}`));
      callback(null, { user: { username: auth.username ?? "", password: auth.password ?? "" } });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const user = session.user as unknown as { username: string; password: string } | undefined;
        recorder.mails.push({
          auth: user ? { username: user.username, password: user.password } : null,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, server };
}
