import type { ApiClient } from "../lib/api";

/** What every options-page panel gets from the page: the API client and its error wording. */
export interface PanelProps {
  api: ApiClient;
  describeError(error: unknown): string;
}
