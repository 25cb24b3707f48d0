import {
  canonicalPolicy,
  openSecret,
  parseCanonicalPolicy,
  parsePrivateKeyring,
  type SealingPublicKey,
  sealSecret,
  secretAadForRow,
} from "@workflow-secrets/crypto";
import { createDb, queueRun, runs, secrets, users, workflows } from "@workflow-secrets/db";
import { findReferences, type WorkflowDefinition } from "@workflow-secrets/templating";
import { eq, sql } from "drizzle-orm";
import { purgeOldHistory } from "../src/cron/purge-old-history";
import { createMaskedLogger } from "../src/log/masked-logger";
import { createRunPolicy } from "../src/policy/run-policy";
import { executeRun } from "../src/run/execute-run";
import { resolveSecrets } from "../src/run/resolve-secrets";
import { countingD1, emptyUsage } from "./counting-d1";

/**
 * Bench-only entry (never deployed): exposes the runner's real run loop and secret resolution next
 * to the same work done with plain fetches, so both are timed in the same workerd, same run.
 */
type BenchEnv = { DB: D1Database; SEALING_PRIVATE_KEYS: string };

const STEPS = 10;
const SECRETS = 50;
const quiet = createMaskedLogger({ mask: (t) => t }, {}, () => {});
// Fixed ids: the Worker keeps no state between requests (an isolate may be recycled).
const USER_ID = "usr_bench";
const WORKFLOW_ID = "wf_bench";

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const path = new URL(request.url).pathname;
    const db = createDb(env.DB);
    const keyring = parsePrivateKeyring(env.SEALING_PRIVATE_KEYS);
    if (path === "/setup") {
      const input = (await request.json()) as {
        statements: string[];
        echoUrl: string;
        publicKey: SealingPublicKey;
      };
      await env.DB.batch(input.statements.map((sql) => env.DB.prepare(sql)));
      const userId = USER_ID;
      const now = new Date().toISOString();
      await db.insert(users).values({ id: userId, email: "bench@example.test", passwordHash: "x" });
      for (let i = 0; i < SECRETS; i++) {
        const id = `sec_${i}`;
        // s0, the secret every step sends, is bound to the bench server: each step pays the policy check.
        const policy = i === 0 ? canonicalPolicy({ destinations: [input.echoUrl], scripts: false }) : null;
        const aad = secretAadForRow({ userId, secretId: id, version: 1, type: "text", policy });
        const envelope = await sealSecret(`sk_bench_${i}_${crypto.randomUUID()}`, {
          publicKey: input.publicKey,
          aad,
        });
        await db.insert(secrets).values({
          id,
          userId,
          name: `s${i}`,
          envelope,
          kid: input.publicKey.kid,
          preview: "x",
          policy,
          updatedAt: now,
        });
      }
      const steps = Array.from({ length: STEPS }, (_, i) => ({
        id: `call_${i}`,
        type: "http" as const,
        url: `${input.echoUrl}/step/${i}`,
        headers: { Authorization: "Bearer {{secrets.s0}}" },
      }));
      const definition = { name: "bench", trigger: { type: "manual" as const }, steps };
      await db.insert(workflows).values({
        id: WORKFLOW_ID,
        userId,
        name: "bench",
        definition,
        triggerType: "manual",
        updatedAt: now,
      });
      return Response.json({ ok: true });
    }
    const echoUrl = request.headers.get("x-echo-url") ?? "";
    const started = Date.now();
    if (path === "/run") {
      const runId = crypto.randomUUID();
      await db.insert(runs).values({
        id: runId,
        workflowId: WORKFLOW_ID,
        userId: USER_ID,
        triggerType: "manual",
        triggerInput: {},
      });
      // Time spent in D1 batches (claim + one per step + final): the persistence floor of a run.
      let d1Ms = 0;
      const timedDb = new Proxy(db, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (key !== "batch") return value;
          return async (...args: unknown[]) => {
            const t = Date.now();
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            } finally {
              d1Ms += Date.now() - t;
            }
          };
        },
      });
      const t0 = Date.now();
      // The bench's servers listen on 127.0.0.1, like the tests'.
      await executeRun(runId, false, { db: timedDb, keyring, logger: quiet, allowPrivateNetwork: true });
      return Response.json({ ms: Date.now() - t0, d1Ms });
    }
    if (path === "/baseline") {
      // The same 10 requests, as a Worker would send them by hand.
      const value = "sk_bench_plain";
      for (let i = 0; i < STEPS; i++) {
        const response = await fetch(`${echoUrl}/step/${i}`, {
          headers: { Authorization: `Bearer ${value}` },
        });
        await response.json();
      }
      return Response.json({ ms: Date.now() - started });
    }
    if (path === "/baseline-persisted") {
      // The floor for any loop that stores each step before the next: fetch + one D1 write each.
      for (let i = 0; i < STEPS; i++) {
        const response = await fetch(`${echoUrl}/step/${i}`, {
          headers: { Authorization: "Bearer sk_bench_plain" },
        });
        await response.json();
        await env.DB.prepare("UPDATE users SET email = email WHERE id = ?").bind(USER_ID).run();
      }
      return Response.json({ ms: Date.now() - started });
    }
    if (path === "/open50") {
      const names = Array.from({ length: SECRETS }, (_, i) => `s${i}`);
      const resolved = await resolveSecrets(db, USER_ID, names, keyring);
      if (resolved.opened.length !== SECRETS) return new Response("not all opened", { status: 500 });
      return Response.json({ ms: Date.now() - started });
    }
    if (path === "/open50-only") {
      // The 50 HPKE opens alone (rows already read), timed inside the Worker.
      const rows = await db.select().from(secrets).where(eq(secrets.userId, USER_ID));
      // Ten rounds, so the 1 ms clock resolution does not hide the figure.
      const t0 = Date.now();
      for (let round = 0; round < 10; round++) {
        await Promise.all(
          rows.map((row) =>
            openSecret(row.envelope, {
              keyring,
              aad: secretAadForRow({ ...row, secretId: row.id }),
            }),
          ),
        );
      }
      return Response.json({ ms: (Date.now() - t0) / 10 });
    }
    if (path === "/policy-only") {
      // The sealed-policy check alone (what each step of /run pays): build the run's policy, then
      // check and record each of the 10 steps; many rounds, so the 1 ms clock resolution does not hide it.
      const definition = (await db.select().from(workflows).where(eq(workflows.id, WORKFLOW_ID)).get())
        ?.definition as WorkflowDefinition;
      const references = findReferences(definition);
      const row = await db.select().from(secrets).where(eq(secrets.id, "sec_0")).get();
      const policies = new Map([["s0", parseCanonicalPolicy(row?.policy ?? "") ?? null]]);
      const output = {
        status: 200,
        headers: { "content-type": "application/json" },
        body: { ok: true, id: "evt_123" },
      };
      const ROUNDS = 2000;
      const t0 = Date.now();
      for (let round = 0; round < ROUNDS; round++) {
        const policy = createRunPolicy({ policies, values: { s0: "sk_bench_value" }, references });
        definition.steps.forEach((step, index) => {
          const rendered = {
            type: "http" as const,
            method: "GET" as const,
            url: (step as { url: string }).url,
            headers: {},
            secretsUsed: ["s0"],
          };
          if (policy.check(step, index, rendered)) throw new Error("the bench step was refused");
          policy.record(step, index, output);
        });
      }
      return Response.json({ ms: (Date.now() - t0) / ROUNDS });
    }
    if (path === "/intake-and-run") {
      // What D1 reports (rows read and written, what it bills) for one run: the intake as the API
      // does it (webhook lookup, queueRun with the default limits), then the runner's whole run.
      const { publicKey } = (await request.json()) as { publicKey: SealingPublicKey };
      const intake = emptyUsage();
      const intakeDb = createDb(countingD1(env.DB, intake));
      await intakeDb.select({ id: workflows.id }).from(workflows).where(eq(workflows.id, WORKFLOW_ID)).get();
      const noQueue = { send: async () => undefined, sendBatch: async () => undefined };
      const queued = await queueRun(intakeDb, noQueue, {
        workflowId: WORKFLOW_ID,
        userId: USER_ID,
        triggerType: "webhook",
        triggerInput: { body: { id: "evt_1" }, headers: { "content-type": "application/json" } },
        sealingKey: publicKey,
        limits: { maxQueuedPerWorkflow: 500, maxRunsPerHourPerUser: 1_000_000 },
      });
      if (queued.status !== "queued") return new Response(queued.status, { status: 500 });
      const run = emptyUsage();
      const runDb = createDb(countingD1(env.DB, run));
      await executeRun(queued.runId, false, { db: runDb, keyring, logger: quiet, allowPrivateNetwork: true });
      return Response.json({ ms: Date.now() - started, intake, run });
    }
    if (path === "/purge") {
      // The retention job over every finished run, made old: what deleting one run costs in D1.
      await db
        .update(runs)
        .set({ createdAt: "2000-01-01T00:00:00.000Z" })
        .where(sql`${runs.status} <> 'running'`);
      const usage = emptyUsage();
      let purged = 0;
      for (;;) {
        const { runs: deleted } = await purgeOldHistory(
          { DB: countingD1(env.DB, usage) } as Env,
          new Date(),
          quiet,
        );
        purged += deleted;
        if (deleted === 0) break;
      }
      return Response.json({ ms: Date.now() - started, purged, usage });
    }
    if (path === "/size") {
      // D1 reports the database size after a write; this one changes nothing.
      const usage = emptyUsage();
      await countingD1(env.DB, usage)
        .prepare("UPDATE users SET email = email WHERE id = ?1")
        .bind(USER_ID)
        .run();
      const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)` }).from(runs);
      return Response.json({ ms: 0, bytes: usage.sizeAfter, runs: n });
    }
    if (path === "/noop") return Response.json({ ms: 0 });
    return new Response("not found", { status: 404 });
  },
};
