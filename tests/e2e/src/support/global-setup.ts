import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "@workflow-secrets/crypto";
import { findFreePort, type Stack, startStack } from "@workflow-secrets/stack";
import type { TestProject } from "vitest/node";
import { startControlServer } from "./control-server";
import { startEchoServer, startSlackReceiver } from "./http-receivers";
import { createInbox } from "./inbox";
import { startSmtpReceiver } from "./smtp-receiver";

/**
 * Starts the real stack exactly as `pnpm dev` does (`startStack` of @workflow-secrets/stack) on free ports, with a
 * fresh persist dir and fresh sealing keys, plus the local receivers the workflows call. Whatever
 * happens, teardown stops every process group and removes the temp dir (E2E_KEEP=1 keeps it).
 */
export default async function setup(project: TestProject) {
  const startedAt = Date.now();
  const root = mkdtempSync(join(tmpdir(), "wfs-e2e-"));
  const dirs = {
    persist: join(root, "state"),
    record: join(root, "record"),
    wranglerLogs: join(root, "wrangler-logs"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const wranglerOutputFile = join(root, "wrangler-output.log");
  const inbox = createInbox();
  const closers: (() => Promise<unknown> | undefined)[] = [];
  const teardown = async () => {
    for (const close of closers.reverse()) await close()?.catch(() => undefined);
    if (process.env.E2E_KEEP !== "1") rmSync(root, { recursive: true, force: true });
  };

  try {
    const echo = await startEchoServer(inbox.echo);
    closers.push(() => closeServer(echo));
    const slack = await startSlackReceiver(inbox.slack);
    closers.push(() => closeServer(slack));
    const smtp = await startSmtpReceiver(inbox.mail);
    closers.push(() => new Promise((resolve) => smtp.server.close(() => resolve(undefined))));

    const pair = await generateSealingKeyPair();
    const stack: Stack = await startStack({
      port: await findFreePort(),
      persistDir: dirs.persist,
      keys: {
        publicKey: JSON.stringify(toPublicKey(pair)),
        privateKeys: JSON.stringify([toKeyringEntry(pair)]),
      },
      // Serve a bundle built once: edits to the source during the run cannot restart the runtime.
      frozenBundle: true,
      logFile: wranglerOutputFile,
    });
    closers.push(() => stack.stop());
    const control = await startControlServer(inbox, (time) => stack.triggerScheduled({ time }));
    closers.push(() => closeServer(control));

    project.provide("apiUrl", stack.apiUrl);
    project.provide("echoUrl", urlOf(echo));
    project.provide("slackUrl", urlOf(slack));
    project.provide("smtpPort", smtp.port);
    project.provide("controlUrl", urlOf(control));
    project.provide("recordDir", dirs.record);
    project.provide("persistDir", dirs.persist);
    project.provide("wranglerOutputFile", wranglerOutputFile);
    project.provide("startedAt", startedAt);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

function urlOf(server: Server): string {
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
