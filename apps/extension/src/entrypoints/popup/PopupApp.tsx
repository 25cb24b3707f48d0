import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { AccountBar } from "../../components/AccountBar";
import type { CaptureSeed } from "../../components/CaptureForm";
import { SecretsManager } from "../../components/SecretsManager";
import { SignInForm } from "../../components/SignInForm";
import { Suggestions } from "../../components/Suggestions";
import { useConnection } from "../../hooks/use-connection";
import { useDescribeError } from "../../hooks/use-describe-error";
import { sendMessage } from "../../lib/messaging";
import { scanActiveTab, type TokenSuggestion } from "../../lib/page-scan";

export function PopupApp() {
  const { connection, api } = useConnection();
  const describeError = useDescribeError(connection?.serverUrl ?? "");
  const [seed, setSeed] = useState<CaptureSeed>();
  const [suggestions, setSuggestions] = useState<TokenSuggestion[]>([]);
  const signedIn = Boolean(connection?.session);

  useEffect(() => {
    if (!signedIn) return;
    // A context-menu selection wins; otherwise offer what the current page shows.
    void sendMessage("takePendingCapture", undefined)
      .catch(() => null)
      .then(async (pending) => {
        if (pending) {
          setSeed({ value: pending.value, sourceHost: pending.sourceHost });
          return;
        }
        if (location.hash !== "#capture") setSuggestions(await scanActiveTab());
      });
  }, [signedIn]);

  if (!connection) return <main aria-busy="true" />;
  return (
    <main>
      <div class="spread">
        <h1>Workflow Secrets</h1>
      </div>
      {connection.session && api ? (
        <>
          <AccountBar connection={connection} api={api}>
            <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
              Manage
            </button>
          </AccountBar>
          <Suggestions
            items={suggestions}
            onPick={(item) => {
              setSeed({ name: item.suggestedName, value: item.value, sourceHost: item.sourceHost });
              setSuggestions([]);
            }}
          />
          <SecretsManager api={api} seed={seed} describeError={describeError} />
        </>
      ) : (
        <SignInForm initialServerUrl={connection.serverUrl} />
      )}
    </main>
  );
}
