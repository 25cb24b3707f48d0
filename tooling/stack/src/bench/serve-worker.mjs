// Runs in a process of its own, started by startWorker (start-worker.ts): one Worker under wrangler's
// dev server with the inspector OFF. With the inspector on (as `wrangler dev` always has it), every
// fetch the Worker makes is reported to wrangler as devtools Network events, which made outgoing
// fetches about 3x slower and would skew what the benches measure. The bench process only measures.
// Plain JavaScript: node runs it directly, with no TypeScript loader.
import { unstable_startWorker } from "wrangler";

const { config, port, persistDir, vars } = JSON.parse(process.argv[2] ?? "{}");
const worker = await unstable_startWorker({
  config,
  bindings: Object.fromEntries(
    Object.entries(vars).map(([name, value]) => [name, { type: "plain_text", value }]),
  ),
  dev: {
    server: { hostname: "127.0.0.1", port },
    inspector: false,
    persist: persistDir,
    logLevel: "warn",
    watch: false,
    // The private registry of createWranglerScratch: as under `wrangler dev`, a service binding to
    // a Worker that is not running is reported "not connected" instead of failing the start.
    registry: process.env.WRANGLER_REGISTRY_PATH,
  },
});
await worker.ready;
console.log(`serving ${(await worker.url).href}`);
process.once("SIGTERM", () => {
  worker.dispose().finally(() => process.exit(0));
});
