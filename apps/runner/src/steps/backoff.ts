const BASE_MS = 250;
const MAX_MS = 5_000;
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * Delay before retry `attempt` (1-based): exponential with ±20 % jitter so many runs retrying the
 * same server do not arrive together. A `Retry-After` in seconds is honoured up to 10 s.
 */
export function backoffDelay(attempt: number, retryAfter: string | null = null): number {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const exponential = Math.min(BASE_MS * 2 ** (attempt - 1), MAX_MS);
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
