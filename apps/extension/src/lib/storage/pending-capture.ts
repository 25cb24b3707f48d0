import { storage } from "wxt/utils/storage";
import * as z from "zod/mini";

/** A selection handed from the context menu to the capture form; older ones are dropped unused. */
export const PENDING_CAPTURE_TTL_MS = 5 * 60_000;

const pendingCaptureSchema = z.object({
  value: z.string().check(z.minLength(1)),
  sourceHost: z.optional(z.string()),
  createdAt: z.number(),
});

export type PendingCapture = z.infer<typeof pendingCaptureSchema>;

/**
 * storage.session only: memory-backed, gone when the browser closes, and (by default) unreadable
 * from content scripts. Never storage.local, never a URL.
 */
export const pendingCaptureItem = storage.defineItem<PendingCapture>("session:pendingCapture", {
  version: 1,
  migrations: {},
});

export async function putPendingCapture(value: string, sourceHost?: string, now = Date.now()) {
  await pendingCaptureItem.setValue(pendingCaptureSchema.parse({ value, sourceHost, createdAt: now }));
}

let takeQueue: Promise<unknown> = Promise.resolve();

/**
 * Read and delete in one step, so the value is in session storage only until a form takes it.
 * Takes are queued: two forms asking at once cannot both receive it.
 */
export function takePendingCapture(now = Date.now()): Promise<PendingCapture | null> {
  const next = takeQueue.then(() => takeOnce(now));
  takeQueue = next.catch(() => undefined);
  return next;
}

async function takeOnce(now: number): Promise<PendingCapture | null> {
  const raw = await pendingCaptureItem.getValue();
  await pendingCaptureItem.removeValue();
  const parsed = pendingCaptureSchema.safeParse(raw);
  if (!parsed.success) return null;
  if (now - parsed.data.createdAt > PENDING_CAPTURE_TTL_MS) return null;
  return parsed.data;
}
