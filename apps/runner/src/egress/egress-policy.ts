import type { RenderedStep } from "@workflow-secrets/templating";
import { nonPublicReason } from "./address-class";

/**
 * The runner's egress rule: a step may reach only public addresses, unless the deployment says
 * otherwise (`ALLOW_PRIVATE_NETWORK="true"`, which `pnpm dev` and the tests set because their
 * servers listen on 127.0.0.1). Checked on the final URL or SMTP host, after rendering, before any
 * connection. Names are judged by their text: a Worker cannot resolve DNS before `fetch`, so a
 * public name that resolves to a private address is not caught here (see the README).
 */
export type EgressPolicy = { allowPrivateNetwork: boolean };

/** The host a rendered step connects to; undefined for a script step (no network). */
export function destinationHost(rendered: RenderedStep): string | undefined {
  switch (rendered.type) {
    case "http":
    case "slack":
      return new URL(rendered.url).hostname;
    case "email":
      return rendered.smtp.host;
    case "script":
      return undefined;
  }
}

/** The step error when the policy refuses `host`, else undefined. */
export function egressRefusal(host: string, policy: EgressPolicy): string | undefined {
  if (policy.allowPrivateNetwork) return undefined;
  const reason = nonPublicReason(host);
  if (!reason) return undefined;
  return `refused: ${host} ${reason}; steps may reach only public addresses (ALLOW_PRIVATE_NETWORK="true" allows private ones, for local development only)`;
}
