import { ciReporters } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["src/**/*.test.ts"], reporters: ciReporters("leak-oracle") },
});
