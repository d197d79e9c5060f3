// alipay.trade.cancel (alipay-protocol.md §3.6): unpaid → closed (action=close); paid inside the
// window → refunded in full (action=refund); no trade → no action, and the unscanned QR is voided
// so that a late scan cannot pay it.
import type { SandboxContext } from "../../context";
import { findPrecreate, voidPrecreate } from "../../store/precreates";
import { findTrade } from "../../store/trades";
import { cancelTrade } from "../../trades/lifecycle";
import { tradeRef } from "../biz";
import type { GatewayCall } from "../common";
import { successNode, type ResponseNode } from "../respond";

export function cancel(ctx: SandboxContext, call: GatewayCall): ResponseNode {
  const ref = tradeRef(call.biz);
  const trade = findTrade(ctx.db, call.appId, ref);
  if (!trade) {
    const precreate = ref.outTradeNo ? findPrecreate(ctx.db, call.appId, ref.outTradeNo) : undefined;
    if (precreate) voidPrecreate(ctx.db, precreate.id, ctx.clock.now());
    return successNode({ out_trade_no: ref.outTradeNo, retry_flag: "N", trade_no: ref.tradeNo });
  }
  const result = cancelTrade(ctx, trade);
  return successNode({ action: result.action ?? undefined, out_trade_no: trade.out_trade_no, retry_flag: "N", trade_no: trade.trade_no });
}
