// The database client: SQLite (the embedded default) or PostgreSQL, chosen by the DATABASE_URL scheme.
// Both clients are generated from prisma/models.prisma (see there), and run on driver adapters: no
// engine binary. A relative SQLite path is relative to the current directory, the project root.
import "server-only";
import { mkdirSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import {
  DEFAULT_DATABASE_URL,
  type DatabaseProvider,
  databaseProvider,
  describeDatabase,
  pgConnection,
  pgConnectionString,
  redactCredentials,
  sqliteFilePath,
} from "@/prisma/database-url";
import { PrismaClient as PostgresClient } from "@/prisma/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "@/prisma/generated/sqlite/client";

/**
 * Money columns are BigInt (10^10 fen does not fit a 32-bit Int), read back as numbers: every amount
 * Alipay allows is far below 2^53, and the whole application counts fen in plain numbers. Writes take
 * numbers as they are. (Aggregates such as `_sum` still return bigint: convert those with Number.)
 */
function withMoneyAsNumbers(client: SqliteClient) {
  const number = <K extends string>(field: K) => ({ needs: { [field]: true } as { [P in K]: true }, compute: (row: { [P in K]: bigint }) => Number(row[field]) });
  const optionalNumber = <K extends string>(field: K) => ({
    needs: { [field]: true } as { [P in K]: true },
    compute: (row: { [P in K]: bigint | null }) => (row[field] === null ? null : Number(row[field])),
  });
  return client.$extends({
    result: {
      order: { amountFen: number("amountFen"), paidFen: number("paidFen"), refundedFen: number("refundedFen"), refundPendingFen: number("refundPendingFen") },
      refund: { amountFen: number("amountFen"), refundFeeFen: optionalNumber("refundFeeFen") },
      billRow: { amountFen: number("amountFen"), receiptFen: number("receiptFen"), merchantDiscountFen: number("merchantDiscountFen"), feeFen: number("feeFen") },
      reconciliationException: { oursFen: optionalNumber("oursFen"), billFen: optionalNumber("billFen") },
    },
  });
}

/**
 * The client the application uses, whichever the provider. Its type is the SQLite client's: both are
 * generated from the same models with the same API, and SQLite's is the narrower (no `mode:
 * "insensitive"`, only Serializable transactions), so what type-checks against it runs on both.
 */
export type Db = ReturnType<typeof withMoneyAsNumbers>;

export type DatabaseStatus = {
  provider: DatabaseProvider;
  /** The database answered a query. */
  ok: boolean;
  /** Why not, without credentials. */
  error?: string;
  /** Migrations in prisma/<provider>/migrations not applied yet; absent when that folder is not deployed. */
  pendingMigrations?: number;
};

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * SQLite in WAL mode with synchronous=FULL: a notification answered `success` must survive a power cut,
 * because Alipay will not send it again (better-sqlite3 is built with WAL's default lowered to NORMAL).
 * busy_timeout lets another process (a CLI) hold the write lock briefly; better-sqlite3 waits synchronously,
 * so the wait is short: a notification that cannot be stored is answered `failure` and comes again.
 */
function durableSqlite(file: string, slot: DriverSlot): PrismaBetterSQLite3 {
  const factory = new PrismaBetterSQLite3({ url: file });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const pragmas = file === ":memory:" ? "" : "PRAGMA journal_mode = WAL;";
    await adapter.executeScript(`${pragmas} PRAGMA synchronous = FULL; PRAGMA busy_timeout = 3000; PRAGMA foreign_keys = ON;`);
    capture(slot, adapter, { kind: "sqlite", database: (adapter as unknown as { client: BetterSqlite3.Database }).client });
    return adapter;
  };
  return factory;
}

/**
 * The connection under Prisma, for the one hot path that cannot afford Prisma's per-query cost (the
 * notification intake, lib/payments/notify-fast.ts). SQLite: Prisma's own single connection (so its
 * users must never write while one of Prisma's interactive transactions is open: see there).
 * PostgreSQL: Prisma's pool.
 */
export type Driver =
  | { kind: "sqlite"; database: BetterSqlite3.Database }
  | {
      kind: "postgresql";
      pool: pg.Pool;
      schema: string;
      /**
       * A small pool beside Prisma's whose commits do not wait for their WAL flush (synchronous_commit
       * off), for writes that a later synchronous commit makes durable before anything is answered.
       */
      lazyCommitPool(): pg.Pool;
    };
type DriverSlot = { current?: Driver; close?: () => Promise<void> };
// On globalThis: Next bundles this module more than once (instrumentation.ts and the routes), and a
// client made by one copy (the worker's, shared through getDb) is used by the others.
const globalForDrivers = globalThis as typeof globalThis & { consoleDbDrivers?: WeakMap<object, DriverSlot> };
const drivers = (globalForDrivers.consoleDbDrivers ??= new WeakMap<object, DriverSlot>());

function capture(slot: DriverSlot, adapter: { dispose(): Promise<void> }, driver: Driver): void {
  slot.current = driver;
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    slot.current = undefined;
    const close = slot.close;
    slot.close = undefined;
    await Promise.all([dispose(), close?.()]);
  };
}

