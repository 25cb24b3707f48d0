/**
 * `pnpm dev`: the whole product on this machine. Dev keys (when missing), D1 migrations, API and
 * runner under one `wrangler dev` on 127.0.0.1, cron ticked every minute, the extension built.
 * `pnpm dev --demo` also seeds a demo account with the example secrets and workflows.
 * Ctrl-C stops every child process; the data in .wrangler/state is kept for the next run.
 */
import { relative } from "node:path";
import { styleText } from "node:util";
import {
  assertPortFree,
  buildExtension,
  devPersistDir,
  type ExtensionBuildResult,
  PortInUseError,
  repoRoot,
  type Stack,
  seedDemoAccount,
  startCronTicker,
  startDemoSink,
  startDemoSmtp,
  startStack,
} from "@workflow-secrets/stack";
import { ensureDevKeys, RUNNER_DEV_VARS, writeDevVar } from "./keys";

const demo = process.argv.includes("--demo");
const port = Number(process.env.PORT ?? 8787);
// Fixed ports: the demo workflows and the slack_alerts secret stored on the first run point at
// them, so a second `pnpm dev --demo` finds them again.
const demoPorts = {
  sinkPort: Number(process.env.DEMO_SINK_PORT ?? port + 3),
  smtpPort: Number(process.env.DEMO_SMTP_PORT ?? port + 4),
};
const closers: (() => Promise<void> | void)[] = [];
let stopping = false;

async function main(): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`PORT must be a port number, got "${port}"`);
  await assertPortFree(
    port,
    "the API",
    `or use another one: \`PORT=${port === 8800 ? 8900 : 8800} pnpm dev\``,
  );
  if (demo) {
    await assertPortFree(demoPorts.sinkPort, "the demo sink", "or set DEMO_SINK_PORT");
    await assertPortFree(demoPorts.smtpPort, "the demo SMTP server", "or set DEMO_SMTP_PORT");
  }
  step("Dev sealing keys");
  await ensureDevKeys((line) => console.log(`  ${line}`));
  // Local steps reach the demo sink and SMTP server on 127.0.0.1; wrangler.jsonc ships "false".
  writeDevVar(RUNNER_DEV_VARS, "ALLOW_PRIVATE_NETWORK", "true");

  step("Migrations, API and runner (wrangler dev)");
  const startup: string[] = [];
  let printLive = false;
  const [stack, extension] = await Promise.all([
    startStack({
      port,
      persistDir: devPersistDir,
      onOutput: (text) => (printLive ? printWrangler(text) : startup.push(text)),
    }).catch((error: unknown) => {
      process.stderr.write(startup.join(""));
      throw error;
    }),
    buildExtension(),
  ]);
  closers.push(() => stack.stop());
  void stack.exited.then((code) => {
    if (stopping) return;
    console.error(styleText("red", `wrangler dev exited (${code}); stopping.`));
    void shutdown(1);
  });

  const ticker = startCronTicker(stack, {
    onError: (error) => console.error(styleText("yellow", `cron tick failed: ${String(error)}`)),
  });
  closers.push(() => ticker.stop());

  const demoLines = demo ? await seedDemo(stack) : [];
  printNextSteps(stack, extension, demoLines);
  printLive = true;
}

async function seedDemo(stack: Stack): Promise<string[]> {
  step("Demo account");
  const log = (line: string) => console.log(styleText("dim", `  ${line}`));
  const { sinkPort, smtpPort } = demoPorts;
  const sink = await startDemoSink(sinkPort, log);
  const smtp = await startDemoSmtp(smtpPort, log);
  closers.push(
    () => void sink.close(),
    () => void smtp.close(),
  );
  const sinkUrl = `http://127.0.0.1:${sinkPort}`;
  const seeded = await seedDemoAccount(
    stack.apiUrl,
    {
      paymentsUrl: sinkUrl,
      smtp: { host: "127.0.0.1", port: smtpPort, username: "demo" },
      emailFrom: "Workflow Secrets <noreply@example.com>",
      emailTo: "you@example.com",
    },
    sinkUrl,
  );
  return [
    `Demo account  ${seeded.email} / ${seeded.password}`,
    "              4 secrets (stripe_secret, slack_alerts, smtp_password, webhook_signing_key) and",
    "              3 workflows (Charge customer: run it from the extension; Balance digest: every 5 min;",
    `              Verified webhook${seeded.webhookUrl ? `: POST ${seeded.webhookUrl}` : ""})`,
    `              Their calls go to a local demo sink (${sinkUrl}, SMTP 127.0.0.1:${smtpPort}), logged below.`,
    "              The demo sink and its SMTP port live only while `pnpm dev --demo` runs.",
  ];
}

function printNextSteps(stack: Stack, extension: ExtensionBuildResult, demoLines: string[]): void {
  const rel = (path: string) => relative(repoRoot, path) || ".";
  const lines = [
    "",
    styleText("bold", "Workflow Secrets is running locally."),
    "",
    `API           ${stack.apiUrl}   (tRPC ${stack.apiUrl}/trpc, health ${stack.apiUrl}/healthz)`,
    `Webhooks      ${stack.apiUrl}/hooks/<webhookId>`,
    "Runner        same wrangler dev; its cron handler is ticked every minute",
    `Data          ${rel(stack.persistDir)} (kept between runs; delete it to start from scratch)`,
    extension.ok
      ? `Extension     ${rel(extension.dir)}: chrome://extensions → Developer mode → Load unpacked`
      : `Extension     not built: ${extension.reason}`,
    ...(demoLines.length > 0
      ? demoLines
      : [`Sign up       open the extension, keep the server URL ${stack.apiUrl}, choose Sign up`]),
    "",
    `Press ${styleText("bold", "Ctrl-C")} to stop (every process is stopped; your data stays).`,
    "",
  ];
  console.log(lines.join("\n"));
}

function printWrangler(text: string): void {
  for (const line of text.split("\n")) {
    if (line.trim() !== "") process.stdout.write(`${styleText("dim", "wrangler │")} ${line}\n`);
  }
}

function step(label: string): void {
  console.log(styleText("cyan", `▸ ${label}`));
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const close of closers.reverse()) {
    try {
      await close();
    } catch {
      // keep stopping the rest
    }
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130); // second Ctrl-C: the exit hook kills the process groups
    console.log("\nStopping…");
    void shutdown(0);
  });
}

main().catch((error: unknown) => {
  console.error(
    styleText(
      "red",
      error instanceof PortInUseError
        ? error.message
        : `pnpm dev failed: ${String(error instanceof Error ? error.stack : error)}`,
    ),
  );
  void shutdown(1);
});
