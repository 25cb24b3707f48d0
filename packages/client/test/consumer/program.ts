// An app outside the repository: it knows the API only through the published package's types.
import { createClient, type RouterOutputs, WorkflowSecretsError } from "@workflow-secrets/client";

const url = process.env.API_URL as string;
const email = `outside-${Date.now()}@example.com`;
const password = "correct horse battery staple 42";
const value = process.env.SECRET_VALUE as string;
const echoUrl = process.env.ECHO_URL as string;

const anonymous = createClient({ url });
await anonymous.auth.signUp.mutate({ email, password });
const session = await anonymous.auth.signIn.mutate({ email, password });
const api = createClient({ url, token: session.token });

const me = await api.auth.me.query();
const created = await api.tokens.create.mutate({
  name: "ci",
  scopes: ["read", "secrets:write"],
  expiresInDays: 7,
});
const tokens = await api.tokens.list.query();
await api.tokens.revoke.mutate({ id: created.id });

const saved = await api.secrets.create.mutate({ name: "outside_key", value });
const rotated = await api.secrets.update.mutate({ name: "outside_key", value: `${value}-2` });

const workflow = await api.workflows.create.mutate({
  name: "Outside",
  trigger: { type: "manual" },
  steps: [
    {
      id: "call",
      type: "http",
      method: "POST",
      url: `${echoUrl}/outside`,
      headers: { Authorization: "Bearer {{secrets.outside_key}}" },
      body: { type: "json", value: { n: "{{trigger.n}}" } },
    },
  ],
});
const fetched = await api.workflows.get.query({ id: workflow.id });
const updated = await api.workflows.update.mutate({
  id: workflow.id,
  name: fetched.name,
  trigger: fetched.trigger,
  steps: fetched.steps,
  enabled: true,
});
await api.workflows.setEnabled.mutate({ id: workflow.id, enabled: true });
const listed = await api.workflows.list.query();
const { runId } = await api.workflows.run.mutate({ id: workflow.id, input: { n: 1 } });

let run: RouterOutputs["runs"]["get"] = await api.runs.get.query({ id: runId });
for (let i = 0; i < 240 && (run.status === "queued" || run.status === "running"); i++) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  run = await api.runs.get.query({ id: runId });
}
const runs = await api.runs.list.query({ workflowId: workflow.id, limit: 5 });

let refusal: { code: string; usedBy: string[]; isError: boolean } | undefined;
try {
  await api.secrets.delete.mutate({ name: "outside_key" });
} catch (error) {
  if (error instanceof WorkflowSecretsError) {
    refusal = {
      code: error.code,
      usedBy: error.usedBy.map((w) => w.workflowName),
      isError: error instanceof Error,
    };
  }
}
const secrets = await api.secrets.list.query();
await api.workflows.delete.mutate({ id: workflow.id });
const deleted = await api.secrets.delete.mutate({ name: "outside_key" });
const audit = await api.audit.list.query({ limit: 50 });
await api.auth.signOut.mutate();
let afterSignOut = "";
try {
  await api.auth.me.query();
} catch (error) {
  afterSignOut = error instanceof WorkflowSecretsError ? error.code : "other";
}

console.log(
  JSON.stringify({
    me: me.email === email,
    tokenNames: tokens.map((t) => t.name),
    versions: [saved.version, rotated.version],
    missing: updated.missingSecrets,
    listed: listed.map((w) => w.name),
    runStatus: run.status,
    runSteps: run.steps.map((s) => s.status),
    runsListed: runs.items.length,
    refusal,
    previews: secrets.map((s) => s.preview.length),
    deleted: deleted.deleted,
    auditActions: [...new Set(audit.items.map((e) => e.action))].sort(),
    afterSignOut,
  }),
);
