// alipay.trade.fastpay.refund.query (alipay-protocol.md §3.4): a missing refund is 10000 without
// refund_status; refund_amount is this refund's amount, not the cumulative one.
import { formatYuan } from "@/lib/money";
import { formatAlipayTime } from "@/lib/alipay/time";
import type { SandboxContext } from "../../context";
import { findRefund } from "../../store/trades";
import { queryOptions, requiredString } from "../biz";
import type { GatewayCall } from "../common";
import { successNode, type ResponseNode } from "../respond";
import { requireTrade } from "./query";

export function refundQuery(ctx: SandboxContext, call: GatewayCall): ResponseNode {
  const outRequestNo = requiredString(call.biz, "out_request_no", { max: 64 });
  const trade = requireTrade(ctx, call);
  const refund = findRefund(ctx.db, trade.trade_no, outRequestNo);
  const base = { out_request_no: outRequestNo, out_trade_no: trade.out_trade_no, trade_no: trade.trade_no };
  if (!refund) return successNode(base);
  return successNode({
    ...base,
    gmt_refund_pay: queryOptions(call.biz).includes("gmt_refund_pay") ? formatAlipayTime(new Date(refund.gmt_refund_pay)) : undefined,
    refund_amount: formatYuan(refund.refund_amount),
    refund_status: "REFUND_SUCCESS",
    total_amount: formatYuan(trade.total_amount),
  });
}
