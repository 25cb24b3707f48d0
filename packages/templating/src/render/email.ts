import type { EmailStep } from "../definition";
import type { StepRenderer } from "./context";
import { renderHeaderValue } from "./places";

type Smtp = EmailStep["smtp"];

export interface RenderedEmailStep {
  type: "email";
  smtp: Smtp;
  from: string;
  to: string[];
  subject: string;
  text: string;
  template: { smtp: Smtp; from: string; to: string[]; subject: string; text: string };
  secretsUsed: string[];
}

export function renderEmailStep(step: EmailStep, r: StepRenderer): RenderedEmailStep {
  // Host and credentials travel on SMTP command lines: a line break would inject commands.
  const line = (field: string, text: string) => renderHeaderValue(r, field, text, "an SMTP command line");
  const header = (field: string, text: string) => renderHeaderValue(r, field, text, "an email header");
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
    template: {
      smtp: { ...step.smtp },
      from: step.from,
      to: [...step.to],
      subject: step.subject,
      text: step.text,
    },
    secretsUsed: r.secretsUsed,
  };
}
