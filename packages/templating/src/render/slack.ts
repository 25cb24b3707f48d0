import type { JsonValue, SlackStep } from "../definition";
import type { StepRenderer } from "./context";
import { refuseDataChosenServer, renderJson, renderUrl } from "./places";

export interface RenderedSlackStep {
  type: "slack";
  url: string;
  /** Serialised with JSON.stringify by the sender. */
  payload: { text: string; blocks?: JsonValue[] };
  secretsUsed: string[];
}

export function renderSlackStep(step: SlackStep, r: StepRenderer): RenderedSlackStep {
  const url = renderUrl(r, "webhookUrl", step.webhookUrl);
  const payload: RenderedSlackStep["payload"] = { text: r.render("text", step.text) };
  if (step.blocks) payload.blocks = step.blocks.map((block, i) => renderJson(r, `blocks[${i}]`, block));
  refuseDataChosenServer(r, "webhookUrl", step.webhookUrl);
  return { type: "slack", url, payload, secretsUsed: r.secretsUsed };
}
