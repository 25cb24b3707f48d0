// Hosts the benchmark inside workerd: bench/crypto.bench.ts starts it and fetches the timings,
// which are measured here, inside the Worker, not across the loopback hop.
import { runCryptoBench } from "./crypto-bench";

export default {
  async fetch(request: Request) {
    // Answered while the bench waits for the Worker to be up: the benchmark runs only on `/run`.
    if (new URL(request.url).pathname !== "/run") return new Response("ready");
    return Response.json(await runCryptoBench("workerd"));
  },
};
