// Refunds (alipay-protocol.md §3.3, §3.4). The out_request_no is stored, and the amount reserved on the
// order by one conditional UPDATE in the database, before Alipay is called; an unknown outcome (a
// timeout, 20000, fund_change not Y) is settled under that same number, by fastpay.refund.query or by
// sending the identical refund again. So no click, retry or crash can refund twice, and what is
// refunded or reserved never exceeds what was paid.
import "server-only";
import { Prisma } from "@/prisma/generated/sqlite/client";
import { formatYuan, parseYuanStrict } from "@/lib/money";
import type { PaymentsContext } from "./context";
import { PaymentError } from "./errors";
import { applyTradeFact } from "./facts";
import { newOutRequestNo, newRowId } from "./ids";
import type { RefundInput } from "./schemas";
import { type EventSource, type OrderRow, type Tx, appendEvent, isUniqueViolation, recordGatewayCall, retryOnConflict, transaction, updateOrder } from "./store";

export type RefundRow = NonNullable<Awaited<ReturnType<PaymentsContext["db"]["refund"]["findUnique"]>>>;
export type RefundResult = { refund: RefundRow; order: OrderRow; created: boolean };

/** Refund answers after which this refund can never succeed (§2.3). */
const TERMINAL_SUB_CODES = new Set([
  "ACQ.TRADE_NOT_EXIST",
  "ACQ.TRADE_STATUS_ERROR",
  "ACQ.TRADE_HAS_FINISHED",
  "ACQ.TRADE_NOT_ALLOW_REFUND",
  "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
  "ACQ.REASON_TRADE_REFUND_FEE_ERR",
  "ACQ.DISCORDANT_REPEAT_REQUEST",
  "ACQ.SELLER_BALANCE_NOT_ENOUGH",
  "ACQ.REASON_TRADE_BEEN_FREEZEN",
  "ACQ.INVALID_PARAMETER",
]);

function nextCheck(ctx: PaymentsContext, callCount: number): Date {
  const delays = ctx.settings.refundCheckDelaysMs;
  const delay = delays[Math.min(Math.max(callCount - 1, 0), delays.length - 1)] ?? 60_000;
  return new Date(ctx.now().getTime() + delay);
}

/** Reserves `amountFen` on the order, in the database: refunded + reserved + amount ≤ paid, or nothing. */
async function reserve(tx: Tx, orderId: string, amountFen: number): Promise<boolean> {
  const count = await tx.$executeRaw(Prisma.sql`
    UPDATE "Order" SET "refundPendingFen" = "refundPendingFen" + ${amountFen}, "version" = "version" + 1
    WHERE "id" = ${orderId} AND "status" = 'PAID' AND "finished" = false
      AND "refundedFen" + "refundPendingFen" + ${amountFen} <= "paidFen"`);
  return count === 1;
}

/**
 * The refund succeeded at Alipay: the order takes it as a fact (the cumulative refunded amount), and the
 * reservation goes. The cumulative amount is computed inside the fact's transaction, from what is
 * committed, so that two refunds settling at once both count (the second recomputes after the first).
 */
async function succeed(ctx: PaymentsContext, refund: RefundRow, refundFeeFen: number | null, source: EventSource): Promise<void> {
  await applyTradeFact(
    ctx,
    refund.orderId,
    async (tx, order) => {
      // Our other refunds that succeeded (this one may already be, settled by its notification meanwhile).
      const others = await tx.refund.aggregate({ where: { orderId: order.id, status: "SUCCEEDED", id: { not: refund.id } }, _sum: { amountFen: true } });
      // refund_fee is cumulative (§3.3) and counts refunds made elsewhere; ours are a lower bound of it.
      const cumulative = Math.min(order.paidFen, Math.max(order.refundedFen, refundFeeFen ?? 0, Number(others._sum.amountFen ?? 0) + refund.amountFen));
      return { tradeNo: order.tradeNo ?? "", tradeStatus: cumulative === order.paidFen ? "TRADE_CLOSED" : "TRADE_SUCCESS", totalFen: order.amountFen, refundFen: cumulative };
    },
    { source, refundRequestNo: refund.outRequestNo },
  );
}

