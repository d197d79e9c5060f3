// The notification intake's hot path, on the database driver directly: Prisma spends 1–2 ms of CPU
// compiling each ORM query, and a notification needs about eight (README, benchmarks). The common
// case (a genuine notification for a known order, a fact that applies cleanly, is a duplicate or is
// stale) is stored in one statement and applied by plain SQL, the same rows the Prisma path writes.
// Anything else returns null and takes the Prisma path in notify.ts, which handles every case.
//
// Group work (batcher.ts): the notifications that arrive together (stored together by notify-raw.ts)
// are applied together, and none is answered before its own writes are committed.
// - SQLite (driver.ts): one transaction and one fsync per batch, each notification under its own savepoint.
// - PostgreSQL: Prisma's pool. One read finds a batch's orders, and one
//   statement (data-modifying CTEs) writes every notification's rows, each guarded as the Prisma path
//   guards them: the order's update by the version read, the fact's key by its unique constraint, and
//   the rest of a notification's writes by its order's update.
import "server-only";
import type { NotifySignatureVerdict } from "@/lib/alipay/notify";
import { getDriver } from "@/lib/db";
import { pokeFeed } from "@/lib/events/feed";
import { applyFact } from "@/lib/orders/apply-fact";
import { isOrderStatus } from "@/lib/orders/status";
import { type TradeFact, factKey } from "@/lib/orders/trade-facts";
import { Batcher, type Settled, batcherPer } from "./batcher";
import type { PaymentsContext } from "./context";
import {
  type PgDriver,
  type Query,
  type Row,
  type Value,
  all,
  inTransaction,
  isUniqueViolation,
  named,
  numbered,
  pgValue,
  run,
  tableOf,
} from "./driver";

/** An order's applied fact keys as one newline-separated column, in each dialect. */
const factKeysOf = (table: (name: string) => string, dialect: "sqlite" | "postgresql") =>
  dialect === "sqlite"
    ? `(SELECT group_concat(f."key", char(10)) FROM ${table("AppliedFact")} f WHERE f."orderId" = o."id")`
    : `(SELECT string_agg(f."key", chr(10)) FROM ${table("AppliedFact")} f WHERE f."orderId" = o."id")`;


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

const selectOrder = (table: (name: string) => string, dialect: "sqlite" | "postgresql") =>
  `SELECT ${ORDER_COLUMNS}, a."alipayOutTradeNo", ${factKeysOf(table, dialect)} AS "factKeys" FROM ${table("PrecreateAttempt")} a JOIN ${table("Order")} o ON o."id" = a."orderId" WHERE a."alipayOutTradeNo" = ?`;

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

/** The CTEs and the counting expression for one plan, as part `i` of a batch statement. */
function pgParts(plan: Plan, table: (name: string) => string, i: number): { parts: string[]; values: Value[]; applied: string } {
  const parts: string[] = [];
  const values: Value[] = [];
  const guard = plan.order ? ` FROM o${i}` : "";
  if (plan.order) {
    parts.push(`o${i} AS (UPDATE ${table("Order")} SET ${ORDER_SET} WHERE "id" = ? AND "version" = ? RETURNING 1)`);
    values.push(...plan.order);
    parts.push(`e${i} AS (INSERT INTO ${table("OrderEvent")} ("orderId", "at", "type", "source", "detail", "notificationId") SELECT ?::text, ?::timestamp(3), 'FACT_APPLIED', 'NOTIFY', ?::text, ?::int FROM o${i})`);
    values.push(...plan.event!);
  }
  if (plan.fact) {
    parts.push(`f${i} AS (INSERT INTO ${table("AppliedFact")} ("orderId", "key", "source", "notificationId", "at") SELECT ?::text, ?::text, 'NOTIFY', ?::int, ?::timestamp(3)${guard})`);
    values.push(...plan.fact);
  }
  parts.push(`n${i} AS (UPDATE ${table("Notification")} SET ${NOTIFICATION_SET} WHERE "id" = ?${plan.order ? ` AND EXISTS (SELECT 1 FROM o${i})` : ""} RETURNING 1)`);
  values.push(...plan.notification);
  return { parts, values, applied: `(SELECT count(*) FROM n${i})::int AS "n${i}"` };
}

/**
 * PostgreSQL: the plans' writes as one statement, atomic by itself. Whether each one was written: not
 * when its order changed since it was read (the Prisma path then reads it again).
 */
/** Batches up to this size get a named (prepared once) write statement; larger ones, rarer, are parsed each time. */
const MAX_NAMED_PLANS = 16;

