// One order as its page shows it: the order, its refunds, and its timeline — every event, notification
// and gateway call, in time order, each with who or what caused it.
import "server-only";
import type { Db } from "@/lib/db";
import { formatYuan } from "@/lib/money";
import type { OrderStatus } from "@/lib/orders/status";
import { anomalyList } from "@/lib/payments/store";
import { checkoutUrl, refundView } from "@/lib/payments/views";

export type TimelineEntry =
  | { kind: "event"; key: string; at: string; type: string; source: string; actor: string | null; detail: Record<string, unknown>; notificationId: number | null }
  | { kind: "notification"; key: string; at: string; id: number; tradeStatus: string | null; signature: string | null; outcome: string; reply: string | null }
  | { kind: "gateway"; key: string; at: string; id: string; method: string; outcome: string; code: string | null; subCode: string | null; latencyMs: number };

const KIND_ORDER = { event: 1, notification: 0, gateway: 0 } as const;

/** Time order; at the same millisecond what came in (a notification, a call's answer) before what it caused. */
export function sortTimeline(entries: TimelineEntry[]): TimelineEntry[] {
  return [...entries].sort((a, b) => a.at.localeCompare(b.at) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.key.localeCompare(b.key));
}

export async function getOrderDetail(db: Db, id: string, appUrl: string) {
  const order = await db.order.findUnique({ where: { id } });
  if (!order) return null;
  const [events, notifications, calls, refunds, attempts] = await Promise.all([
    db.orderEvent.findMany({ where: { orderId: id }, orderBy: { id: "asc" } }),
    db.notification.findMany({
      where: { orderId: id },
      orderBy: { id: "asc" },
      select: { id: true, receivedAt: true, tradeStatus: true, signature: true, outcome: true, reply: true },
    }),
    db.gatewayCall.findMany({
      where: { orderId: id },
      orderBy: { createdAt: "asc" },
      select: { id: true, createdAt: true, method: true, outcome: true, code: true, subCode: true, latencyMs: true },
    }),
    db.refund.findMany({ where: { orderId: id }, orderBy: { createdAt: "asc" } }),
    db.precreateAttempt.count({ where: { orderId: id } }),
  ]);
  const timeline = sortTimeline([
    ...events.map((event): TimelineEntry => ({
      kind: "event",
      key: `e${event.id}`,
      at: event.at.toISOString(),
      type: event.type,
      source: event.source,
      actor: event.actor,
      detail: JSON.parse(event.detail) as Record<string, unknown>,
      notificationId: event.notificationId,
    })),
    ...notifications.map((row): TimelineEntry => ({
      kind: "notification",
      key: `n${row.id}`,
      at: row.receivedAt.toISOString(),
      id: row.id,
      tradeStatus: row.tradeStatus,
      signature: row.signature,
      outcome: row.outcome,
      reply: row.reply,
    })),
    ...calls.map((call): TimelineEntry => ({
      kind: "gateway",
      key: `g${call.id}`,
      // A call is recorded once it is answered: place it when it started.
      at: new Date(call.createdAt.getTime() - call.latencyMs).toISOString(),
      id: call.id,
      method: call.method,
      outcome: call.outcome,
      code: call.code,
      subCode: call.subCode,
      latencyMs: call.latencyMs,
    })),
  ]);
  return {
    order: {
      id: order.id,
      outTradeNo: order.outTradeNo,
      alipayOutTradeNo: order.alipayOutTradeNo,
      status: order.status as OrderStatus,
      subject: order.subject,
      body: order.body,
      amount: formatYuan(order.amountFen),
      paid: formatYuan(order.paidFen),
      refunded: formatYuan(order.refundedFen),
      refundPending: formatYuan(order.refundPendingFen),
      refundable: formatYuan(Math.max(0, order.paidFen - order.refundedFen - order.refundPendingFen)),
      tradeNo: order.tradeNo,
      buyerId: order.buyerId,
      buyerLogonId: order.buyerLogonId,
      storeId: order.storeId,
      terminalId: order.terminalId,
      scanned: order.scanned,
      finished: order.finished,
      anomalies: anomalyList(order),
      createdAt: order.createdAt.toISOString(),
      expiresAt: order.expiresAt.toISOString(),
      paidAt: order.paidAt?.toISOString() ?? null,
      closedAt: order.closedAt?.toISOString() ?? null,
      nextCheckAt: order.nextCheckAt?.toISOString() ?? null,
      checkoutUrl: checkoutUrl(appUrl, order.id),
      attempts,
    },
    refunds: refunds.map(refundView),
    timeline,
  };
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrderDetail>>>;