/** The driver under `db`, connecting it if needed. */
export async function getDriver(db: Db): Promise<Driver> {
  const slot = drivers.get(db);
  if (!slot) throw new Error("this client was not made by createDb");
  if (!slot.current) await db.$connect();
  if (!slot.current) throw new Error("the database driver did not connect");
  return slot.current;
}

/** Interactive transactions wait their turn (SQLite runs one at a time) instead of failing after 2 s. */
export const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

export function createDb(databaseUrl: string): Db {
  const slot: DriverSlot = {};
  let db: Db;
  if (databaseProvider(databaseUrl) === "sqlite") {
    const file = sqliteFilePath(databaseUrl, process.cwd());
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    db = withMoneyAsNumbers(new SqliteClient({ adapter: durableSqlite(file, slot) }));
  } else {
    const schema = pgConnection(databaseUrl).schema;
    const factory = new PrismaPg({ connectionString: pgConnectionString(databaseUrl), connectionTimeoutMillis: CONNECT_TIMEOUT_MS }, { schema });
    const connect = factory.connect.bind(factory);
    factory.connect = async () => {
      const adapter = await connect();
      let lazy: pg.Pool | undefined;
      const lazyCommitPool = () => {
        if (!lazy) {
          const pool = (lazy = new pg.Pool({ connectionString: pgConnectionString(databaseUrl), connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 2, allowExitOnIdle: true, query_timeout: 10_000, options: "-c synchronous_commit=off" }));
          pool.on("error", () => {});
          slot.close = () => pool.end();
        }
        return lazy;
      };
      capture(slot, adapter, { kind: "postgresql", pool: adapter.underlyingDriver() as pg.Pool, schema: schema ?? "public", lazyCommitPool });
      return adapter;
    };
    // Same models, same runtime API: see Db.
    db = withMoneyAsNumbers(new PostgresClient({ adapter: factory }) as unknown as SqliteClient);
  }
  drivers.set(db, slot);
  return db;
}

/** DATABASE_URL, or the default SQLite file. */
export function configuredDatabaseUrl(): string {
  return process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

// On globalThis so that Next's hot reloads in development reuse the client instead of opening new pools.
const globalForDb = globalThis as typeof globalThis & { consoleDb?: Db };

/** The process-wide client for DATABASE_URL (default: the SQLite file in .data/). */
export function getDb(): Db {
  globalForDb.consoleDb ??= createDb(configuredDatabaseUrl());
  return globalForDb.consoleDb;
}

async function countPendingMigrations(db: Db, provider: DatabaseProvider): Promise<number | undefined> {
  // Literal paths, so that Next's output tracing ships these two folders and nothing else of prisma/.
  const dir =
    provider === "sqlite" ? path.join(process.cwd(), "prisma/sqlite/migrations") : path.join(process.cwd(), "prisma/postgresql/migrations");
  let folders: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return undefined;
  }
  // No _prisma_migrations table yet means nothing was ever applied.
  const applied = await db
    .$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
    .catch(() => []);
  const names = new Set(applied.map((row) => row.migration_name));
  return folders.filter((folder) => !names.has(folder)).length;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The useful part of a Prisma error: "Invalid `prisma.$queryRaw()` invocation: … Message: `…`". */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const inner = /Message: `([^`]*)`/.exec(message)?.[1];
  return (inner ?? message.replace(/Invalid `[^`]*` invocation:/, "")).replace(/\s+/g, " ").trim();
}

/**
 * Whether the database answers, for the status page and /api/health. Never throws, and never puts
 * credentials in `error`. Without an argument it checks getDb(); with a URL, a client made for the check.
 */
export async function checkDatabase(databaseUrl?: string): Promise<DatabaseStatus> {
  const url = databaseUrl ?? configuredDatabaseUrl();
  let provider: DatabaseProvider;
  try {
    provider = databaseProvider(url);
  } catch (error) {
    return { provider: /^postgres/.test(url) ? "postgresql" : "sqlite", ok: false, error: redactCredentials(reasonOf(error), url) };
  }
  let db: Db | undefined;
  try {
    db = databaseUrl === undefined ? getDb() : createDb(url);
    await withTimeout(db.$queryRaw`SELECT 1`, CONNECT_TIMEOUT_MS + 1_000);
    const pendingMigrations = await countPendingMigrations(db, provider);
    return pendingMigrations === undefined ? { provider, ok: true } : { provider, ok: true, pendingMigrations };
  } catch (error) {
    const where = describeDatabase(url, process.cwd());
    return { provider, ok: false, error: redactCredentials(`Cannot query the ${provider} database at ${where}: ${reasonOf(error)}`, url) };
  } finally {
    if (databaseUrl !== undefined) await db?.$disconnect().catch(() => {});
  }
}
