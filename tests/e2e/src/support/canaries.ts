import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeCanary } from "@workflow-secrets/leak-oracle";
import { inject } from "vitest";
import { fileId } from "./file-id";

export type Canary = { name: string; value: string };

const planted: Canary[] = [];

/**
 * A random secret value for `name`, shaped by `shape` (e.g. a Slack URL around it). It is saved for
 * the final leak sweep (`findLeaks` of @workflow-secrets/leak-oracle), which must not find it
 * anywhere the design says values never go. Letters, digits and `_` only: the seed workflows put
 * these values in URLs and credential-shaped places.
 */
export function plantCanary(name: string, shape: (random: string) => string = (r) => r): Canary {
  const canary = { name, value: shape(makeCanary("e2e", "token")) };
  planted.push(canary);
  writeFileSync(join(inject("recordDir"), `canaries-${fileId}.json`), JSON.stringify(planted));
  return canary;
}
