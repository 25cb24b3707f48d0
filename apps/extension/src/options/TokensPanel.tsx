import { useCallback, useEffect, useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import type { CreatedToken, TokenScope, TokenSummary } from "../lib/api-types";
import { relativeTime } from "../lib/relative-time";
import { SCOPE_DESCRIPTIONS, scopesText, TOKEN_SCOPES } from "../lib/token-scopes";
import type { PanelProps } from "./panel-props";

/** Personal access tokens: created here with scopes and an expiry, shown once, revocable. */
export function TokensPanel({ api, describeError }: PanelProps) {
  const [tokens, setTokens] = useState<TokenSummary[]>();
  const [name, setName] = useState("");
  const [days, setDays] = useState("90");
  const [scopes, setScopes] = useState<TokenScope[]>(["read"]);
  const [created, setCreated] = useState<CreatedToken>();
  const [copied, setCopied] = useState("");
  const [error, setError] = useState("");

  const reload = useCallback(async () => {
    try {
      setTokens(await api.tokens.list.query());
    } catch (e) {
      setError(describeError(e));
    }
  }, [api, describeError]);
  useEffect(() => {
    void reload();
  }, [reload]);

  async function create() {
    setError("");
    try {
      setCreated(await api.tokens.create.mutate({ name, scopes, expiresInDays: Number(days) }));
      setName("");
      setScopes(["read"]);
      setCopied("");
      await reload();
    } catch (e) {
      setError(describeError(e));
    }
  }

  async function revoke(token: TokenSummary) {
    setError("");
    try {
      await api.tokens.revoke.mutate({ id: token.id });
      if (created?.id === token.id) setCreated(undefined);
      await reload();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <section aria-label="Tokens">
      <form
        class="card"
        aria-label="Create a token"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label for="token-name">Token name</label>
        <input
          id="token-name"
          placeholder="e.g. deploy script"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <label for="token-expiry">Expires</label>
        <select id="token-expiry" value={days} onChange={(e) => setDays(e.currentTarget.value)}>
          <option value="30">in 30 days</option>
          <option value="90">in 90 days</option>
          <option value="365">in a year (the longest)</option>
        </select>
        <fieldset aria-label="Scopes">
          <legend>What the token may do</legend>
          {TOKEN_SCOPES.map((scope) => (
            <label key={scope} class="row small" style={{ fontWeight: "normal", margin: 0 }}>
              <input
                type="checkbox"
                style={{ width: "auto" }}
                checked={scopes.includes(scope)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setScopes((now) => (on ? [...now, scope] : now.filter((s) => s !== scope)));
                }}
              />
              {SCOPE_DESCRIPTIONS[scope]}
            </label>
          ))}
        </fieldset>
        <div class="row end">
          <button type="submit" class="primary" disabled={name.trim().length === 0 || scopes.length === 0}>
            Create token
          </button>
        </div>
      </form>
      {created && (
        <div class="card" role="status">
          <p class="success">Token "{created.name}" created. Copy it now: it will not be shown again.</p>
          <label for="new-token">New token</label>
          <div class="field-with-button">
            <input id="new-token" readOnly value={created.token} onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard.writeText(created.token).then(
                  () => setCopied("Copied"),
                  () => setCopied("Copy failed: select the token and copy it"),
                )
              }
            >
              Copy token
            </button>
            <button type="button" onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
          <p class="small muted" aria-live="polite">
            {copied}
          </p>
        </div>
      )}
      <ErrorAlert message={error} />
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Scopes</th>
            <th>Created</th>
            <th>Last used</th>
            <th>Expires</th>
            <th>
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(tokens ?? []).map((t) => (
            <tr key={t.id}>
              <td>
                {t.name} {t.current && <span class="chip">this browser</span>}
              </td>
              <td>{t.kind}</td>
              <td>{scopesText(t)}</td>
              <td>{relativeTime(t.createdAt)}</td>
              <td>{relativeTime(t.lastUsedAt)}</td>
              <td>{t.expiresAt ? new Date(t.expiresAt).toLocaleDateString() : "never"}</td>
              <td>
                {!t.current && (
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Revoke ${t.name}`}
                    onClick={() => void revoke(t)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="small muted">To end this browser's session, use Sign out.</p>
    </section>
  );
}
