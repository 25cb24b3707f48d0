/**
 * Environment for every wrangler child: no telemetry, no Request.cf download, no update banner,
 * so the stack starts the same with or without a network.
 */
export function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    NO_UPDATE_NOTIFIER: "1",
    FORCE_COLOR: "0",
    ...extra,
  };
}
