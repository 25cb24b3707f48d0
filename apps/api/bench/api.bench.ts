import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSealingKeyPair } from "@workflow-secrets/crypto";
import { startWorker } from "@workflow-secrets/stack";
import autocannon from "autocannon";
import { createClient } from "../../../packages/client/src/index";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = join(appDir, "../../bench/results/api.json");
const CONNECTIONS = 10;
const DURATION_S = 10;
const LISTED_SECRETS = 100;
// Each user holds at most 1,000 secrets: creates rotate over enough users to never hit that limit.
const CREATE_USERS = 12;

interface Measured {
  route: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function measure(route: string, options: Parameters<typeof autocannon>[0]): Promise<Measured> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
  return {
    route,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

let signUps = 0;
async function signUp(url: string, label: string) {
  const password = `bench-password-${crypto.randomUUID()}`;
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@bench.test`;
  // Sign-ups are limited per client address (10 an hour): each bench user comes from its own
  // (documentation-range) address, which wrangler dev passes through as CF-Connecting-IP.
  const address = `198.51.100.${++signUps}`;
  const client = createClient({
    url,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("CF-Connecting-IP", address);
      return fetch(input, { ...init, headers });
    },
  });
  return (await client.auth.signUp.mutate({ email, password })).token;
}

async function main() {
  const pair = await generateSealingKeyPair();
  // The API served by wrangler in a process of its own, with fresh migrated D1 state; autocannon runs here.
  const server = await startWorker({
    config: join(appDir, "wrangler.jsonc"),
    vars: { SEALING_PUBLIC_KEY: JSON.stringify({ kid: pair.kid, publicJwk: pair.publicJwk }) },
    migrate: true,
  });
  try {
    const token = await signUp(server.url, "lister");
    const api = createClient({ url: server.url, token });
    for (let i = 0; i < LISTED_SECRETS; i++) {
      await api.secrets.create.mutate({ name: `bench_${i}`, value: `bench-value-${crypto.randomUUID()}` });
    }
    const createTokens = await Promise.all(
      Array.from({ length: CREATE_USERS }, (_, i) => signUp(server.url, `creator${i}`)),
    );

    const baseline = await measure("GET /healthz (bare Hono route)", { url: `${server.url}/healthz` });
    const d1Floor = await measure("GET /healthz/db (bare Hono route + one D1 query)", {
      url: `${server.url}/healthz/db`,
    });
    const list = await measure(`GET /trpc/secrets.list (${LISTED_SECRETS} secrets)`, {
      url: `${server.url}/trpc/secrets.list`,
      headers: { authorization: `Bearer ${token}` },
    });
    let sequence = 0;
    const create = await measure("POST /trpc/secrets.create (seal + insert + audit)", {
      url: `${server.url}/trpc/secrets.create`,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            sequence += 1;
            return {
              ...request,
              headers: {
                "content-type": "application/json",
                authorization: `Bearer ${createTokens[sequence % CREATE_USERS]}`,
              },
              body: JSON.stringify({ name: `c_${sequence}`, value: `created-value-${sequence}-${pair.kid}` }),
            };
          },
        },
      ],
    });

    const ratio = (a: number, b: number) => Number((a / Math.max(b, 1)).toFixed(2));
    const rows = [baseline, d1Floor, list, create].map((m) => [
      m.route,
      m.rps,
      m.p50,
      m.p99,
      ratio(m.p99, baseline.p99),
      ratio(baseline.rps, m.rps),
      ratio(d1Floor.rps, m.rps),
      m.non2xx,
    ]);
    const columns = [
      "route",
      "req/s",
      "p50 ms",
      "p99 ms",
      "p99 ÷ bare p99",
      "bare req/s ÷ req/s",
      "D1-floor req/s ÷ req/s",
      "non-2xx",
    ];
    console.table(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))));
    const listOverhead = baseline.rps / Math.max(list.rps, 1);
    const notes = [
      `wrangler's dev server in a process of its own (local workerd + local D1 on tmpfs, Worker bundled once by wrangler deploy --dry-run, inspector off) on 127.0.0.1, autocannon ${CONNECTIONS} connections × ${DURATION_S} s per route, same run and same Worker for all rows.`,
      `Target p99 ≤ 10 ms for secrets.list at ${CONNECTIONS} connections: ${list.p99 <= 10 ? "met" : "NOT met"} (${list.p99} ms).`,
      `Target tRPC overhead ≤ 2× the bare route (baseline req/s ÷ list req/s): ${listOverhead <= 2 ? "met" : "NOT met"} (${listOverhead.toFixed(2)}×).`,
      `Against the D1 floor (a bare route doing one D1 query) secrets.list costs ${(d1Floor.rps / Math.max(list.rps, 1)).toFixed(2)}×: tRPC, token check and the 100-row read add that much on top of local D1's own round trip.`,
      "secrets.list authenticates the bearer token (SHA-256 + indexed lookup) and reads secrets + usedBy in one D1 batch; secrets.create also seals with HPKE and writes the row and an audit event.",
      "The machine has 2 cores shared with other work, so absolute numbers vary between runs; the ratios are measured in the same run.",
    ];
    await mkdir(dirname(resultsFile), { recursive: true });
    await writeFile(
      resultsFile,
      `${JSON.stringify({ suite: "api", sections: [{ title: "API over HTTP (wrangler dev)", columns, rows, notes }] }, null, 2)}\n`,
    );
    for (const note of notes) console.log(`- ${note}`);
    console.log(`wrote ${resultsFile}`);
  } finally {
    await server.stop();
  }
}

await main();