async function pgWritePlans(driver: PgDriver, plans: Plan[]): Promise<boolean[]> {
  const table = tableOf(driver);
  const each = plans.map((plan, i) => pgParts(plan, table, i));
  const text = numbered(`WITH ${each.flatMap((part) => part.parts).join(",\n")} SELECT ${each.map((part) => part.applied).join(", ")}`);
  const values = each.flatMap((part) => part.values).map(pgValue);
  // A batch's text depends on its size and on what each notification writes: few shapes in practice.
  const { rows } = await driver.pool.query({ name: plans.length <= MAX_NAMED_PLANS ? named(text) : undefined, text, values });
  // Committed outside inTransaction (one statement on the pool): the live pages hear of it here.
  pokeFeed();
  const row = rows[0] as Row;
  return plans.map((_, i) => Number(row[`n${i}`]) === 1);
}

type PgItem = { notification: FastNotification; now: Date };

/**
 * The statement lost a race it can leave to the Prisma path: the same fact committed by another writer
 * (its key's unique constraint), or a deadlock or serialization failure with another transaction (the
 * Prisma path takes locks in another order: the fact's key, then the order).
 */
const isRaceLost = (error: unknown) => isUniqueViolation(error) || ["40P01", "40001"].includes((error as { code?: string } | null)?.code ?? "");

/**
 * The batch's orders in one read, and their writes in one statement. One notification per order in a
 * round (two writes to one row in one statement would not see each other); the next round reads what
 * this one wrote. A lost race (isRaceLost) fails the statement: the round's plans are then written one
 * by one, and the one that loses again goes to the Prisma path.
 */
async function applyPgBatch(driver: PgDriver, items: PgItem[]): Promise<Settled<FastResult | null>[]> {
  const table = tableOf(driver);
  const select = numbered(`${selectOrder(table, "postgresql").replace(/= \?$/, "= ANY(?::text[])")}`);
  const outcomes: Settled<FastResult | null>[] = items.map(() => ({ value: null }));
  let pending = items.map((item, index) => ({ item, index }));
  while (pending.length > 0) {
    const numbers = [...new Set(pending.map(({ item }) => item.notification.params.out_trade_no!))];
    const { rows } = await driver.pool.query({ name: named(select), text: select, values: [numbers] });
    const orders = new Map((rows as Row[]).map((row) => [String(row.alipayOutTradeNo), row]));
    const later: typeof pending = [];
    const taken = new Set<string>();
    const planned: { index: number; plan: Plan }[] = [];
    for (const entry of pending) {
      const order = orders.get(entry.item.notification.params.out_trade_no!);
      if (order && taken.has(String(order.id))) {
        later.push(entry);
        continue;
      }
      if (order) taken.add(String(order.id));
      const plan = planFor(order, entry.item.notification, entry.item.now);
      if (plan) planned.push({ index: entry.index, plan });
    }
    // Every writer locks orders in the same order: two batches (or two instances) cannot deadlock each other.
    planned.sort((a, b) => (a.plan.result.orderId < b.plan.result.orderId ? -1 : a.plan.result.orderId > b.plan.result.orderId ? 1 : 0));
    let written: boolean[];
    try {
      written = planned.length > 0 ? await pgWritePlans(driver, planned.map(({ plan }) => plan)) : [];
    } catch (error) {
      if (!isRaceLost(error)) throw error;
      written = [];
      for (const { plan } of planned) written.push(await pgWritePlans(driver, [plan]).then(([ok]) => ok!, (single: unknown) => (isRaceLost(single) ? false : Promise.reject(single))));
    }
    planned.forEach(({ index, plan }, k) => (outcomes[index] = { value: written[k] ? plan.result : null }));
    pending = later;
  }
  return outcomes;
}

/** PostgreSQL: a batch may read its orders while the one before it commits (the pool keeps 8 connections for the rest). */
const PG_APPLY_BATCHES = { concurrency: 2 };
const pgApplies = batcherPer((driver: PgDriver) => new Batcher<PgItem, FastResult | null>((items) => applyPgBatch(driver, items), PG_APPLY_BATCHES));

/**
 * Steps 2 to 4 for a verified notification whose checks passed (app, seller, fields): finds the order,
 * applies the fact and records the outcome. Null: not the common case, or busy.
 */
export async function applyFastNotification(ctx: PaymentsContext, notification: FastNotification): Promise<FastResult | null> {
  const driver = await getDriver(ctx.db);
  const now = ctx.now();
  if (driver.kind === "postgresql") return pgApplies(driver).add({ notification, now });
  return inTransaction(driver, function* (table, dialect) {
    const [order] = (yield all(selectOrder(table, dialect), [notification.params.out_trade_no!])) as Row[];
    const plan = planFor(order, notification, now);
    return plan ? yield* sqliteWrites(plan) : null;
  });
}
