import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import type { ApiClient } from "../lib/api";
import { ErrorAlert } from "./ErrorAlert";

interface ConnectOAuthProps {
  api: ApiClient;
  secretName: string;
  /** The OAuth2 form's fields: tokenUrl, clientId, clientSecret, scope. */
  fields: Record<string, string>;
  describeError(error: unknown): string;
  onConnected(): void;
}

type Phase =
  | { kind: "idle" }
  | { kind: "waiting"; connectId: string }
  | { kind: "connected" }
  | { kind: "failed"; message: string };

const POLL_MS = 1000;

/**
 * "Connect": starts an authorization-code connect (oauth.start), opens the provider's page in a tab,
 * and polls oauth.status until the vault says connected or failed. The tokens never reach the
 * extension: the provider sends the code to the API, and the runner exchanges it.
 */
export function ConnectOAuth(props: ConnectOAuthProps) {
  const [authorizeUrl, setAuthorizeUrl] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [error, setError] = useState("");

  useEffect(() => {
    if (phase.kind !== "waiting") return;
    let stopped = false;
    const timer = setInterval(() => {
      props.api.oauth.status
        .query({ connectId: phase.connectId })
        .then((status) => {
          if (stopped) return;
          if (status.status === "connected") {
            setPhase({ kind: "connected" });
            props.onConnected();
          } else if (status.status === "failed") {
            setPhase({ kind: "failed", message: status.error ?? "the connection failed: start it again" });
          }
        })
        .catch((e: unknown) => !stopped && setError(props.describeError(e)));
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [phase, props.api, props.describeError, props.onConnected]);

  async function connect() {
    setError("");
    try {
      const { tokenUrl = "", clientId = "", clientSecret, scope } = props.fields;
      const started = await props.api.oauth.start.mutate({
        secretName: props.secretName,
        authorizeUrl,
        tokenUrl,
        clientId,
        ...(clientSecret ? { clientSecret } : {}),
        ...(scope ? { scope } : {}),
      });
      setPhase({ kind: "waiting", connectId: started.connectId });
      await browser.tabs.create({ url: started.authorizeUrl });
    } catch (e) {
      setError(props.describeError(e));
    }
  }

  return (
    <fieldset>
      <legend>Or connect the account</legend>
      <label for="oauth-authorize-url">Authorize URL</label>
      <input
        id="oauth-authorize-url"
        type="url"
        value={authorizeUrl}
        onInput={(e) => setAuthorizeUrl(e.currentTarget.value)}
        autoComplete="off"
      />
      <p class="small muted">Register this API's /oauth/callback as the redirect URL with the provider.</p>
      <button
        type="button"
        disabled={!props.secretName || !authorizeUrl || phase.kind === "waiting"}
        onClick={() => void connect()}
      >
        Connect
      </button>
      {phase.kind === "waiting" && (
        <p class="small" role="status">
          Waiting for approval in the new tab…
        </p>
      )}
      {phase.kind === "connected" && (
        <p class="small" role="status">
          {props.secretName} connected.
        </p>
      )}
      <ErrorAlert message={phase.kind === "failed" ? phase.message : error} />
    </fieldset>
  );
}
