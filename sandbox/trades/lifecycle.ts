// The trade state machine as Alipay runs it (alipay-protocol.md §3.2–3.6): scan creates the trade,
// payment, close, refunds (idempotent on out_request_no, cumulative refund_fee), the end of the refund
// window, cancel, and expiry. Each change that Alipay notifies about queues a notification.
import type { SandboxContext } from "../context";
import { TradeError } from "../context";
import { emitNotification } from "../notify/events";
import { findPrecreateById } from "../store/precreates";
import {
  findRefund,
  findTrade,
  addRefundFee,
  insertRefund,
  listExpiredWaiting,
  transitionTrade,
  type RefundRow,
  type TradeRow,
} from "../store/trades";

const CANCEL_WINDOW_MS = 24 * 3600 * 1000;

function reload(ctx: SandboxContext, trade: TradeRow): TradeRow {
  return findTrade(ctx.db, trade.app_id, { tradeNo: trade.trade_no })!;
}

/** Closes a WAIT_BUYER_PAY trade, now (alipay.trade.close) or at the deadline it expired at. */
export function closeTrade(ctx: SandboxContext, trade: TradeRow, closedAt?: number): TradeRow {
  return ctx.db.transaction(() => {
    if (trade.status !== "WAIT_BUYER_PAY") throw new TradeError("ACQ.TRADE_STATUS_ERROR", "交易状态不合法，只有等待买家付款的交易可以关闭");
    const now = ctx.clock.now();
    if (!transitionTrade(ctx.db, trade.trade_no, "WAIT_BUYER_PAY", "TRADE_CLOSED", { gmt_close: closedAt ?? now }, now)) {
      throw new TradeError("ACQ.TRADE_STATUS_ERROR", "交易状态已变化");
    }
    const closed = reload(ctx, trade);
    emitNotification(ctx, closed, "CLOSE");
    return closed;
  })();
}

export type RefundResult = { trade: TradeRow; refund: RefundRow; fundChange: "Y" | "N" };

export function refundTrade(
  ctx: SandboxContext,
  trade: TradeRow,
  request: { amount: number; outRequestNo: string | undefined; reason: string | undefined; notifyUrl?: string },
): RefundResult {
  return ctx.db.transaction(() => {
    const outRequestNo = request.outRequestNo ?? trade.out_trade_no;
    const existing = findRefund(ctx.db, trade.trade_no, outRequestNo);
    if (existing) {
      if (existing.refund_amount !== request.amount) throw new TradeError("ACQ.DISCORDANT_REPEAT_REQUEST", "本次请求与之前的同一退款请求号的参数不一致");
      return { trade, refund: existing, fundChange: "N" as const };
    }
    if (trade.status === "TRADE_FINISHED") throw new TradeError("ACQ.TRADE_HAS_FINISHED", "交易已完结，不能退款");
    if (trade.status !== "TRADE_SUCCESS") throw new TradeError("ACQ.TRADE_STATUS_ERROR", "交易状态不合法，不能退款");
    if (!request.outRequestNo && request.amount !== trade.total_amount) {
      throw new TradeError("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "部分退款必须传退款请求号 out_request_no");
    }
    const refundable = trade.total_amount - trade.refund_fee;
    if (request.amount > refundable) throw new TradeError("ACQ.REASON_TRADE_REFUND_FEE_ERR", "退款金额超过可退金额");

    const now = ctx.clock.now();
    if (!addRefundFee(ctx.db, trade.trade_no, request.amount, now)) throw new TradeError("ACQ.REASON_TRADE_REFUND_FEE_ERR", "退款金额超过可退金额");
    const refund = insertRefund(ctx.db, {
      trade_no: trade.trade_no,
      out_request_no: outRequestNo,
      refund_amount: request.amount,
      refund_reason: request.reason ?? null,
      gmt_refund_pay: now,
      notify_url: request.notifyUrl ?? null,
    });
    const refunded = reload(ctx, trade);
    emitNotification(ctx, refunded, "REFUND", refund);
    return { trade: refunded, refund, fundChange: "Y" as const };
  })();
}

/** The refund window ends: TRADE_SUCCESS → TRADE_FINISHED, notified (often months after payment). */
export function finishTrade(ctx: SandboxContext, trade: TradeRow): TradeRow {
  return ctx.db.transaction(() => {
    const now = ctx.clock.now();
    if (trade.status !== "TRADE_SUCCESS" || !transitionTrade(ctx.db, trade.trade_no, "TRADE_SUCCESS", "TRADE_FINISHED", { gmt_close: now }, now)) {
      throw new TradeError("ACQ.TRADE_STATUS_ERROR", "只有支付成功的交易可以完结");
    }
    const finished = reload(ctx, trade);
    emitNotification(ctx, finished, "FINISH");
    return finished;
  })();
}

export type CancelResult = { trade: TradeRow | null; action: "close" | "refund" | null };

/** §3.6: closes an unpaid trade, refunds a paid one in full inside the window. */
export function cancelTrade(ctx: SandboxContext, trade: TradeRow): CancelResult {
  if (trade.status === "WAIT_BUYER_PAY") return { trade: closeTrade(ctx, trade), action: "close" };
  if (trade.status === "TRADE_CLOSED") return { trade, action: trade.refund_fee > 0 ? "refund" : "close" };
  if (trade.status === "TRADE_FINISHED") throw new TradeError("ACQ.TRADE_HAS_FINISHED", "交易已完结，不能撤销");
  if (trade.refund_fee > 0) throw new TradeError("ACQ.CANCEL_NOT_ALLOWED", "交易已有退款，不能撤销");
  if (ctx.clock.now() - (trade.gmt_payment ?? 0) > CANCEL_WINDOW_MS) throw new TradeError("ACQ.TRADE_CANCEL_TIME_OUT", "超过撤销时间范围，请使用退款");
  const result = refundTrade(ctx, trade, { amount: trade.total_amount, outRequestNo: undefined, reason: "撤销" });
  return { trade: result.trade, action: "refund" };
}

/** Closes trades still waiting for payment past their timeout, as Alipay does, with a notification. */
export function expireTrades(ctx: SandboxContext): number {
  let closed = 0;
  for (const trade of listExpiredWaiting(ctx.db, ctx.clock.now())) {
    try {
      closeTrade(ctx, trade, trade.deadline);
      closed++;
    } catch (error) {
      if (!(error instanceof TradeError)) throw error;
    }
  }
  return closed;
}

export function precreateOf(ctx: SandboxContext, trade: TradeRow) {
  return findPrecreateById(ctx.db, trade.precreate_id)!;
}
