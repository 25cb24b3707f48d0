import type { TokenSuggestion } from "../lib/page-scan";

/** Tokens found on the current page: masked, one click to put into the form. */
export function Suggestions(props: { items: TokenSuggestion[]; onPick(item: TokenSuggestion): void }) {
  if (props.items.length === 0) return null;
  return (
    <section aria-label="Found on this page" class="card">
      <h2>Found on {props.items[0]?.sourceHost}</h2>
      {props.items.map((item, index) => (
        <button
          type="button"
          class="suggestion"
          key={`${index}:${item.suggestedName}`}
          aria-label={`Use ${item.label} ${item.preview} as ${item.suggestedName}`}
          onClick={() => props.onPick(item)}
        >
          <strong>{item.suggestedName}</strong> <span class="muted">from {item.sourceHost}</span>
          <br />
          <code>{item.preview}</code> <span class="small muted">{item.label}</span>
        </button>
      ))}
    </section>
  );
}
