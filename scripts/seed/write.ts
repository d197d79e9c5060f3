// Writes generated orders (./orders.ts) straight through the drivers, in bulk: on SQLite multi-row
// INSERTs, on PostgreSQL one INSERT … SELECT FROM unnest(arrays) per batch, the next batch generated
// while the database stores the last. The tables' own rules (unique numbers, the amount checks and
// triggers of prisma/<provider>/integrity.sql) are enforced as for any insert.
//
// A load that at least doubles the table is one transaction that drops the Order table's secondary
// indexes, inserts, and creates them again from their own definitions, as pg_restore does: building an
// index from sorted rows is several times faster than inserting a million random keys into it, one by
// one (1,000,000 orders into SQLite on the shared 2-core machine: 7 minutes with the indexes kept,
// under 3 rebuilt). Nothing else writes orders meanwhile (the table is locked), and an interrupted load
// leaves the table as it was. A smaller load is a transaction per batch, the indexes kept.
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, pgConnection, pgConnectionString, sqliteFilePath } from "@/prisma/database-url";
import { PROJECT_ROOT } from "@/prisma/tooling";
import { type SeedOrder, generateOrders } from "./orders";

/** PostgreSQL's type of each column, for unnest's arrays; also the column list, complete by its type. */
const PG_TYPES: Record<keyof SeedOrder, string> = {
  id: "text",
  outTradeNo: "text",
  alipayOutTradeNo: "text",
  amountFen: "int8",
  subject: "text",
  body: "text",
  returnUrl: "text",
  timeoutMinutes: "int4",
  requestHash: "text",
  status: "text",
  qrCode: "text",
  expiresAt: "timestamp(3)",
  tradeNo: "text",
  scanned: "bool",
  finished: "bool",
  buyerId: "text",
  buyerLogonId: "text",
  paidFen: "int8",
  refundedFen: "int8",
  refundPendingFen: "int8",
  anomalies: "text",
  paidAt: "timestamp(3)",
  closedAt: "timestamp(3)",
  storeId: "text",
  terminalId: "text",
  version: "int4",
  nextCheckAt: "timestamp(3)",
  checkCount: "int4",
  lastCheckAt: "timestamp(3)",
  leaseOwner: "text",
  leaseUntil: "timestamp(3)",
  createdAt: "timestamp(3)",
  updatedAt: "timestamp(3)",
};
const COLUMNS = Object.keys(PG_TYPES) as (keyof SeedOrder)[];
const COLUMN_LIST = COLUMNS.map((name) => `"${name}"`).join(", ");

/** Rows per SQLite INSERT: 33 columns × 500 stays under SQLite's 32,766 bound parameters. */
const SQLITE_ROWS_PER_STATEMENT = 500;
const BATCH_SIZE = 5_000;

export type SeedProgress = { phase: "writing" | "indexing"; written: number; count: number; seconds: number };
export type SeedResult = { count: number; seconds: number; rate: number };
export type SeedWriteOptions = { now?: Date; seed?: number; onProgress?: (progress: SeedProgress) => void };

/** Prisma's SQLite format for DateTime (lib/payments/driver.ts); booleans as 0/1. */
function sqliteValue(value: SeedOrder[keyof SeedOrder]): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** DateTime is `timestamp(3)` without a zone, in UTC. */
function pgValue(value: SeedOrder[keyof SeedOrder]): unknown {
  return value instanceof Date ? value.toISOString().replace("T", " ").replace("Z", "") : value;
}

export class SeedError extends Error {
  override name = "SeedError";
}

function notMigrated(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/no such table|does not exist/i.test(message)) throw new SeedError(`The database has no Order table: migrate it first (npm run db:migrate). ${message}`);
  throw error;
}

/** Adds `count` generated orders to the database `databaseUrl` names (migrated, empty or not). */
export async function seedOrders(databaseUrl: string, count: number, options: SeedWriteOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let written = 0;
  const report = (rows: number, phase: SeedProgress["phase"] = "writing") => {
    written += rows;
    options.onProgress?.({ phase, written, count, seconds: seconds() });
  };
  const generate = (firstSequence: number) => generateOrders({ count, now: options.now ?? new Date(), seed: options.seed, firstSequence, batchSize: BATCH_SIZE });
  if (databaseProvider(databaseUrl) === "sqlite") seedSqlite(databaseUrl, count, generate, report);
  else await seedPostgres(databaseUrl, count, generate, report);
  return { count: written, seconds: seconds(), rate: written / seconds() };
}

type Generate = (firstSequence: number) => Generator<SeedOrder[]>;
type Report = (rows: number, phase?: SeedProgress["phase"]) => void;

