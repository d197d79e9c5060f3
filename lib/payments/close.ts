// Closing an unpaid order: at Alipay first (alipay.trade.close, §3.5; ACQ.TRADE_NOT_EXIST means nobody
// scanned, so there is nothing to close there), then locally. A close is not a guarantee against a
// late payment (§3.1): the order stays watched for a while, and a payment after it is flagged.
import "server-only";
import type { PaymentsContext } from "./context";
import { PaymentError } from "./errors";
import { type EventSource, type OrderRow, appendEvent, recordGatewayCall, retryOnConflict, transaction, updateOrder } from "./store";
import { syncOrder } from "./sync";

export type CloseResult = { order: OrderRow; closed: boolean; alipay: "CLOSED" | "NO_TRADE" | "NOT_NEEDED" };

async function closeLocally(ctx: PaymentsContext, orderId: string, source: EventSource, detail: Record<string, unknown>): Promise<OrderRow> {
  return retryOnConflict(() =>
    transaction(ctx.db, async (tx) => {
      const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
      if (order.status !== "PENDING") return order;
      const now = ctx.now();
      // Watched for a late payment from now on (lib/worker/worker.ts nextLook).
      const data = { status: "CLOSED", closedAt: now, nextCheckAt: new Date(now.getTime() + (ctx.settings.checkDelaysMs[0] ?? 15_000)) };
      await updateOrder(tx, order, data);
      await appendEvent(tx, orderId, "CLOSED", source, detail);
      return { ...order, ...data, version: order.version + 1 };
    }),
  );
}

/**
 * Closes the trade at Alipay for an order already closed here: a buyer scanned its QR after a close that
 * came before the scan (§3.1: that close does not kill the QR). Recorded; the watch continues.
 */
export async function closeTradeAtAlipay(ctx: PaymentsContext, order: OrderRow, source: EventSource): Promise<void> {
  if (!order.alipayOutTradeNo) return;
  const call = await ctx.gateway.call("alipay.trade.close", { out_trade_no: order.alipayOutTradeNo });
  await transaction(ctx.db, async (tx) => {
    await recordGatewayCall(tx, call, order.id);
    await appendEvent(tx, order.id, "TRADE_CLOSED_AT_ALIPAY", source, { outcome: call.outcome, code: call.code, subCode: call.subCode });
  });
}

export async function closeOrder(ctx: PaymentsContext, orderId: string, source: EventSource): Promise<CloseResult> {
  const order = await ctx.db.order.findUnique({ where: { id: orderId } });
  if (!order) throw new PaymentError("NOT_FOUND", "No such order", { id: orderId });
  if (order.status === "CLOSED") return { order, closed: false, alipay: "NOT_NEEDED" };
  if (order.status !== "PENDING") {
    throw new PaymentError("ORDER_NOT_PAYABLE", `The order is ${order.status}: only an unpaid order can be closed (refund a paid one)`, { status: order.status });
  }
  if (!order.alipayOutTradeNo) {
    return { order: await closeLocally(ctx, orderId, source, { alipay: "no QR was ever issued" }), closed: true, alipay: "NOT_NEEDED" };
  }
  const call = await ctx.gateway.call("alipay.trade.close", { out_trade_no: order.alipayOutTradeNo });
  await transaction(ctx.db, (tx) => recordGatewayCall(tx, call, orderId));
  if (call.outcome === "SUCCESS" || (call.outcome === "BUSINESS_ERROR" && call.subCode === "ACQ.TRADE_NOT_EXIST")) {
    const alipay = call.outcome === "SUCCESS" ? "CLOSED" : "NO_TRADE";
    return { order: await closeLocally(ctx, orderId, source, { alipay }), closed: true, alipay };
  }
  if (call.outcome === "BUSINESS_ERROR" && call.subCode === "ACQ.TRADE_STATUS_ERROR") {
    // Paid or closed at Alipay meanwhile: the order follows what Alipay says.
    const synced = await syncOrder(ctx, orderId, source);
    if (synced.order.status === "PENDING" && synced.alipay === "TRADE_CLOSED") return { order: synced.order, closed: true, alipay: "CLOSED" };
    if (synced.order.status === "CLOSED") return { order: synced.order, closed: true, alipay: "CLOSED" };
    throw new PaymentError("ORDER_NOT_PAYABLE", `Alipay cannot close the trade: it is ${synced.alipay}; the order is now ${synced.order.status}`, {
      status: synced.order.status,
      alipay: synced.alipay,
    });
  }
  const details = { outcome: call.outcome, code: call.code, subCode: call.subCode };
  if (call.outcome === "BUSINESS_ERROR") throw new PaymentError("GATEWAY_ERROR", `Alipay refused to close: ${call.subCode ?? call.code}`, details);
  throw new PaymentError("GATEWAY_UNKNOWN", "Alipay did not answer the close clearly; the order stays open and will be closed by the worker or a retry", details);
}
