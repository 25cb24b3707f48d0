import { createClient } from "@workflow-secrets/client";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { canary } from "./canaries";
import { type ExtensionBrowser, launchWithExtension } from "./chromium";
import { connectThroughPopup } from "./screens";

// Every wait is a condition (locator waits, expect.poll): on a loaded machine renders lag behind clicks.
const apiUrl = inject("apiUrl");
const oauthUrl = inject("oauthUrl");
const clients = JSON.parse(inject("oauthClients")) as Record<"app", { id: string; secret: string }>;
const email = `typed-${Date.now()}@example.com`;
const password = "correct horse battery";
const basicPassword = canary("sk_live_");

let browser: ExtensionBrowser;
let token = "";

describe("typed secrets and OAuth2 connect in Chromium against the real stack", () => {
  beforeAll(async () => {
    browser = await launchWithExtension(inject("extensionDir"));
    token = (await createClient({ url: apiUrl }).auth.signUp.mutate({ email, password })).token;
    const popup = await browser.open("popup.html");
    await connectThroughPopup(popup, { apiUrl, email, password, button: "Sign in" });
    await popup.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("creates a basic secret with its own form; the list shows its type and username, never the password", async () => {
    const options = await browser.open("options.html#secrets");
    await options.getByLabel("Type").selectOption("basic");
    const form = options.getByRole("form", { name: "Basic auth secret" });
    await form.getByLabel("Name", { exact: true }).fill("login");
    await form.getByLabel("User name").fill("ann");
    await form.getByLabel("Password", { exact: true }).fill(basicPassword);
    await form.getByRole("button", { name: "Save" }).click();
    await options.getByText("Saved login.").waitFor();
    const item = options.getByRole("listitem", { name: "login" });
    await item.getByTestId("secret-type").filter({ hasText: "basic" }).waitFor();
    await expect.poll(() => item.getByTestId("secret-fields").textContent()).toBe("username: ann");
    expect(await form.getByLabel("Password", { exact: true }).inputValue()).toBe("");
    expect(findLeaks(await options.content(), [basicPassword])).toEqual([]);
    expect(findLeaks(await browser.storageDump(), [basicPassword])).toEqual([]);

    // The popup's quick capture stays one field: no type choice there.
    const popup = await browser.open("popup.html");
    await popup.getByRole("form", { name: "Save a secret" }).waitFor();
    expect(await popup.getByLabel("Type").count()).toBe(0);
    await popup.close();
  });

  it("connects an OAuth2 account: Connect opens the provider in a tab and the list shows connected", async () => {
    const options = await browser.open("options.html#secrets");
    await options.getByLabel("Type").selectOption("oauth2");
    const form = options.getByRole("form", { name: "OAuth2 secret" });
    await form.getByLabel("Name", { exact: true }).fill("crm");
    await form.getByLabel("Token endpoint URL").fill(`${oauthUrl}/token`);
    await form.getByLabel("Client id").fill(clients.app.id);
    await form.getByLabel("Client secret").fill(clients.app.secret);
    await form.getByLabel("Scopes, space-separated").fill("openid offline_access");
    await form.getByLabel("Authorize URL").fill(`${oauthUrl}/auth`);
    const opened = browser.context.waitForEvent("page");
    await form.getByRole("button", { name: "Connect" }).click();
    // The provider signs the test user in and consents by itself, then sends the browser to the API.
    const tab = await opened;
    await tab.getByText("You can close this tab").waitFor();
    expect(tab.url()).toContain("/oauth/callback");
    await tab.close();

    // The runner exchanges the code; the options page sees the connect finish.
    await form.getByText("crm connected.").waitFor({ timeout: 60_000 });
    const item = options.getByRole("listitem", { name: "crm" });
    await item.getByText("connected", { exact: true }).waitFor();
    await item.getByTestId("secret-type").filter({ hasText: "oauth2" }).waitFor();

    const api = createClient({ url: apiUrl, token });
    const crm = (await api.secrets.list.query()).find((s) => s.name === "crm");
    expect(crm).toMatchObject({
      type: "oauth2",
      needsReconnect: false,
      fields: { clientId: clients.app.id, grant: "refresh_token" },
    });
    expect(findLeaks(await options.content(), [clients.app.secret])).toEqual([]);
    expect(findLeaks(await browser.storageDump(), [clients.app.secret])).toEqual([]);
  });

  it("a revoked grant fails the run with the reconnect message, and the list puts the credential on top with what to do", async () => {
    const api = createClient({ url: apiUrl, token });
    // The provider revokes the grant the connect received, and stops accepting its access token.
    const log = (await (await fetch(`${oauthUrl}/__log`)).json()) as {
      tokenRequests: { grant: string; issued?: { accessToken?: string; refreshToken?: string } }[];
    };
    const issued = log.tokenRequests.findLast((r) => r.grant === "authorization_code")?.issued ?? {};
    await fetch(`${oauthUrl}/__revoke`, {
      method: "POST",
      body: JSON.stringify({ refreshToken: issued.refreshToken }),
    });
    await fetch(`${oauthUrl}/__kill-access`, {
      method: "POST",
      body: JSON.stringify({ accessToken: issued.accessToken }),
    });

    const { id } = await api.workflows.create.mutate({
      name: "CRM call",
      trigger: { type: "manual" },
      steps: [
        {
          id: "call",
          type: "http",
          method: "GET",
          url: `${oauthUrl}/resource`,
          retries: 0,
          headers: { Authorization: "Bearer {{secrets.crm.accessToken}}" },
        },
      ],
    });
    const { runId } = await api.workflows.run.mutate({ id });
    const run = await expect
      .poll(async () => (await api.runs.get.query({ id: runId })).status, { timeout: 60_000 })
      .toBe("failed")
      .then(() => api.runs.get.query({ id: runId }));
    expect(run.error).toContain('the OAuth2 credential "crm" needs reconnecting');

    const options = await browser.open("options.html#secrets");
    const first = options.getByRole("region", { name: "Saved secrets" }).getByRole("listitem").first();
    await expect.poll(() => first.getAttribute("aria-label")).toBe("crm");
    await first.getByText("needs reconnect", { exact: true }).waitFor();
    await first.getByRole("note").filter({ hasText: "choose Rotate, then Connect" }).waitFor();
    expect(
      findLeaks(
        await options.content(),
        [issued.accessToken ?? "", issued.refreshToken ?? ""].filter(Boolean),
      ),
    ).toEqual([]);
  });
});
