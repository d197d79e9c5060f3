// The orders list as the console shows it: one page of a filtered, sorted view, and the count of each
// status tab under the same filters (order-counts.ts: exact up to COUNT_CAP, "10,000+" beyond; the same
// counts serve the tabs and the pager, which then offers the next page while a full one was read).
import "server-only";
import { type Db, type Driver, getDriver } from "@/lib/db";
import { formatYuan } from "@/lib/money";
import type { OrderListQuery } from "@/lib/orders/list-query";
import type { OrderStatus } from "@/lib/orders/status";
import { readRows, tableOf } from "@/lib/payments/driver";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import { countOrdersByStatus } from "./order-counts";
import { filterConditions, orderFilters } from "./order-filters";

export { COUNT_CAP, countOrdersByStatus, type StatusCounts } from "./order-counts";
export { orderFilters, searchTerms } from "./order-filters";

const ROW_FIELDS = {
  id: true,
  outTradeNo: true,
  tradeNo: true,
  subject: true,
  amountFen: true,
  paidFen: true,
  refundedFen: true,
  refundPendingFen: true,
  status: true,
  anomalies: true,
  scanned: true,
  buyerLogonId: true,
  createdAt: true,
  paidAt: true,
  version: true,
} as const;

type Row = Omit<Prisma.OrderGetPayload<{ select: typeof ROW_FIELDS }>, "amountFen" | "paidFen" | "refundedFen" | "refundPendingFen"> & {
  amountFen: number;
  paidFen: number;
  refundedFen: number;
  refundPendingFen: number;
};

export function orderRowView(row: Row) {
  return {
    id: row.id,
    outTradeNo: row.outTradeNo,
    tradeNo: row.tradeNo,
    subject: row.subject,
    amount: formatYuan(row.amountFen),
    paid: formatYuan(row.paidFen),
    refunded: formatYuan(row.refundedFen),
    refundPending: row.refundPendingFen > 0,
    status: row.status as OrderStatus,
    anomalies: row.anomalies ? row.anomalies.split(",") : [],
    scanned: row.scanned,
    buyerLogonId: row.buyerLogonId,
    createdAt: row.createdAt.toISOString(),
    paidAt: row.paidAt?.toISOString() ?? null,
    version: row.version,
  };
}
export type OrderRowView = ReturnType<typeof orderRowView>;

/**
 * Pages from this offset on are read in two steps: the ids of the page, from the index alone, then those
 * rows; otherwise every row skipped is read from the table first.
 */
export const DEFERRED_JOIN_OFFSET = 1_000;

/** The ids of one page of the view, on the driver: the same filters and order as Prisma's (filterConditions). */
async function pageIds(driver: Driver, query: OrderListQuery, ids: readonly string[] | null, skip: number): Promise<string[]> {
  const { conditions, params } = filterConditions(query, ids, driver.kind);
  if (query.status) {
    conditions.push(`"status" = ?`);
    params.push(query.status);
  }
  const direction = query.desc ? "DESC" : "ASC";
  // The sort column is one of SORT_FIELDS (parseOrderListQuery); nulls fall where Prisma puts them, each provider's default.
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "";
  const text = `SELECT "id" FROM ${tableOf(driver)("Order")}${where} ORDER BY "${query.sort}" ${direction}, "id" ${direction} LIMIT ? OFFSET ?`;
  return (await readRows(driver, text, [...params, query.size, skip])).map((row) => String(row.id));
}

/**
 * One page of rows. A deep page, or the flagged view's (narrowed to its ids, which Prisma would send as
 * a thousand parameters, each compiled), first reads its ids on the driver, then those rows.
 */
async function findPage(db: Db, query: OrderListQuery, ids: readonly string[] | null) {
  const skip = (query.page - 1) * query.size;
  if (skip < DEFERRED_JOIN_OFFSET && !ids) {
    const filters = orderFilters(query);
    const where = query.status ? { ...filters, status: query.status } : filters;
    const orderBy: Prisma.OrderOrderByWithRelationInput[] = [{ [query.sort]: query.desc ? "desc" : "asc" }, { id: query.desc ? "desc" : "asc" }];
    return db.order.findMany({ where, orderBy, skip, take: query.size, select: ROW_FIELDS });
  }
  const page = await pageIds(await getDriver(db), query, ids, skip);
  const rows = new Map((await db.order.findMany({ where: { id: { in: page } }, select: ROW_FIELDS })).map((row) => [row.id, row]));
  // In the first step's order; an order deleted in between is left out.
  return page.flatMap((id) => rows.get(id) ?? []);
}

/** Flagged orders are few (each is a problem someone resolves); past this many they are filtered as any column is. */
export const FLAGGED_LOOKUP_LIMIT = 1_000;

/**
 * The flagged orders' ids, read first from their own index, when there are few: otherwise a planner
 * without statistics (SQLite's) walks the sort order's index through every order to find them.
 */
async function flaggedIds(db: Db, query: OrderListQuery): Promise<string[] | null> {
  if (!query.flagged) return null;
  const driver = await getDriver(db);
  // Ordered by the index's key, so that the index is the one read.
  const text = `SELECT "id" FROM ${tableOf(driver)("Order")} WHERE "anomalies" > ? ORDER BY "anomalies" LIMIT ${FLAGGED_LOOKUP_LIMIT + 1}`;
  const flagged = await readRows(driver, text, [""]);
  return flagged.length > FLAGGED_LOOKUP_LIMIT ? null : flagged.map((row) => String(row.id));
}

/** Every filter of the view, the status tab included: what the list pages through and the export writes. */
export function orderListWhere(query: OrderListQuery): Prisma.OrderWhereInput {
  const filters = orderFilters(query);
  return query.status ? { ...filters, status: query.status } : filters;
}

export async function listOrders(db: Db, query: OrderListQuery) {
  const ids = await flaggedIds(db, query);
  const [rows, counts] = await Promise.all([findPage(db, query, ids), countOrdersByStatus(db, query, ids)]);
  return { rows: rows.map(orderRowView), counts, total: query.status ? counts[query.status] : counts.ALL };
}
