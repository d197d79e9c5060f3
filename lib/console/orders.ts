// The orders list as the console shows it: one page of a filtered, sorted view, and the count of each
// status tab under the same filters (one grouped count serves the tabs and the pager).
import "server-only";
import type { Db } from "@/lib/db";
import { formatYuan } from "@/lib/money";
import type { OrderListQuery } from "@/lib/orders/list-query";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/orders/status";
import { beijingDayRange } from "@/lib/url-params";
import type { Prisma } from "@/prisma/generated/sqlite/client";

/** The filters other than the status tab. */
export function orderFilters(query: OrderListQuery): Prisma.OrderWhereInput {
  const where: Prisma.OrderWhereInput = {};
  const createdAt = beijingDayRange(query.from, query.to);
  if (createdAt) where.createdAt = createdAt;
  if (query.minFen !== null || query.maxFen !== null) {
    where.amountFen = { ...(query.minFen !== null ? { gte: query.minFen } : {}), ...(query.maxFen !== null ? { lte: query.maxFen } : {}) };
  }
  if (query.q) {
    where.OR = searchTerms(query.q);
  }
  if (query.flagged) where.anomalies = { not: "" };
  return where;
}

/** What a search text can be: a buyer id (2088…), a masked logon id (with * or @), or an order or trade number. */
export function searchTerms(q: string): Prisma.OrderWhereInput[] {
  if (/^2088\d{12}$/.test(q)) return [{ buyerId: q }];
  if (/[*@]/.test(q)) return [{ buyerLogonId: q }];
  return [{ outTradeNo: q }, { tradeNo: q }, { alipayOutTradeNo: q }];
}

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

export type StatusCounts = Record<OrderStatus | "ALL", number>;

export async function countOrdersByStatus(db: Db, where: Prisma.OrderWhereInput): Promise<StatusCounts> {
  const groups = await db.order.groupBy({ by: ["status"], where, _count: { _all: true } });
  const counts = Object.fromEntries([...ORDER_STATUSES, "ALL"].map((status) => [status, 0])) as StatusCounts;
  for (const group of groups) {
    if (group.status in counts) counts[group.status as OrderStatus] = group._count._all;
    counts.ALL += group._count._all;
  }
  return counts;
}

export async function listOrders(db: Db, query: OrderListQuery) {
  const filters = orderFilters(query);
  const where = query.status ? { ...filters, status: query.status } : filters;
  const orderBy: Prisma.OrderOrderByWithRelationInput[] = [{ [query.sort]: query.desc ? "desc" : "asc" }, { id: query.desc ? "desc" : "asc" }];
  const [rows, counts] = await Promise.all([
    db.order.findMany({ where, orderBy, skip: (query.page - 1) * query.size, take: query.size, select: ROW_FIELDS }),
    countOrdersByStatus(db, filters),
  ]);
  return { rows: rows.map(orderRowView), counts, total: query.status ? counts[query.status] : counts.ALL };
}
