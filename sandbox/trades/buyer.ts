// The buyer's side: scanning a QR opens the cashier and creates the trade (WAIT_BUYER_PAY, not
// notified by default); paying moves it to TRADE_SUCCESS and notifies (alipay-protocol.md §3.1, §4.3).
import type { SandboxContext } from "../context";
import { resolveBuyer, newTradeNo, type Buyer } from "../ids";
import { emitNotification } from "../notify/events";
import { findPrecreate, findPrecreateByToken, type PrecreateRow } from "../store/precreates";
import { findTrade, findTradeByPrecreate, insertTrade, transitionTrade, type TradeRow } from "../store/trades";

export type BuyerErrorCode = "QR_NOT_FOUND" | "QR_EXPIRED" | "QR_VOID" | "ALREADY_PAID" | "TRADE_CLOSED" | "OTHER_BUYER" | "TRADE_EXPIRED";

export class BuyerError extends Error {
  override name = "BuyerError";
  constructor(
    readonly code: BuyerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Finds the precreate behind a `qr_code` (a full URL or its token) or an out_trade_no. */
export function findQr(ctx: SandboxContext, ref: { qrCode?: string; outTradeNo?: string }): PrecreateRow {
  const token = ref.qrCode?.trim().split(/[/?#]/).filter(Boolean).pop();
  const precreate = token ? findPrecreateByToken(ctx.db, token) : ref.outTradeNo ? findPrecreate(ctx.db, ctx.config.appId, ref.outTradeNo) : undefined;
  if (!precreate) throw new BuyerError("QR_NOT_FOUND", "二维码无效或已被新的预下单替换");
  return precreate;
}

export function scanQr(ctx: SandboxContext, precreate: PrecreateRow, buyer: Buyer = resolveBuyer()): TradeRow {
  return ctx.db.transaction(() => {
    const now = ctx.clock.now();
    const trade = findTradeByPrecreate(ctx.db, precreate.id);
    if (trade) {
      if (trade.status === "TRADE_SUCCESS" || trade.status === "TRADE_FINISHED") throw new BuyerError("ALREADY_PAID", "该订单已支付");
      if (trade.status === "TRADE_CLOSED") throw new BuyerError("TRADE_CLOSED", "交易已关闭");
      if (trade.buyer_id !== buyer.buyerId) throw new BuyerError("OTHER_BUYER", "该二维码已被其他买家扫描，只有首个扫码的买家可以付款");
      return trade;
    }
    if (precreate.voided) throw new BuyerError("QR_VOID", "二维码已撤销");
    if (precreate.qr_expires_at <= now) throw new BuyerError("QR_EXPIRED", "二维码已过期");
    const created = insertTrade(ctx.db, {
      trade_no: newTradeNo(now),
      precreate_id: precreate.id,
      app_id: precreate.app_id,
      out_trade_no: precreate.out_trade_no,
      status: "WAIT_BUYER_PAY",
      total_amount: precreate.total_amount,
      buyer_id: buyer.buyerId,
      buyer_logon_id: buyer.buyerLogonId,
      gmt_create: now,
    });
    ctx.log.info("sandbox.buyer.scanned", { outTradeNo: created.out_trade_no, tradeNo: created.trade_no, buyerId: buyer.buyerId });
    return created;
  })();
}

export function payQr(ctx: SandboxContext, precreate: PrecreateRow, buyer: Buyer = resolveBuyer()): TradeRow {
  return ctx.db.transaction(() => {
    const trade = scanQr(ctx, precreate, buyer);
    const now = ctx.clock.now();
    // The QR's timeout is the latest payment time, also for a trade already scanned (§3.1).
    if (Math.min(precreate.qr_expires_at, precreate.trade_expires_at) <= now) throw new BuyerError("TRADE_EXPIRED", "交易已超时");
    if (!transitionTrade(ctx.db, trade.trade_no, "WAIT_BUYER_PAY", "TRADE_SUCCESS", { gmt_payment: now }, now)) {
      throw new BuyerError("TRADE_CLOSED", "交易状态已变化");
    }
    const paid = findTrade(ctx.db, trade.app_id, { tradeNo: trade.trade_no })!;
    emitNotification(ctx, paid, "PAYMENT");
    ctx.log.info("sandbox.buyer.paid", { outTradeNo: paid.out_trade_no, tradeNo: paid.trade_no });
    return paid;
  })();
}
