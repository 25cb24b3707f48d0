import { ciReporters, sharedTimeouts } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The leak sweep reads what every other file left behind, so it runs last. */
class LeakSweepLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const isSweep = (file: TestSpecification) => file.moduleId.includes("leak-sweep");
    const sorted = [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
    return [...sorted.filter((f) => !isSweep(f)), ...sorted.filter(isSweep)];
  }
}

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["./src/support/global-setup.ts"],
    // One wrangler stack on 2 cores: files share it one after another.
    fileParallelism: false,
    sequence: { sequencer: LeakSweepLast },
    // Hang limits, not speed limits: hooks sign users up (PBKDF2) and wait for runs on a busy machine.
    ...sharedTimeouts,
    reporters: ciReporters("e2e"),
  },
});
