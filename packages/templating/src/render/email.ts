import type { EmailStep } from "../definition";
import { RenderError } from "../errors";
import type { StepRenderer } from "./context";
import { renderHeaderValue } from "./places";
import { DATA_IN_SMTP_HOST, dataInSmtpHost } from "./server-choice";

type Smtp = EmailStep["smtp"];

export interface RenderedEmailStep {
  type: "email";
  smtp: Smtp;
  from: string;
  to: string[];
  subject: string;
  text: string;
  secretsUsed: string[];
}

export function renderEmailStep(step: EmailStep, r: StepRenderer): RenderedEmailStep {
  // Host and credentials travel on SMTP command lines: a line break would inject commands.
  const line = (field: string, text: string) => renderHeaderValue(r, field, text, "an SMTP command line");
  const header = (field: string, text: string) => renderHeaderValue(r, field, text, "an email header");
  // The host receives the SMTP credentials: trigger or step data must not choose it.
  const hostData = dataInSmtpHost(r.parse("smtp.host", step.smtp.host));
  if (hostData) throw new RenderError(r.stepId, "smtp.host", hostData.raw, DATA_IN_SMTP_HOST);
  const smtp: Smtp = {
    host: line("smtp.host", step.smtp.host),
    port: step.smtp.port,
    security: step.smtp.security,
  };
  if (step.smtp.username !== undefined) smtp.username = line("smtp.username", step.smtp.username);
  if (step.smtp.password !== undefined) smtp.password = line("smtp.password", step.smtp.password);
  return {
    type: "email",
    smtp,
    from: header("from", step.from),
    to: step.to.map((to, i) => header(`to[${i}]`, to)),
    subject: header("subject", step.subject),
    text: r.render("text", step.text),
    secretsUsed: r.secretsUsed,
  };
}
