// The orders list's filters other than the status tab, made twice from one reading of the view: as
// Prisma's `where` for a page of rows, and as SQL conditions for the tabs' counts and the ids of deep
// pages, read on the driver (order-counts.ts, orders.ts). lib/console/orders.test.ts holds the two to
// the same orders.
import type { OrderListQuery } from "@/lib/orders/list-query";
import { beijingDayStart } from "@/lib/url-params";
import type { Value } from "@/lib/payments/driver";
import type { Prisma } from "@/prisma/generated/sqlite/client";

const DAY_MS = 24 * 60 * 60 * 1000;

type SearchColumn = "buyerId" | "buyerLogonId" | "outTradeNo" | "tradeNo" | "alipayOutTradeNo";

/** What a search text can be: a buyer id (2088…), a masked logon id (with * or @), or an order or trade number. */
function searchColumns(q: string): SearchColumn[] {
  if (/^2088\d{12}$/.test(q)) return ["buyerId"];
  if (/[*@]/.test(q)) return ["buyerLogonId"];
  return ["outTradeNo", "tradeNo", "alipayOutTradeNo"];
}

/** The view's time range: from the start of its first Beijing day to the start of the day after its last. */
function createdRange(query: OrderListQuery): { from: Date | null; before: Date | null } {
  return {
    from: query.from ? beijingDayStart(query.from) : null,
    before: query.to ? new Date(beijingDayStart(query.to).getTime() + DAY_MS) : null,
  };
}

export function searchTerms(q: string): Prisma.OrderWhereInput[] {
  return searchColumns(q).map((column) => ({ [column]: q }));
}

/** The filters other than the status tab. */
export function orderFilters(query: OrderListQuery): Prisma.OrderWhereInput {
  const where: Prisma.OrderWhereInput = {};
  const { from, before } = createdRange(query);
  if (from || before) where.createdAt = { ...(from ? { gte: from } : {}), ...(before ? { lt: before } : {}) };
  if (query.minFen !== null || query.maxFen !== null) {
    where.amountFen = { ...(query.minFen !== null ? { gte: query.minFen } : {}), ...(query.maxFen !== null ? { lte: query.maxFen } : {}) };
  }
  if (query.q) where.OR = searchTerms(query.q);
  // `gt: ""` is `not: ""` (every flag list sorts after the empty string) in a form an index can serve.
  if (query.flagged) where.anomalies = { gt: "" };
  return where;
}

/**
 * The same filters as SQL conditions with `?` placeholders, for the driver of `dialect`. `ids`: the view
 * is known to lie among these orders (the flagged ones, read first from their index: orders.ts).
 */
export function filterConditions(query: OrderListQuery, ids: readonly string[] | null, dialect: "sqlite" | "postgresql"): { conditions: string[]; params: Value[] } {
  const conditions: string[] = [];
  const params: Value[] = [];
  const add = (condition: string, ...values: Value[]) => {
    conditions.push(condition);
    params.push(...values);
  };
  const { from, before } = createdRange(query);
  if (from) add(`"createdAt" >= ?`, from);
  if (before) add(`"createdAt" < ?`, before);
  if (query.minFen !== null) add(`"amountFen" >= ?`, query.minFen);
  if (query.maxFen !== null) add(`"amountFen" <= ?`, query.maxFen);
  if (query.q) {
    const columns = searchColumns(query.q);
    add(`(${columns.map((column) => `"${column}" = ?`).join(" OR ")})`, ...columns.map(() => query.q!));
  }
  if (query.flagged) add(`"anomalies" > ?`, "");
  // One parameter whatever the number of ids: one statement text, prepared once.
  if (ids) add(dialect === "sqlite" ? `"id" IN (SELECT value FROM json_each(?))` : `"id" = ANY(?::text[])`, dialect === "sqlite" ? JSON.stringify(ids) : [...ids]);
  return { conditions, params };
}
