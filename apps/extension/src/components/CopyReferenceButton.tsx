import { secretReference } from "@workflow-secrets/secret-rules";
import { useState } from "preact/hooks";

/** Copies `{{secrets.name}}`, the only thing a workflow ever needs. */
export function CopyReferenceButton({ name }: { name: string }) {
  const [status, setStatus] = useState("");
  const reference = secretReference(name);
  async function copy() {
    try {
      await navigator.clipboard.writeText(reference);
      setStatus("Copied");
    } catch {
      setStatus(`Copy failed: select ${reference} and copy it`);
    }
  }
  return (
    <span class="row">
      <button type="button" aria-label={`Copy reference for ${name}`} onClick={() => void copy()}>
        Copy reference
      </button>
      <span class="small muted" aria-live="polite">
        {status}
      </span>
    </span>
  );
}
