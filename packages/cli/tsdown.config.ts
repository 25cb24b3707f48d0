import { readFileSync } from "node:fs";
import { defineConfig } from "tsdown";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

// One executable file: the workspace's client and the shared definition schema are bundled in;
// citty, @clack/prompts, yaml, zod and tRPC stay dependencies installed with the package.
export default defineConfig({
  entry: { wfs: "src/wfs.ts" },
  format: "esm",
  platform: "node",
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
  define: { __WFS_VERSION__: JSON.stringify(version) },
  noExternal: [/^@workflow-secrets\//],
  dts: false,
  clean: true,
});
