// The orders export: every order of a list view (its filters, status tab and sort; not its page), read
// in keyset batches so that a million rows stream through the memory of one batch.
import "server-only";
import type { Db } from "@/lib/db";
import { createCsvStream, type CsvRow } from "@/lib/orders/csv";
import { orderCsvRow, ORDER_CSV_COLUMNS, type ExportedOrder, type OrderCsvColumn, type StatusLabel } from "@/lib/orders/export";
import type { OrderListQuery } from "@/lib/orders/list-query";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import { orderListWhere } from "./orders";

export const EXPORT_BATCH_SIZE = 1_000;

const EXPORT_FIELDS = {
  id: true,
  outTradeNo: true,
  tradeNo: true,
  subject: true,
  status: true,
  amountFen: true,
  paidFen: true,
  refundedFen: true,
  refundPendingFen: true,
  anomalies: true,
  buyerLogonId: true,
  createdAt: true,
  paidAt: true,
} as const;

type Keyed = ExportedOrder & { id: string };
type KeyField = "createdAt" | "amountFen" | "paidAt";

/**
 * A run of the export read by one keyset: its rows, ordered by `field` then the id (unique), so that a
 * batch can start exactly after the last row of the one before. Sorted by paid time, the orders not paid
 * (no paid time) are a second run, by creation time, after the paid ones in either direction: the
 * providers disagree on where NULL sorts, and a keyset cannot step over NULLs.
 */
type Run = { where: Prisma.OrderWhereInput; field: KeyField };

function runs(query: OrderListQuery): Run[] {
  const where = orderListWhere(query);
  if (query.sort !== "paidAt") return [{ where, field: query.sort }];
  return [
    { where: { AND: [where, { paidAt: { not: null } }] }, field: "paidAt" },
    // Said as NOT (paidAt IS NOT NULL): SQLite, without statistics, would otherwise read every unpaid order
    // through the paidAt index and sort them all, for each batch.
    { where: { AND: [where, { NOT: { paidAt: { not: null } } }] }, field: "createdAt" },
  ];
}

/**
 * The rows after `last`: `field <= v AND (field < v OR id < last.id)` (descending), written so that the
 * first term is a range on the field's index and each batch starts where the one before ended.
 */
function after(field: KeyField, desc: boolean, last: Keyed): Prisma.OrderWhereInput {
  const value = last[field];
  return { AND: [{ [field]: { [desc ? "lte" : "gte"]: value } }, { OR: [{ [field]: { [desc ? "lt" : "gt"]: value } }, { id: { [desc ? "lt" : "gt"]: last.id } }] }] };
}

/** Every order of the view, in its order, `batchSize` rows per query. */
export async function* exportedOrders(db: Db, query: OrderListQuery, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<ExportedOrder> {
  const direction = query.desc ? "desc" : "asc";
  for (const { where, field } of runs(query)) {
    const orderBy: Prisma.OrderOrderByWithRelationInput[] = [{ [field]: direction }, { id: direction }];
    let last: Keyed | undefined;
    for (;;) {
      const rows: Keyed[] = await db.order.findMany({ where: last ? { AND: [where, after(field, query.desc, last)] } : where, orderBy, take: batchSize, select: EXPORT_FIELDS });
      yield* rows;
      if (rows.length < batchSize) break;
      last = rows.at(-1);
    }
  }
}

export function countExportedOrders(db: Db, query: OrderListQuery): Promise<number> {
  return db.order.count({ where: orderListWhere(query) });
}

async function* records(orders: AsyncIterable<ExportedOrder>, statusLabel: StatusLabel): AsyncGenerator<CsvRow> {
  for await (const order of orders) yield orderCsvRow(order, statusLabel);
}

/** The view as CSV bytes: the header in the reader's language, then a record per order, pulled as read. */
export function ordersCsvStream(db: Db, query: OrderListQuery, labels: { column: (column: OrderCsvColumn) => string; status: StatusLabel }): ReadableStream<Uint8Array> {
  return createCsvStream(
    ORDER_CSV_COLUMNS.map((column) => labels.column(column)),
    records(exportedOrders(db, query), labels.status),
  );
}
