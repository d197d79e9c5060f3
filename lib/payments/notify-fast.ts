// The notification intake's hot path, on the database driver directly: Prisma spends 1–2 ms of CPU
// compiling each ORM query, and a notification needs about eight (README, benchmarks). The common
// case (a genuine notification for a known order, a fact that applies cleanly, is a duplicate or is
// stale) is stored in one statement and applied in one transaction of plain SQL, the same rows the Prisma path
// writes. Anything else returns null and takes the Prisma path in notify.ts, which handles every case.
//
// SQLite: Prisma's own connection, used synchronously, and only while none of Prisma's interactive
// transactions is open on it (a statement then would join that transaction); a transaction here never
// yields, so nothing interleaves. The notifications that arrive together share one transaction and one
// fsync (group commit), each under its own savepoint, and none is answered before that commit. PostgreSQL: a client from Prisma's pool, READ COMMITTED, with the
// same guards as the Prisma path: the fact's key under a unique constraint, the order's version.
import "server-only";
import type BetterSqlite3 from "better-sqlite3";
import type { NotifySignatureVerdict } from "@/lib/alipay/notify";
import { type Driver, getDriver } from "@/lib/db";
import { applyFact } from "@/lib/orders/apply-fact";
import { isOrderStatus } from "@/lib/orders/status";
import { type TradeFact, factKey } from "@/lib/orders/trade-facts";
import type { PaymentsContext } from "./context";

type Value = string | number | boolean | Buffer | Date | null;
type Row = Record<string, unknown>;
type Query = { kind: "all" | "run"; text: string; params: Value[] };
/**
 * The work of one transaction, as a generator that yields its statements: the SQLite runner feeds the
 * answers back synchronously (no await, so no other code runs on the connection mid-transaction), the
 * PostgreSQL runner awaits them. Returns null to roll back and leave the notification to the Prisma path.
 */
export type Work<T> = (table: (name: string) => string, keysOf: string) => Generator<Query, T | null, unknown>;

const tableOf = (driver: Driver) => (name: string) => (driver.kind === "sqlite" ? `"${name}"` : `"${driver.schema}"."${name}"`);
/** An order's applied fact keys as one newline-separated column, in each dialect. */
const SQLITE_KEYS = `(SELECT group_concat(f."key", char(10)) FROM "AppliedFact" f WHERE f."orderId" = o."id")`;
const pgKeys = (schema: string) => `(SELECT string_agg(f."key", chr(10)) FROM "${schema}"."AppliedFact" f WHERE f."orderId" = o."id")`;

export const all = (text: string, params: Value[]): Query => ({ kind: "all", text, params });
export const run = (text: string, params: Value[]): Query => ({ kind: "run", text, params });

/** Lets a SQLite write wait, without blocking, for one of Prisma's interactive transactions to end. */
async function sqliteIdle(driver: Extract<Driver, { kind: "sqlite" }>): Promise<boolean> {
  for (let turn = 0; driver.database.inTransaction; turn++) {
    if (turn > 2_000) return false;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}

function sqliteValue(value: Value): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  // Prisma's SQLite format for DateTime.
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  return value;
}

function pgValue(value: Value): unknown {
  // DateTime is `timestamp(3)` without a zone, in UTC.
  if (value instanceof Date) return value.toISOString().replace("T", " ").replace("Z", "");
  return value;
}

function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Prepared once per connection and text: better-sqlite3 compiles a statement on every prepare. */
const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement<unknown[]>>>();

function statementFor(database: BetterSqlite3.Database, text: string): BetterSqlite3.Statement<unknown[]> {
  let cache = prepared.get(database);
  if (!cache) prepared.set(database, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = database.prepare<unknown[]>(text)));
  return statement;
}

/** Feeds a work's statements their answers, synchronously: nothing else can touch the connection meanwhile. */
function drive(database: BetterSqlite3.Database, steps: Generator<Query, unknown, unknown>): unknown {
  let step = steps.next();
  while (!step.done) {
    const { kind, text, params } = step.value;
    const statement = statementFor(database, text);
    step = steps.next(kind === "all" ? statement.all(...params.map(sqliteValue)) : statement.run(...params.map(sqliteValue)).changes);
  }
  return step.value;
}

type Outcome = { value: unknown } | { error: unknown };

