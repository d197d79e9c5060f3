// Plain SQL on the database driver under Prisma (lib/db.ts getDriver), for the paths that run on every
// payment: Prisma spends 1–2 ms of CPU compiling each ORM query (README, benchmarks). The same rows the
// Prisma paths write; each fast path declines (null) whatever is not its common case.
//
// - SQLite: Prisma's own connection, used synchronously, and only while none of Prisma's interactive
//   transactions is open on it (a statement then would join that transaction); a transaction here never
//   yields, so nothing interleaves. The transactions queued together share one BEGIN…COMMIT and one
//   fsync (group commit, batcher.ts), each under its own savepoint, and none is answered before it.
// - PostgreSQL: Prisma's pool, READ COMMITTED, named prepared statements.
import "server-only";
import { createHash } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import type { Driver } from "@/lib/db";
import { pokeFeed } from "@/lib/events/feed";
import { Batcher, type Settled, batcherPer } from "./batcher";
import { pgCopyIn, pgEachRow } from "./pg-bulk";

/** Arrays are for PostgreSQL only (`= ANY(?)`, `unnest(?::int8[])`). */
export type Value = string | number | boolean | Buffer | Date | null | readonly (string | number | null)[];
export type Row = Record<string, unknown>;
/** `each` hands the rows one at a time, as arrays in the order of the columns, and answers their number. */
export type Query =
  | { kind: "all" | "run"; text: string; params: Value[]; ready?: boolean }
  | { kind: "each"; text: string; params: Value[]; row: (values: unknown[]) => void; ready?: boolean }
  | { kind: "copy"; text: string; chunks: readonly (string | Buffer)[] };
export type SqliteDriver = Extract<Driver, { kind: "sqlite" }>;
export type PgDriver = Extract<Driver, { kind: "postgresql" }>;
/**
 * The work of one transaction, as a generator that yields its statements: the SQLite runner feeds the
 * answers back synchronously (no await, so no other code runs on the connection mid-transaction), the
 * PostgreSQL runner awaits them. Returns null to roll back and leave the notification to the Prisma path.
 */
export type Work<T> = (table: (name: string) => string, dialect: Driver["kind"]) => Generator<Query, T | null, unknown>;

export const tableOf = (driver: Driver) => (name: string) => (driver.kind === "sqlite" ? `"${name}"` : `"${driver.schema}"."${name}"`);
/** Column names as a statement lists them: `"a", "b"`. */
export const columnList = (names: readonly string[]) => names.map((name) => `"${name}"`).join(", ");

export const all = (text: string, params: Value[]): Query => ({ kind: "all", text, params });
export const run = (text: string, params: Value[]): Query => ({ kind: "run", text, params });
/** A write whose values are already as the driver binds them (text, numbers, null): not converted again. */
export const runReady = (text: string, params: Value[]): Query => ({ kind: "run", text, params, ready: true });
/** For results too large to hold whole: rows are read as they are handed on (SQLite a row, PostgreSQL a page at a time). */
export const each = (text: string, params: Value[], row: (values: unknown[]) => void): Query => ({ kind: "each", text, params, row });

/**
 * PostgreSQL only: `COPY … FROM STDIN` fed `chunks`, in the format the statement names (bill-copy.ts
 * writes the binary one). Answers the number of rows. The server reads rows several times faster this way than from INSERTs.
 */
export const copyIn = (text: string, chunks: readonly (string | Buffer)[]): Query => ({ kind: "copy", text, chunks });

/** Lets a SQLite write wait, without blocking, for one of Prisma's interactive transactions to end. */
export async function sqliteIdle(driver: SqliteDriver): Promise<boolean> {
  for (let turn = 0; driver.database.inTransaction; turn++) {
    if (turn > 2_000) return false;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}

export function sqliteValue(value: Value): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  // Prisma's SQLite format for DateTime.
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  return value;
}

/** DateTime is `timestamp(3)` without a zone, in UTC. */
export const pgTimestamp = (date: Date) => date.toISOString().replace("T", " ").replace("Z", "");

export function pgValue(value: Value): unknown {
  return value instanceof Date ? pgTimestamp(value) : value;
}

