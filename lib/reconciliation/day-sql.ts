// Reading a day's three sources in plain SQL on the driver under Prisma (lib/payments/driver.ts), in one
// transaction, or two when a fresh import prepared the day: its rows kept rather than read back, and the
// day's orders and their refunds read while the bill was read on its worker thread (a second earlier; a run
// is repeatable).
// Prisma costs 1-2 ms of CPU per query and more per row mapped; a day of 100,000 rows read through it took
// seconds and hundreds of MB. Rows come as arrays (driver `each`) and become the match's
// objects at once, never held twice. Money columns come back as numbers, times as instants, on both providers.
//
// The orders concerned are those the bill names (by Alipay's out_trade_no or by trade number), those paid
// on the day, and those with a refund settled on the day. The day's own orders are read by their index on
// `paidAt`, each with its notifications' verdicts counted beside it, and their refunds by joining them; the
// few the bill or a refund names beyond those are then read by list, with their refunds. Joining through a
// temporary table of ids cost more than the reading.
import "server-only";
import type { Db } from "@/lib/db";
import { each, type Query, type Value } from "@/lib/payments/driver";
import { BillLines } from "./bill-lines";
import { type BillLine, type DayInput, type LocalOrder, type LocalRefund, OrderIndex } from "./match-day";
import { transact } from "./transact";

type Dialect = "sqlite" | "postgresql";

/**
 * A DateTime column as something `at` reads whatever the session's time zone: SQLite keeps Prisma's ISO
 * text (with its offset); PostgreSQL's timestamp without time zone holds UTC, read as epoch milliseconds.
 */
const instant = (dialect: Dialect, column: string) => (dialect === "sqlite" ? column : `CAST(EXTRACT(EPOCH FROM ${column}) * 1000 AS BIGINT)`);
/** A DateTime column's value as epoch milliseconds. */
type At = (value: unknown) => number | null;
const sqliteAt: At = (value) => (value === null ? null : Date.parse(value as string));
const pgAt: At = (value) => (value === null ? null : Number(value));
const dateOf = (ms: number | null) => (ms === null ? null : new Date(ms));
/** A nullable text column's value. */
export const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** `column` is one of `values`: one parameter however many (SQLite: a JSON array; PostgreSQL: an array). */
export const oneOf = (dialect: Dialect, column: string) => (dialect === "sqlite" ? `${column} IN (SELECT "value" FROM json_each(?))` : `${column} = ANY(?::text[])`);
export const list = (dialect: Dialect, values: readonly string[]): Value => (dialect === "sqlite" ? JSON.stringify(values) : values);

/**
 * The orders `where` selects, each with its notifications that verified and that failed their signature
 * check, counted in one probe of the notifications' index on orderId per order. SQLite's scalar subquery
 * answers one value: both counts as text, `verified bad` (two subqueries, two probes, took a third longer).
 */
function ordersWhere(dialect: Dialect, O: string, N: string, where: string): string {
  // Alipay's out_trade_no as '' where it is ours (nearly always; never '' itself): not a string per order.
  const columns = `o."id", o."outTradeNo", CASE WHEN o."alipayOutTradeNo" = o."outTradeNo" THEN '' ELSE o."alipayOutTradeNo" END, o."tradeNo", o."status", o."paidFen", o."anomalies", ${instant(dialect, 'o."paidAt"')}`;
  const BAD = `('INVALID', 'MISSING', 'UNSUPPORTED_SIGN_TYPE')`;
  if (dialect === "postgresql") {
    return `SELECT ${columns}, v."verified", v."bad" FROM ${O} o CROSS JOIN LATERAL (
      SELECT (COUNT(*) FILTER (WHERE n."signature" = 'VALID'))::int AS "verified", (COUNT(*) FILTER (WHERE n."signature" IN ${BAD}))::int AS "bad"
      FROM ${N} n WHERE n."orderId" = o."id") v WHERE ${where}`;
  }
  const counts = `(SELECT COUNT(*) FILTER (WHERE n."signature" = 'VALID') || ' ' || COUNT(*) FILTER (WHERE n."signature" IN ${BAD}) FROM ${N} n WHERE n."orderId" = o."id")`;
  return `SELECT ${columns}, ${counts} FROM ${O} o WHERE ${where}`;
}

