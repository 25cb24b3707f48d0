import { useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { apiErrorCode, connectApi, describeApiError } from "../lib/api";
import { saveSession } from "../lib/connection-client";
import { normalizeServerUrl } from "../lib/server-url";
import { ErrorAlert } from "./ErrorAlert";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

/** First run: which server, then sign in or create an account. */
export function SignInForm({ initialServerUrl }: { initialServerUrl: string }) {
  const [serverUrl, setServerUrl] = useState(initialServerUrl);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function submit(mode: "signIn" | "signUp") {
    setError("");
    let url: string;
    try {
      url = normalizeServerUrl(serverUrl);
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    setBusy(true);
    try {
      if (!(await ensureHostPermission(url))) {
        setError(`Allow access to ${new URL(url).host} so the extension can reach your server.`);
        return;
      }
      const api = connectApi(url);
      const result =
        mode === "signIn"
          ? await api.auth.signIn.mutate({ email, password })
          : await api.auth.signUp.mutate({ email, password });
      await saveSession(url, { token: result.token, user: result.user });
    } catch (e) {
      // Here UNAUTHORIZED means wrong credentials, not an expired session.
      setError(
        apiErrorCode(e) === "UNAUTHORIZED"
          ? "Email or password is incorrect. Try again, or create an account."
          : describeApiError(e, url),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      aria-label="Sign in"
      onSubmit={(event) => {
        event.preventDefault();
        void submit("signIn");
      }}
    >
      <h2>Connect to your vault</h2>
      <label for="server-url">Server address</label>
      <input
        id="server-url"
        type="url"
        value={serverUrl}
        onInput={(e) => setServerUrl(e.currentTarget.value)}
        required
      />
      <label for="email">Email</label>
      <input
        id="email"
        type="email"
        autoComplete="username"
        value={email}
        onInput={(e) => setEmail(e.currentTarget.value)}
        required
      />
      <label for="password">Password</label>
      <input
        id="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
        required
      />
      <p class="hint">New here? Choose a password of at least 10 characters and create an account.</p>
      <ErrorAlert message={error} />
      <div class="row end">
        <button type="button" disabled={busy} onClick={() => void submit("signUp")}>
          Create account
        </button>
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </div>
    </form>
  );
}

/** Local servers are in host_permissions; any other server is asked for once, at sign-in. */
async function ensureHostPermission(url: string): Promise<boolean> {
  const { hostname, origin } = new URL(url);
  if (LOCAL_HOSTS.has(hostname)) return true;
  const origins = [`${origin}/*`];
  if (await browser.permissions.contains({ origins })) return true;
  return browser.permissions.request({ origins });
}