async function fail(ctx: PaymentsContext, refund: RefundRow, detail: { code: string | null; subCode: string | null; message: string | null }, source: EventSource): Promise<void> {
  await retryOnConflict(() =>
    transaction(ctx.db, async (tx) => {
      const { count } = await tx.refund.updateMany({
        where: { id: refund.id, status: "PENDING" },
        data: { status: "FAILED", ...detail, settledAt: ctx.now(), nextCheckAt: null, leaseOwner: null, leaseUntil: null },
      });
      if (count !== 1) return;
      const order = await tx.order.findUniqueOrThrow({ where: { id: refund.orderId } });
      await updateOrder(tx, order, { refundPendingFen: order.refundPendingFen - refund.amountFen });
      await appendEvent(tx, order.id, "REFUND_FAILED", source, { outRequestNo: refund.outRequestNo, amountFen: refund.amountFen, ...detail });
    }),
  );
}

async function stillUnknown(ctx: PaymentsContext, refund: RefundRow, note: Record<string, unknown>, source: EventSource): Promise<void> {
  await transaction(ctx.db, async (tx) => {
    const current = await tx.refund.findUniqueOrThrow({ where: { id: refund.id } });
    if (current.status !== "PENDING") return;
    await tx.refund.update({ where: { id: refund.id }, data: { nextCheckAt: nextCheck(ctx, current.callCount), leaseOwner: null, leaseUntil: null } });
    await appendEvent(tx, refund.orderId, "REFUND_UNKNOWN", source, { outRequestNo: refund.outRequestNo, ...note });
  });
}

/** Sends the refund (again: same number, same amount) and settles what the answer settles. */
async function sendRefund(ctx: PaymentsContext, refund: RefundRow, order: OrderRow, source: EventSource): Promise<void> {
  const call = await ctx.gateway.call("alipay.trade.refund", {
    out_trade_no: order.alipayOutTradeNo,
    refund_amount: formatYuan(refund.amountFen),
    out_request_no: refund.outRequestNo,
    ...(refund.reason ? { refund_reason: refund.reason } : {}),
  });
  await transaction(ctx.db, async (tx) => {
    await recordGatewayCall(tx, call, order.id);
    await tx.refund.update({ where: { id: refund.id }, data: { callCount: { increment: 1 } } });
  });
  const node = call.node ?? {};
  const message = typeof node.sub_msg === "string" ? node.sub_msg : null;
  if (call.outcome === "SUCCESS" && node.fund_change === "Y") {
    await succeed(ctx, refund, parseYuanStrict(String(node.refund_fee ?? "")), source);
  } else if (call.outcome === "SUCCESS") {
    // Accepted, not confirmed (or a replay of one that went through): ask (§3.3).
    await queryRefund(ctx, refund, order, source, false);
  } else if (call.outcome === "BUSINESS_ERROR" && call.subCode !== null && TERMINAL_SUB_CODES.has(call.subCode)) {
    await fail(ctx, refund, { code: call.code, subCode: call.subCode, message }, source);
  } else {
    await stillUnknown(ctx, refund, { via: "refund", outcome: call.outcome, code: call.code, subCode: call.subCode, error: call.error }, source);
  }
}