/**
 * A day's orders are a hundred thousand objects: what most of them share is shared (their status, no
 * anomalies, one verified notification, Alipay's out_trade_no being ours), so that the day takes tens of
 * MB fewer. Nothing downstream changes these values.
 */
const NO_ANOMALIES: readonly string[] = Object.freeze([]);
const statuses = new Map<string, string>();
const verdicts = new Map<number, LocalOrder["notifications"]>();

function sharedStatus(value: unknown): string {
  const status = String(value);
  const known = statuses.get(status);
  if (known !== undefined) return known;
  statuses.set(status, status);
  return status;
}

function sharedVerdicts(verified: number, badSignature: number): LocalOrder["notifications"] {
  // Counts above a few are rare; do not keep one of each.
  const common = verified <= 3 && badSignature <= 3;
  const key = verified * 4 + badSignature;
  const known = common ? verdicts.get(key) : undefined;
  if (known) return known;
  const made = Object.freeze({ verified, badSignature });
  if (common) verdicts.set(key, made);
  return made;
}

/** The notification counts of an order's row: two columns (PostgreSQL), or SQLite's `verified bad`. */
function verdictsOf(row: unknown[]): LocalOrder["notifications"] {
  if (row.length === 10) return sharedVerdicts(Number(row[8]), Number(row[9]));
  const counts = String(row[8]);
  const space = counts.indexOf(" ");
  return sharedVerdicts(Number(counts.slice(0, space)), Number(counts.slice(space + 1)));
}

/**
 * An order as the match reads it, its payment's time made a Date only when it is read: a Date for each of a
 * day's orders, held while the day is matched, was a tenth of the day's memory.
 */
class DayOrder implements LocalOrder {
  readonly #paidAt: number | null;

  constructor(
    readonly id: string,
    readonly outTradeNo: string,
    readonly alipayOutTradeNo: string | null,
    readonly tradeNo: string | null,
    readonly status: string,
    readonly paidFen: number,
    paidAt: number | null,
    readonly anomalies: string[],
    readonly notifications: LocalOrder["notifications"],
  ) {
    this.#paidAt = paidAt;
  }

  get paidAt(): Date | null {
    return this.#paidAt === null ? null : new Date(this.#paidAt);
  }
}

function toOrder(row: unknown[], at: At): LocalOrder {
  const [id, outTradeNo, alipayOutTradeNo, tradeNo, status, paidFen, anomalies, paidAt] = row;
  const ours = String(outTradeNo);
  return new DayOrder(
    String(id),
    ours,
    alipayOutTradeNo === "" ? ours : text(alipayOutTradeNo),
    text(tradeNo),
    sharedStatus(status),
    paidFen === null ? 0 : Number(paidFen),
    at(paidAt),
    anomalies ? String(anomalies).split(",") : (NO_ANOMALIES as string[]),
    verdictsOf(row),
  );
}

function toBillLine(row: unknown[], at: At): BillLine {
  const [line, kind, tradeNo, outTradeNo, outRequestNo, amountFen, receiptFen, feeFen, finished] = row;
  return {
    line: Number(line),
    kind: kind === "REFUND" ? "REFUND" : "PAYMENT",
    tradeNo: String(tradeNo),
    outTradeNo: text(outTradeNo),
    outRequestNo: text(outRequestNo),
    amountFen: Number(amountFen),
    receiptFen: Number(receiptFen),
    feeFen: Number(feeFen),
    finishedAt: dateOf(at(finished))!,
  };
}

/**
 * What the bill names that is not among `orders` (Alipay's out_trade_nos and trade numbers), and whether a
 * trade number is on it, from one look at each row: its order by trade number, and by out_trade_no only
 * when that is not the order's. Orders added to `orders` later are told apart too: a trade number that was
 * no order's when the bill was looked at is on it if it was among those unread.
 */
