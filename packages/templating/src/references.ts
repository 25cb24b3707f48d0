import type { Step, WorkflowDefinition } from "./definition";
import { RenderError, TemplateError, TemplateSyntaxError } from "./errors";
import { templatedKeys, templateFields } from "./fields";
import { parseTemplate, type TemplatePart, type TemplateRef, type TemplateRoot } from "./parse";
import {
  credentialsInUrlTemplate,
  invalidHeaderNameMessage,
  isValidHeaderName,
  URL_CREDENTIALS,
} from "./render/request-shape";
import {
  DATA_AS_WHOLE_URL,
  DATA_IN_SMTP_HOST,
  DATA_IN_URL_HOST,
  dataInSmtpHost,
  dataInUrlHost,
  wholeUrlData,
} from "./render/server-choice";
import { scriptSecretReferences } from "./script-references";
import { secretFieldProblems } from "./secret-fields";

export interface Reference {
  stepId: string;
  stepIndex: number;
  /** Field inside the step: "headers.Authorization", "body.value.customer.token", "url", "code". */
  field: string;
  /** Full path: "steps[1].headers.Authorization". */
  path: string;
  /** The template as written (`{{ secrets.x }}`), or `secrets.NAME` for script code. */
  template: string;
  root: TemplateRoot;
  /** Secret name for secrets; the dotted path including the root otherwise ("trigger.body.id"). */
  name: string;
  /** A typed secret's field: `password` in `{{secrets.login.password}}`. */
  secretField?: string;
}

export interface DefinitionProblem {
  stepId: string;
  field: string;
  /** "steps[1].headers.Authorization" */
  path: string;
  message: string;
}

export interface DefinitionCheck {
  references: Reference[];
  /** Sorted, unique names of the secrets the workflow uses. */
  secretNames: string[];
  errors: DefinitionProblem[];
}

/** Every reference in a definition; throws the first TemplateSyntaxError (located in its step field). */
export function findReferences(definition: WorkflowDefinition): Reference[] {
  const { references, errors } = collect(definition);
  const syntax = errors.find((e) => e.error instanceof TemplateSyntaxError);
  if (syntax) throw syntax.error;
  return references;
}

/**
 * Validates every template of a definition at save time. Never throws for template problems:
 * each malformed field, dynamic script access or reference to a step that does not run earlier
 * becomes an error entry, so the API can report them all at once by path.
 */
export function checkDefinition(
  definition: WorkflowDefinition,
  options: { secretTypes?: ReadonlyMap<string, string> } = {},
): DefinitionCheck {
  const { references, errors } = collect(definition);
  if (options.secretTypes) errors.push(...secretFieldProblems(references, options.secretTypes));
  const secretNames = [...new Set(references.filter((r) => r.root === "secrets").map((r) => r.name))].sort();
  return {
    references,
    secretNames,
    errors: errors.map(({ stepId, field, path, error }) => ({ stepId, field, path, message: error.message })),
  };
}

interface Collected {
  references: Reference[];
  errors: (Omit<DefinitionProblem, "message"> & { error: Error })[];
}

function collect(definition: WorkflowDefinition): Collected {
  const out: Collected = { references: [], errors: [] };
  const earlier = new Set<string>();
  definition.steps.forEach((step, stepIndex) => {
    collectStep(step, stepIndex, earlier, out);
    earlier.add(step.id);
  });
  return out;
}

function collectStep(step: Step, stepIndex: number, earlier: Set<string>, out: Collected): void {
  const at = (field: string) => ({ stepId: step.id, stepIndex, field, path: `steps[${stepIndex}].${field}` });
  const problem = (field: string, error: Error) => {
    const { stepId, path } = at(field);
    out.errors.push({ stepId, field, path, error });
  };

  if (step.type === "script") {
    for (const access of scriptSecretReferences(step.code)) {
      if (access.problem) {
        problem(
          "code",
          new TemplateSyntaxError(access.problem, access.position, "write secrets.NAME").inField(
            step.id,
            "code",
          ),
        );
      } else {
        out.references.push({ ...at("code"), template: access.template, root: "secrets", name: access.name });
      }
    }
    return;
  }

  const templated = templatedKeys(step);
  for (const { field, text } of templated) {
    const message = `step "${step.id}" (${field}): templates are only substituted in values, not in the key ${JSON.stringify(text)}`;
    problem(field, new TemplateError(message));
  }
  if (step.type === "http") {
    for (const name of Object.keys(step.headers ?? {})) {
      const reported = templated.some((k) => k.field === "headers" && k.text === name);
      if (!reported && !isValidHeaderName(name))
        problem("headers", new TemplateError(invalidHeaderNameMessage(step.id, name)));
    }
  }

  const parsed = new Map<string, TemplatePart[]>();
  for (const { field, text } of templateFields(step)) {
    let parts: TemplatePart[];
    try {
      parts = parseTemplate(text);
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      problem(field, error.inField(step.id, field));
      continue;
    }
    parsed.set(field, parts);
    for (const part of parts) {
      if (part.kind !== "ref") continue;
      const name = part.root === "secrets" ? (part.path[0] as string) : [part.root, ...part.path].join(".");
      const secretField = part.root === "secrets" ? part.path[1] : undefined;
      out.references.push({
        ...at(field),
        template: part.raw,
        root: part.root,
        name,
        ...(secretField === undefined ? {} : { secretField }),
      });
      const [stepId] = part.path;
      if (part.root === "steps" && stepId !== undefined && !earlier.has(stepId)) {
        const reason =
          stepId === step.id
            ? "a step cannot read its own output"
            : `no step "${stepId}" runs before this one`;
        problem(
          field,
          new TemplateError(
            `step "${step.id}" (${field}): ${part.raw} refers to a later or unknown step: ${reason}`,
          ),
        );
      }
    }
  }
  const sendsSecrets = out.references.some((ref) => ref.stepIndex === stepIndex && ref.root === "secrets");
  for (const { field, ref, reason } of serverChoiceProblems(parsed, sendsSecrets)) {
    problem(field, new RenderError(step.id, field, ref.raw, reason));
  }
}

/** The same refusals rendering makes at run time (server-choice.ts, request-shape.ts), made here at save time. */
function serverChoiceProblems(parsed: Map<string, TemplatePart[]>, sendsSecrets: boolean) {
  const found: { field: string; ref: Pick<TemplateRef, "raw">; reason: string }[] = [];
  for (const field of ["url", "webhookUrl"]) {
    const parts = parsed.get(field);
    if (!parts) continue;
    const inHost = dataInUrlHost(parts);
    if (inHost) found.push({ field, ref: inHost, reason: DATA_IN_URL_HOST });
    const whole = sendsSecrets ? wholeUrlData(parts) : undefined;
    if (whole) found.push({ field, ref: whole, reason: DATA_AS_WHOLE_URL });
    const credentials = credentialsInUrlTemplate(parts);
    if (credentials) found.push({ field, ref: { raw: credentials }, reason: URL_CREDENTIALS });
  }
  const smtpHost = parsed.get("smtp.host");
  const inSmtpHost = smtpHost && dataInSmtpHost(smtpHost);
  if (inSmtpHost) found.push({ field: "smtp.host", ref: inSmtpHost, reason: DATA_IN_SMTP_HOST });
  return found;
}
