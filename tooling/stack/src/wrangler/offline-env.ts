/**
 * Environment for every wrangler child: no telemetry, no Request.cf download, and no banner (the
 * banner asks the package registry for a newer wrangler), so the stack starts the same offline.
 */
export function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    WRANGLER_HIDE_BANNER: "true",
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    NO_UPDATE_NOTIFIER: "1",
    FORCE_COLOR: "0",
    ...extra,
  };
}
