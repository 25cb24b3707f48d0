import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** The environment without the workspace's pnpm settings, so the temp project is a stranger to it. */
function strangerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_)/i.test(key)) env[key] = value;
  }
  return env;
}

export interface ConsumerProject {
  dir: string;
  tarball: string;
  /** `tsc -p <config>` in the project: exit code and what it printed. */
  typecheck(config: string): Promise<{ code: number; output: string }>;
}

/**
 * `pnpm pack`s this package (its built dist/), then makes a project in the OS temp folder, outside the
 * workspace, with its own package.json and tsconfig.json, and installs the tarball with @trpc/client,
 * @trpc/server and @types/node from the registry (or pnpm's store when offline).
 */
export async function createConsumerProject(): Promise<ConsumerProject> {
  const dir = mkdtempSync(join(tmpdir(), "wfs-client-consumer-"));
  await run("pnpm", ["pack", "--pack-destination", dir], { cwd: packageDir, env: strangerEnv() });
  const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack left no tarball in ${dir}`);
  cpSync(join(packageDir, "test", "consumer"), dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "outside-app",
      private: true,
      type: "module",
      dependencies: {
        "@workflow-secrets/client": `file:./${tarball}`,
        "@trpc/client": "11.25.2",
        "@trpc/server": "11.25.2",
        "@types/node": "20.19.43",
      },
    }),
  );
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022", "DOM"],
    types: ["node"],
    strict: true,
    skipLibCheck: false,
    outDir: "out",
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["program.ts"] }));
  writeFileSync(
    join(dir, "tsconfig.wrong.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true }, files: ["wrong-input.ts"] }),
  );
  await run("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile", "--ignore-workspace"], {
    cwd: dir,
    env: strangerEnv(),
  });
  return {
    dir,
    tarball: join(dir, tarball),
    async typecheck(config) {
      try {
        const { stdout, stderr } = await run(process.execPath, [tsc, "-p", config], { cwd: dir });
        return { code: 0, output: stdout + stderr };
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return {
          code: typeof e.code === "number" ? e.code : 1,
          output: `${e.stdout ?? ""}${e.stderr ?? ""}`,
        };
      }
    },
  };
}
