// Asking Alipay (alipay.trade.query, §3.2) and letting the order follow the answer. Before the buyer
// scans there is no trade: ACQ.TRADE_NOT_EXIST is the normal answer then, not an error.
import "server-only";
import type { GatewayCall } from "@/lib/alipay/gateway-client";
import { parseAlipayTime } from "@/lib/alipay/time";
import { parseYuanStrict } from "@/lib/money";
import { applyFact, type Anomaly, type FactOutcome } from "@/lib/orders/apply-fact";
import type { TradeFact, TradeStatus } from "@/lib/orders/trade-facts";
import type { PaymentsContext } from "./context";
import { PaymentError } from "./errors";
import { applyTradeFact } from "./facts";
import { type EventSource, type OrderRow, appendEvent, loadOrderState, recordGatewayCall, transaction } from "./store";

export type SyncResult = {
  order: OrderRow;
  /** What Alipay said, in short: a trade status, NOT_SCANNED (no trade yet), or UNKNOWN. */
  alipay: TradeStatus | "NOT_SCANNED" | "UNKNOWN";
  outcome: FactOutcome | "NO_TRADE" | "UNKNOWN";
  changes: string[];
  call: GatewayCall | null;
};

const TRADE_STATUSES: readonly string[] = ["WAIT_BUYER_PAY", "TRADE_SUCCESS", "TRADE_FINISHED", "TRADE_CLOSED"];

/**
 * A query answer as a fact, given the order as it stands. The answer carries no refund amount (§3.2):
 * TRADE_CLOSED for a trade that was paid (here, or by Alipay's send_pay_date) is a full refund, and a
 * TRADE_SUCCESS/FINISHED says nothing new about refunds. Null when the answer is not a trade.
 */
export function factFromQuery(node: Record<string, unknown>, order: Pick<OrderRow, "paidFen" | "refundedFen">): TradeFact | null {
  const status = String(node.trade_status ?? "");
  const totalFen = parseYuanStrict(String(node.total_amount ?? ""));
  if (!TRADE_STATUSES.includes(status) || totalFen === null || typeof node.trade_no !== "string") return null;
  const tradeStatus = status as TradeStatus;
  const paidAt = typeof node.send_pay_date === "string" ? (parseAlipayTime(node.send_pay_date) ?? undefined) : undefined;
  const wasPaid = order.paidFen > 0 || paidAt !== undefined;
  const refundFen = tradeStatus === "TRADE_CLOSED" ? (wasPaid ? order.paidFen || totalFen : undefined) : order.refundedFen || undefined;
  return {
    tradeNo: node.trade_no,
    tradeStatus,
    totalFen,
    refundFen,
    buyerId: typeof node.buyer_user_id === "string" ? node.buyer_user_id : undefined,
    buyerLogonId: typeof node.buyer_logon_id === "string" ? node.buyer_logon_id : undefined,
    paidAt,
  };
}

/** Asking again sooner than this after a query is not worth Alipay's rate limit, whoever asks. */
export const MIN_CHECK_INTERVAL_MS = 10_000;

/**
 * Has the worker ask Alipay about an open or closed order soon: after a notification that could not be
 * believed. Pulled forward at most once per MIN_CHECK_INTERVAL_MS, so forged traffic cannot make the
 * console flood Alipay with queries. Never pushed back: an order already due stays due (a worker pass may
 * be reading it right now).
 */
export async function requestCheck(ctx: PaymentsContext, orderId: string): Promise<boolean> {
  const now = ctx.now();
  const recent = new Date(now.getTime() - MIN_CHECK_INTERVAL_MS);
  const { count } = await transaction(ctx.db, (tx) =>
    tx.order.updateMany({
      where: {
        id: orderId,
        status: { in: ["PENDING", "CLOSED"] },
        // Not asked lately, and not due already: a check is only ever pulled forward.
        AND: [{ OR: [{ lastCheckAt: null }, { lastCheckAt: { lt: recent } }] }, { OR: [{ nextCheckAt: null }, { nextCheckAt: { gt: now } }] }],
      },
      data: { nextCheckAt: now },
    }),
  );
  if (count === 1) ctx.wake();
  return count === 1;
}

