import type { Stack } from "./start-stack";

/**
 * `wrangler dev` never fires cron triggers itself: tick the runner's scheduled handler at every
 * minute boundary, as Cloudflare does for `* * * * *`, so scheduled workflows run locally on time.
 */
export function startCronTicker(
  stack: Pick<Stack, "triggerScheduled">,
  report: { onTick?: (at: Date) => void; onError: (error: unknown) => void },
): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const now = Date.now();
    const nextMinute = Math.floor(now / 60_000) * 60_000 + 60_000;
    timer = setTimeout(
      async () => {
        const at = new Date(nextMinute);
        try {
          await stack.triggerScheduled({ time: at });
          report.onTick?.(at);
        } catch (error) {
          report.onError(error);
        }
        schedule();
      },
      nextMinute - now + 250,
    );
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
