import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { AccountBar } from "../components/AccountBar";
import { SecretsManager } from "../components/SecretsManager";
import { SignInForm } from "../components/SignInForm";
import { useConnection } from "../hooks/use-connection";
import { useDescribeError } from "../hooks/use-describe-error";
import { AttentionPanel } from "./AttentionPanel";
import { AuditPanel } from "./AuditPanel";
import { RunsPanel } from "./RunsPanel";
import { SettingsPanel } from "./SettingsPanel";
import { TokensPanel } from "./TokensPanel";
import { WorkflowsPanel } from "./WorkflowsPanel";

const SECTIONS = ["secrets", "attention", "workflows", "runs", "tokens", "audit", "settings"] as const;
type Section = (typeof SECTIONS)[number];
const TITLES: Record<Section, string> = {
  secrets: "Secrets",
  attention: "Needs attention",
  workflows: "Workflows",
  runs: "Runs",
  tokens: "Tokens",
  audit: "Audit",
  settings: "Settings",
};

/** "#runs/<id>" → section "runs", detail "<id>"; the hash keeps the view across reloads. */
function readHash(): { section: Section; detail?: string } {
  const [head, detail] = location.hash.replace(/^#/, "").split("/");
  const section = SECTIONS.find((s) => s === head) ?? "secrets";
  return { section, detail: detail || undefined };
}

export function OptionsApp() {
  const { connection, api } = useConnection();
  const describeError = useDescribeError(connection?.serverUrl ?? "");
  const [route, setRoute] = useState(readHash);
  useEffect(() => {
    const onHash = () => setRoute(readHash());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  if (!connection) return <main aria-busy="true" />;
  if (!connection.session || !api) {
    return (
      <main class="content" style={{ maxWidth: "420px", margin: "40px auto" }}>
        <h1>Workflow Secrets</h1>
        <SignInForm initialServerUrl={connection.serverUrl} />
      </main>
    );
  }

  const panels: Record<Section, () => ComponentChildren> = {
    secrets: () => <SecretsManager api={api} describeError={describeError} typed />,
    attention: () => <AttentionPanel api={api} describeError={describeError} />,
    workflows: () => <WorkflowsPanel api={api} describeError={describeError} />,
    runs: () => <RunsPanel api={api} describeError={describeError} runId={route.detail} />,
    tokens: () => <TokensPanel api={api} describeError={describeError} />,
    audit: () => <AuditPanel api={api} describeError={describeError} />,
    settings: () => <SettingsPanel api={api} describeError={describeError} />,
  };

  return (
    <div class="layout">
      <nav class="rail" aria-label="Sections">
        <h1>Workflow Secrets</h1>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#${s}`} aria-current={route.section === s ? "page" : undefined}>
                {TITLES[s]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="content">
        <header>
          <AccountBar connection={connection} api={api} />
          <h2 style={{ fontSize: "18px", marginTop: "12px" }}>{TITLES[route.section]}</h2>
        </header>
        {panels[route.section]()}
      </main>
    </div>
  );
}
