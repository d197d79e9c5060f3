// The npm registry reachable here serves only the Linux builds of packages that ship one build per
// platform (@next/swc-*, @swc/core-*, @tailwindcss/oxide-*). `npm install` then leaves the other
// platforms out of package-lock.json, and `npm ci` refuses the lock as out of sync. Those entries are
// optional and never installed here; this writes them back with their os/cpu/libc so that `npm ci`
// skips them. Run `npm run lock:fix` after every `npm install` that changes the lock.
import { readFileSync, writeFileSync } from "node:fs";

type LockEntry = { version?: string; optionalDependencies?: Record<string, string>; [key: string]: unknown };
type Lock = { packages: Record<string, LockEntry> };

const OSES = ["darwin", "win32", "linux", "android", "freebsd"];
const CPUS = ["arm64", "x64", "ia32", "ppc64", "s390x", "arm"];

/** The platform a per-platform package is for, read from its name (`@next/swc-darwin-arm64`). */
export function platformOf(name: string): { os?: string[]; cpu: string[]; libc?: string[] } | null {
  const base = name.split("/").pop()!;
  const os = OSES.find((o) => base.includes(`-${o}-`));
  const cpu = base.includes("wasm32") ? "wasm32" : CPUS.find((c) => new RegExp(`-${c}(-|$)`).test(base));
  if (!cpu) return null;
  const libc = /-(gnu|gnueabihf)$/.test(base) ? "glibc" : base.endsWith("-musl") ? "musl" : undefined;
  return { ...(os ? { os: [os] } : {}), cpu: [cpu], ...(libc ? { libc: [libc] } : {}) };
}

/** The optional per-platform dependencies the lock names but does not hold. */
export function missingPlatformEntries(lock: Lock): Array<{ key: string; entry: LockEntry }> {
  const missing: Array<{ key: string; entry: LockEntry }> = [];
  for (const entry of Object.values(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`;
      const platform = platformOf(name);
      if (lock.packages[key] || !platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
      missing.push({ key, entry: { version, optional: true, ...platform } });
    }
  }
  return missing;
}

export function fixLock(lock: Lock): number {
  const missing = missingPlatformEntries(lock);
  for (const { key, entry } of missing) lock.packages[key] = entry;
  // npm orders the entries with localeCompare; keeping its order keeps the diff to the added entries.
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b, "en")));
  return missing.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = new URL("../package-lock.json", import.meta.url);
  const lock = JSON.parse(readFileSync(file, "utf8")) as Lock;
  const added = fixLock(lock);
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(added === 0 ? "package-lock.json already lists every platform." : `Added ${added} per-platform entries to package-lock.json.`);
}
