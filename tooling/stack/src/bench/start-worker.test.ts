import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertPortFree } from "../process/ports";
import { startWorker } from "./start-worker";

describe("startWorker", () => {
  it("serves a Worker with its vars on a free port, and stop() frees the port", async () => {
    const worker = await startWorker({
      config: join(import.meta.dirname, "fixture-worker/wrangler.jsonc"),
      vars: { GREETING: "hello from the fixture" },
      readyPath: "/",
    });
    try {
      const response = await fetch(`${worker.url}/anything`);
      expect(await response.text()).toBe("hello from the fixture");
    } finally {
      await worker.stop();
    }
    await expect(fetch(worker.url)).rejects.toThrow();
    await assertPortFree(Number(new URL(worker.url).port), "the stopped Worker");
  });
});
