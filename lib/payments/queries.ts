// Reading orders and the notification log for the API and the pages.
import "server-only";
import type { Db } from "@/lib/db";
import { PaymentError } from "./errors";

export async function findOrderByOutTradeNo(db: Db, outTradeNo: string) {
  const order = await db.order.findUnique({ where: { outTradeNo } });
  if (!order) throw new PaymentError("NOT_FOUND", `No order with outTradeNo ${outTradeNo}`, { outTradeNo });
  return order;
}

export async function orderDetail(db: Db, orderId: string) {
  const [events, refunds] = await Promise.all([
    db.orderEvent.findMany({ where: { orderId }, orderBy: { id: "asc" } }),
    db.refund.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } }),
  ]);
  return { events, refunds };
}

export type NotificationFilter = { outTradeNo?: string; signature?: string; outcome?: string; limit: number; cursor?: number };

/** Newest first; `cursor` is the id of the last row of the previous page. */
export async function listNotifications(db: Db, filter: NotificationFilter) {
  const rows = await db.notification.findMany({
    where: {
      ...(filter.outTradeNo ? { outTradeNo: filter.outTradeNo } : {}),
      ...(filter.signature ? { signature: filter.signature } : {}),
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.cursor !== undefined ? { id: { lt: filter.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: filter.limit + 1,
    omit: { rawBody: true },
  });
  const page = rows.slice(0, filter.limit);
  return { rows: page, nextCursor: rows.length > filter.limit ? page.at(-1)!.id : null };
}
