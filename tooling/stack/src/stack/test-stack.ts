import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../process/ports";
import { type Stack, startStack } from "./start-stack";

export type TestStack = Stack & {
  /** The temp folder holding the stack's D1 state and wrangler's output; removed by stop(). */
  root: string;
  /** Everything wrangler printed (stdout and stderr), as a file. */
  outputFile: string;
};

/**
 * The real stack for a test suite, exactly as `pnpm dev` starts it (`startStack`), on a free port,
 * with a fresh D1 in a temp folder and fresh sealing keys, serving a bundle built once (edits to the
 * source while tests run cannot restart the runtime). stop() ends every process and removes the
 * folder (`KEEP_TEST_STACK=1` keeps it). Used by the e2e suite, the CLI's and the client's tests.
 * `keys` are the two Workers' variables (`generateKeyConfig()` of @workflow-secrets/crypto, which
 * this package cannot import: crypto's bench imports it).
 *
 * @example
 * const stack = await startTestStack("wfs-cli-", await generateKeyConfig());
 * try { ... } finally { await stack.stop(); }
 */
export async function startTestStack(
  prefix: string,
  keys: { publicKey: string; privateKeys: string },
): Promise<TestStack> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const persistDir = join(root, "state");
  mkdirSync(persistDir, { recursive: true });
  const outputFile = join(root, "wrangler-output.log");
  const removeRoot = () => {
    if (process.env.KEEP_TEST_STACK !== "1") rmSync(root, { recursive: true, force: true });
  };
  try {
    const stack = await startStack({
      port: await findFreePort(),
      persistDir,
      keys,
      frozenBundle: true,
      logFile: outputFile,
    });
    return {
      ...stack,
      root,
      outputFile,
      async stop() {
        await stack.stop();
        removeRoot();
      },
    };
  } catch (error) {
    removeRoot();
    throw error;
  }
}
