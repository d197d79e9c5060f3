// One measured phase of the reconciliation benchmark, alone in its process so that its peak memory is its
// own: `floor` reads and decodes the bill (readTradeBill in this thread, rows dropped); `run` imports it
// and reconciles the day as the worker does (the bill read on its own thread meanwhile). Prints
// {"ms","rows","peakMb"} as JSON: the peak is the process's, the reading thread's memory included.
import { readFileSync } from "node:fs";
import { readTradeBill } from "@/lib/alipay/bill/read-trade-bill";
import { createDb, getDriver } from "@/lib/db";
import { importBill } from "@/lib/reconciliation/import-bill";
import { reconcileDay } from "@/lib/reconciliation/reconcile-day";
import { BENCH_PID } from "./reconcile-data";

function peakMb(): number {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith("VmHWM:"));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const [mode, databaseUrl, zipPath, billDate] = process.argv.slice(2) as [string, string, string, string];
  const bytes = readFileSync(zipPath);
  // Connected before the clock starts, as the console's client is long before a bill comes (the floor
  // connects to nothing): Prisma's connect loads its query compiler, a fifth of a second.
  const db = mode === "floor" ? null : createDb(databaseUrl);
  if (db) await getDriver(db);
  const started = performance.now();
  let rows = 0;
  let exceptions = 0;
  if (mode === "floor") {
    await readTradeBill(bytes, () => void (rows += 1));
  } else if (db) {
    const imported = await importBill(db, { billDate, source: "UPLOAD", fileName: "bench.csv.zip", bytes, receivedBy: "bench" }, BENCH_PID, { prepare: true });
    if (!imported.ok) throw new Error(`the bill was refused: ${imported.reason}`);
    const run = await reconcileDay(db, billDate, { feeRateBp: 60, imported });
    if (!run.ok) throw new Error("no bill");
    rows = imported.summary.rows;
    exceptions = run.found;
    await db.$disconnect();
  }
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, rows, exceptions, peakMb: peakMb() })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
