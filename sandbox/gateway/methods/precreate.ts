// alipay.trade.precreate (alipay-protocol.md §3.1): validates as Alipay does, stores the order and
// returns a QR. No trade exists until a buyer scans. Precreating the same out_trade_no again returns
// the QR again before the scan, and after the scan only with identical parameters.
import { createHash } from "node:crypto";
import { TradeError, type SandboxContext } from "../../context";
import { newQrToken } from "../../ids";
import { findPrecreate, insertPrecreate, replacePrecreate, type NewPrecreate } from "../../store/precreates";
import { findTradeByPrecreate } from "../../store/trades";
import { optionalAmount, optionalString, optionalTime, optionalTimeout, requiredAmount, requiredString, type Biz } from "../biz";
import type { GatewayCall } from "../common";
import { successNode, type ResponseNode } from "../respond";

const QR_MAX_MS = 2 * 3600 * 1000;
const DEFAULT_TRADE_TIMEOUT_MS = 3 * 3600 * 1000;
const PRODUCT_CODES = new Set(["FACE_TO_FACE_PAYMENT", "OFFLINE_PAYMENT"]);

/** goods_detail: flat items with an id, a name, a whole quantity and a price; normalised for comparison. */
function goodsDetail(biz: Biz): Array<[string, string, number, number]> | undefined {
  const value = biz.goods_detail;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 100) throw new TradeError("ACQ.INVALID_PARAMETER", "参数无效: goods_detail 必须是不超过 100 项的数组");
  return value.map((item: unknown, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) throw new TradeError("ACQ.INVALID_PARAMETER", `参数无效: goods_detail[${index}] 必须是对象`);
    const goods = item as Biz;
    const quantity = Number(goods.quantity);
    if (!Number.isInteger(quantity) || quantity < 1 || typeof goods.quantity === "object") {
      throw new TradeError("ACQ.INVALID_PARAMETER", `参数无效: goods_detail[${index}].quantity 必须是正整数`);
    }
    return [
      requiredString(goods, `goods_id`, { max: 32 }),
      requiredString(goods, `goods_name`, { max: 256 }),
      quantity,
      requiredAmount(goods, "price"),
    ];
  });
}

/** What "the same parameters" means for a repeated precreate (§3.1): the values, not their spelling. */
function fingerprint(fields: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

function validate(ctx: SandboxContext, call: GatewayCall, outTradeNo: string, now: number): NewPrecreate {
  const { biz } = call;
  const total = requiredAmount(biz, "total_amount", "ACQ.TOTAL_FEE_EXCEED");
  const subject = requiredString(biz, "subject", { max: 256 });
  const body = optionalString(biz, "body", { max: 128 });
  const productCode = optionalString(biz, "product_code", { max: 64 });
  if (productCode && !PRODUCT_CODES.has(productCode)) throw new TradeError("ACQ.INVALID_PARAMETER", `参数无效: product_code ${productCode}`);
  const sellerId = optionalString(biz, "seller_id", { max: 16, pattern: /^2088\d{12}$/ }) ?? ctx.config.sellerId;
  if (sellerId !== ctx.config.sellerId) throw new TradeError("ACQ.INVALID_PARAMETER", "参数无效: seller_id 与应用签约账号不一致");
  const discountable = optionalAmount(biz, "discountable_amount");
  const undiscountable = optionalAmount(biz, "undiscountable_amount");
  if (discountable !== undefined && undiscountable !== undefined && discountable + undiscountable !== total) {
    throw new TradeError("ACQ.INVALID_PARAMETER", "参数无效: total_amount 必须等于 discountable_amount 与 undiscountable_amount 之和");
  }
  const goods = goodsDetail(biz);

  const timeExpire = optionalTime(biz, "time_expire");
  if (timeExpire !== undefined && timeExpire <= now) throw new TradeError("ACQ.INVALID_PARAMETER", "参数无效: time_expire 已过");
  const tradeTimeout = optionalTimeout(biz, "timeout_express", now);
  const qrTimeout = optionalTimeout(biz, "qr_code_timeout_express", now);
  // time_expire beats timeout_express; a 当面付 QR lives at most 2 h whatever is asked (§3.1).
  const tradeExpiresAt = timeExpire ?? now + (tradeTimeout ?? DEFAULT_TRADE_TIMEOUT_MS);
  const qrExpiresAt = Math.min(now + Math.min(qrTimeout ?? QR_MAX_MS, QR_MAX_MS), tradeExpiresAt);

  const token = newQrToken();
  const storeId = optionalString(biz, "store_id", { max: 32 }) ?? null;
  const operatorId = optionalString(biz, "operator_id", { max: 28 }) ?? null;
  const terminalId = optionalString(biz, "terminal_id", { max: 32 }) ?? null;
  const passback = optionalString(biz, "passback_params", { max: 512 }) ?? null;
  const timeouts = ["timeout_express", "qr_code_timeout_express", "time_expire"].map((field) => biz[field] ?? null);
  return {
    app_id: call.appId,
    out_trade_no: outTradeNo,
    total_amount: total,
    subject,
    body: body ?? null,
    seller_id: sellerId,
    store_id: storeId,
    operator_id: operatorId,
    terminal_id: terminalId,
    biz_fingerprint: fingerprint([total, subject, body, productCode, sellerId, discountable, undiscountable, goods, storeId, operatorId, terminalId, passback, timeouts]),
    notify_url: call.notifyUrl ?? null,
    charset: call.charset,
    passback_params: passback,
    qr_code: `${ctx.config.publicUrl}/qr/${token}`,
    qr_token: token,
    qr_expires_at: qrExpiresAt,
    trade_expires_at: tradeExpiresAt,
    created_at: now,
  };
}

export function precreate(ctx: SandboxContext, call: GatewayCall): ResponseNode {
  const now = ctx.clock.now();
  const outTradeNo = requiredString(call.biz, "out_trade_no", { max: 64, pattern: /^[A-Za-z0-9_-]+$/ });
  // A paid or closed number is final whatever else the request says.
  const existing = findPrecreate(ctx.db, call.appId, outTradeNo);
  const trade = existing ? findTradeByPrecreate(ctx.db, existing.id) : undefined;
  if (trade?.status === "TRADE_SUCCESS" || trade?.status === "TRADE_FINISHED") throw new TradeError("ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
  if (trade?.status === "TRADE_CLOSED" || existing?.voided) throw new TradeError("ACQ.TRADE_HAS_CLOSE", "交易已经关闭");

  const candidate = validate(ctx, call, outTradeNo, now);
  let row = existing;
  if (!existing) row = insertPrecreate(ctx.db, candidate);
  else if (existing.biz_fingerprint !== candidate.biz_fingerprint) {
    if (trade) throw new TradeError("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改: 同一 out_trade_no 的参数与已创建的交易不一致");
    row = replacePrecreate(ctx.db, existing.id, candidate);
  } else if (!trade && existing.qr_expires_at <= now) {
    row = replacePrecreate(ctx.db, existing.id, candidate);
  }
  ctx.log.info("sandbox.precreate", { outTradeNo, reused: row!.qr_token !== candidate.qr_token });
  return successNode({ out_trade_no: row!.out_trade_no, qr_code: row!.qr_code });
}
