import { defineConfig } from "tsdown";

// dist/ is what `npm publish` ships: ESM plus ONE bundled .d.ts. The router's types come from
// build/app-router.d.ts (tsconfig.build.json), so a consumer needs only @trpc/client and @trpc/server.
export default defineConfig({
  entry: ["src/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  tsconfig: "tsconfig.build.json",
  dts: true,
  clean: true,
});