function billNames(orders: OrderIndex, bill: BillLines): { unreadAlipayNos: Set<string>; unreadTradeNos: Set<string>; onBill: (tradeNo: string) => boolean } {
  const unreadTradeNos = new Set<string>();
  const unreadAlipayNos = new Set<string>();
  // By the orders' places: the index keeps the first order of a trade number, the one looked at here.
  const seen = new Uint8Array(orders.size);
  for (let at = 0; at < bill.length; at++) {
    const tradeNo = bill.tradeNo(at);
    const outTradeNo = bill.outTradeNo(at);
    const place = orders.placeOfTradeNo(tradeNo);
    if (place >= 0) seen[place] = 1;
    else unreadTradeNos.add(tradeNo);
    if (outTradeNo && (place < 0 || orders.at(place).alipayOutTradeNo !== outTradeNo) && orders.placeOfAlipayNo(outTradeNo) < 0) unreadAlipayNos.add(outTradeNo);
  }
  const onBill = (tradeNo: string) => {
    if (unreadTradeNos.has(tradeNo)) return true;
    const place = orders.placeOfTradeNo(tradeNo);
    return place >= 0 && place < seen.length && seen[place] === 1;
  };
  return { unreadAlipayNos, unreadTradeNos, onBill };
}

/** The orders paid on a day, indexed, each with its notifications' verdicts, and their succeeded refunds. */
export type DayOrders = { orders: OrderIndex; refunds: LocalRefund[] };

/** `(status || '')` keeps SQLite on the index on paidAt, rather than every paid order's. */
const PAID_ON_DAY = `o."paidAt" >= ? AND o."paidAt" < ? AND (o."status" || '') IN ('PAID', 'REFUNDED')`;

const refundColumns = (dialect: Dialect) => `r."orderId", r."outRequestNo", r."amountFen", ${instant(dialect, 'r."settledAt"')}`;
/** `(status || '')`: SQLite would otherwise read every refund of that status. */
const SUCCEEDED = `(r."status" || '') = 'SUCCEEDED'`;

function toRefund(row: unknown[], at: At): LocalRefund {
  const [orderId, outRequestNo, amountFen, settled] = row;
  return { orderId: String(orderId), outRequestNo: String(outRequestNo), amountFen: Number(amountFen), settledAt: dateOf(at(settled)) };
}

/**
 * The queries of the orders paid on `day` and of their succeeded refunds, into `into`. The refunds are
 * found by joining the same orders: as a list of the day's hundred thousand ids, they took longer to send
 * than to read.
 */
function* paidOnDay(table: (name: string) => string, dialect: Dialect, day: DayInput["day"], into: DayOrders): Generator<Query, void, unknown> {
  const at = dialect === "sqlite" ? sqliteAt : pgAt;
  const [O, R] = [table("Order"), table("Refund")];
  yield each(ordersWhere(dialect, O, table("Notification"), PAID_ON_DAY), [day.start, day.end], (row) => void into.orders.add(toOrder(row, at)));
  yield each(`SELECT ${refundColumns(dialect)} FROM ${O} o JOIN ${R} r ON r."orderId" = o."id" WHERE ${PAID_ON_DAY} AND ${SUCCEEDED}`, [day.start, day.end], (row) => into.refunds.push(toRefund(row, at)));
}

/**
 * The orders paid on the day and their refunds: most of what a day's run reads, and independent of the
 * bill, so it can be read while the bill is still being imported (importBill's `prepare`).
 */
export async function readDayOrders(db: Db, day: DayInput["day"]): Promise<DayOrders> {
  return transact(db, function* (table, dialect) {
    const read: DayOrders = { orders: new OrderIndex(), refunds: [] };
    yield* paidOnDay(table, dialect, day, read);
    return read;
  }, "reading the day's orders");
}

/** What a day's run can be given rather than read: the bill's rows as its import kept them, the day's orders. */
export type Prepared = { lines?: BillLines | null; orders?: DayOrders | null };