/** Queries the order's trade and applies the answer. Throws PaymentError only for an order that cannot be queried. */
export async function syncOrder(ctx: PaymentsContext, orderId: string, source: EventSource): Promise<SyncResult> {
  const order = await ctx.db.order.findUnique({ where: { id: orderId } });
  if (!order) throw new PaymentError("NOT_FOUND", "No such order", { id: orderId });
  if (!order.alipayOutTradeNo) {
    return { order, alipay: "NOT_SCANNED", outcome: "NO_TRADE", changes: [], call: null };
  }
  const call = await ctx.gateway.call("alipay.trade.query", { out_trade_no: order.alipayOutTradeNo });
  await transaction(ctx.db, async (tx) => {
    await recordGatewayCall(tx, call, order.id);
    // Not a state change (no version bump): when Alipay was last asked.
    await tx.order.update({ where: { id: order.id }, data: { lastCheckAt: ctx.now() } });
    await appendEvent(tx, order.id, "QUERIED", source, { outcome: call.outcome, code: call.code, subCode: call.subCode, tradeStatus: call.node?.trade_status ?? null });
  });
  if (call.outcome === "BUSINESS_ERROR" && call.subCode === "ACQ.TRADE_NOT_EXIST") {
    return { order: await ctx.db.order.findUniqueOrThrow({ where: { id: orderId } }), alipay: "NOT_SCANNED", outcome: "NO_TRADE", changes: [], call };
  }
  const node = call.outcome === "SUCCESS" ? call.node : null;
  if (!node || !factFromQuery(node, order)) {
    return { order: await ctx.db.order.findUniqueOrThrow({ where: { id: orderId } }), alipay: "UNKNOWN", outcome: "UNKNOWN", changes: [], call };
  }
  const applied = await applyTradeFact(ctx, orderId, async (_tx, current) => factFromQuery(node, current)!, { source });
  return { order: applied.order, alipay: applied.fact.tradeStatus, outcome: applied.outcome, changes: applied.changes, call };
}

/** What Alipay says of the trade, next to what applying it would change here; nothing is applied. */
export type SyncPreview = {
  order: OrderRow;
  alipay: SyncResult["alipay"];
  /** The trade as Alipay reported it (query fields), when there is one. */
  trade: { tradeStatus: string | null; totalAmount: string | null; tradeNo: string | null; buyerLogonId: string | null; sendPayDate: string | null } | null;
  outcome: SyncResult["outcome"];
  changes: string[];
  anomalies: Anomaly[];
  gatewayCallId: string | null;
};

/** Asks Alipay about the order and works out what its answer would change, without changing anything. */
export async function previewSync(ctx: PaymentsContext, orderId: string, source: EventSource): Promise<SyncPreview> {
  const order = await ctx.db.order.findUnique({ where: { id: orderId } });
  if (!order) throw new PaymentError("NOT_FOUND", "No such order", { id: orderId });
  if (!order.alipayOutTradeNo) return { order, alipay: "NOT_SCANNED", trade: null, outcome: "NO_TRADE", changes: [], anomalies: [], gatewayCallId: null };
  const call = await ctx.gateway.call("alipay.trade.query", { out_trade_no: order.alipayOutTradeNo });
  const gatewayCallId = await transaction(ctx.db, async (tx) => {
    const id = await recordGatewayCall(tx, call, order.id);
    await appendEvent(tx, order.id, "QUERIED", source, { outcome: call.outcome, code: call.code, subCode: call.subCode, tradeStatus: call.node?.trade_status ?? null, preview: true });
    return id;
  });
  if (call.outcome === "BUSINESS_ERROR" && call.subCode === "ACQ.TRADE_NOT_EXIST") {
    return { order, alipay: "NOT_SCANNED", trade: null, outcome: "NO_TRADE", changes: [], anomalies: [], gatewayCallId };
  }
  const node = call.outcome === "SUCCESS" ? call.node : null;
  const loaded = await loadOrderState(ctx.db, orderId);
  const fact = node && loaded ? factFromQuery(node, loaded.order) : null;
  if (!node || !fact || !loaded) return { order, alipay: "UNKNOWN", trade: null, outcome: "UNKNOWN", changes: [], anomalies: [], gatewayCallId };
  const text = (key: string) => (typeof node[key] === "string" ? (node[key] as string) : null);
  const result = applyFact(loaded.state, fact);
  return {
    order: loaded.order,
    alipay: fact.tradeStatus,
    trade: { tradeStatus: text("trade_status"), totalAmount: text("total_amount"), tradeNo: text("trade_no"), buyerLogonId: text("buyer_logon_id"), sendPayDate: text("send_pay_date") },
    outcome: result.outcome,
    changes: result.changes,
    anomalies: result.anomalies,
    gatewayCallId,
  };
}