/** One work inside the batch's transaction, under its own savepoint: null or an error undoes only its own writes. */
function runItem(database: BetterSqlite3.Database, steps: Generator<Query, unknown, unknown>): Outcome {
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

type Pending = { steps: Generator<Query, unknown, unknown>; settle: (outcome: Outcome) => void };
type Batch = { queue: Pending[]; scheduled: boolean };

/**
 * Group commit: the works queued while the event loop was busy run in one transaction, one fsync
 * (synchronous=FULL) for all of them, and none is answered before that commit. Under load this is
 * what keeps the main thread from stalling on one fsync per notification.
 */
const batches = new WeakMap<BetterSqlite3.Database, Batch>();

async function flush(driver: Extract<Driver, { kind: "sqlite" }>, batch: Batch): Promise<void> {
  const idle = await sqliteIdle(driver);
  const items = batch.queue.splice(0);
  batch.scheduled = false;
  if (!idle) return items.forEach((item) => item.settle({ value: null }));
  const { database } = driver;
  let outcomes: Outcome[];
  try {
    database.exec("BEGIN IMMEDIATE");
    try {
      outcomes = items.map((item) => runItem(database, item.steps));
      database.exec("COMMIT");
    } catch (error) {
      if (database.inTransaction) database.exec("ROLLBACK");
      throw error;
    }
  } catch (error) {
    return items.forEach((item) => item.settle({ error }));
  }
  items.forEach((item, index) => item.settle(outcomes[index]!));
}

function inSqliteBatch<T>(driver: Extract<Driver, { kind: "sqlite" }>, work: Work<T>): Promise<T | null> {
  let batch = batches.get(driver.database);
  if (!batch) batches.set(driver.database, (batch = { queue: [], scheduled: false }));
  const steps = work(tableOf(driver), SQLITE_KEYS);
  const queued = new Promise<T | null>((resolve, reject) => {
    batch.queue.push({ steps, settle: (outcome) => ("error" in outcome ? reject(outcome.error) : resolve(outcome.value as T | null)) });
  });
  if (!batch.scheduled) {
    batch.scheduled = true;
    setImmediate(() => void flush(driver, batch));
  }
  return queued;
}

/** Runs `work` in a transaction on the driver (SQLite: in the next group commit). Null: rolled back. */
export async function inTransaction<T>(driver: Driver, work: Work<T>): Promise<T | null> {
  if (driver.kind === "sqlite") return inSqliteBatch(driver, work);
  const client = await driver.pool.connect();
  try {
    await client.query("BEGIN");
    const steps = work(tableOf(driver), pgKeys(driver.schema));
    let step = steps.next();
    while (!step.done) {
      const { kind, text, params } = step.value;
      const answer = await client.query(numbered(text), params.map(pgValue));
      step = steps.next(kind === "all" ? answer.rows : (answer.rowCount ?? 0));
    }
    await client.query(step.value === null ? "ROLLBACK" : "COMMIT");
    return step.value;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    // A concurrent delivery of the same fact committed first: the Prisma path sorts it out.
    if ((error as { code?: string }).code === "23505") return null;
    throw error;
  } finally {
    client.release();
  }
}

export type RawNotification = { receivedAt: Date; body: Buffer; bodySize: number; truncated: boolean; contentType: string | null; sourceAddress: string | null };

/**
 * Step 1 on the driver: the exact bytes, in one statement that commits by itself. Null when the fast
 * path is not available now. On SQLite that commit skips its own fsync: it needs no power-cut durability
 * of its own, because nothing is answered before the processing commit, whose fsync (synchronous=FULL)
 * covers the whole WAL, the raw row included. (PostgreSQL keeps synchronous_commit on for both.)
 */
export async function insertRawNotification(ctx: PaymentsContext, raw: RawNotification): Promise<number | null> {
  const driver = await getDriver(ctx.db);
  const text = `INSERT INTO ${tableOf(driver)("Notification")} ("receivedAt", "rawBody", "bodySize", "truncated", "contentType", "sourceAddress", "outcome") VALUES (?, ?, ?, ?, ?, ?, 'RECEIVED') RETURNING "id"`;
  const params: Value[] = [raw.receivedAt, raw.body, raw.bodySize, raw.truncated, raw.contentType, raw.sourceAddress];
  if (driver.kind === "postgresql") return Number((await driver.pool.query(numbered(text), params.map(pgValue))).rows[0].id);
  if (!(await sqliteIdle(driver))) return null;
  const { database } = driver;
  database.exec("PRAGMA synchronous = NORMAL");
  try {
    return Number((statementFor(database, text).get(...params.map(sqliteValue)) as Row).id);
  } finally {
    database.exec("PRAGMA synchronous = FULL");
  }
}

export type FastNotification = {
  id: number;
  params: Record<string, string>;
  charset: string;
  signature: NotifySignatureVerdict;
  checks: { check: string; ok: boolean; detail?: string }[];
  fact: TradeFact;
};

export type FastResult = { outcome: "APPLIED" | "DUPLICATE" | "STALE"; orderId: string };

const ORDER_COLUMNS = `o."id", o."status", o."amountFen", o."paidFen", o."refundedFen", o."tradeNo", o."scanned", o."finished", o."version"`;

/**
 * Steps 2 to 4 for a verified notification whose checks passed (app, seller, fields): finds the order,
 * applies the fact and records the outcome, in one transaction. Null: not the common case, or busy.
 */
export async function applyFastNotification(ctx: PaymentsContext, notification: FastNotification): Promise<FastResult | null> {
  const { params, fact } = notification;
  const now = ctx.now();
  return inTransaction(await getDriver(ctx.db), function* (table, keysOf) {
    const [order] = (yield all(
      `SELECT ${ORDER_COLUMNS}, ${keysOf} AS "factKeys" FROM ${table("PrecreateAttempt")} a JOIN ${table("Order")} o ON o."id" = a."orderId" WHERE a."alipayOutTradeNo" = ?`,
      [params.out_trade_no!],
    )) as Row[];
    if (!order || Number(order.amountFen) !== fact.totalFen || !isOrderStatus(String(order.status))) return null;
    const orderId = String(order.id);
    const keys = order.factKeys ? String(order.factKeys).split("\n") : [];
    const state = {
      status: String(order.status) as Parameters<typeof applyFact>[0]["status"],
      amountFen: Number(order.amountFen),
      paidFen: Number(order.paidFen),
      refundedFen: Number(order.refundedFen),
      tradeNo: order.tradeNo === null ? null : String(order.tradeNo),
      scanned: Boolean(order.scanned),
      finished: Boolean(order.finished),
      appliedFacts: keys,
    };
    const result = applyFact(state, fact);
    if (result.outcome === "REJECTED" || result.anomalies.length > 0) return null;
    const key = factKey(fact);
    if (!keys.includes(key)) {
      yield run(`INSERT INTO ${table("AppliedFact")} ("orderId", "key", "source", "notificationId", "at") VALUES (?, ?, 'NOTIFY', ?, ?)`, [orderId, key, notification.id, now]);
    }
    if (result.outcome === "APPLIED") {
      const { next } = result;
      const paid = next.status === "PAID" || next.status === "REFUNDED";
      const changed = (yield run(
        `UPDATE ${table("Order")} SET "status" = ?, "paidFen" = ?, "refundedFen" = ?, "tradeNo" = ?, "scanned" = ?, "finished" = ?,
           "buyerId" = COALESCE("buyerId", ?), "buyerLogonId" = COALESCE("buyerLogonId", ?),
           "paidAt" = COALESCE("paidAt", ?), "closedAt" = COALESCE("closedAt", ?),
           "nextCheckAt" = CASE WHEN ? THEN NULL ELSE "nextCheckAt" END, "version" = "version" + 1, "updatedAt" = ?
         WHERE "id" = ? AND "version" = ?`,
        [
          next.status,
          next.paidFen,
          next.refundedFen,
          next.tradeNo,
          next.scanned,
          next.finished,
          fact.buyerId ?? null,
          fact.buyerLogonId ?? null,
          paid ? (fact.paidAt ?? now) : null,
          next.status === "CLOSED" ? (fact.closedAt ?? now) : null,
          paid,
          now,
          orderId,
          Number(order.version),
        ],
      )) as number;
      if (changed !== 1) return null;
      const detail = JSON.stringify({ fact: key, changes: result.changes, source: "NOTIFY" });
      yield run(`INSERT INTO ${table("OrderEvent")} ("orderId", "at", "type", "source", "detail", "notificationId") VALUES (?, ?, 'FACT_APPLIED', 'NOTIFY', ?, ?)`, [
        orderId,
        now,
        detail,
        notification.id,
      ]);
    }
    const checks = [...notification.checks, { check: "order", ok: true, detail: params.out_trade_no }, { check: "total_amount", ok: true, detail: `${fact.totalFen} fen vs ${state.amountFen} fen ordered` }];
    yield run(
      `UPDATE ${table("Notification")} SET "charset" = ?, "notifyId" = ?, "notifyType" = ?, "appId" = ?, "outTradeNo" = ?, "tradeNo" = ?, "tradeStatus" = ?,
         "signature" = ?, "checks" = ?, "outcome" = ?, "reply" = 'success', "orderId" = ?, "processedAt" = ? WHERE "id" = ?`,
      [
        notification.charset,
        params.notify_id ?? null,
        params.notify_type ?? null,
        params.app_id ?? null,
        params.out_trade_no ?? null,
        params.trade_no ?? null,
        params.trade_status ?? null,
        notification.signature,
        JSON.stringify(checks),
        result.outcome,
        orderId,
        now,
        notification.id,
      ],
    );
    return { outcome: result.outcome, orderId };
  });
}