/** Whether to rebuild the indexes rather than keep them: the load at least doubles the table. */
export function rebuildsIndexes(existing: number, count: number): boolean {
  return count >= Math.max(existing, 1_000);
}

function seedSqlite(databaseUrl: string, count: number, generate: Generate, report: Report): void {
  const file = sqliteFilePath(databaseUrl, PROJECT_ROOT);
  let database: Database.Database;
  try {
    database = new Database(file, { fileMustExist: true });
  } catch (error) {
    throw new SeedError(`No SQLite database at ${file}: create it with npm run db:migrate. (${(error as Error).message})`);
  }
  try {
    // WAL as the console runs it; NORMAL: a power cut may lose the last batches, never the file.
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("cache_size = -262144");
    database.pragma("temp_store = MEMORY");
    let existing = 0;
    try {
      existing = (database.prepare(`SELECT count(*) AS n FROM "Order"`).get() as { n: number }).n;
    } catch (error) {
      notMigrated(error);
    }
    const statements = new Map<number, Database.Statement>();
    const insert = (rows: number) => {
      let statement = statements.get(rows);
      if (!statement) {
        const row = `(${COLUMNS.map(() => "?").join(", ")})`;
        statements.set(rows, (statement = database.prepare(`INSERT INTO "Order" (${COLUMN_LIST}) VALUES ${Array(rows).fill(row).join(", ")}`)));
      }
      return statement;
    };
    const writeBatch = database.transaction((batch: SeedOrder[]) => {
      for (let start = 0; start < batch.length; start += SQLITE_ROWS_PER_STATEMENT) {
        const rows = batch.slice(start, start + SQLITE_ROWS_PER_STATEMENT);
        const values = new Array<unknown>(rows.length * COLUMNS.length);
        let k = 0;
        for (const order of rows) for (const column of COLUMNS) values[k++] = sqliteValue(order[column]);
        insert(rows.length).run(values);
      }
    });
    if (!rebuildsIndexes(existing, count)) {
      for (const batch of generate(existing)) {
        writeBatch(batch);
        report(batch.length);
      }
      return;
    }
    // Secondary indexes only: the primary key's (sqlite_autoindex_…) has no SQL and cannot be dropped.
    const indexes = database.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Order' AND sql IS NOT NULL`).all() as { name: string; sql: string }[];
    database.exec("BEGIN IMMEDIATE");
    try {
      for (const index of indexes) database.exec(`DROP INDEX "${index.name}"`);
      for (const batch of generate(existing)) {
        writeBatch(batch);
        report(batch.length);
      }
      report(0, "indexing");
      for (const index of indexes) database.exec(index.sql);
      database.exec("COMMIT");
    } catch (error) {
      if (database.inTransaction) database.exec("ROLLBACK");
      throw error;
    }
  } finally {
    database.close();
  }
}

async function seedPostgres(databaseUrl: string, count: number, generate: Generate, report: Report): Promise<void> {
  const client = new pg.Client({ connectionString: pgConnectionString(databaseUrl), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const schema = pgConnection(databaseUrl).schema ?? "public";
    const table = `"${schema.replace(/"/g, '""')}"."Order"`;
    // Each batch commits without waiting for its WAL flush: a crash may lose the last batches, never the data before.
    await client.query("SET synchronous_commit = off");
    const existing = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`).catch(notMigrated)).rows[0]!.n);
    const arrays = COLUMNS.map((column, i) => `$${i + 1}::${PG_TYPES[column]}[]`).join(", ");
    const text = `INSERT INTO ${table} (${COLUMN_LIST}) SELECT * FROM unnest(${arrays})`;
    const load = async () => {
      let pending: Promise<unknown> = Promise.resolve();
      for (const batch of generate(existing)) {
        const values = COLUMNS.map((column) => batch.map((order) => pgValue(order[column])));
        await pending;
        pending = client.query(text, values).then(() => report(batch.length));
      }
      await pending;
    };
    if (!rebuildsIndexes(existing, count)) return await load();
    await client.query("BEGIN");
    try {
      // Secondary indexes only: the primary key is a constraint the foreign keys of other tables need.
      const { rows: indexes } = await client.query<{ name: string; definition: string }>(
        `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid = $1::regclass AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`,
        [table],
      );
      for (const index of indexes) await client.query(`DROP INDEX "${schema.replace(/"/g, '""')}"."${index.name}"`);
      await load();
      report(0, "indexing");
      await client.query("SET LOCAL maintenance_work_mem = '256MB'");
      for (const index of indexes) await client.query(index.definition);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    await client.end();
  }
}
