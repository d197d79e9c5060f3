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
import { createHash } from "node:crypto";
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
  if (driver.kind === "postgresql") {
    const pgText = numbered(text);
    return Number((await driver.pool.query({ name: named(pgText), text: pgText, values: params.map(pgValue) })).rows[0].id);
  }
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

/** What a notification does to its order, decided from the order as read: the rows to write. */
type Plan = {
  result: FastResult;
  /** The fact's key, when it is not among the order's applied facts yet. */
  fact: Value[] | null;
  /** The order's new columns (ORDER_SET), then its id and the version read; when the fact applies. */
  order: Value[] | null;
  /** The FACT_APPLIED event; when the fact applies. */
  event: Value[] | null;
  notification: Value[];
};

const ORDER_SET = `"status" = ?, "paidFen" = ?, "refundedFen" = ?, "tradeNo" = ?, "scanned" = ?, "finished" = ?,
  "buyerId" = COALESCE("buyerId", ?), "buyerLogonId" = COALESCE("buyerLogonId", ?),
  "paidAt" = COALESCE("paidAt", ?), "closedAt" = COALESCE("closedAt", ?),
  "nextCheckAt" = CASE WHEN ? THEN NULL ELSE "nextCheckAt" END, "version" = "version" + 1, "updatedAt" = ?`;
const NOTIFICATION_SET = `"charset" = ?, "notifyId" = ?, "notifyType" = ?, "appId" = ?, "outTradeNo" = ?, "tradeNo" = ?, "tradeStatus" = ?,
  "signature" = ?, "checks" = ?, "outcome" = ?, "reply" = 'success', "orderId" = ?, "processedAt" = ?`;

const selectOrder = (table: (name: string) => string, keysOf: string) =>
  `SELECT ${ORDER_COLUMNS}, ${keysOf} AS "factKeys" FROM ${table("PrecreateAttempt")} a JOIN ${table("Order")} o ON o."id" = a."orderId" WHERE a."alipayOutTradeNo" = ?`;

/** Null when the notification is not the common case (the Prisma path then decides). */
function planFor(order: Row | undefined, notification: FastNotification, now: Date): Plan | null {
  const { params, fact } = notification;
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
  let orderValues: Value[] | null = null;
  let event: Value[] | null = null;
  if (result.outcome === "APPLIED") {
    const { next } = result;
    const paid = next.status === "PAID" || next.status === "REFUNDED";
    orderValues = [
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
    ];
    event = [orderId, now, JSON.stringify({ fact: key, changes: result.changes, source: "NOTIFY" }), notification.id];
  }
  const checks = [...notification.checks, { check: "order", ok: true, detail: params.out_trade_no }, { check: "total_amount", ok: true, detail: `${fact.totalFen} fen vs ${state.amountFen} fen ordered` }];
  return {
    result: { outcome: result.outcome, orderId },
    fact: keys.includes(key) ? null : [orderId, key, notification.id, now],
    order: orderValues,
    event,
    notification: [
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
  };
}

/** SQLite: the plan as separate statements, inside the group commit's transaction (nothing interleaves). */
function* sqliteWrites(plan: Plan): Generator<Query, FastResult | null, unknown> {
  const table = (name: string) => `"${name}"`;
  if (plan.fact) yield run(`INSERT INTO ${table("AppliedFact")} ("orderId", "key", "source", "notificationId", "at") VALUES (?, ?, 'NOTIFY', ?, ?)`, plan.fact);
  if (plan.order) {
    if (((yield run(`UPDATE ${table("Order")} SET ${ORDER_SET} WHERE "id" = ? AND "version" = ?`, plan.order)) as number) !== 1) return null;
    yield run(`INSERT INTO ${table("OrderEvent")} ("orderId", "at", "type", "source", "detail", "notificationId") VALUES (?, ?, 'FACT_APPLIED', 'NOTIFY', ?, ?)`, plan.event!);
  }
  yield run(`UPDATE ${table("Notification")} SET ${NOTIFICATION_SET} WHERE "id" = ?`, plan.notification);
  return plan.result;
}

/**
 * PostgreSQL: the plan as one statement (data-modifying CTEs), atomic by itself: the order's update is
 * conditional on the version read, and every other write on that update, so a concurrent change
 * writes nothing here. The fact's key stays under its unique constraint.
 */
function pgWrite(plan: Plan, table: (name: string) => string): { text: string; values: Value[] } {
  const parts: string[] = [];
  const values: Value[] = [];
  const guard = plan.order ? " FROM o" : "";
  if (plan.order) {
    parts.push(`o AS (UPDATE ${table("Order")} SET ${ORDER_SET} WHERE "id" = ? AND "version" = ? RETURNING 1)`);
    values.push(...plan.order);
    parts.push(`e AS (INSERT INTO ${table("OrderEvent")} ("orderId", "at", "type", "source", "detail", "notificationId") SELECT ?::text, ?::timestamp(3), 'FACT_APPLIED', 'NOTIFY', ?::text, ?::int FROM o)`);
    values.push(...plan.event!);
  }
  if (plan.fact) {
    parts.push(`f AS (INSERT INTO ${table("AppliedFact")} ("orderId", "key", "source", "notificationId", "at") SELECT ?::text, ?::text, 'NOTIFY', ?::int, ?::timestamp(3)${guard})`);
    values.push(...plan.fact);
  }
  const update = `UPDATE ${table("Notification")} SET ${NOTIFICATION_SET} WHERE "id" = ?${plan.order ? " AND EXISTS (SELECT 1 FROM o)" : ""}`;
  values.push(...plan.notification);
  return { text: numbered(parts.length > 0 ? `WITH ${parts.join(", ")} ${update}` : update), values };
}

/** A name for a statement text: PostgreSQL parses and plans it once per connection. */
const statementNames = new Map<string, string>();
function named(text: string): string {
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `afc_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`));
  return name;
}

/**
 * Steps 2 to 4 for a verified notification whose checks passed (app, seller, fields): finds the order,
 * applies the fact and records the outcome. Null: not the common case, or busy.
 */
export async function applyFastNotification(ctx: PaymentsContext, notification: FastNotification): Promise<FastResult | null> {
  const driver = await getDriver(ctx.db);
  const now = ctx.now();
  const outTradeNo = notification.params.out_trade_no!;
  if (driver.kind === "sqlite") {
    return inSqliteBatch(driver, function* (table, keysOf) {
      const [order] = (yield all(selectOrder(table, keysOf), [outTradeNo])) as Row[];
      const plan = planFor(order, notification, now);
      return plan ? yield* sqliteWrites(plan) : null;
    });
  }
  const table = tableOf(driver);
  const select = numbered(selectOrder(table, pgKeys(driver.schema)));
  const [order] = (await driver.pool.query({ name: named(select), text: select, values: [outTradeNo] })).rows as Row[];
  const plan = planFor(order, notification, now);
  if (!plan) return null;
  const write = pgWrite(plan, table);
  try {
    const { rowCount } = await driver.pool.query({ name: named(write.text), text: write.text, values: write.values.map(pgValue) });
    // No row: the order changed since it was read; the Prisma path reads it again.
    return rowCount === 1 ? plan.result : null;
  } catch (error) {
    // A concurrent delivery of the same fact committed first: the Prisma path sorts it out.
    if ((error as { code?: string }).code === "23505") return null;
    throw error;
  }
}
