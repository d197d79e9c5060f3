// `npm run bench:reconcile`: one day's reconciliation at scale. For SQLite and PostgreSQL (a throwaway
// cluster restarted durable): BENCH_ORDERS orders (default 100,000) paid on one Beijing day, each with its
// verified notification and one in fifty refunded, and Alipay's bill of the same trades in the real format
// (scripts/bench/reconcile-data.ts). Then, each in a fresh process so that its peak memory is its own
// (scripts/bench/reconcile-child.ts): the floor, reading and decoding the same zip and nothing else, and
// the run, importing the bill and reconciling the day as the worker does. Targets: run ≤ 3 × the floor;
// peak RSS ≤ 300 MB. Printed, never asserted. BENCH_ORDERS, BENCH_DATABASES=sqlite,postgresql.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { databaseProvider } from "@/prisma/database-url";
import { runPrisma } from "@/prisma/tooling";
import { settle, startBenchPostgres } from "./bench/databases";
import { dayBill, dayTrades, seedDay } from "./bench/reconcile-data";
import { listFromEnv, wholeNumberFromEnv } from "./bench/settings";
import { ROOT } from "./processes";

const ORDERS = wholeNumberFromEnv("BENCH_ORDERS", 100_000);
const DATABASES = listFromEnv("BENCH_DATABASES", ["sqlite", "postgresql"], ["sqlite", "postgresql"]);
const BILL_DATE = "2026-11-02";
const TARGETS = { ratio: 3, peakMb: 300 };

type Phase = { ms: number; rows: number; exceptions: number; peakMb: number };

function progress(line: string): void {
  process.stderr.write(`· ${line}\n`);
}

async function child(mode: "floor" | "run", databaseUrl: string, zipPath: string): Promise<Phase> {
  // tsx's CommonJS hook, in the process's own thread: its ESM hooks run a loader thread of ~20 MB of its own,
  // which neither the console (built by Next) nor the reading it is measured against has.
  const args = ["--conditions=react-server", "--require", "tsx/cjs", "-e", "require(process.argv[1])", path.join(ROOT, "scripts", "bench", "reconcile-child.ts"), mode, databaseUrl, zipPath, BILL_DATE];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 1024 * 1024, env: { ...process.env, LOG_LEVEL: "warn" } });
  return JSON.parse(stdout.trim().split("\n").pop()!) as Phase;
}

async function benchDatabase(kind: string, databaseUrl: string, zipPath: string, trades: ReturnType<typeof dayTrades>) {
  progress(`[${kind}] migrating a fresh database`);
  await runPrisma(databaseProvider(databaseUrl), ["migrate", "deploy"], databaseUrl);
  const seeded = performance.now();
  await seedDay(databaseUrl, trades, (written) => written % 20_000 === 0 && progress(`[${kind}]   ${written.toLocaleString("en")} orders + notifications`));
  progress(`[${kind}] seeded in ${((performance.now() - seeded) / 1000).toFixed(0)} s; settling`);
  await settle(databaseUrl);
  const floor = await child("floor", databaseUrl, zipPath);
  progress(`[${kind}] floor: ${floor.ms.toFixed(0)} ms; importing and reconciling`);
  const run = await child("run", databaseUrl, zipPath);
  return { kind, floor, run };
}

function report(results: Awaited<ReturnType<typeof benchDatabase>>[], zipBytes: number): string {
  const lines = [
    `Reconciliation benchmark: one Beijing day, ${ORDERS.toLocaleString("en")} orders and notifications, Node ${process.version}, ${availableParallelism()} cores (shared)`,
    `the bill: ${results[0]?.run.rows.toLocaleString("en")} rows, a ${(zipBytes / 1024 / 1024).toFixed(1)} MB zip of GBK CSVs; each phase in a fresh process`,
    `targets: import + match ≤ ${TARGETS.ratio} × the floor (reading and decoding the same zip), peak RSS ≤ ${TARGETS.peakMb} MB`,
    "",
    `${"".padEnd(44)}${"time".padStart(10)}${"peak RSS".padStart(12)}`,
  ];
  for (const { kind, floor, run } of results) {
    const ratio = run.ms / floor.ms;
    lines.push(`${kind}`);
    lines.push(`  ${"floor: read and decode the zip".padEnd(42)}${`${floor.ms.toFixed(0)} ms`.padStart(10)}${`${floor.peakMb.toFixed(0)} MB`.padStart(12)}`);
    lines.push(`  ${"import + match (exceptions found)".padEnd(42)}${`${run.ms.toFixed(0)} ms`.padStart(10)}${`${run.peakMb.toFixed(0)} MB`.padStart(12)}   ${run.exceptions} exceptions`);
    lines.push(`  ${"ratio to the floor".padEnd(42)}${`${ratio.toFixed(1)} ×`.padStart(10)}   time ${ratio <= TARGETS.ratio ? "met" : "NOT met"}, memory ${run.peakMb <= TARGETS.peakMb ? "met" : "NOT met"}`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(path.join(tmpdir(), "bench-reconcile-"));
  const postgres = DATABASES.includes("postgresql") ? await startBenchPostgres() : null;
  process.once("SIGINT", () => void (postgres?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
  try {
    const trades = dayTrades(ORDERS, BILL_DATE);
    progress(`building the bill of ${ORDERS.toLocaleString("en")} trades`);
    const zip = dayBill(trades, BILL_DATE);
    const zipPath = path.join(workDir, "bill.csv.zip");
    writeFileSync(zipPath, zip);
    const results = [];
    for (const kind of DATABASES) {
      const url = kind === "sqlite" ? `file:${path.join(workDir, "console.db")}` : postgres!.url;
      results.push(await benchDatabase(kind, url, zipPath, trades));
    }
    console.log(`\n${report(results, zip.length)}`);
  } finally {
    await postgres?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
