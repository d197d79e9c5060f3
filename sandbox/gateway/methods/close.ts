// alipay.trade.close (alipay-protocol.md §3.5): only WAIT_BUYER_PAY closes; before the scan there is
// no trade, and the QR stays payable (§3.1: close is no guard against a late payment).
import type { SandboxContext } from "../../context";
import { closeTrade } from "../../trades/lifecycle";
import { optionalString } from "../biz";
import type { GatewayCall } from "../common";
import { successNode, type ResponseNode } from "../respond";
import { requireTrade } from "./query";

export function close(ctx: SandboxContext, call: GatewayCall): ResponseNode {
  optionalString(call.biz, "operator_id", { max: 28 });
  const closed = closeTrade(ctx, requireTrade(ctx, call));
  return successNode({ out_trade_no: closed.out_trade_no, trade_no: closed.trade_no });
}
