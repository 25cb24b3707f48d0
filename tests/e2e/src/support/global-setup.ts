import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { generateKeyConfig } from "@workflow-secrets/crypto";
import {
  closeServer,
  serverUrl,
  startEchoServer,
  startSlackReceiver,
  startTestStack,
  type TestStack,
} from "@workflow-secrets/stack";
import type { TestProject } from "vitest/node";
import { startControlServer } from "./control-server";
import { createInbox } from "./inbox";
import { startSmtpReceiver } from "./smtp-receiver";

/**
 * Starts the real stack exactly as `pnpm dev` does (`startTestStack` of @workflow-secrets/stack) on free
 * ports, with a fresh persist dir and fresh sealing keys, plus the local receivers the workflows call.
 * Whatever happens, teardown stops every process group and removes the temp dir (KEEP_TEST_STACK=1 or
 * E2E_KEEP=1 keeps it).
 */
export default async function setup(project: TestProject) {
  const startedAt = Date.now();
  if (process.env.E2E_KEEP === "1") process.env.KEEP_TEST_STACK = "1";
  const inbox = createInbox();
  const closers: (() => Promise<unknown> | undefined)[] = [];
  const teardown = async () => {
    for (const close of closers.reverse()) await close()?.catch(() => undefined);
  };

  try {
    const echo = await startEchoServer(inbox.echo);
    closers.push(() => closeServer(echo));
    const slack = await startSlackReceiver(inbox.slack);
    closers.push(() => closeServer(slack));
    const smtp = await startSmtpReceiver(inbox.mail);
    closers.push(() => new Promise((resolve) => smtp.server.close(() => resolve(undefined))));

    const stack: TestStack = await startTestStack("wfs-e2e-", await generateKeyConfig());
    closers.push(() => stack.stop());
    const recordDir = join(stack.root, "record");
    mkdirSync(recordDir, { recursive: true });
    const control = await startControlServer(inbox, (time) => stack.triggerScheduled({ time }));
    closers.push(() => closeServer(control));

    project.provide("apiUrl", stack.apiUrl);
    project.provide("echoUrl", serverUrl(echo));
    project.provide("slackUrl", serverUrl(slack));
    project.provide("smtpPort", smtp.port);
    project.provide("controlUrl", serverUrl(control));
    project.provide("recordDir", recordDir);
    project.provide("persistDir", stack.persistDir);
    project.provide("wranglerOutputFile", stack.outputFile);
    project.provide("startedAt", startedAt);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