export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * The named statement texts' total size at most: each is kept here, by pg for each connection, and
 * prepared in each of PostgreSQL's backends.
 */
const MAX_NAMED_CHARACTERS = 1_000_000;
const statementNames = new Map<string, string>();
let namedCharacters = 0;

/**
 * A name for a statement text: PostgreSQL parses and plans it once per connection. Undefined (parsed
 * every time) once MAX_NAMED_CHARACTERS are named: batch statements vary with their contents.
 */
export function named(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && namedCharacters + text.length <= MAX_NAMED_CHARACTERS) {
    statementNames.set(text, (name = `afc_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`));
    namedCharacters += text.length;
  }
  return name;
}

export const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "23505";

/** Prepared once per connection and text: better-sqlite3 compiles a statement on every prepare. */
const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement<unknown[]>>>();

export function statementFor(database: BetterSqlite3.Database, text: string): BetterSqlite3.Statement<unknown[]> {
  let cache = prepared.get(database);
  if (!cache) prepared.set(database, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = database.prepare<unknown[]>(text)));
  return statement;
}

/** Runs a read on the driver, `?` placeholders, values as Prisma stores them. */
export async function readRows(driver: Driver, text: string, values: Value[]): Promise<Record<string, unknown>[]> {
  if (driver.kind === "postgresql") return (await driver.pool.query({ name: named(text), text: numbered(text), values: values.map(pgValue) })).rows;
  // A read inside one of Prisma's open interactive transactions would see its uncommitted writes.
  if (!(await sqliteIdle(driver))) throw new Error("the database stayed in a transaction");
  return statementFor(driver.database, text).all(...values.map(sqliteValue)) as Record<string, unknown>[];
}

// ——— SQLite: group commit ———

/** Feeds a work's statements their answers, synchronously: nothing else can touch the connection meanwhile. */
function drive(database: BetterSqlite3.Database, steps: Generator<Query, unknown, unknown>): unknown {
  let step = steps.next();
  while (!step.done) {
    const query = step.value;
    if (query.kind === "copy") throw new Error("COPY is PostgreSQL's");
    const statement = statementFor(database, query.text);
    const params = query.ready ? query.params : query.params.map(sqliteValue);
    if (query.kind === "each") step = steps.next(eachRow(statement, params, query.row));
    else step = steps.next(query.kind === "all" ? statement.all(...params) : statement.run(...params).changes);
  }
  return step.value;
}

function eachRow(statement: BetterSqlite3.Statement<unknown[]>, params: unknown[], row: (values: unknown[]) => void): number {
  let count = 0;
  statement.raw(true);
  try {
    for (const values of statement.iterate(...params)) {
      row(values as unknown[]);
      count += 1;
    }
  } finally {
    statement.raw(false);
  }
  return count;
}

/** One work inside the batch's transaction, under its own savepoint: null or an error undoes only its own writes. */
function runItem(database: BetterSqlite3.Database, steps: Generator<Query, unknown, unknown>): Settled<unknown> {
  database.exec("SAVEPOINT notification");
  try {
    const value = drive(database, steps);
    if (value === null) database.exec("ROLLBACK TO notification");
    database.exec("RELEASE notification");
    return { value };
  } catch (error) {
    // SQLite ended the whole transaction (disk full, I/O error): the batch fails as one.
    if (!database.inTransaction) throw error;
    database.exec("ROLLBACK TO notification");
    database.exec("RELEASE notification");
    return { error };
  }
}

/** Runs `body` in one transaction, BEGIN to COMMIT, synchronously; rolls back if it throws. */
export function sqliteTransaction<T>(database: BetterSqlite3.Database, body: () => T): T {
  database.exec("BEGIN IMMEDIATE");
  try {
    const result = body();
    database.exec("COMMIT");
    return result;
  } catch (error) {
    if (database.inTransaction) database.exec("ROLLBACK");
    throw error;
  }
}

/**
 * `body` in one transaction at synchronous=NORMAL: its commit skips its fsync. Only for writes that nothing
 * relies on until a later commit at FULL, whose fsync covers the whole WAL, these writes included.
 */
