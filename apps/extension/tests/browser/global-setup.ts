import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "@workflow-secrets/crypto";
import { findFreePort, type Stack, startStack } from "@workflow-secrets/stack";
import type { TestProject } from "vitest/node";
// The runner's reusable OAuth test server (oidc-provider on 127.0.0.1).
import { OAUTH_CLIENTS, startOAuthServer } from "../../../runner/test/servers/oauth-server";
import { startEchoServer } from "./echo-server";

const extensionRoot = resolve(import.meta.dirname, "../..");

/**
 * Builds the extension and starts the real stack (API + runner in one wrangler dev, exactly as
 * `pnpm dev` does) on a free port with a fresh state dir and fresh sealing keys. Both run at once.
 */
export default async function setup(project: TestProject) {
  const stateDir = mkdtempSync(join(tmpdir(), "wfs-extension-"));
  const closers: (() => Promise<unknown>)[] = [];
  const teardown = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const echo = await startEchoServer();
    closers.push(() => echo.close());
    const pair = await generateSealingKeyPair();
    const [stack] = await Promise.all([
      startStack({
        port: await findFreePort(),
        persistDir: join(stateDir, "state"),
        keys: {
          publicKey: JSON.stringify(toPublicKey(pair)),
          privateKeys: JSON.stringify([toKeyringEntry(pair)]),
        },
        logFile: join(stateDir, "wrangler.log"),
      }).then((started: Stack) => {
        closers.push(() => started.stop());
        return started;
      }),
      buildExtension(),
    ]);
    project.provide("apiUrl", stack.apiUrl);
    // Redirects to this stack's API callback; the stack's runner exchanges the code.
    const oauth = await startOAuthServer({
      redirectUris: [`${stack.apiUrl}/oauth/callback`],
      accessTokenTtl: 120,
    });
    closers.push(() => oauth.close());
    project.provide("oauthUrl", oauth.issuer);
    project.provide("oauthClients", JSON.stringify(OAUTH_CLIENTS));
    project.provide("echoUrl", echo.url);
    project.provide("extensionDir", join(extensionRoot, ".output/chrome-mv3"));
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/** The tests load what users load: the production build. */
function buildExtension(): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(join(extensionRoot, "node_modules/.bin/wxt"), ["build"], {
      cwd: extensionRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("error", fail);
    child.on("exit", (code) =>
      code === 0 ? done() : fail(new Error(`wxt build failed (${code}):\n${output}`)),
    );
  });
}
