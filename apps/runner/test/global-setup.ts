import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "@workflow-secrets/crypto";
import type { TestProject } from "vitest/node";
import { startEchoServer } from "./servers/echo-server";
import { OAUTH_CLIENTS, startOAuthServer } from "./servers/oauth-server";
import { createRecorder } from "./servers/recorder";
import { startSlackReceiver } from "./servers/slack-receiver";
import { startSmtpReceiver } from "./servers/smtp-receiver";

/** Test keys, and real servers on 127.0.0.1 for the whole run; Worker code reaches them through the injected ports. */
export default async function setup(project: TestProject) {
  const recorder = createRecorder();
  const echo = await startEchoServer(recorder);
  const slack = await startSlackReceiver(recorder);
  const smtp = await startSmtpReceiver(recorder);
  const oauth = await startOAuthServer({ accessTokenTtl: 2 });
  // A fresh two-key keyring per test run: `older` stands for a key that was rotated out.
  const newest = await generateSealingKeyPair();
  const older = await generateSealingKeyPair();
  project.provide("sealingPrivateKeys", JSON.stringify([toKeyringEntry(newest), toKeyringEntry(older)]));
  project.provide(
    "testPublicKeys",
    JSON.stringify({ newest: toPublicKey(newest), older: toPublicKey(older) }),
  );
  project.provide("echoPort", echo.port);
  project.provide("slackPort", slack.port);
  project.provide("smtpPort", smtp.port);
  project.provide("oauthPort", oauth.port);
  project.provide("oauthClients", JSON.stringify(OAUTH_CLIENTS));
  return async () => {
    for (const { server } of [echo, slack]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    await oauth.close();
  };
}
