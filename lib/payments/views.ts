// What the API and pages show of orders, refunds and notifications: amounts as yuan strings (as Alipay
// writes them), times as ISO 8601, anomalies as a list. The checkout view carries nothing an operator
// alone should see.
import { formatYuan } from "@/lib/money";
import type { RefundRow } from "./refunds";
import { type OrderRow, anomalyList } from "./store";

export function checkoutUrl(appUrl: string, orderId: string): string {
  return new URL(`/checkout/${orderId}`, appUrl).toString();
}

/** The answer to creating an order. */
export function createdOrderView(order: OrderRow, appUrl: string) {
  return {
    id: order.id,
    outTradeNo: order.outTradeNo,
    status: order.status,
    amount: formatYuan(order.amountFen),
    subject: order.subject,
    storeId: order.storeId,
    terminalId: order.terminalId,
    qrCode: order.qrCode,
    checkoutUrl: checkoutUrl(appUrl, order.id),
    expiresAt: order.expiresAt.toISOString(),
    createdAt: order.createdAt.toISOString(),
  };
}

type EventRow = { id: number; at: Date; type: string; source: string; detail: string; notificationId: number | null };

export function refundView(refund: RefundRow) {
  return {
    requestNo: refund.outRequestNo,
    amount: formatYuan(refund.amountFen),
    reason: refund.reason,
    status: refund.status,
    code: refund.code,
    subCode: refund.subCode,
    message: refund.message,
    createdAt: refund.createdAt.toISOString(),
    settledAt: refund.settledAt?.toISOString() ?? null,
  };
}

/** The order as the merchant's systems see it. */
export function orderView(order: OrderRow, appUrl: string, extra: { events?: EventRow[]; refunds?: RefundRow[] } = {}) {
  return {
    ...createdOrderView(order, appUrl),
    body: order.body,
    alipayOutTradeNo: order.alipayOutTradeNo,
    scanned: order.scanned,
    tradeNo: order.tradeNo,
    buyerLogonId: order.buyerLogonId,
    paidAmount: formatYuan(order.paidFen),
    refundedAmount: formatYuan(order.refundedFen),
    refundPendingAmount: formatYuan(order.refundPendingFen),
    finished: order.finished,
    anomalies: anomalyList(order),
    paidAt: order.paidAt?.toISOString() ?? null,
    closedAt: order.closedAt?.toISOString() ?? null,
    updatedAt: order.updatedAt.toISOString(),
    ...(extra.refunds ? { refunds: extra.refunds.map(refundView) } : {}),
    ...(extra.events
      ? {
          events: extra.events.map((event) => ({
            id: event.id,
            at: event.at.toISOString(),
            type: event.type,
            source: event.source,
            detail: JSON.parse(event.detail) as Record<string, unknown>,
            notificationId: event.notificationId,
          })),
        }
      : {}),
  };
}

/** What the public checkout page shows and streams: no buyer, no trade number, no operator data. */
export type CheckoutState = "AWAITING_PAYMENT" | "PAID" | "EXPIRED" | "CLOSED" | "UNAVAILABLE";

export function checkoutView(order: OrderRow, now: Date) {
  let state: CheckoutState;
  if (order.status === "PAID" || order.status === "REFUNDED") state = "PAID";
  else if (order.status === "CLOSED" || order.status === "FAILED") state = order.expiresAt.getTime() <= now.getTime() ? "EXPIRED" : "CLOSED";
  else if (order.expiresAt.getTime() <= now.getTime()) state = "EXPIRED";
  else if (!order.qrCode) state = "UNAVAILABLE";
  else state = "AWAITING_PAYMENT";
  return {
    id: order.id,
    state,
    amount: formatYuan(order.amountFen),
    subject: order.subject,
    qrCode: state === "AWAITING_PAYMENT" ? order.qrCode : null,
    scanned: order.scanned,
    expiresAt: order.expiresAt.toISOString(),
    returnUrl: state === "PAID" ? order.returnUrl : null,
    version: order.version,
  };
}
export type CheckoutView = ReturnType<typeof checkoutView>;

type NotificationRow = {
  id: number;
  receivedAt: Date;
  outTradeNo: string | null;
  notifyId: string | null;
  tradeStatus: string | null;
  signature: string | null;
  checks: string | null;
  outcome: string;
  reply: string | null;
  error: string | null;
  bodySize: number;
  contentType: string | null;
  sourceAddress: string | null;
  orderId: string | null;
};

export function notificationView(row: NotificationRow) {
  return {
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    outTradeNo: row.outTradeNo,
    notifyId: row.notifyId,
    tradeStatus: row.tradeStatus,
    signature: row.signature,
    checks: row.checks ? (JSON.parse(row.checks) as unknown[]) : [],
    outcome: row.outcome,
    reply: row.reply,
    error: row.error,
    bodySize: row.bodySize,
    contentType: row.contentType,
    sourceAddress: row.sourceAddress,
    orderId: row.orderId,
  };
}