/** A day's bill (the file given), the orders and refunds concerned, and their notifications' verdicts. */
export async function readDayInput(db: Db, day: DayInput["day"], billFileId: string, feeRateBp: number | null, prepared: Prepared = {}): Promise<DayInput> {
  return transact(db, function* (table, dialect) {
    const [B, O, R, N, F] = ["BillRow", "Order", "Refund", "Notification", "BillFile"].map(table) as [string, string, string, string, string];
    const range: Value[] = [day.start, day.end];
    const ordersOf = (where: string) => ordersWhere(dialect, O, N, where);
    const at = dialect === "sqlite" ? sqliteAt : pgAt;

    let bill = prepared.lines;
    if (!bill) {
      const read = (bill = new BillLines());
      yield each(`SELECT "line", "kind", "tradeNo", "outTradeNo", "outRequestNo", "amountFen", "receiptFen", "feeFen", ${instant(dialect, '"finishedAt"')} FROM ${B} WHERE "billFileId" = ? ORDER BY "line"`, [billFileId], (row) => read.push(toBillLine(row, at)));
    }

    // The prepared orders and refunds are added to, not copied.
    const paid: DayOrders = prepared.orders ?? { orders: new OrderIndex(), refunds: [] };
    if (!prepared.orders) yield* paidOnDay(table, dialect, day, paid);
    const { orders, refunds } = paid;
    // Each refund once, though read twice: PostgreSQL's statements do not share one snapshot, and prepared
    // orders were read a moment before.
    const refundKeys = new Set(refunds.map((refund) => `${refund.orderId}/${refund.outRequestNo}`));
    const addRefund = (row: unknown[]) => {
      const refund = toRefund(row, at);
      const key = `${refund.orderId}/${refund.outRequestNo}`;
      if (refundKeys.has(key)) return;
      refundKeys.add(key);
      refunds.push(refund);
    };
    // The orders read beyond the day's, whose refunds are read by list.
    const others: string[] = [];
    const keep = (row: unknown[]) => {
      const order = toOrder(row, at);
      if (orders.add(order)) others.push(order.id);
    };
    // The orders the bill names that are not among those. A trade number is one trade's: an order read
    // under it is the order that has it.
    const { unreadAlipayNos, unreadTradeNos, onBill } = billNames(orders, bill);
    if (unreadAlipayNos.size > 0) yield each(ordersOf(oneOf(dialect, 'o."alipayOutTradeNo"')), [list(dialect, [...unreadAlipayNos])], keep);
    if (unreadTradeNos.size > 0) yield each(ordersOf(oneOf(dialect, 'o."tradeNo"')), [list(dialect, [...unreadTradeNos])], keep);

    // And those with a refund settled on the day: a refund of an order already read is kept too (one
    // settled since prepared orders were read).
    const refundedIds = new Set<string>();
    yield each(`SELECT ${refundColumns(dialect)} FROM ${R} r WHERE r."status" = 'SUCCEEDED' AND r."settledAt" >= ? AND r."settledAt" < ?`, range, (row) => {
      if (orders.has(String(row[0]))) addRefund(row);
      else refundedIds.add(String(row[0]));
    });
    if (refundedIds.size > 0) yield each(ordersOf(oneOf(dialect, 'o."id"')), [list(dialect, [...refundedIds])], keep);

    // The succeeded refunds of those others (the day's own orders' were read with them).
    if (others.length > 0) yield each(`SELECT ${refundColumns(dialect)} FROM ${R} r WHERE ${oneOf(dialect, 'r."orderId"')} AND ${SUCCEEDED}`, [list(dialect, others)], addRefund);

    // Trades paid or refunded here and not on this bill: on another day's imported bill?
    const absent = new Set<string>();
    for (const order of orders) if (order.tradeNo && !onBill(order.tradeNo)) absent.add(order.tradeNo);
    const elsewhere = { payments: new Set<string>(), refunds: new Set<string>() };
    if (absent.size > 0) {
      yield each(
        `SELECT b."kind", b."tradeNo", b."outRequestNo" FROM ${B} b JOIN ${F} f ON f."id" = b."billFileId"
         WHERE f."importedAt" IS NOT NULL AND b."billFileId" <> ? AND ${oneOf(dialect, 'b."tradeNo"')}`,
        [billFileId, list(dialect, [...absent])],
        ([kind, tradeNo, outRequestNo]) => {
          if (kind === "PAYMENT") elsewhere.payments.add(String(tradeNo));
          else if (kind === "REFUND") elsewhere.refunds.add(`${tradeNo}/${outRequestNo}`);
        },
      );
    }
    return { day, bill, orders, refunds, elsewhere, feeRateBp };
  }, "reading the day");
}
