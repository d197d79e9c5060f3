// The databases the intake benchmark runs on, durable as in production: SQLite files in a temporary
// directory (lib/db.ts sets WAL and synchronous=FULL), and PostgreSQL with fsync and synchronous_commit
// on. The throwaway cluster of scripts/pg-cluster.mjs is started with fsync, synchronous_commit and
// full_page_writes off (it is for tests), and command-line settings outrank ALTER SYSTEM: so it is
// restarted here with PostgreSQL's defaults. BENCH_POSTGRES_URL uses a server of your own instead.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb } from "@/lib/db";
import { databaseProvider, pgConnectionString, sqliteFilePath } from "@/prisma/database-url";
import { ROOT } from "../processes";
import { type ThrowawayPostgres, startThrowawayPostgres } from "../pg-cluster.mjs";

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type BenchPostgres = { url: string; origin: string; stop(): Promise<void> };

/** pg_ctl restart with only the port, socket directory and address on the command line: the defaults rule again. */
async function restartDurable(cluster: ThrowawayPostgres): Promise<void> {
  const pgCtl = path.join(PG_BIN, "pg_ctl");
  const options = `-p ${cluster.port} -k ${cluster.dir} -c listen_addresses=127.0.0.1`;
  const args = ["-D", path.join(cluster.dir, "data"), "-o", options, "-l", path.join(cluster.dir, "postgres.log"), "-w", "-t", "60", "restart"];
  const asRoot = process.getuid?.() === 0;
  await promisify(execFile)(asRoot ? "runuser" : pgCtl, asRoot ? ["-u", "postgres", "--", pgCtl, ...args] : args);
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const given = process.env.BENCH_POSTGRES_URL?.trim();
  if (given) return { url: given, origin: "BENCH_POSTGRES_URL", stop: async () => {} };
  const cluster = await startThrowawayPostgres();
  try {
    await restartDurable(cluster);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return { url: cluster.url, origin: "a throwaway PostgreSQL 15 cluster, restarted with fsync, synchronous_commit and full_page_writes at their defaults (on)", stop: () => cluster.stop() };
}

/**
 * Writes out what the phases so far left behind, before the next timed phase: the database's checkpoint
 * (PostgreSQL's dirty buffers; SQLite's WAL into the database file, the WAL kept at its size, as in
 * steady use), then the kernel's dirty pages (`sync`). Otherwise a phase pays for the writes of the one
 * before (the bare handler seeds 100,000 orders; the closed loop writes thousands of notifications in
 * seconds), and the fixed-rate phase measures the aftermath of a burst instead of 200/s. On PostgreSQL
 * the pages first written after a checkpoint carry full-page images in the WAL: the phase after it pays
 * for those, as the minutes after each of PostgreSQL's own checkpoints do. Returns a note when the
 * checkpoint could not be made (CHECKPOINT needs a superuser or pg_checkpoint on a server of your own).
 */
export async function settle(databaseUrl: string): Promise<string | null> {
  let note: string | null = null;
  if (databaseProvider(databaseUrl) === "sqlite") {
    const database = new Database(sqliteFilePath(databaseUrl, ROOT), { fileMustExist: true });
    try {
      const [result] = database.pragma("wal_checkpoint(RESTART)") as { busy: number; log: number; checkpointed: number }[];
      if (result && (result.busy !== 0 || result.log !== result.checkpointed)) note = `SQLite checkpoint incomplete: ${JSON.stringify(result)}`;
    } finally {
      database.close();
    }
  } else {
    const client = new pg.Client({ connectionString: pgConnectionString(databaseUrl), connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      await client.query("CHECKPOINT");
    } catch (error) {
      note = `no CHECKPOINT: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      await client.end().catch(() => {});
    }
  }
  await promisify(execFile)("sync");
  return note;
}

/** The settings a connection made by lib/db.ts (as the console makes it) runs under. */
export async function durabilitySettings(databaseUrl: string): Promise<Record<string, string>> {
  const db = createDb(databaseUrl);
  const value = async (sql: string) => {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql);
    return String(Object.values(rows[0] ?? {})[0]);
  };
  try {
    if (databaseProvider(databaseUrl) === "sqlite") {
      return { journal_mode: await value("PRAGMA journal_mode"), synchronous: await value("PRAGMA synchronous") };
    }
    return { synchronous_commit: await value("SHOW synchronous_commit"), fsync: await value("SHOW fsync"), full_page_writes: await value("SHOW full_page_writes") };
  } finally {
    await db.$disconnect();
  }
}

/** Whether the settings keep a commit through a power cut (synchronous: 2 is FULL, 3 is EXTRA). */
export function isDurable(settings: Record<string, string>): boolean {
  if ("journal_mode" in settings) return settings.journal_mode === "wal" && Number(settings.synchronous) >= 2;
  return settings.synchronous_commit !== "off" && settings.fsync === "on";
}

export function describeSettings(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${key === "synchronous" ? ({ "0": "OFF", "1": "NORMAL", "2": "FULL", "3": "EXTRA" }[value] ?? value) : value}`)
    .join(" ");
}
