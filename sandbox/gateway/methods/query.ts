// alipay.trade.query (alipay-protocol.md §3.2): no trade before the scan (ACQ.TRADE_NOT_EXIST).
import { formatYuan } from "@/lib/money";
import { formatAlipayTime } from "@/lib/alipay/time";
import { TradeError, type SandboxContext } from "../../context";
import { findPrecreateById } from "../../store/precreates";
import { findTrade, type TradeRow } from "../../store/trades";
import { queryOptions, tradeRef } from "../biz";
import type { GatewayCall } from "../common";
import { successNode, type ResponseNode } from "../respond";

export function requireTrade(ctx: SandboxContext, call: GatewayCall): TradeRow {
  const trade = findTrade(ctx.db, call.appId, tradeRef(call.biz));
  if (!trade) throw new TradeError("ACQ.TRADE_NOT_EXIST", "交易不存在");
  return trade;
}

export function query(ctx: SandboxContext, call: GatewayCall): ResponseNode {
  const trade = requireTrade(ctx, call);
  const precreate = findPrecreateById(ctx.db, trade.precreate_id)!;
  const paid = trade.gmt_payment !== null;
  const total = formatYuan(trade.total_amount);
  const received = paid ? total : "0.00";
  const options = queryOptions(call.biz);
  return successNode({
    buyer_logon_id: trade.buyer_logon_id,
    buyer_pay_amount: received,
    buyer_user_id: trade.buyer_id,
    buyer_user_type: "PRIVATE",
    invoice_amount: received,
    out_trade_no: trade.out_trade_no,
    point_amount: "0.00",
    receipt_amount: received,
    send_pay_date: paid ? formatAlipayTime(new Date(trade.gmt_payment!)) : undefined,
    store_id: precreate.store_id ?? undefined,
    terminal_id: precreate.terminal_id ?? undefined,
    total_amount: total,
    trade_no: trade.trade_no,
    trade_status: trade.status,
    fund_bill_list: paid && options.includes("fund_bill_list") ? [{ amount: total, fund_channel: "ALIPAYACCOUNT", real_amount: total }] : undefined,
  });
}
