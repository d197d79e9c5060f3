// alipay.trade.refund (alipay-protocol.md §3.3): idempotent on out_request_no (same amount → a
// replay with fund_change=N; another amount → ACQ.DISCORDANT_REPEAT_REQUEST), refund_fee cumulative.
import { formatYuan } from "@/lib/money";
import { formatAlipayTime } from "@/lib/alipay/time";
import type { SandboxContext } from "../../context";
import { refundTrade } from "../../trades/lifecycle";
import { optionalString, requiredAmount } from "../biz";
import type { GatewayCall } from "../common";
import { successNode, type ResponseNode } from "../respond";
import { requireTrade } from "./query";

export function refund(ctx: SandboxContext, call: GatewayCall): ResponseNode {
  const amount = requiredAmount(call.biz, "refund_amount", "ACQ.REASON_TRADE_REFUND_FEE_ERR");
  const outRequestNo = optionalString(call.biz, "out_request_no", { max: 64 });
  const reason = optionalString(call.biz, "refund_reason", { max: 256 });
  const trade = requireTrade(ctx, call);
  const result = refundTrade(ctx, trade, { amount, outRequestNo, reason, notifyUrl: call.notifyUrl });
  return successNode({
    buyer_logon_id: result.trade.buyer_logon_id,
    buyer_user_id: result.trade.buyer_id,
    fund_change: result.fundChange,
    gmt_refund_pay: formatAlipayTime(new Date(result.refund.gmt_refund_pay)),
    out_trade_no: result.trade.out_trade_no,
    refund_fee: formatYuan(result.trade.refund_fee),
    send_back_fee: result.fundChange === "Y" ? formatYuan(result.refund.refund_amount) : "0.00",
    trade_no: result.trade.trade_no,
  });
}