export function sqliteUnsyncedTransaction<T>(database: BetterSqlite3.Database, body: () => T): T {
  database.exec("PRAGMA synchronous = NORMAL");
  try {
    return sqliteTransaction(database, body);
  } finally {
    // Every other write on this connection (a notification answered success) relies on FULL: fail loudly if it is not back.
    database.exec("PRAGMA synchronous = FULL");
    if (Number(database.pragma("synchronous", { simple: true })) !== 2) throw new Error("SQLite's synchronous=FULL could not be restored after an unsynced commit");
  }
}

/** The works queued together, in one transaction: one fsync (synchronous=FULL) for all of them. */
const sqliteWorks = batcherPer((driver: SqliteDriver) =>
  new Batcher<Generator<Query, unknown, unknown>, unknown>(async (works) => {
    // Checked again right before BEGIN: nothing may run between the check and the transaction.
    if (!(await sqliteIdle(driver)) || driver.database.inTransaction) return works.map(() => ({ value: null }));
    return sqliteTransaction(driver.database, () => works.map((steps) => runItem(driver.database, steps)));
  }),
);

export type TransactionOptions = {
  /**
   * Commit without waiting for the disk: SQLite runs the transaction alone at synchronous=NORMAL, PostgreSQL
   * on the pool with synchronous_commit off. Only for writes that nothing relies on until a later durable
   * commit, which makes them durable too (the log is flushed in order): a bill's rows before it is marked imported.
   */
  lazyCommit?: boolean;
};

/** Runs `work` in a transaction on the driver (SQLite: in the next group commit). Null: rolled back. */
export async function inTransaction<T>(driver: Driver, work: Work<T>, options: TransactionOptions = {}): Promise<T | null> {
  const result = options.lazyCommit ? await runLazyTransaction(driver, work) : await runTransaction(driver, work);
  if (result !== null) pokeFeed();
  return result;
}

/** SQLite: alone, outside the group commit (its fsync is the one skipped), synchronously as every write here. */
async function runLazyTransaction<T>(driver: Driver, work: Work<T>): Promise<T | null> {
  if (driver.kind === "postgresql") return runTransaction(driver, work, driver.lazyCommitPool());
  const database = driver.database;
  if (!(await sqliteIdle(driver)) || database.inTransaction) return null;
  try {
    return sqliteUnsyncedTransaction(database, () => {
      const value = drive(database, work(tableOf(driver), "sqlite")) as T | null;
      if (value === null) throw ROLLED_BACK;
      return value;
    });
  } catch (error) {
    if (error === ROLLED_BACK) return null;
    throw error;
  }
}

const ROLLED_BACK = Symbol("rolled back");

async function runTransaction<T>(driver: Driver, work: Work<T>, pool?: pg.Pool): Promise<T | null> {
  if (driver.kind === "sqlite") return (await sqliteWorks(driver).add(work(tableOf(driver), "sqlite"))) as T | null;
  const client = await (pool ?? driver.pool).connect();
  // Checked out, a client's own error (its connection lost) has no listener of the pool's: without one it
  // would end the process. The query under way fails with it all the same.
  const ignore = () => {};
  client.on("error", ignore);
  // A connection whose transaction could not be rolled back is closed, never handed to the next borrower.
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const steps = work(tableOf(driver), "postgresql");
    let step = steps.next();
    while (!step.done) {
      const query = step.value;
      if (query.kind === "copy") {
        step = steps.next(await pgCopyIn(client, query.text, query.chunks));
        continue;
      }
      const values = query.ready ? query.params : query.params.map(pgValue);
      if (query.kind === "each") {
        step = steps.next(await pgEachRow(client, numbered(query.text), values, query.row));
      } else {
        const answer = await client.query(numbered(query.text), values);
        step = steps.next(query.kind === "all" ? answer.rows : (answer.rowCount ?? 0));
      }
    }
    await client.query(step.value === null ? "ROLLBACK" : "COMMIT");
    return step.value;
  } catch (error) {
    await client.query("ROLLBACK").catch((failed: unknown) => {
      broken = failed instanceof Error ? failed : new Error(String(failed));
    });
    if (isUniqueViolation(error)) return null;
    throw error;
  } finally {
    client.off("error", ignore);
    client.release(broken);
  }
}
