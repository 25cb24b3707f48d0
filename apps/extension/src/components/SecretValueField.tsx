import type { JSX } from "preact";

interface SecretValueFieldProps {
  value: string;
  revealed: boolean;
  onChange(value: string): void;
  onToggleReveal(): void;
  onSubmitShortcut(): void;
}

/**
 * The value input: hidden by default with a reveal toggle. Multi-line values (PEM keys) switch to a
 * textarea drawn with discs, because a password input silently drops line breaks.
 */
export function SecretValueField(props: SecretValueFieldProps) {
  const { value, revealed, onChange } = props;
  const multiline = value.includes("\n");

  const onPaste = (event: JSX.TargetedClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData?.getData("text/plain") ?? "";
    if (text.includes("\n")) {
      event.preventDefault();
      onChange(text);
    }
  };

  return (
    <div>
      <label for="secret-value">Value</label>
      <div class="field-with-button">
        {multiline ? (
          <textarea
            id="secret-value"
            rows={4}
            spellcheck={false}
            autoComplete="off"
            style={revealed ? undefined : { WebkitTextSecurity: "disc" }}
            value={value}
            onInput={(e) => onChange(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                props.onSubmitShortcut();
              }
            }}
          />
        ) : (
          <input
            id="secret-value"
            type={revealed ? "text" : "password"}
            autoComplete="off"
            spellcheck={false}
            value={value}
            onInput={(e) => onChange(e.currentTarget.value)}
            onPaste={onPaste}
          />
        )}
        <button type="button" aria-pressed={revealed} onClick={props.onToggleReveal}>
          {revealed ? "Hide value" : "Show value"}
        </button>
      </div>
    </div>
  );
}
