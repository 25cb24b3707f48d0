import { browser } from "wxt/browser";
import type { SecretSummary } from "./api-types";
import { attentionCounts, badgeColour, badgeText } from "./secret-health";

/**
 * Shows on the toolbar icon how many secrets are expired, failing or expiring (empty when none), with
 * the counts in its tooltip. Called whenever a page of the extension has loaded the list.
 */
export async function showAttentionBadge(secrets: readonly Pick<SecretSummary, "state">[]): Promise<void> {
  const counts = attentionCounts(secrets);
  const text = badgeText(counts);
  await browser.action.setBadgeText({ text });
  if (text) await browser.action.setBadgeBackgroundColor({ color: badgeColour(counts) });
  await browser.action.setTitle({
    title: text
      ? `Workflow Secrets: ${counts.expired} expired, ${counts.failing} failing, ${counts.expiring} expiring`
      : "Workflow Secrets",
  });
}
