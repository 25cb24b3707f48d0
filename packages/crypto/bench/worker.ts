// Hosts the benchmark inside workerd: bench/crypto.bench.ts starts it and fetches the timings,
// which are measured here, inside the Worker, not across the loopback hop.
import { runCryptoBench } from "./crypto-bench";

export default {
  async fetch() {
    return Response.json(await runCryptoBench("workerd"));
  },
};
