// A server under test as Linux's /proc sees it: the process is found by the port it listens on
// (whatever `next start` spawned or forked), its resident set is sampled while it works, and the CPU
// time it spent is read, which says what a request costs even on a machine shared with other work.
import { readFileSync, readdirSync, readlinkSync } from "node:fs";

/** Inodes of the sockets listening on `port` (TCP, IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is the tenth field.
      if (fields[1]?.endsWith(`:${hex}`) && fields[3] === "0A" && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** The process listening on `port`; throws when there is none (or /proc does not show it). */
export function findListeningPid(port: number): number {
  const inodes = listeningInodes(port);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        if (inodes.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? "")) return Number(entry);
      } catch {
        // the descriptor closed meanwhile
      }
    }
  }
  throw new Error(`no process found listening on port ${port}`);
}

/** A field of /proc/<pid>/status in MB (VmRSS: now, VmHWM: the peak since the process started). */
export function statusMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1];
  if (!kb) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(kb) / 1024;
}

/** `largestSampleMb`: the largest sample alone (the kernel's peak, in `peakMb`, may be from before sampling began). */
export type MemoryFigures = { startMb: number; peakMb: number; hwmMb: number; largestSampleMb: number };
export type MemorySampler = { pid: number; stop(): MemoryFigures };

/** Samples the resident set of `pid` every `everyMs`; stop() returns the first sample, the largest, and the kernel's peak. */
export function sampleMemory(pid: number, everyMs = 100): MemorySampler {
  const startMb = statusMb(pid, "VmRSS");
  let peakMb = startMb;
  const timer = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, statusMb(pid, "VmRSS"));
    } catch {
      // the process exited: the last sample stands
    }
  }, everyMs);
  return {
    pid,
    stop() {
      clearInterval(timer);
      let hwmMb = peakMb;
      try {
        hwmMb = statusMb(pid, "VmHWM");
      } catch {
        // exited
      }
      return { startMb, peakMb: Math.max(peakMb, hwmMb), hwmMb, largestSampleMb: peakMb };
    },
  };
}

/** User + system CPU seconds the process has used (/proc/<pid>/stat, in USER_HZ = 100 ticks a second on Linux). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs a load phase and adds the CPU time `pid` spent per request during all of it, in ms. */
export async function withCpuPerRequest<T extends { requests: number }>(pid: number, work: () => Promise<T>): Promise<T & { cpuMs: number }> {
  const before = cpuSeconds(pid);
  const result = await work();
  return { ...result, cpuMs: ((cpuSeconds(pid) - before) * 1000) / Math.max(1, result.requests) };
}

/** Runs a closed loop metered by the CPU time of `pid`; adds the CPU ms per good answer of the measured window. */
export async function withCpuPerAnswer<T extends { metered: number; count: number }>(pid: number, work: (meter: () => number) => Promise<T>): Promise<T & { cpuMs: number }> {
  const result = await work(() => cpuSeconds(pid));
  return { ...result, cpuMs: (result.metered * 1000) / Math.max(1, result.count) };
}
