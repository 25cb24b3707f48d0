import type { RenderedEmailStep } from "@workflow-secrets/templating";
import type { Logger } from "../log/masked-logger";
import { unsendableHost } from "./host-check";
import { openSmtpSession } from "./smtp-session";
import { describeError, failed, type StepOutcome } from "./step-outcome";

const SMTP_TIMEOUT_MS = 15_000;

/**
 * Sends one plain-text message over SMTP (`cloudflare:sockets`): `tls` = implicit TLS,
 * `starttls` = upgrade required before AUTH, `none` = plaintext (local relays only). SMTP errors
 * often quote the command that failed; they are masked with everything else.
 */
export async function runEmailStep(rendered: RenderedEmailStep, logger: Logger): Promise<StepOutcome> {
  const { smtp } = rendered;
  // As for HTTP: a host no resolver can answer is refused before the runtime prints it.
  const badHost = unsendableHost(smtp.host);
  if (badHost) {
    return failed(`smtp.host ${badHost}; check the secret or text that forms it`, { attempts: 0 });
  }
  const credentials =
    smtp.username !== undefined || smtp.password !== undefined
      ? { username: smtp.username ?? "", password: smtp.password ?? "" }
      : undefined;
  let mailer: Awaited<ReturnType<typeof openSmtpSession>> | undefined;
  try {
    mailer = await openSmtpSession(
      {
        host: smtp.host,
        port: smtp.port,
        secure: smtp.security === "tls",
        startTls: smtp.security === "starttls",
        requireTls: smtp.security === "starttls",
        ...(credentials ? { credentials } : {}),
        authType: ["plain", "login"],
        socketTimeoutMs: SMTP_TIMEOUT_MS,
        responseTimeoutMs: SMTP_TIMEOUT_MS,
      },
      (error) => logger.warn("SMTP session ended with an error", { error }),
    );
    await mailer.send({
      from: rendered.from,
      to: rendered.to,
      subject: rendered.subject,
      text: rendered.text,
    });
  } catch (error) {
    return failed(`SMTP ${smtp.host}:${smtp.port}: ${describeError(error)}`);
  } finally {
    await mailer?.close().catch(() => {});
  }
  return {
    status: "succeeded",
    response: { accepted: rendered.to },
    output: { accepted: rendered.to },
    attempts: 1,
  };
}
