import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { lineRedactor } from "./runtime-log";

export type GroupProcess = {
  readonly pid: number;
  /** Resolves with the exit code (or the signal name) once the leader exits. */
  readonly exited: Promise<number | string>;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves when the leader is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the whole process group at once, as a crash or a power cut would stop it. */
  kill(): Promise<void>;
};

export type SpawnGroupOptions = {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Appended to as output arrives, so a crash still leaves the log on disk. */
  logFile?: string;
  onOutput?: (text: string) => void;
  /** Applied to whole lines before they are recorded, logged or passed on (see runtime-log.ts). */
  redact?: (text: string) => string;
};

const live = new Set<ChildProcess>();

// Children run in their own process group (detached) so one signal reaches wrangler, its esbuild
// and both workerd processes; a parent that dies without cleaning up must still take them along.
process.once("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

/** Spawns `command` as the leader of a new process group and records its output. */
export function spawnGroup(command: string, args: string[], options: SpawnGroupOptions): GroupProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  const chunks: string[] = [];
  const record = (text: string) => {
    if (!text) return;
    chunks.push(text);
    if (options.logFile) appendFileSync(options.logFile, text);
    options.onOutput?.(text);
  };
  for (const stream of [child.stdout, child.stderr]) {
    const { redact } = options;
    if (!redact) {
      stream?.on("data", (data: Buffer) => record(data.toString("utf8")));
      continue;
    }
    // Each stream by whole lines, so a value cut between two chunks is still redacted.
    const lines = lineRedactor(redact);
    stream?.setEncoding("utf8");
    stream?.on("data", (text: string) => record(lines.push(text)));
    stream?.on("end", () => record(lines.flush()));
  }

  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? "unknown");
    });
    child.once("error", (error) => {
      live.delete(child);
      chunks.push(`\n${error.message}\n`);
      resolve("spawn-error");
    });
  });

  return {
    pid: child.pid ?? -1,
    exited,
    output: () => chunks.join(""),
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        killGroup(child, "SIGKILL"); // grandchildren may outlive the leader
        return;
      }
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      killGroup(child, "SIGKILL");
    },
    async kill() {
      killGroup(child, "SIGKILL");
      await exited;
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Runs a command to completion in its own group; rejects with its output when it fails. */
export async function runToCompletion(command: string, args: string[], options: SpawnGroupOptions) {
  const proc = spawnGroup(command, args, options);
  const code = await proc.exited;
  if (code !== 0) {
    throw new Error(`${[command, ...args].join(" ")} failed (${code}):\n${proc.output().slice(-4000)}`);
  }
  return proc.output();
}
