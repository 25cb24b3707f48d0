import { z } from "zod";

/**
 * The one message on the runs Queue, sent by the API (manual runs, webhooks) and the runner's cron,
 * read by the runner's consumer: only the id, the run row holds the rest. `resume: true` marks a
 * recovery the cron sent for a `running` run whose heartbeat went stale: the consumer may take the
 * run although it is already `running`, and resumes it at its first unfinished step.
 */
export const runMessageSchema = z.object({
  runId: z.string().min(1).max(128),
  resume: z.literal(true).optional(),
});
export type RunMessage = z.infer<typeof runMessageSchema>;

/**
 * The part of a Cloudflare Queue producer binding the run lifecycle uses, typed here so this
 * package needs no Workers types: an `env.RUNS_QUEUE` binding satisfies it.
 */
export interface RunsQueue {
  send(message: RunMessage, options?: { contentType?: "json" }): Promise<unknown>;
  /** At most 100 messages per call (a Queues limit). */
  sendBatch(messages: Iterable<{ body: RunMessage; contentType?: "json" }>): Promise<unknown>;
}
