import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Finds the port of the workerd instance that runs our Workers, behind wrangler's proxy.
 *
 * Why: with two `-c` configs in one `wrangler dev` (the only setup where the Queue reaches the
 * runner's consumer: Queues do not cross dev processes), only the first Worker (the API) is served
 * on the public port, and wrangler's proxy strips the header that selects a Worker. The runtime's
 * own entry socket honours `MF-Route-Override: <worker>`, so the runner's scheduled handler is
 * reachable at `<entry>/cdn-cgi/handler/scheduled`. Its port is random, so we look it up among the
 * listening sockets of the wrangler process tree and keep the one that answers `probe`.
 */
export async function findRuntimeEntryPort(
  rootPid: number,
  probe: (port: number) => Promise<boolean>,
  registryDir?: string,
): Promise<number | undefined> {
  const pids = descendants(rootPid);
  // The runtime's debug port speaks Cap'n Proto, not HTTP: leave it alone (its address is in the
  // dev registry) instead of sending it a request it would log as a broken RPC connection.
  const debugPorts = registryDir ? registeredDebugPorts(registryDir) : new Set<number>();
  const ports = (
    existsSync("/proc/net/tcp") ? listeningPortsFromProc(pids) : listeningPortsFromLsof(pids)
  ).filter((port) => !debugPorts.has(port));
  const results = await Promise.all(ports.map(async (port) => ((await probe(port)) ? port : undefined)));
  return results.find((port) => port !== undefined);
}

function registeredDebugPorts(registryDir: string): Set<number> {
  const ports = new Set<number>();
  for (const file of existsSync(registryDir) ? readdirSync(registryDir) : []) {
    try {
      const entry = JSON.parse(readFileSync(join(registryDir, file), "utf8")) as {
        debugPortAddress?: string;
      };
      const port = Number(entry.debugPortAddress?.split(":").pop());
      if (port) ports.add(port);
    } catch {
      // being rewritten right now
    }
  }
  return ports;
}

function descendants(rootPid: number): number[] {
  const table = execFileSync("ps", ["-Ao", "pid=,ppid="], { encoding: "utf8" });
  const children = new Map<number, number[]>();
  for (const line of table.split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!pid || ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function listeningPortsFromProc(pids: number[]): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // exited meanwhile
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1]) inodes.add(match[1]);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  const ports = new Set<number>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local_address rem_address st ... inode(9); st 0A = LISTEN
      if (cols[3] !== "0A" || !cols[9] || !inodes.has(cols[9])) continue;
      ports.add(Number.parseInt(cols[1]?.split(":")[1] ?? "0", 16));
    }
  }
  return [...ports];
}

function listeningPortsFromLsof(pids: number[]): number[] {
  try {
    const out = execFileSync("lsof", ["-nP", "-a", "-iTCP", "-sTCP:LISTEN", "-Fn", "-p", pids.join(",")], {
      encoding: "utf8",
    });
    return [...out.matchAll(/^n.*:(\d+)$/gm)].map((m) => Number(m[1]));
  } catch {
    return [];
  }
}
