// `npm run bench:orders`: the console's orders list at scale. For SQLite and for PostgreSQL, in a
// temporary directory: a fresh database migrated as `npm run db:migrate` does, BENCH_ORDERS orders
// (default 1,000,000: 90 days of a busy shop) added by the code of `npm run seed:bulk`, then each view
// of the list timed as the orders page asks for it (lib/console/orders.ts listOrders: one page of rows
// and the tabs' counts; the views parsed from URL parameters by lib/orders/list-query.ts), p50 / p95 /
// max over BENCH_ROUNDS rounds, next to floors measured in the same rounds on the same database and
// client: `SELECT 1` and one order read by its primary key. Target: p95 ≤ 100 ms per view. Printed,
// never asserted. The PostgreSQL is a throwaway cluster restarted durable (scripts/bench/databases.ts);
// after the seed it is vacuumed and analysed, the state autovacuum brings a table to. SQLite is measured
// as the console runs it: no ANALYZE. BENCH_ORDERS, BENCH_ROUNDS, BENCH_DATABASES=sqlite,postgresql,
// BENCH_POSTGRES_URL.
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb } from "@/lib/db";
import { databaseProvider, pgConnectionString } from "@/prisma/database-url";
import { runPrisma } from "@/prisma/tooling";
import { settle, startBenchPostgres } from "./bench/databases";
import { floorCases, listCases, sampleOrders, timeCases } from "./bench/orders-list";
import { type OrdersDatabaseFigures, formatOrdersReport } from "./bench/orders-report";
import { listFromEnv, wholeNumberFromEnv } from "./bench/settings";
import { seedOrders } from "./seed/write";

const ORDERS = wholeNumberFromEnv("BENCH_ORDERS", 1_000_000);
const ROUNDS = wholeNumberFromEnv("BENCH_ROUNDS", 50);
const WARMUP_ROUNDS = 2;
/** Per database: a view far above its target ends the rounds early rather than the run never. */
const MAX_SECONDS = 120;
const DATABASES = listFromEnv("BENCH_DATABASES", ["sqlite", "postgresql"], ["sqlite", "postgresql"]);
const TARGET_P95_MS = 100;

function progress(line: string): void {
  process.stderr.write(`· ${line}\n`);
}

/** VACUUM (ANALYZE): the visibility map index-only scans rely on, and the planner's statistics. */
async function vacuumAnalyze(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgConnectionString(databaseUrl) });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE) "Order"');
  } finally {
    await client.end();
  }
}

async function benchDatabase(kind: "sqlite" | "postgresql", databaseUrl: string): Promise<OrdersDatabaseFigures> {
  const label = kind === "sqlite" ? "SQLite" : "PostgreSQL";
  progress(`[${kind}] migrating a fresh database`);
  await runPrisma(databaseProvider(databaseUrl), ["migrate", "deploy"], databaseUrl);
  progress(`[${kind}] seeding ${ORDERS.toLocaleString("en")} orders`);
  let nextReport = 0;
  const seed = await seedOrders(databaseUrl, ORDERS, {
    onProgress: ({ phase, written, seconds }) => {
      if (phase === "indexing") return progress(`[${kind}]   ${written.toLocaleString("en")} written in ${seconds.toFixed(0)} s; building the indexes`);
      if (written < nextReport) return;
      nextReport = written + Math.max(1, Math.ceil(ORDERS / 5));
      progress(`[${kind}]   ${written.toLocaleString("en")} orders, ${Math.round(written / seconds).toLocaleString("en")}/s`);
    },
  });
  progress(`[${kind}] seeded: ${Math.round(seed.rate).toLocaleString("en")} orders/s; settling`);
  if (kind === "postgresql") await vacuumAnalyze(databaseUrl);
  const note = await settle(databaseUrl);
  if (note) progress(`[${kind}] ${note}`);
  const db = createDb(databaseUrl);
  try {
    const sample = await sampleOrders(db, new Date());
    progress(`[${kind}] timing ${ROUNDS} rounds of every view`);
    const floors = floorCases(sample);
    const views = listCases(sample);
    const timings = await timeCases(db, [...floors, ...views], { rounds: ROUNDS, warmup: WARMUP_ROUNDS, maxSeconds: MAX_SECONDS });
    return { label, seed, sample, floors: timings.slice(0, floors.length), views: timings.slice(floors.length) };
  } finally {
    await db.$disconnect();
  }
}

function header(postgresOrigin: string | null): string[] {
  return [
    `Orders list benchmark: lib/console/orders.ts listOrders in this process (Prisma, driver adapters), Node ${process.version}, ${availableParallelism()} cores`,
    "  (shared with the database and whatever else runs on the machine)",
    `${ORDERS.toLocaleString("en")} orders per database over 90 days (scripts/seed), ${ROUNDS} rounds after ${WARMUP_ROUNDS} untimed, each round every view once, in turn`,
    "each view: one page of 50 rows and every status tab's count under its filters, as the orders page asks for them",
    "floors: the same client and database, in the same rounds",
    ...(postgresOrigin ? [`PostgreSQL: ${postgresOrigin}; VACUUM (ANALYZE) after the seed`] : []),
  ];
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(path.join(tmpdir(), "bench-orders-"));
  const postgres = DATABASES.includes("postgresql") ? await startBenchPostgres() : null;
  process.once("SIGINT", () => void (postgres?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
  try {
    const databases: OrdersDatabaseFigures[] = [];
    for (const kind of DATABASES) {
      const url = kind === "sqlite" ? `file:${path.join(workDir, "console.db")}` : postgres!.url;
      databases.push(await benchDatabase(kind, url));
    }
    console.log(`\n${formatOrdersReport(header(postgres?.origin ?? null), databases, TARGET_P95_MS)}`);
  } finally {
    await postgres?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
