import type { SecretPolicy } from "@workflow-secrets/secret-rules";
import { useMemo, useRef, useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import type { WorkflowView } from "../lib/api-types";
import { checkDefinitionText } from "../lib/definition-check";
import type { PanelProps } from "./panel-props";

interface WorkflowEditorProps extends PanelProps {
  workflow?: WorkflowView;
  initialText: string;
  secretNames: ReadonlyMap<string, SecretPolicy>;
  onSaved(workflow: WorkflowView): void;
  onCancel(): void;
}

/** JSON definition editor; every problem is listed with a button that jumps to its line. */
export function WorkflowEditor(props: WorkflowEditorProps) {
  const [text, setText] = useState(props.initialText);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const editor = useRef<HTMLTextAreaElement>(null);
  const check = useMemo(() => checkDefinitionText(text, props.secretNames), [text, props.secretNames]);
  const blocking = check.issues.some((i) => i.severity === "error" && !i.message.includes("no secret named"));

  function goToLine(line: number) {
    const area = editor.current;
    if (!area) return;
    const start =
      text
        .split("\n")
        .slice(0, line - 1)
        .join("\n").length + (line > 1 ? 1 : 0);
    area.focus();
    area.setSelectionRange(start, start + (text.split("\n")[line - 1]?.length ?? 0));
  }

  async function save() {
    if (!check.definition) return;
    setBusy(true);
    setError("");
    try {
      const saved = props.workflow
        ? await props.api.workflows.update.mutate({ id: props.workflow.id, ...check.definition })
        : await props.api.workflows.create.mutate(check.definition);
      props.onSaved(saved);
    } catch (e) {
      setError(props.describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-label={props.workflow ? `Edit ${props.workflow.name}` : "New workflow"}>
      <h3>{props.workflow ? `Edit ${props.workflow.name}` : "New workflow"}</h3>
      <label for="definition">Definition (JSON)</label>
      <textarea
        id="definition"
        class="editor"
        ref={editor}
        rows={20}
        spellcheck={false}
        value={text}
        aria-describedby="definition-issues"
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <ul id="definition-issues" class="list issues" aria-label="Problems" aria-live="polite">
        {check.issues.map((issue, i) => (
          <li key={`${issue.line}-${i}`} class={issue.severity === "error" ? "error" : "warning"}>
            {issue.line !== undefined && (
              <button type="button" class="link" onClick={() => goToLine(issue.line as number)}>
                Line {issue.line}
              </button>
            )}{" "}
            {issue.message}
          </li>
        ))}
        {check.issues.length === 0 && <li class="success">No problems found.</li>}
      </ul>
      <ErrorAlert message={error} />
      <div class="row end">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="button"
          class="primary"
          disabled={busy || blocking || !check.definition}
          onClick={() => void save()}
        >
          {busy ? "Saving…" : "Save workflow"}
        </button>
      </div>
    </section>
  );
}

/** The editable part of a stored workflow, as the user wrote it. */
export function definitionText(workflow: WorkflowView): string {
  return JSON.stringify({ name: workflow.name, trigger: workflow.trigger, steps: workflow.steps }, null, 2);
}
