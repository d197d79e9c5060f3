// Refunds (alipay-protocol.md §3.3, §3.4). The out_request_no is stored, and the amount reserved on the
// order by one conditional UPDATE in the database, before Alipay is called; an unknown outcome (a
// timeout, 20000, fund_change not Y) is settled under that same number, by fastpay.refund.query or by
// sending the identical refund again. So no click, retry or crash can refund twice, and what is
// refunded or reserved never exceeds what was paid.
import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/prisma/generated/sqlite/client";
import { formatYuan, parseYuanStrict } from "@/lib/money";
import type { PaymentsContext } from "./context";
import { PaymentError } from "./errors";
import { applyTradeFact } from "./facts";
import { newOutRequestNo, newRowId } from "./ids";
import type { RefundInput } from "./schemas";
import { type EventSource, type OrderRow, type Tx, appendEvent, isUniqueViolation, mergeAnomalies, recordGatewayCall, retryOnConflict, transaction, updateOrder } from "./store";

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
        data: { status: "FAILED", ...detail, settledAt: ctx.now(), nextCheckAt: null },
      });
      if (count !== 1) return;
      const order = await tx.order.findUniqueOrThrow({ where: { id: refund.orderId } });
      await updateOrder(tx, order, { refundPendingFen: order.refundPendingFen - refund.amountFen });
      await appendEvent(tx, order.id, "REFUND_FAILED", source, { outRequestNo: refund.outRequestNo, amountFen: refund.amountFen, ...detail });
    }),
  );
}

/** After this many calls without an answer that settles it, a refund waits for an operator. */
export const MAX_REFUND_CALLS = 12;

async function stillUnknown(ctx: PaymentsContext, refund: RefundRow, note: Record<string, unknown>, source: EventSource): Promise<void> {
  await retryOnConflict(() =>
    transaction(ctx.db, async (tx) => {
      const current = await tx.refund.findUniqueOrThrow({ where: { id: refund.id } });
      if (current.status !== "PENDING") return;
      const givingUp = current.callCount >= MAX_REFUND_CALLS;
      await tx.refund.update({ where: { id: refund.id }, data: { nextCheckAt: givingUp ? null : nextCheck(ctx, current.callCount) } });
      await appendEvent(tx, refund.orderId, "REFUND_UNKNOWN", source, { outRequestNo: refund.outRequestNo, calls: current.callCount, ...note });
      if (!givingUp) return;
      // Its money may have moved: the reservation stays, and the order is flagged for a person.
      const order = await tx.order.findUniqueOrThrow({ where: { id: refund.orderId } });
      await updateOrder(tx, order, { anomalies: mergeAnomalies(order, ["REFUND_UNSETTLED"]) });
      await appendEvent(tx, order.id, "ANOMALY", source, { anomalies: ["REFUND_UNSETTLED"], outRequestNo: refund.outRequestNo, calls: current.callCount });
    }),
  );
}

/** Sends the refund (again: same number, same amount) and settles what the answer settles. */
async function sendRefund(ctx: PaymentsContext, refund: RefundRow, order: OrderRow, source: EventSource): Promise<void> {
  // Counted before it is made: a crash during the call must not make it look never sent.
  await transaction(ctx.db, (tx) => tx.refund.update({ where: { id: refund.id }, data: { callCount: { increment: 1 } } }));
  const call = await ctx.gateway.call("alipay.trade.refund", {
    out_trade_no: order.alipayOutTradeNo,
    refund_amount: formatYuan(refund.amountFen),
    out_request_no: refund.outRequestNo,
    ...(refund.reason ? { refund_reason: refund.reason } : {}),
  });
  await transaction(ctx.db, (tx) => recordGatewayCall(tx, call, order.id));
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
  await transaction(ctx.db, (tx) => tx.refund.update({ where: { id: refund.id }, data: { callCount: { increment: 1 } } }));
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

/** Longer than the worst case of one settlement (a refund call and a query, each timing out, each re-sent once). */
const REFUND_LEASE_MS = 5 * 60_000;

/** Takes the refund for `owner`, if it is PENDING and nobody else holds it. */
async function claimRefund(ctx: PaymentsContext, refundId: string, owner: string): Promise<boolean> {
  const now = ctx.now();
  const { count } = await transaction(ctx.db, (tx) =>
    tx.refund.updateMany({
      where: { id: refundId, status: "PENDING", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: owner }] },
      data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + REFUND_LEASE_MS) },
    }),
  );
  return count === 1;
}

async function releaseRefund(ctx: PaymentsContext, refundId: string, owner: string): Promise<void> {
  await transaction(ctx.db, (tx) => tx.refund.updateMany({ where: { id: refundId, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } }));
}

async function refundResult(ctx: PaymentsContext, refundId: string, created = false): Promise<RefundResult> {
  const refund = await ctx.db.refund.findUniqueOrThrow({ where: { id: refundId } });
  return { refund, order: await ctx.db.order.findUniqueOrThrow({ where: { id: refund.orderId } }), created };
}

/**
 * Settles a PENDING refund under a lease (so that an operator's retry, the API and the workers of every
 * instance never call Alipay for it at once): asks Alipay under its number, and sends it again if
 * Alipay never saw it. When someone else holds it, returns it as it stands.
 */
export async function settleRefund(ctx: PaymentsContext, refundId: string, source: EventSource, owner = `${source}-${randomUUID()}`): Promise<RefundResult> {
  if (!(await claimRefund(ctx, refundId, owner))) return refundResult(ctx, refundId);
  try {
    const refund = await ctx.db.refund.findUniqueOrThrow({ where: { id: refundId } });
    const order = await ctx.db.order.findUniqueOrThrow({ where: { id: refund.orderId } });
    if (refund.callCount === 0) await sendRefund(ctx, refund, order, source);
    else await queryRefund(ctx, refund, order, source, true);
  } finally {
    await releaseRefund(ctx, refundId, owner);
  }
  return refundResult(ctx, refundId);
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
      return existing.status === "PENDING" ? settleRefund(ctx, existing.id, source) : refundResult(ctx, existing.id);
    }
  }
  if (order.status !== "PAID") {
    throw new PaymentError("ORDER_NOT_REFUNDABLE", `The order is ${order.status}: only a paid order can be refunded`, { status: order.status });
  }
  if (order.finished) throw new PaymentError("ORDER_NOT_REFUNDABLE", "The trade is finished (TRADE_FINISHED): its refund window is over", { status: order.status });

  const refundId = newRowId();
  const owner = `${source}-${randomUUID()}`;
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
      // Held by this request from the start: no worker takes it while the first call is under way.
      const leaseUntil = new Date(ctx.now().getTime() + REFUND_LEASE_MS);
      await tx.refund.create({
        data: { id: refundId, orderId, outRequestNo, amountFen: input.amount, reason: input.reason ?? null, createdAt: ctx.now(), nextCheckAt: nextCheck(ctx, 1), leaseOwner: owner, leaseUntil },
      });
      await appendEvent(tx, orderId, "REFUND_REQUESTED", source, { outRequestNo, amountFen: input.amount, reason: input.reason ?? null });
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.requestNo) return requestRefund(ctx, orderId, input, source);
    throw error;
  }
  const result = await settleRefund(ctx, refundId, source, owner);
  return { ...result, created: true };
}
