import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The BUILT binary (`pnpm build`): what `npm i -g` would put on the PATH. */
export const WFS_BIN = join(fileURLToPath(new URL("../..", import.meta.url)), "dist", "wfs.mjs");

export interface WfsResult {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface WfsSession {
  /** Runs `wfs ...args` to the end, with `stdin` written then closed. */
  wfs(args: string[], options?: { stdin?: string; env?: Record<string, string> }): Promise<WfsResult>;
  /** Starts `wfs ...args` and hands back the process: write stdin yourself, then await `done`. */
  start(
    args: string[],
    extraEnv?: Record<string, string>,
  ): { pid: number; write(text: string): void; end(): void; done: Promise<WfsResult> };
  /** Runs `wfs ...args` on a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
  onTerminal(
    args: string[],
    answers?: { after: string; type: string }[],
    extraEnv?: Record<string, string>,
  ): Promise<WfsResult>;
  /** Everything every run printed, for the leak sweep. */
  transcript: WfsResult[];
}

/**
 * Runs the CLI as a user would, in its own environment: HOME and XDG_CONFIG_HOME in a temp folder (so
 * the token file lands where the test can read it) and WFS_URL at the test stack. No WFS_TOKEN unless given.
 */
export function wfsSession(env: Record<string, string>): WfsSession {
  const transcript: WfsResult[] = [];
  const baseEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !key.startsWith("WFS_") &&
      key !== "XDG_CONFIG_HOME" &&
      key !== "FORCE_COLOR"
    ) {
      baseEnv[key] = value;
    }
  }
  const start = (args: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [WFS_BIN, ...args], {
      env: { ...baseEnv, ...env, ...extraEnv },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const done = new Promise<WfsResult>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => {
        const result = { args, code, stdout, stderr };
        transcript.push(result);
        resolve(result);
      });
    });
    return {
      pid: child.pid as number,
      write: (text: string) => child.stdin.write(text),
      end: () => child.stdin.end(),
      done,
    };
  };
  const onTerminal = (
    args: string[],
    answers: { after: string; type: string }[] = [],
    extraEnv: Record<string, string> = {},
  ) =>
    new Promise<WfsResult>((resolve, reject) => {
      const command = [process.execPath, WFS_BIN, ...args]
        .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
        .join(" ");
      // A pseudo-terminal with no size is 0 columns wide: give it a screen's size first.
      const child = spawn("script", ["-qec", `stty cols 100 rows 30; ${command}`, "/dev/null"], {
        env: { ...baseEnv, ...env, ...extraEnv },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      const pending = [...answers];
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        // Type each answer once its prompt is on the screen, as a person would.
        const next = pending[0];
        if (next && stdout.includes(next.after)) {
          pending.shift();
          child.stdin.write(next.type);
        }
      });
      child.on("error", reject);
      child.on("close", (code) => {
        const result = { args: ["(terminal)", ...args], code, stdout, stderr: "" };
        transcript.push(result);
        resolve(result);
      });
    });
  return {
    transcript,
    start,
    onTerminal,
    async wfs(args, options = {}) {
      const running = start(args, options.env);
      if (options.stdin !== undefined) running.write(options.stdin);
      running.end();
      return running.done;
    },
  };
}

/** Parses a command's stdout as JSON, failing with what it printed when it is not. */
export function jsonOf<T = unknown>(result: WfsResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `wfs ${result.args.join(" ")} did not print JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}