/** fastpay.refund.query under the refund's number; `resend`: send the refund again when Alipay has none. */
async function queryRefund(ctx: PaymentsContext, refund: RefundRow, order: OrderRow, source: EventSource, resend: boolean): Promise<void> {
  const call = await ctx.gateway.call("alipay.trade.fastpay.refund.query", { out_trade_no: order.alipayOutTradeNo, out_request_no: refund.outRequestNo });
  await transaction(ctx.db, (tx) => recordGatewayCall(tx, call, order.id));
  const node = call.node ?? {};
  if (call.outcome === "SUCCESS" && node.refund_status === "REFUND_SUCCESS") {
    await succeed(ctx, refund, null, source);
  } else if (call.outcome === "SUCCESS" && node.refund_status === undefined && resend) {
    // No such refund at Alipay: the first request never arrived. The same request again is safe.
    await sendRefund(ctx, refund, order, source);
  } else {
    await stillUnknown(ctx, refund, { via: "refund query", outcome: call.outcome, code: call.code, subCode: call.subCode, refundStatus: node.refund_status ?? null }, source);
  }
}

/** Settles a PENDING refund: asks Alipay under its number, and sends it again if Alipay never saw it. */
export async function settleRefund(ctx: PaymentsContext, refundId: string, source: EventSource): Promise<RefundResult> {
  const refund = await ctx.db.refund.findUniqueOrThrow({ where: { id: refundId } });
  const order = await ctx.db.order.findUniqueOrThrow({ where: { id: refund.orderId } });
  if (refund.status === "PENDING") {
    if (refund.callCount === 0) await sendRefund(ctx, refund, order, source);
    else await queryRefund(ctx, refund, order, source, true);
  }
  return {
    refund: await ctx.db.refund.findUniqueOrThrow({ where: { id: refundId } }),
    order: await ctx.db.order.findUniqueOrThrow({ where: { id: refund.orderId } }),
    created: false,
  };
}

/** A partial or full refund of a paid order. Idempotent on requestNo. */
export async function requestRefund(ctx: PaymentsContext, orderId: string, input: RefundInput, source: EventSource): Promise<RefundResult> {
  const order = await ctx.db.order.findUnique({ where: { id: orderId } });
  if (!order) throw new PaymentError("NOT_FOUND", "No such order", { id: orderId });
  if (input.requestNo) {
    const existing = await ctx.db.refund.findUnique({ where: { orderId_outRequestNo: { orderId, outRequestNo: input.requestNo } } });
    if (existing) {
      if (existing.amountFen !== input.amount) {
        throw new PaymentError("CONFLICT", "This requestNo was used for a refund of another amount", { requestNo: input.requestNo, amount: formatYuan(existing.amountFen) });
      }
      return settleRefund(ctx, existing.id, source);
    }
  }
  if (order.status !== "PAID") {
    throw new PaymentError("ORDER_NOT_REFUNDABLE", `The order is ${order.status}: only a paid order can be refunded`, { status: order.status });
  }
  if (order.finished) throw new PaymentError("ORDER_NOT_REFUNDABLE", "The trade is finished (TRADE_FINISHED): its refund window is over", { status: order.status });

  const refundId = newRowId();
  const outRequestNo = input.requestNo ?? newOutRequestNo(ctx.now());
  try {
    await transaction(ctx.db, async (tx) => {
      if (!(await reserve(tx, orderId, input.amount))) {
        const current = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
        throw new PaymentError("REFUND_EXCEEDS_PAID", "The refund would exceed the amount paid less what is refunded or being refunded", {
          paid: formatYuan(current.paidFen),
          refunded: formatYuan(current.refundedFen),
          pending: formatYuan(current.refundPendingFen),
          refundable: formatYuan(Math.max(0, current.paidFen - current.refundedFen - current.refundPendingFen)),
        });
      }
      await tx.refund.create({ data: { id: refundId, orderId, outRequestNo, amountFen: input.amount, reason: input.reason ?? null, createdAt: ctx.now(), nextCheckAt: nextCheck(ctx, 1) } });
      await appendEvent(tx, orderId, "REFUND_REQUESTED", source, { outRequestNo, amountFen: input.amount, reason: input.reason ?? null });
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.requestNo) return requestRefund(ctx, orderId, input, source);
    throw error;
  }
  const result = await settleRefund(ctx, refundId, source);
  return { ...result, created: true };
}
