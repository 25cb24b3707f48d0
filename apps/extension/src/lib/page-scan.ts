import {
  CREDENTIAL_SHAPES,
  createPreview,
  findCredentials,
  suggestSecretName,
} from "@workflow-secrets/secret-rules";
import { browser } from "wxt/browser";

export interface TokenSuggestion {
  /** Kept in popup memory only, handed to the form on click, never rendered. */
  value: string;
  preview: string;
  label: string;
  suggestedName: string;
  sourceHost: string;
}

const MAX_SUGGESTIONS = 5;

/**
 * Runs inside the page (via scripting.executeScript) and returns only strings matching the given
 * patterns, so the rest of the page never leaves the tab. Self-contained: it is serialised.
 */
export function collectTokenMatches(patterns: string[]): string[] {
  // innerText: what the page shows, not script sources or hidden templates.
  // biome-ignore lint/performance/useDomNodeTextContent: visible text is what we want here.
  const parts: string[] = [document.body?.innerText ?? ""];
  for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")) {
    if (field.value) parts.push(field.value);
  }
  for (const node of document.querySelectorAll("code, pre, [data-clipboard-text]")) {
    const attr = node.getAttribute("data-clipboard-text");
    if (attr) parts.push(attr);
  }
  const text = parts.join("\n").slice(0, 2_000_000);
  const matches = new Set<string>();
  for (const pattern of patterns) {
    for (const match of text.matchAll(new RegExp(pattern, "g"))) matches.add(match[0]);
  }
  return [...matches];
}

/** Turns raw matches into suggestions (in page order), named after the format and the site. */
export function toSuggestions(matches: string[], sourceHost: string): TokenSuggestion[] {
  return findCredentials(matches.join("\n"))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ value, shape }) => ({
      value,
      preview: createPreview(value),
      label: shape.label,
      suggestedName: suggestSecretName(value, sourceHost),
      sourceHost,
    }));
}

/**
 * One scan of the active tab, made when the popup opens (activeTab grants access for that moment
 * only). Pages we may not script (chrome://, the web store) simply yield no suggestions.
 */
export async function scanActiveTab(): Promise<TokenSuggestion[]> {
  // The last focused normal window is the one whose toolbar opened the popup; asking for it (not
  // "currentWindow") also works when the form runs in its own small window.
  const window = await browser.windows.getLastFocused({ windowTypes: ["normal"] });
  const [tab] = await browser.tabs.query({ active: true, windowId: window.id });
  if (tab?.id === undefined || !tab.url || !/^https?:/.test(tab.url)) return [];
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId: tab.id },
      func: collectTokenMatches,
      args: [CREDENTIAL_SHAPES.map((shape) => shape.pattern)],
    });
    const matches = Array.isArray(result?.result) ? (result.result as string[]) : [];
    return toSuggestions(matches, new URL(tab.url).hostname);
  } catch {
    return [];
  }
}
